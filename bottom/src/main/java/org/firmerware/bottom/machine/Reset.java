package org.firmerware.bottom.machine;

/**
 * The CPU's software reset, for {@code Cpu.reboot()}: AOT images compile it to the CPU's instruction or register write
 * (C55x: {@code RESET}; Cortex-M: {@code SYSRESETREQ} in the AIRCR); on the host JVM the {@link Machine} bound to the
 * thread restarts the simulated board. It never returns. Peripherals may keep their state across it; init configures
 * them again.
 */
public final class Reset {

    private Reset() {
    }

    /** Resets the CPU and starts the firmware from the beginning; does not return. */
    public static void cpu() {
        Machine.current().reset();
    }

    /**
     * Resets the CPU into the firmware image whose header is at flash block {@code block} (for {@code Cpu.startImage},
     * once the bootloader has verified it) instead of the reset entry; does not return. AOT images jump to the entry
     * point the image's header gives, with interrupts masked and the stack reset.
     */
    public static void image(int block) {
        Machine.current().startImage(block);
    }

    /**
     * Copies {@code bytes} (a multiple of 4) of a firmware image's payload from {@code source} to {@code destination},
     * the address it was linked to run at, and starts it there as a reset would (for {@code Cpu.startImage} on a
     * board whose images run from RAM, the copy overwriting the running bootloader); does not return. AOT images on
     * the Cortex-M mask interrupts, disable and clear every interrupt line and SysTick, point VTOR at
     * {@code destination}, copy from code that runs in RAM, and take the stack pointer and the entry point from the
     * vector table at {@code destination}.
     */
    public static void copyAndStart(int source, int destination, int bytes) {
        Machine.current().copyAndStart(source, destination, bytes);
    }
}
