package org.firmerware.kernel;

/**
 * What a top does when a sound channel needs it. Runs in the main loop at {@code REALTIME} priority; keep it short,
 * the next block is due within milliseconds.
 */
public interface SoundHandler {

    /** At least one play block of the channel is free: claim, fill and release as many as are free. */
    void onPlayReady(int channel);

    /** At least one recorded block of the channel is ready: claim, read and release as many as there are. */
    void onRecordReady(int channel);
}
