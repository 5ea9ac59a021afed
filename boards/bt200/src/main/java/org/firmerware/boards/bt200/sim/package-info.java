/**
 * A register-level simulator of the Grandstream BT200, for the host JVM: {@link
 * org.firmerware.boards.bt200.sim.Bt200Phone} is the {@link org.firmerware.bottom.machine.Machine} that the board's real
 * drivers reach through {@code Registers}, with models of the TMS320VC5501's peripherals (interrupts, PLL, EMIF, GPIO,
 * timers, McBSP, DMA, I2C) and of the chips around it (HT1621, TLV320AIC20K, KSZ8842, the CFI flash, the key matrix
 * and latch). It plugs into the world of the board {@code sim} (virtual time, LAN, scripts, traces) as a
 * {@link org.firmerware.boards.sim.hw.Phone}.
 *
 * <p>This package is hardware, not firmware: the board profile lists it under {@code "hardware"}, so the firmware-Java
 * check and the budget stop at it. Its code that runs on the firmware thread (every register access) allocates nothing
 * after power-up, so that the firmware thread's allocation count still measures the firmware alone.
 */
package org.firmerware.boards.bt200.sim;
