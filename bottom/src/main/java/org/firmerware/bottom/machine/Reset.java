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
}
