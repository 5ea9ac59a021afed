package org.firmerware.bottom.hal;

/** Upcalls of the {@link NetworkPort}; implemented by the kernel. */
public interface NetworkListener {

    /** A frame is waiting; may repeat. Upcall context. */
    void onCanReceive();

    /** After a refused {@link NetworkPort#send}, there is room for a full frame again. Upcall context. */
    void onCanSend();

    /** The link came up. Upcall context. */
    void onOnline();

    /** The link went down. Upcall context. */
    void onOffline();
}
