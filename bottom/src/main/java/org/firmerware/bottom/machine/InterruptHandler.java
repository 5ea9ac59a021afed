package org.firmerware.bottom.machine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a driver method (no arguments, void) as the handler of an interrupt line. The AOT compiler puts it in the
 * vector table of the board's CPU, called on the driver instance that the board's init created (there must be exactly
 * one reachable instance); a register-level simulator calls it when the line is raised and not masked. A handler runs
 * in upcall context: it clears the cause in the hardware, records the fact, makes the kernel's upcall, and returns.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface InterruptHandler {

    /**
     * The line of a CPU's non-maskable interrupt, where it has one (the Cortex-M's NMI); the board's C runtime then
     * calls the handler instead of treating an NMI as unexpected.
     */
    int NMI = -2;

    /**
     * The interrupt line (the CPU's vector number for external interrupts, as the board's profile numbers them), or
     * {@link #NMI}.
     */
    int value();
}
