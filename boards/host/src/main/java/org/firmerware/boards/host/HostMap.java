package org.firmerware.boards.host;

/**
 * The address map of the host board: a handful of 32-bit device registers that the host target's C device models
 * (host_devices.c) implement, and that the AOT compiler reaches through {@code Registers} like any memory-mapped
 * hardware. Interrupt lines are the host CPU's (fw_cpu.c): line 0 is the alarm.
 */
final class HostMap {

    private HostMap() {
    }

    static final int BASE = 0x4000_0000;
    /** Read: the virtual millisecond clock. */
    static final int CLOCK_NOW = BASE;
    /** Write: the time the alarm is due at. */
    static final int ALARM_AT = BASE + 0x004;
    /** Write 1: arm the alarm for ALARM_AT (it raises {@link #IRQ_ALARM} once, at once if due); 0: disarm. */
    static final int ALARM_CTRL = BASE + 0x008;
    /** Write: one byte of a console line; {@code '\n'} ends the line. */
    static final int CONSOLE_DATA = BASE + 0x100;
    /** Write: the colour of light n at {@code LED_BASE + 4 n}. */
    static final int LED_BASE = BASE + 0x200;
    /** Write: the character of display cell i at {@code DISPLAY_CELL + i}. */
    static final int DISPLAY_CELL = BASE + 0x300;
    /** Write: show the cells written so far (any value). */
    static final int DISPLAY_SHOW = BASE + 0x3F0;
    /** Write: restart the board. */
    static final int RESET = BASE + 0xF00;

    /** The alarm's interrupt line. */
    static final int IRQ_ALARM = 0;
    /** Display cells. */
    static final int DISPLAY_WIDTH = 12;
}
