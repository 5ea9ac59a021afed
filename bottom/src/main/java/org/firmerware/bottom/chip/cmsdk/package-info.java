/**
 * Drivers for peripherals of ARM's Cortex-M System Design Kit (CMSDK), as on the MPS2 FPGA images and many Cortex-M
 * microcontrollers: the APB UART as a line output ({@link org.firmerware.bottom.chip.cmsdk.CmsdkUart}), two APB timers
 * as the kernel's millisecond clock and one-shot alarm ({@link org.firmerware.bottom.chip.cmsdk.CmsdkTimerClock}), and
 * the APB dual timer's two halves as one-shot event timers ({@link org.firmerware.bottom.chip.cmsdk.CmsdkDualTimer}),
 * and the APB watchdog ({@link org.firmerware.bottom.chip.cmsdk.CmsdkWatchdog}).
 * Register offsets and bits are in {@link org.firmerware.bottom.chip.cmsdk.CmsdkRegisters}, from the Cortex-M System
 * Design Kit Technical Reference Manual (ARM DDI 0479).
 *
 * <p>The drivers take their base addresses and clock from the board; which interrupt line each raises is the board's
 * too, so the board's {@code @InterruptHandler} methods call the drivers' {@code on...Interrupt()} methods, which
 * answer whether they made an upcall.
 */
package org.firmerware.bottom.chip.cmsdk;
