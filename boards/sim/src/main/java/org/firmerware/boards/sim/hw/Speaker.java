package org.firmerware.boards.sim.hw;

/** Where the simulated codec sends the samples the firmware plays. Called on the world thread. */
public interface Speaker {

    /**
     * A block was played.
     *
     * @param device the device the channel is routed to ({@code Sound.DEVICE_*})
     * @param volume the channel's volume at that time
     */
    void played(Phone phone, int channel, int device, int volume, int rate, short[] samples, int off, int len,
        long timeUs);
}
