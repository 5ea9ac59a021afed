package org.firmerware.boards.sim.hw;

/**
 * A simulated phone as the {@link org.firmerware.boards.sim.world.World} sees it: a firmware running on a thread of its
 * own in lockstep with the world, hardware that needs the world at given virtual times, a trace of what a person would
 * see, and the inputs a script plays (keys, hook switch, Ethernet cable and frames).
 *
 * <p>Two kinds exist: {@link SimPhone}, which implements the bottom contract directly (board {@code sim}), and
 * register-level simulators of real boards, which run the board's real drivers against models of its chips (board
 * {@code bt200}). Both record the same {@link TraceRing} records, so the world traces them alike.
 *
 * <p>Every method is called on the world thread while the phone's firmware sleeps.
 */
public interface Phone {

    /** The phone's name in traces and scripts. */
    String name();

    /**
     * Powers the phone up at virtual time {@code timeUs} and runs its init and main loop until it first sleeps.
     *
     * @throws SimulationException when the firmware crashes or hangs
     */
    void start(long timeUs);

    /** Whether the phone has stopped for good (crashed or powered off). */
    boolean isHalted();

    /** The exception that stopped the firmware, or null. */
    Throwable crash();

    /** The earliest virtual time at which the hardware needs the world: now if an interrupt is pending. */
    long nextEventUs();

    /** Advances the hardware to {@code timeUs}: raises alarms, moves sound blocks. */
    void advanceTo(long timeUs, Speaker speaker, Microphone microphone);

    /** Whether an interrupt waits for the sleeping firmware. */
    boolean hasPending();

    /**
     * Lets the firmware run until it sleeps again (taking the pending interrupts on the way).
     *
     * @throws SimulationException when the firmware crashes or hangs
     */
    void resume();

    /** Stops the firmware for good; returns when its thread has ended. */
    void powerOff();

    /**
     * Cuts the power while the firmware sleeps (what a running flash operation is left as is the phone's model's
     * business); {@link #start} powers it on again. Does nothing while the firmware runs.
     *
     * @throws UnsupportedOperationException on a phone whose simulator has no power cuts
     */
    default void cutPower() {
        throw new UnsupportedOperationException("phone " + name() + " has no power cuts");
    }

    /**
     * Whether the phone is without power and may be powered on again (not yet started, or cut); false on a phone whose
     * simulator has no power cuts.
     */
    default boolean isOff() {
        return false;
    }

    /** Sets what the world does to drain the phone's queues when they fill up while the firmware runs. */
    void onFlush(Runnable drain);

    /** The trace records since the last {@link TraceRing#clear()}. */
    TraceRing trace();

    /** How many times the firmware went to sleep since power-up. */
    int sleepCount();

    /** How many times the phone powered up (1 + reboots). */
    int bootCount();

    /**
     * Bytes the firmware thread allocated since its main loop started (up to its last sleep), or -1 before the main
     * loop started.
     */
    long missionAllocatedBytes();

    /**
     * The flash chip's contents as the firmware's flash driver reads them (byte {@code i} of the image is byte
     * {@code i} of the flash), to load before power-up or keep after the run; null on a phone without flash. World
     * side, while the firmware sleeps or before it starts.
     */
    default byte[] flashMemory() {
        return null;
    }

    /** The keys, as a person presses them. */
    Keypad keys();

    /** The hook switch, as a person lifts the handset. */
    HookSwitch hook();

    /** The Ethernet port, as the LAN and the cable see it. */
    Port network();

    /**
     * What the hardware models found wrong in the firmware's use of the chips (protocol errors, bad register values),
     * one line each, oldest first; empty on a phone without register-level models.
     */
    default java.util.List<String> hardwareErrors() {
        return java.util.List.of();
    }

    /** The keys of a phone, world side. */
    interface Keypad {

        /** A key goes down (any other key is released). */
        void press(int buttonClass, int code);

        /** All keys go up. */
        void release();
    }

    /** The hook switch, world side. */
    interface HookSwitch {

        /** The handset is lifted ({@code true}) or replaced; a non-change does nothing. */
        void set(boolean lifted);
    }

    /** The Ethernet port, world side. */
    interface Port {

        /** The port's MAC address (a copy). */
        byte[] mac();

        /** Hands every frame the firmware sent since the last call to {@code sink}, oldest first. */
        void drainSent(SimNetworkPort.FrameSink sink);

        /**
         * A frame arrives from the LAN; the port filters it as the hardware does.
         *
         * @return whether the port took the frame
         */
        boolean arrive(byte[] frame, int off, int len);

        /** Plugs or unplugs the cable. */
        void setLink(boolean up);
    }
}
