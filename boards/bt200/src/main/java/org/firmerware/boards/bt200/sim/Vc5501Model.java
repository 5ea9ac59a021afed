package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.boards.bt200.Bt200Map;
import org.firmerware.boards.sim.hw.TraceRing;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Leds;

/**
 * The TMS320VC5501's core registers and small peripherals: the interrupt enable and flag registers, ST1_55 (its XF pin
 * is the MESSAGE LED), idle control (ICR, PICR), the clock generator (PLL), the EMIF's registers, and the GPIO pins (LCD
 * CS on GPIO1, the hook switch on GPIO5, the codec's reset on GPIO7).
 *
 * <p>Checks: the PLL sequence (multiplier and dividers changed only in bypass with the PLL in reset, PLLEN only after
 * LOCK), the EMIF set up before external devices are used, idle domains that would keep the alarm or the sound from
 * waking the CPU, and writes to registers the BT200 has no use for.
 */
final class Vc5501Model {

    private final Bt200Phone phone;

    private int ier0, ifr0, ier1, ifr1, st1, ivpd, ivph;
    private int icr, picr;
    private int pllcsr, pllm;
    private final int[] plldiv = new int[4];
    private boolean emifReady;
    private final int[] emif = new int[0x42];
    private int iodir, iodata;

    Vc5501Model(Bt200Phone phone) {
        this.phone = phone;
    }

    void reset() {
        ier0 = ifr0 = ier1 = ifr1 = 0;
        st1 = ST1_INTM;
        ivpd = ivph = 0xFFFF;
        icr = picr = 0;
        pllcsr = PLLCSR_STABLE;
        pllm = 0;
        for (int i = 0; i < 4; i++) {
            plldiv[i] = PLLDIV_ENABLE;
        }
        emifReady = false;
        iodir = 0;
        iodata = 0;
    }

    // ------------------------------------------------------------------ memory-mapped registers

    int mmrLoad(int address) {
        switch (address) {
            case MM_IER0: return ier0;
            case MM_IFR0: return ifr0;
            case MM_IER1: return ier1;
            case MM_IFR1: return ifr1;
            case MM_ST1_55: return st1;
            case MM_IVPD: return ivpd;
            case MM_IVPH: return ivph;
            default:
                phone.errors.report(phone.nowUs, "read of memory-mapped register %x (word %x): not simulated",
                    address, address >> 1, 0);
                return 0;
        }
    }

    void mmrStore(int address, int value) {
        switch (address) {
            case MM_IER0: ier0 = value & 0xFFFC; break;
            case MM_IFR0: ifr0 &= ~value; break;
            case MM_IER1: ier1 = value & 0x07FF; break;
            case MM_IFR1: ifr1 &= ~value; break;
            case MM_IVPD: ivpd = value; break;
            case MM_IVPH: ivph = value; break;
            case MM_ST1_55: {
                boolean xf = (value & ST1_XF) != 0;
                if (xf != ((st1 & ST1_XF) != 0)) {
                    phone.record(TraceRing.LED, Leds.MESSAGE, xf ? Leds.GREEN : Leds.OFF, 0, null, 0, 0);
                }
                // INTM is the machine's interrupt mask (Interrupts.disable/restore); a write of ST1_55 keeps it.
                st1 = value & ~ST1_INTM | st1 & ST1_INTM;
                break;
            }
            default:
                phone.errors.report(phone.nowUs, "write of %x to memory-mapped register %x: not simulated", value,
                    address, 0);
        }
    }

    // ------------------------------------------------------------------ interrupts

    /** Pending and enabled vectors, bit v = vector v. */
    int pendingMask() {
        return ifr0 & ier0 | (ifr1 & ier1) << 16;
    }

    /** The highest-priority (lowest) pending and enabled vector, or -1. */
    int pendingVector() {
        int mask = pendingMask();
        return mask == 0 ? -1 : Integer.numberOfTrailingZeros(mask);
    }

    /** Whether an enabled interrupt is pending (it ends an IDLE even while INTM masks it). */
    boolean wakeable() {
        return pendingMask() != 0;
    }

    void raise(int vector) {
        if (vector < 16) {
            ifr0 |= 1 << vector;
        } else {
            ifr1 |= 1 << vector - 16;
        }
    }

    void acknowledge(int vector) {
        if (vector < 16) {
            ifr0 &= ~(1 << vector);
        } else {
            ifr1 &= ~(1 << vector - 16);
        }
    }

    /** Checks the idle domains before the firmware sleeps. */
    void checkIdle(int depth) {
        if ((icr & ICR_CPUI) == 0) {
            phone.errors.report(phone.nowUs, "IDLE with ICR %x: the CPU domain is not idled", icr, 0, 0);
        }
        if ((icr & (ICR_CLKI | ICR_EMIFI)) != 0) {
            phone.errors.report(phone.nowUs, "IDLE with ICR %x: the clock or the EMIF stops, and with them the timers "
                + "or the Ethernet chip that should wake the CPU", icr, 0, 0);
        }
        if ((icr & ICR_PERI) != 0) {
            if ((picr & (PICR_TIM0 | PICR_TIM1)) != 0) {
                phone.errors.report(phone.nowUs, "IDLE with PICR %x: the timers stop, the alarm cannot wake the CPU",
                    picr, 0, 0);
            }
            if ((picr & PICR_SP1) != 0 && phone.mcbsp1.framing()) {
                phone.errors.report(phone.nowUs, "IDLE with PICR %x while McBSP1 moves sound", picr, 0, 0);
            }
            if ((picr & PICR_SP0) != 0 && phone.mcbsp0.dx()) {
                phone.errors.report(phone.nowUs, "IDLE with PICR %x: McBSP0 idles while its DX pin lights the "
                    + "backlight", picr, 0, 0);
            }
        }
        if (depth == Cpu.SNOOZE && (icr & ICR_PERI) != 0) {
            phone.errors.report(phone.nowUs, "SNOOZE with ICR %x: peripherals idle in a snooze", icr, 0, 0);
        }
    }

