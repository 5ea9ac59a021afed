package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

/**
 * One of the C5501's general-purpose timers in "dual 32-bit chained" mode: timer 34 (CNT4:CNT3, period PRD4:PRD3)
 * divides SYSCLK1, and timer 12 (CNT2:CNT1, period PRD2:PRD1) counts its periods. Timer 12 counts up; when it reaches
 * its period it raises the timer's interrupt (TINT0 for GPT0; GPT1's is not wired here) and, in continuous mode, goes on
 * from 0, in one-time mode stops. Reading CNT1 latches CNT2..CNT4.
 *
 * <p>The counts follow virtual time exactly: the model keeps the counts at the moment the timer last started or was
 * touched, in SYSCLK1 cycles, and computes the rest. Checks: only chained mode, counters written only while stopped.
 */
final class GptModel {

    private static final long ONE_SECOND_US = 1_000_000L;

    private final Bt200Phone phone;
    private final int base;
    private final boolean interrupts;
    private final int[] regs = new int[GPT_GCTL1 + 1];
    /** The counts when {@link #anchor} (SYSCLK1 cycles of virtual time) was taken. */
    private long count12;
    private long count34;
    private long anchor;
    private boolean running;
    private int latch2, latch3, latch4;

    /**
     * @param interrupts whether the timer raises TINT0 (GPT0)
     */
    GptModel(Bt200Phone phone, int base, boolean interrupts) {
        this.phone = phone;
        this.base = base;
        this.interrupts = interrupts;
    }

    /** Power-up: stopped, counters at {@code countMs} (0 on a real chip; the simulation may start elsewhere). */
    void reset(int countMs) {
        for (int i = 0; i < regs.length; i++) {
            regs[i] = 0;
        }
        count12 = countMs & 0xFFFFFFFFL;
        count34 = 0;
        running = false;
    }

    private long prd12() {
        return (regs[GPT_PRD2] & 0xFFFFL) << 16 | regs[GPT_PRD1] & 0xFFFFL;
    }

    private long prd34() {
        return (regs[GPT_PRD4] & 0xFFFFL) << 16 | regs[GPT_PRD3] & 0xFFFFL;
    }

    private long clockHz() {
        return phone.soc.sysclkHz(1);
    }

    private long cyclesAt(long timeUs) {
        return timeUs * clockHz() / ONE_SECOND_US;
    }

    private boolean oneTime() {
        return (regs[GPT_CTL1] & GPTCTL_ENAMODE) == GPTCTL_ONE_TIME;
    }

    /** Brings the counts up to now. */
    private void sync() {
        if (!running) {
            return;
        }
        long now = cyclesAt(phone.nowUs);
        long elapsed = now - anchor;
        anchor = now;
        if (elapsed <= 0) {
            return;
        }
        long period34 = prd34() + 1;
        long total = count34 + elapsed;
        long ticks = total / period34;
        count34 = total % period34;
        if (ticks == 0) {
            return;
        }
        long prd = prd12();
        long toPeriod = (prd - count12) & 0xFFFFFFFFL;
        if (toPeriod == 0) {
            toPeriod = 1L << 32;
        }
        if (ticks >= toPeriod) {
            if (interrupts) {
                phone.raise(VECTOR_TINT0);
            }
            if (oneTime()) {
                count12 = prd;
                regs[GPT_CTL1] &= ~GPTCTL_ENAMODE;
                running = false;
                return;
            }
            long after = ticks - toPeriod;
            count12 = after == 0 ? prd : (after - 1) % (prd + 1);
            return;
        }
        count12 = (count12 + ticks) & 0xFFFFFFFFL;
    }

    /** The virtual time of the next interrupt, or never. World thread. */
    long nextInterruptUs() {
        if (!running || !interrupts) {
            return Long.MAX_VALUE;
        }
        long prd = prd12();
        long toPeriod = (prd - count12) & 0xFFFFFFFFL;
        if (toPeriod == 0) {
            toPeriod = 1L << 32;
        }
        long cycle = anchor + toPeriod * (prd34() + 1) - count34;
        long hz = clockHz();
        return (cycle * ONE_SECOND_US + hz - 1) / hz;
    }

    /** Moves the counts to the world's time, raising the interrupt when due. World thread. */
    void advance() {
        sync();
    }

    int read(int offset) {
        switch (offset) {
            case GPT_CNT1:
                sync();
                latch2 = (int) (count12 >>> 16);
                latch3 = (int) (count34 & 0xFFFF);
                latch4 = (int) (count34 >>> 16);
                return (int) (count12 & 0xFFFF);
            case GPT_CNT2: return latch2 & 0xFFFF;
            case GPT_CNT3: return latch3 & 0xFFFF;
            case GPT_CNT4: return latch4 & 0xFFFF;
            default:
                if (offset < regs.length) {
                    return regs[offset];
                }
                return 0;
        }
    }

    void write(int offset, int value) {
        switch (offset) {
            case GPT_CNT1: case GPT_CNT2: case GPT_CNT3: case GPT_CNT4:
                if (running) {
                    phone.errors.report(phone.nowUs, "GPT at %x: counter %x written while the timer runs", base,
                        offset, 0);
                }
                if (offset == GPT_CNT1) {
                    count12 = count12 & 0xFFFF0000L | value;
                } else if (offset == GPT_CNT2) {
                    count12 = count12 & 0xFFFFL | (long) value << 16;
                } else if (offset == GPT_CNT3) {
                    count34 = count34 & 0xFFFF0000L | value;
                } else {
                    count34 = count34 & 0xFFFFL | (long) value << 16;
                }
                return;
            case GPT_GCTL1:
                if ((value & GPTGCTL_CHAINED) != GPTGCTL_CHAINED) {
                    phone.errors.report(phone.nowUs, "GPT at %x: mode %x; only dual 32-bit chained mode is simulated",
                        base, value, 0);
                }
                sync();
                regs[offset] = value;
                update();
                return;
            case GPT_CTL1: case GPT_CTL2:
                sync();
                regs[offset] = value;
                update();
                return;
            case GPT_PRD1: case GPT_PRD2: case GPT_PRD3: case GPT_PRD4:
                sync();
                regs[offset] = value;
                return;
            default:
                if (offset < regs.length) {
                    regs[offset] = value;
                }
        }
    }

    /** Starts or stops counting: both halves enabled and out of reset. */
    private void update() {
        int gctl = regs[GPT_GCTL1];
        boolean run = (gctl & (GPTGCTL_TIM12RS | GPTGCTL_TIM34RS)) == (GPTGCTL_TIM12RS | GPTGCTL_TIM34RS)
            && (regs[GPT_CTL1] & GPTCTL_ENAMODE) != 0 && (regs[GPT_CTL2] & GPTCTL_ENAMODE) != 0;
        if (run && !running) {
            anchor = cyclesAt(phone.nowUs);
            if (count34 > prd34()) {
                count34 = 0;
            }
        }
        running = run;
    }
}
