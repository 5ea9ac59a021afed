/**
 * Drivers for the on-chip peripherals of the TI TMS320VC5501 DSP that boards use: the CPU's interrupt mask and idle
 * modes ({@link org.firmerware.bottom.chip.tms320vc5501.Vc5501Cpu}), the clock generator and external memory interface
 * ({@link org.firmerware.bottom.chip.tms320vc5501.Pll}, {@link org.firmerware.bottom.chip.tms320vc5501.Emif}), GPIO,
 * the two general-purpose timers as the kernel's clock and alarm
 * ({@link org.firmerware.bottom.chip.tms320vc5501.TimerClock}), a McBSP's pins as GPIO, McBSP1 and two DMA channels as a
 * codec's sample stream, the I2C master, and the external interrupt INT0. Register addresses and bits are in
 * {@link org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers}.
 *
 * <p>Interrupt handlers are the methods marked {@code @InterruptHandler}; each such class has exactly one instance on a
 * board.
 */
package org.firmerware.bottom.chip.tms320vc5501;
