/**
 * The machine: what firmware drivers use to reach hardware directly. {@link org.firmerware.bottom.machine.Registers}
 * loads and stores registers at constant addresses, {@link org.firmerware.bottom.machine.Interrupts} masks
 * interrupts and waits for one, and {@link org.firmerware.bottom.machine.InterruptHandler} marks the methods that
 * handle them.
 *
 * <p>These are intrinsics. The AOT compiler turns each call into what it means on the CPU (one volatile load or store,
 * {@code cpsid i}, {@code wfi}, a vector table entry) and never calls the Java bodies. On the host JVM the bodies
 * forward to the {@link org.firmerware.bottom.machine.Machine} the running thread belongs to: a register-level
 * simulator of the board. The firmware-Java checker treats this package as the hardware boundary.
 */
package org.firmerware.bottom.machine;
