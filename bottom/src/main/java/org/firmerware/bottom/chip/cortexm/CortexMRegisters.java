package org.firmerware.bottom.chip.cortexm;

/**
 * The system control space of an ARMv7-M core (ARMv7-M Architecture Reference Manual, B3.2 "System Control Space" and
 * B3.4 "Nested Vectored Interrupt Controller"): the NVIC's set-enable, clear-enable, set-pending and clear-pending
 * registers (one bit per external interrupt, 32 lines a register) and the AIRCR's reset request.
 */
public final class CortexMRegisters {

    private CortexMRegisters() {
    }

    /** NVIC_ISER0: write 1 to enable external interrupt n (bit n % 32 of register n / 32). */
    public static final int NVIC_ISER = 0xE000_E100;
    /** NVIC_ICER0: write 1 to disable. */
    public static final int NVIC_ICER = 0xE000_E180;
    /** NVIC_ISPR0: write 1 to make pending. */
    public static final int NVIC_ISPR = 0xE000_E200;
    /** NVIC_ICPR0: write 1 to clear pending. */
    public static final int NVIC_ICPR = 0xE000_E280;

    /** AIRCR: application interrupt and reset control. */
    public static final int SCB_AIRCR = 0xE000_ED0C;
    /** AIRCR: the key that must accompany every write (VECTKEY, bits 31:16). */
    public static final int AIRCR_VECTKEY = 0x05FA_0000;
    /** AIRCR: SYSRESETREQ, asks the system for a reset. */
    public static final int AIRCR_SYSRESETREQ = 1 << 2;
}
