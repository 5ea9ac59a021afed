package org.firmerware.bottom.chip.cmsdk;

/**
 * Register offsets and bits of the CMSDK APB UART, APB timer, APB dual-input timer and APB watchdog (Cortex-M System
 * Design Kit Technical Reference Manual, ARM DDI 0479C, chapters 4.3 to 4.6), relative to each peripheral's base
 * address.
 */
public final class CmsdkRegisters {

    private CmsdkRegisters() {
    }

    // ------------------------------------------------------------------ APB UART

    /** Write: the byte to send; read: the byte received. */
    public static final int UART_DATA = 0x000;
    /** Status: TX buffer full (bit 0), RX buffer full (bit 1), overruns (bits 2, 3, write 1 to clear). */
    public static final int UART_STATE = 0x004;
    /** Control: TX enable (bit 0), RX enable (bit 1), interrupt enables (bits 2 to 5), high-speed test (bit 6). */
    public static final int UART_CTRL = 0x008;
    /** Interrupt status (read) and clear (write 1): TX (bit 0), RX (bit 1), TX and RX overrun (bits 2, 3). */
    public static final int UART_INTSTATUS = 0x00C;
    /** The baud rate divider: PCLK / baud rate, at least 16. */
    public static final int UART_BAUDDIV = 0x010;

    public static final int UART_STATE_TXFULL = 1 << 0;
    public static final int UART_CTRL_TXEN = 1 << 0;
    /** The smallest divider the UART accepts. */
    public static final int UART_MIN_BAUDDIV = 16;

    // ------------------------------------------------------------------ APB timer

    /** Control: enable (bit 0), external enable and clock (bits 1, 2), interrupt enable (bit 3). */
    public static final int TIMER_CTRL = 0x000;
    /** The counter: counts down at PCLK; on the step from 1 to 0 the interrupt is raised and it reloads. */
    public static final int TIMER_VALUE = 0x004;
    /** The reload value (writing it also sets the counter). */
    public static final int TIMER_RELOAD = 0x008;
    /** Interrupt status (bit 0); write 1 to clear. */
    public static final int TIMER_INTSTATUS = 0x00C;

    public static final int TIMER_CTRL_EN = 1 << 0;
    public static final int TIMER_CTRL_IRQEN = 1 << 3;

    // ------------------------------------------------------------------ APB dual-input timer

    /** Offset of timer 2's registers from timer 1's (timer 1 at the base). */
    public static final int DUAL_TIMER2 = 0x020;
    /** The load value; writing it also sets the counter. */
    public static final int DUAL_LOAD = 0x000;
    /** The counter. */
    public static final int DUAL_VALUE = 0x004;
    /** Control: one-shot (bit 0), 32-bit (bit 1), prescale (bits 3:2), interrupt enable (bit 5), periodic (bit 6),
     *  enable (bit 7). */
    public static final int DUAL_CONTROL = 0x008;
    /** Write any value: clears the interrupt. */
    public static final int DUAL_INTCLR = 0x00C;
    /** Raw interrupt status (bit 0). */
    public static final int DUAL_RIS = 0x010;

    public static final int DUAL_CONTROL_ONESHOT = 1 << 0;
    public static final int DUAL_CONTROL_SIZE32 = 1 << 1;
    public static final int DUAL_CONTROL_INTEN = 1 << 5;
    public static final int DUAL_CONTROL_PERIODIC = 1 << 6;
    public static final int DUAL_CONTROL_ENABLE = 1 << 7;

    // ------------------------------------------------------------------ APB watchdog

    /** The load value: writing it also starts the count again from it. */
    public static final int WDOG_LOAD = 0x000;
    /** The counter: counts down at WDOGCLK; at 0 it raises the interrupt and reloads, and at the next 0 with the
     *  interrupt still raised it asserts the reset. */
    public static final int WDOG_VALUE = 0x004;
    /** Control: interrupt and counter enable (bit 0), reset enable (bit 1). */
    public static final int WDOG_CONTROL = 0x008;
    /** Write any value: clears the interrupt and starts the count again from the load value. */
    public static final int WDOG_INTCLR = 0x00C;
    /** Raw interrupt status (bit 0). */
    public static final int WDOG_RIS = 0x010;
    /** Lock: writing {@link #WDOG_UNLOCK} enables writes to the other registers, any other value disables them. */
    public static final int WDOG_LOCK = 0xC00;

    public static final int WDOG_CONTROL_INTEN = 1 << 0;
    public static final int WDOG_CONTROL_RESEN = 1 << 1;
    public static final int WDOG_UNLOCK = 0x1ACC_E551;
}
