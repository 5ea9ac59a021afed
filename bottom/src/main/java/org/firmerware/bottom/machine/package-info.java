/**
 * The machine: what firmware drivers use to reach hardware directly. {@link org.firmerware.bottom.machine.Registers}
 * loads and stores registers at constant addresses, {@link org.firmerware.bottom.machine.Interrupts} masks
 * interrupts and waits for one, {@link org.firmerware.bottom.machine.Memory} gives the address of an array for DMA,
 * {@link org.firmerware.bottom.machine.Delay} busy-waits a few cycles, {@link org.firmerware.bottom.machine.Reset} restarts
 * the CPU, and
 * {@link org.firmerware.bottom.machine.InterruptHandler} marks the methods that handle interrupts.
 *
 * <p>These are intrinsics. The AOT compiler turns each call into what it means on the CPU (one volatile load or store,
 * {@code cpsid i}, {@code wfi}, a vector table entry) and never calls the Java bodies. On the host JVM the bodies
 * forward to the {@link org.firmerware.bottom.machine.Machine} the running thread belongs to: a register-level
 * simulator of the board. The firmware-Java checker treats this package as the hardware boundary on every board: it
 * does not walk into it, and it takes every {@code @InterruptHandler} method of an instantiated class as a root of the
 * mission (upcall context).
 */
package org.firmerware.bottom.machine;