    // ------------------------------------------------------------------ I/O space: idle, PLL, EMIF, GPIO

    int ioLoad(int address) {
        switch (address) {
            case IO_ICR: return icr;
            case IO_ISTR: return 0;
            case IO_PICR: return picr;
            case IO_PLLCSR: return pllcsr;
            case IO_PLLM: return pllm;
            case IO_PLLDIV0: return plldiv[0];
            case IO_PLLDIV1: return plldiv[1];
            case IO_PLLDIV2: return plldiv[2];
            case IO_PLLDIV3: return plldiv[3];
            case IO_IODIR: return iodir;
            case IO_IODATA: return gpioLevels();
            default:
                if (address >= IO_EGCR1 && address <= IO_CESCR1) {
                    return emif[address - IO_EGCR1];
                }
                phone.errors.report(phone.nowUs, "read of I/O register %x: no such register is simulated", address, 0,
                    0);
                return 0;
        }
    }

    void ioStore(int address, int value) {
        switch (address) {
            case IO_ICR: icr = value; break;
            case IO_PICR: picr = value; break;
            case IO_PLLCSR: pllControl(value); break;
            case IO_PLLM: pllSetting(address, value); pllm = value & 0x1F; break;
            case IO_PLLDIV0: pllSetting(address, value); plldiv[0] = value; break;
            case IO_PLLDIV1: pllSetting(address, value); plldiv[1] = value; break;
            case IO_PLLDIV2: pllSetting(address, value); plldiv[2] = value; break;
            case IO_PLLDIV3: pllSetting(address, value); plldiv[3] = value; break;
            case IO_IODIR: iodir = value & 0xFF; gpioChanged(); break;
            case IO_IODATA: iodata = value & 0xFF; gpioChanged(); break;
            default:
                if (address >= IO_EGCR1 && address <= IO_CESCR1) {
                    emif[address - IO_EGCR1] = value;
                    if (address == IO_EGCR1) {
                        emifReady = true;
                    }
                    return;
                }
                phone.errors.report(phone.nowUs, "write of %x to I/O register %x: no such register is simulated",
                    value, address, 0);
        }
    }

    private void pllControl(int value) {
        boolean enable = (value & PLLCSR_PLLEN) != 0;
        boolean reset = (value & PLLCSR_PLLRST) != 0;
        int lock = reset || pllm == 0 ? 0 : PLLCSR_LOCK;
        if (enable && (pllcsr & PLLCSR_LOCK) == 0 && lock == 0) {
            phone.errors.report(phone.nowUs, "PLLEN set before the PLL locked (PLLCSR %x)", value, 0, 0);
        }
        pllcsr = value & (PLLCSR_PLLEN | PLLCSR_PLLRST) | lock | PLLCSR_STABLE;
    }

    private void pllSetting(int address, int value) {
        if ((pllcsr & PLLCSR_PLLEN) != 0 || (pllcsr & PLLCSR_PLLRST) == 0) {
            phone.errors.report(phone.nowUs, "PLL register %x written with %x while the PLL is not bypassed and in "
                + "reset", address, value, 0);
        }
    }

    /** SYSCLK{@code n} in Hz: the crystal times PLLM when the PLL is on, divided by PLLDIV{@code n}. */
    long sysclkHz(int n) {
        long base = (pllcsr & PLLCSR_PLLEN) != 0 && pllm > 0 ? Bt200Phone.CRYSTAL_HZ * pllm : Bt200Phone.CRYSTAL_HZ;
        int div = (plldiv[n] & PLLDIV_ENABLE) != 0 ? (plldiv[n] & 0x1F) + 1 : 1;
        return base / div;
    }

    /** The CPU clock in Hz. */
    long cpuHz() {
        return sysclkHz(0);
    }

    boolean emifReady() {
        return emifReady;
    }

    /** What IODATA reads: outputs as driven, inputs from the pins (the hook switch on GPIO5). */
    private int gpioLevels() {
        int inputs = phone.hook.offHook() ? 1 << Bt200Map.GPIO_HOOK : 0;
        return iodata & iodir | inputs & ~iodir;
    }

    private void gpioChanged() {
        if ((iodir & 1 << Bt200Map.GPIO_HOOK) != 0) {
            phone.errors.report(phone.nowUs, "GPIO5 (the hook switch) made an output", 0, 0, 0);
        }
        phone.lcd.select(lcdSelected());
        phone.codec.resetPin((iodir & 1 << Bt200Map.GPIO_CODEC_RESET) == 0
            || (iodata & 1 << Bt200Map.GPIO_CODEC_RESET) != 0);
    }

    /** Whether the HT1621's CS (GPIO1, active low) is driven low. */
    boolean lcdSelected() {
        return (iodir & 1 << Bt200Map.GPIO_LCD_CS) != 0 && (iodata & 1 << Bt200Map.GPIO_LCD_CS) == 0;
    }
}
