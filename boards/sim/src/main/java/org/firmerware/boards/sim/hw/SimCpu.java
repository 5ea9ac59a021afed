package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.Cpu;

/** The simulated processor: critical regions are counted, sleeping hands control to the world. */
public final class SimCpu implements Cpu {

    private final SimPhone phone;
    private int criticalDepth;
    private final IllegalStateException unbalanced =
        new IllegalStateException("leaveCritical() without enterCritical()");
    private final IllegalStateException sleepInCritical =
        new IllegalStateException("sleeping inside a critical region");

    SimCpu(SimPhone phone) {
        this.phone = phone;
    }

    @Override
    public void enterCritical() {
        criticalDepth++;
    }

    @Override
    public void leaveCritical() {
        if (criticalDepth == 0) {
            throw unbalanced;
        }
        criticalDepth--;
    }

    @Override
    public void prepareSleep() {
        if (criticalDepth != 0) {
            throw sleepInCritical;
        }
    }

    @Override
    public void commitSleep(int depth) {
        if (criticalDepth != 0) {
            throw sleepInCritical;
        }
        phone.sleep(depth);
    }

    @Override
    public void reboot() {
        criticalDepth = 0;
        phone.reboot();
    }

    @Override
    public void startImage(int block) {
        criticalDepth = 0;
        phone.startImage(block);
    }
}
