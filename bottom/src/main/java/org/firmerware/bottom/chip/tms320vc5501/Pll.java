package org.firmerware.bottom.chip.tms320vc5501;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.bottom.machine.Delay;
import org.firmerware.bottom.machine.Registers;

/**
 * The C5501's clock generator: a PLL multiplying the crystal (or oscillator) clock, and four dividers for the CPU and
 * the three system clocks. The sequence: bypass the PLL, hold it in reset, set the multiplier and dividers, wait, let
 * it out of reset, wait for LOCK, then switch over. Waiting for LOCK is a bounded poll.
 */
public final class Pll {

    /** The board's clock plan. Immutable. */
    public static final class Config {
        /** PLLM: the multiplier (BT200: 15, 16.384 MHz × 15 = 245.76 MHz). */
        public final int multiplier;
        /** The ratios of PLLDIV0..3 (BT200: 1, 2, 4, 4: CPU 245.76 MHz, SYSCLK1 122.88, SYSCLK2 61.44, SYSCLK3). */
        public final int[] dividers;
        /** CPU cycles to wait in reset (about 1 µs; the CPU runs from the input clock then). */
        public final int resetCycles;
        /** How many times to read PLLCSR for LOCK. */
        public final int lockPolls;

        public Config(int multiplier, int[] dividers, int resetCycles, int lockPolls) {
            if (dividers.length != 4) {
                throw new IllegalArgumentException("Pll: four divider ratios");
            }
            this.multiplier = multiplier;
            this.dividers = copy(dividers);
            this.resetCycles = resetCycles;
            this.lockPolls = lockPolls;
        }
    }

    private final Config config;
    private boolean locked;

    /** Wires the clock generator; no I/O. */
    public Pll(Config config) {
        this.config = config;
    }

    /**
     * Runs the clock generator's sequence.
     *
     * @return whether the PLL locked (otherwise it stays bypassed and the board runs slower than planned)
     */
    public boolean configure() {
        int csr = Registers.ioRead16(IO_PLLCSR);
        Registers.ioWrite16(IO_PLLCSR, csr & ~PLLCSR_PLLEN);
        Registers.ioWrite16(IO_PLLCSR, csr & ~PLLCSR_PLLEN | PLLCSR_PLLRST);
        Registers.ioWrite16(IO_PLLM, config.multiplier);
        Registers.ioWrite16(IO_PLLDIV0, PLLDIV_ENABLE | config.dividers[0] - 1);
        Registers.ioWrite16(IO_PLLDIV1, PLLDIV_ENABLE | config.dividers[1] - 1);
        Registers.ioWrite16(IO_PLLDIV2, PLLDIV_ENABLE | config.dividers[2] - 1);
        Registers.ioWrite16(IO_PLLDIV3, PLLDIV_ENABLE | config.dividers[3] - 1);
        Delay.cycles(config.resetCycles);
        Registers.ioWrite16(IO_PLLCSR, csr & ~(PLLCSR_PLLEN | PLLCSR_PLLRST));
        locked = false;
        for (int i = 0; i < config.lockPolls && !locked; i++) {
            locked = (Registers.ioRead16(IO_PLLCSR) & PLLCSR_LOCK) != 0;
        }
        if (locked) {
            Registers.ioWrite16(IO_PLLCSR, csr & ~PLLCSR_PLLRST | PLLCSR_PLLEN);
        }
        return locked;
    }

    /** Whether the PLL locked at {@link #configure()}. */
    public boolean isLocked() {
        return locked;
    }

    /** A copy of an array (init only; {@code clone()} is not firmware Java). */
    private static int[] copy(int[] a) {
        int[] c = new int[a.length];
        System.arraycopy(a, 0, c, 0, a.length);
        return c;
    }
}
