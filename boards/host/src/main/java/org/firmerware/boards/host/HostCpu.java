package org.firmerware.boards.host;

import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.machine.Interrupts;
import org.firmerware.bottom.machine.Registers;

/**
 * The processor of the host board: critical regions mask interrupts (nesting counted), sleeping waits for an interrupt
 * with interrupts masked and takes it when the mask is restored, unless an upcall came since {@link #prepareSleep}.
 */
final class HostCpu implements Cpu {

    private int depth;
    private boolean saved;
    private boolean upcallCame;

    /** Called by the board's interrupt handlers after their upcall (upcall context). */
    void upcallMade() {
        upcallCame = true;
    }

    @Override
    public void enterCritical() {
        boolean was = Interrupts.disable();
        if (depth++ == 0) {
            saved = was;
        }
    }

    @Override
    public void leaveCritical() {
        if (depth > 0 && --depth == 0) {
            Interrupts.restore(saved);
        }
    }

    @Override
    public void prepareSleep() {
        upcallCame = false;
    }

    @Override
    public void commitSleep(int sleepDepth) {
        boolean was = Interrupts.disable();
        if (!upcallCame) {
            Interrupts.waitForInterrupt(sleepDepth);
        }
        Interrupts.restore(was);
    }

    @Override
    public void reboot() {
        Registers.write32(HostMap.RESET, 1);
        for (;;) {
            Interrupts.waitForInterrupt(0);
        }
    }

    /** The host board has no flash, so there is no image to start: a bootloader that asks for one resets the board. */
    @Override
    public void startImage(int block) {
        reboot();
    }
}
