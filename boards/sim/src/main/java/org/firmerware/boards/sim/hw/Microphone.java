package org.firmerware.boards.sim.hw;

/** Where the simulated codec takes the samples it records. Called on the world thread. */
public interface Microphone {

    /** Fills {@code len} samples at {@code rate} for the time slot that starts at {@code timeUs}. */
    void record(Phone phone, int channel, int rate, short[] dst, int off, int len, long timeUs);
}
