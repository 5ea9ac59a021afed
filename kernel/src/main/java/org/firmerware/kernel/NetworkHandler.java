package org.firmerware.kernel;

/** What the network core does when the port needs it. Runs in the main loop at {@code HIGH} priority. */
public interface NetworkHandler {

    /** Frames are waiting: receive until {@link org.firmerware.bottom.hal.NetworkPort#receive} answers 0. */
    void onFramesWaiting();

    /** After a refused send, the port has room again. */
    void onSendRoom();

    /** The link came up or went down. */
    void onLinkChanged(boolean online);
}
