/**
 * The ARM Cortex-M3 core (ARMv7-M) as the kernel's processor: the interrupt mask (PRIMASK) as the critical region,
 * {@code WFI} as sleeping, the NVIC's enable and pending bits, and a system reset through the AIRCR
 * ({@link org.firmerware.bottom.chip.cortexm.CortexMCpu}). Register addresses are in
 * {@link org.firmerware.bottom.chip.cortexm.CortexMRegisters} (ARMv7-M Architecture Reference Manual, B3.2 and B3.4).
 *
 * <p>The core has no interrupt handlers of its own here: which external interrupt line a peripheral raises is the
 * board's (its FPGA image or SoC), so the {@code @InterruptHandler} methods live in the board's wiring.
 */
package org.firmerware.bottom.chip.cortexm;
