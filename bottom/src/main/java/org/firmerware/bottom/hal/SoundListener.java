package org.firmerware.bottom.hal;

/** Upcalls of {@link Sound}; implemented by the kernel. */
public interface SoundListener {

    /** A block of the channel became free for playing. Upcall context. */
    void onCanPlay(int channel);

    /** A recorded block of the channel is ready. Upcall context. */
    void onCanRecord(int channel);
}
