package org.firmerware.bottom.machine;

/**
 * Where firmware arrays lie in the CPU's data space, for peripherals that reach memory by themselves (DMA). An
 * intrinsic like {@link Registers}: AOT images compile it to the address of the array's first element (the image's
 * layout fixes it at build time); on the host JVM it asks the {@link Machine} bound to the thread.
 *
 * <p>Call it during init and keep the result: the array never moves (there is no garbage collector), and a simulator
 * may allocate when it first sees an array.
 */
public final class Memory {

    private Memory() {
    }

    /**
     * The byte address of element 0 of {@code array} in the data space (on word-addressed CPUs such as the C55x, twice
     * the word address). Element {@code i} lies at that address plus {@code 2 * i}.
     */
    public static int addressOf(short[] array) {
        return Machine.current().addressOf(array);
    }
}
