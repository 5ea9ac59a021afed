package org.firmerware.bottom.machine;

/**
 * What a register-level simulator of a board implements on the host JVM: the register file behind
 * {@link Registers}, and the interrupt controller behind {@link Interrupts}. The simulator binds itself to its
 * firmware thread with {@link #bind(Machine)} before that thread runs any firmware.
 */
public interface Machine {

    /** Loads a register of {@code bits} (8, 16 or 32) at a memory address. */
    int load(int address, int bits);

    /** Stores a register of {@code bits} (8, 16 or 32) at a memory address. */
    void store(int address, int bits, int value);

    /** Loads a 16-bit register in the I/O space (TI C55x {@code ioport}); other CPUs have none. */
    int ioLoad(int address);

    /** Stores a 16-bit register in the I/O space. */
    void ioStore(int address, int value);

    /** Masks interrupts (nesting is the caller's business); returns the previous state, true if they were enabled. */
    boolean disableInterrupts();

    /** Restores the interrupt state returned by {@link #disableInterrupts()}. */
    void restoreInterrupts(boolean enabled);

    /**
     * Waits until an interrupt is pending (with interrupts masked, a pending one still ends the wait), at a depth
     * ({@code 0}: core only; {@code 1}: deeper, as the board defines), then returns with the interrupt state unchanged.
     */
    void waitForInterrupt(int depth);

    /** Resets the CPU (see {@link Reset}); does not return. */
    default void reset() {
        throw new UnsupportedOperationException("this machine cannot reset: " + getClass().getName());
    }

    /** Resets the CPU into the firmware image at flash block {@code block} (see {@link Reset#image}); never returns. */
    default void startImage(int block) {
        throw new UnsupportedOperationException("this machine cannot start an image: " + getClass().getName());
    }

    /** Copies an image to where it runs and starts it (see {@link Reset#copyAndStart}); never returns. */
    default void copyAndStart(int source, int destination, int bytes) {
        throw new UnsupportedOperationException("this machine cannot start an image: " + getClass().getName());
    }

    /**
     * Lets {@code cycles} CPU cycles pass (see {@link Delay}); a simulator counts them to check the timing between two
     * register accesses, but does not move its clock (time stands still while firmware runs).
     */
    default void delayCycles(int cycles) {
    }

    /**
     * The byte address in the CPU's data space at which element 0 of a firmware array lies, for DMA (see
     * {@link Memory#addressOf(short[])}). A simulator gives each array an address of its own, once, and its DMA model
     * finds the array again by that address.
     */
    default int addressOf(Object array) {
        throw new UnsupportedOperationException("this machine has no DMA: " + getClass().getName());
    }

    /**
     * Where {@link Debug} output goes on this machine (a simulated UART, a test's buffer); the standard output unless
     * the machine says otherwise.
     */
    default void debugOutput(byte[] b, int off, int len) {
        System.out.write(b, off, len);
        System.out.flush();
    }

    /** Binds a machine to the calling thread: the firmware thread of a simulated board. */
    static void bind(Machine machine) {
        Registers.CURRENT.set(machine);
    }

    /** The machine bound to the calling thread. */
    static Machine current() {
        Machine m = Registers.CURRENT.get();
        if (m == null) {
            throw new IllegalStateException("register access on a thread without a simulated machine: "
                + Thread.currentThread().getName());
        }
        return m;
    }
}
