package org.firmerware.bottom.hal;

/**
 * A board: the devices it has, created and configured during init, and the place its upcalls go.
 * A board class only wires (which chip sits on which bus and pin, the light and key maps, the sizes); drivers live in
 * chip packages and the simulated hardware in the simulator.
 *
 * <p>Optional devices answer {@code null} when the board lacks them. Each getter returns the same object for the
 * board's whole life.
 */
public interface Board {

    /** The board's name as in its profile ("sim", "bt200", ...). */
    String name();

    /** The sizes of buffers, pools and rings, from the board profile. */
    Sizes sizes();

    /** The processor. */
    Cpu cpu();

    /** The millisecond clock and alarm. */
    Clock clock();

    /** Calendar time; null when the board keeps none. */
    WallClock wallClock();

    /** The lights. */
    Leds leds();

    /** The keys; null without keys. */
    Buttons buttons();

    /** The hook switch; null without a handset. */
    Hook hook();

    /** The display; null without one. */
    Display display();

    /** Sound; null without a codec. */
    Sound sound();

    /** The Ethernet port; null without network. */
    NetworkPort network();

    /** Non-volatile memory; null without flash the firmware may use. */
    Flash flash();

    /** Randomness. */
    Entropy entropy();

    /** The watchdog; null without one. */
    Watchdog watchdog();

    /** A raw line output for logs; null without one. */
    LogPort logPort();

    /**
     * Tells the board where its upcalls go and enables them: from now on the board may call {@code upcalls} in upcall
     * context. Called once, at the end of init, by the kernel.
     */
    void attach(Upcalls upcalls);
}
