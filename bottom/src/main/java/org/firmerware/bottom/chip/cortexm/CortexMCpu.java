package org.firmerware.bottom.chip.cortexm;

import static org.firmerware.bottom.chip.cortexm.CortexMRegisters.*;

import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.machine.Interrupts;
import org.firmerware.bottom.machine.Registers;
import org.firmerware.bottom.machine.Reset;

/**
 * A Cortex-M3 core as the kernel's {@link Cpu}: the critical region is PRIMASK ({@code cpsid i}, nesting counted),
 * sleeping is {@code WFI}, rebooting is SYSRESETREQ.
 *
 * <h2>No lost wake-up</h2>
 * Every interrupt handler that made an upcall says so with {@link #noteUpcall()}. {@link #prepareSleep()} forgets
 * earlier notes; {@link #commitSleep} masks interrupts and sleeps only when no upcall was noted since. {@code WFI}
 * ends on a pending interrupt even while PRIMASK masks it; the handler then runs when the mask is lifted. An interrupt
 * that made no upcall (a clock's counter wrapping, a chip's housekeeping) is taken and the core sleeps again, so the
 * kernel wakes only for upcalls and the wake-up count is the kernel's, not the hardware's.
 *
 * <p>Both sleep depths are {@code WFI}: every peripheral and timer keeps running. A board whose SoC can stop more in
 * deep sleep (SCR.SLEEPDEEP) while its alarm and network still wake it would make {@link Cpu#HIBERNATE} deeper.
 */
public final class CortexMCpu implements Cpu {

    private int criticalDepth;
    private int imageFlash;
    private int imageBlockBytes;
    private int imageRunAddress;
    private boolean enabledBefore;
    private boolean upcalled;
    private int sleeps;

    /** Wires the CPU; no I/O. */
    public CortexMCpu() {
    }

    /** Masks interrupts until {@link #start()}: the first thing a board's init does. */
    public void configure() {
        Interrupts.disable();
        criticalDepth = 0;
    }

    /** Unmasks interrupts at the end of init (the board's attach): upcalls may come. */
    public void start() {
        criticalDepth = 0;
        Interrupts.restore(true);
    }

    /**
     * Notes that an interrupt handler made an upcall, so that it cancels a coming sleep and ends one that is under way.
     * Upcall context.
     */
    public void noteUpcall() {
        upcalled = true;
    }

    /** How many times {@link #commitSleep} stopped the core: the kernel's wake-ups. */
    public int sleeps() {
        return sleeps;
    }

    @Override
    public void enterCritical() {
        boolean enabled = Interrupts.disable();
        if (criticalDepth++ == 0) {
            enabledBefore = enabled;
        }
    }

    @Override
    public void leaveCritical() {
        if (criticalDepth > 0 && --criticalDepth == 0) {
            Interrupts.restore(enabledBefore);
        }
    }

    @Override
    public void prepareSleep() {
        upcalled = false;
    }

    @Override
    public void commitSleep(int depth) {
        boolean enabled = Interrupts.disable();
        if (!upcalled) {
            sleeps++;
            Interrupts.waitForInterrupt(depth);
            // Take what woke the core; sleep again while no handler made an upcall. Only with interrupts enabled
            // before (as they are outside critical regions): else the handlers could not run here.
            while (enabled) {
                Interrupts.restore(true);
                Interrupts.disable();
                if (upcalled) {
                    break;
                }
                Interrupts.waitForInterrupt(depth);
            }
        }
        Interrupts.restore(enabled);
    }

    @Override
    public void reboot() {
        Interrupts.disable();
        criticalDepth = 0;
        Registers.write32(SCB_AIRCR, AIRCR_VECTKEY | AIRCR_SYSRESETREQ);
        for (;;) {
            Interrupts.waitForInterrupt(SNOOZE);
        }
    }

    /**
     * Where firmware images are and where they run, for {@link #startImage}: the flash mapped at {@code flashBase} in
     * blocks of {@code blockBytes}, and the address {@code runAddress} that images are linked to run at (their vector
     * table first). Init; without it {@link #startImage} reboots.
     */
    public void runImages(int flashBase, int blockBytes, int runAddress) {
        imageFlash = flashBase;
        imageBlockBytes = blockBytes;
        imageRunAddress = runAddress;
    }

    /**
     * Copies the payload of the image whose header is at {@code block} to the run address and starts it there
     * ({@link Reset#copyAndStart}). The header (docs/bootloader.md, {@code kernel.flash.ImageHeader}) gives its own
     * length, a big-endian 16-bit number at offset 6, and the payload's, a big-endian 32-bit number at offset 64; the
     * bootloader has verified both.
     */
    @Override
    public void startImage(int block) {
        if (imageBlockBytes == 0) {
            reboot();
        }
        int header = imageFlash + block * imageBlockBytes;
        int w = Registers.read32(header + 4);
        int headerBytes = (w >>> 16 & 0xFF) << 8 | w >>> 24;
        w = Registers.read32(header + 64);
        int payloadBytes = (w & 0xFF) << 24 | (w >>> 8 & 0xFF) << 16 | (w >>> 16 & 0xFF) << 8 | w >>> 24;
        Reset.copyAndStart(header + headerBytes, imageRunAddress, (payloadBytes + 3) & ~3);
    }

    /** Enables external interrupt {@code line} in the NVIC, its stale pending bit cleared first. */
    public static void enable(int line) {
        Registers.write32(NVIC_ICPR + 4 * (line >>> 5), 1 << (line & 31));
        Registers.write32(NVIC_ISER + 4 * (line >>> 5), 1 << (line & 31));
    }

    /** Disables external interrupt {@code line} in the NVIC. */
    public static void disable(int line) {
        Registers.write32(NVIC_ICER + 4 * (line >>> 5), 1 << (line & 31));
    }

    /** Makes external interrupt {@code line} pending: its handler runs once it is enabled and unmasked. */
    public static void pend(int line) {
        Registers.write32(NVIC_ISPR + 4 * (line >>> 5), 1 << (line & 31));
    }
}
