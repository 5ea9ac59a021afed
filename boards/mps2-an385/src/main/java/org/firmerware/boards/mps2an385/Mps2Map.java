package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.hal.Partition;

/**
 * Where everything is on the MPS2 with the AN385 FPGA image (Cortex-M3), as QEMU's {@code mps2-an385} models it
 * (ARM Application Note AN385, and QEMU's hw/arm/mps2.c): addresses, interrupt lines, clocks, and what this board adds
 * (the MAC address, the emulated flash, the run file of {@code fw run}). Sources per fact in the board's README.
 */
final class Mps2Map {

    private Mps2Map() {
    }

    /** SYSCLK and PCLK: 25 MHz. */
    static final int PCLK_HZ = 25_000_000;

    /** CMSDK APB timer 0: the millisecond clock's timebase. */
    static final int TIMER0 = 0x4000_0000;
    /** CMSDK APB timer 1: the kernel's alarm. */
    static final int TIMER1 = 0x4000_1000;
    /** CMSDK APB dual timer: half 0 plays the run file's inputs, half 1 ends the run. */
    static final int DUAL_TIMER = 0x4000_2000;
    /**
     * CMSDK APB watchdog, clocked at PCLK; its interrupt is the NMI (QEMU's hw/arm/mps2.c), at which the board resets,
     * so that it resets after the time it was started with.
     */
    static final int WATCHDOG = 0x4000_8000;
    /** CMSDK APB UART 0: the console and the front panel's trace lines. */
    static final int UART0 = 0x4000_4000;
    /** FPGA I/O: LED0 register (bits 1:0, the board's two user LEDs). */
    static final int FPGAIO_LED0 = 0x4002_8000;
    /** The LAN9118-compatible Ethernet controller (a LAN9220 on the board, a LAN9118 in QEMU). */
    static final int ETHERNET = 0x4020_0000;

    /** Interrupt lines (external interrupt numbers of the NVIC). */
    static final int IRQ_TIMER0 = 8;
    static final int IRQ_TIMER1 = 9;
    static final int IRQ_DUAL_TIMER = 10;
    static final int IRQ_ETHERNET = 13;

    /** The console's baud rate. */
    static final int BAUD = 115_200;

    /**
     * The MAC address, a locally administered one: init runs at build time, before the chip's EEPROM could be read,
     * so it is the board's constant (the simulator's first phone has the same, so that traces compare).
     */
    static final byte[] MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

    /**
     * The run file of {@code fw run}: a table of inputs and the run's end, which the runner loads into SSRAM2/3 outside
     * the firmware's 256 KiB (QEMU: -device loader). See {@link Mps2Script}.
     */
    static final int RUN_FILE = 0x203F_0000;

    /**
     * Where every image runs: at 0 in ZBT SSRAM1, where QEMU loads the bootloader and where the link script puts code;
     * the bootloader copies a firmware image's payload there to start it (the image file is the linked image's raw
     * binary, so either slot can hold it).
     */
    static final int IMAGE_RUN_ADDRESS = 0;

    /** The emulated NOR flash: the upper 2 MiB of ZBT SSRAM1 (the image's code sits in the lower part). */
    static final int FLASH_BASE = 0x0020_0000;
    static final int FLASH_BLOCK_BYTES = 512;
    static final int FLASH_BLOCKS = 4096;
    static final int FLASH_UNIT_BLOCKS = 128;

    /** The partitions of the emulated flash (the profile's "flash" section says the same). */
    static Partition[] partitions() {
        return new Partition[] {
            new Partition("bootloader", 0, 128, Partition.WRITE_PROTECT | Partition.PUBLISHED),
            new Partition("firmware-a", 128, 1792, Partition.BOOTABLE | Partition.CHECKSUMMED | Partition.PUBLISHED),
            new Partition("firmware-b", 1920, 1792, Partition.BOOTABLE | Partition.CHECKSUMMED | Partition.PUBLISHED),
            new Partition("config", 3712, 128, 0),
            new Partition("media", 3840, 256, Partition.PUBLISHED),
            new Partition("flash", 0, 4096, Partition.READ_ONLY | Partition.PUBLISHED),
        };
    }
}
