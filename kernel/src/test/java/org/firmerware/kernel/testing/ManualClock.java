package org.firmerware.kernel.testing;

import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.Cpu;

/**
 * A clock whose time a test sets, with the alarm it was given, and a CPU whose critical regions are counted: enough
 * to test kernel parts in isolation. Whole-firmware tests run on the simulated board instead.
 */
public final class ManualClock implements Clock, Cpu {

    public int nowMs;
    public boolean armed;
    public int alarmAtMs;
    public int alarmsSet;
    public int criticalDepth;

    public ManualClock(int startMs) {
        nowMs = startMs;
    }

    @Override
    public int now() {
        return nowMs;
    }

    @Override
    public void setAlarm(int atMs) {
        armed = true;
        alarmAtMs = atMs;
        alarmsSet++;
    }

    @Override
    public void cancelAlarm() {
        armed = false;
    }

    @Override
    public void enterCritical() {
        criticalDepth++;
    }

    @Override
    public void leaveCritical() {
        if (criticalDepth == 0) {
            throw new IllegalStateException("unbalanced critical region");
        }
        criticalDepth--;
    }

    @Override
    public void prepareSleep() {
    }

    @Override
    public void commitSleep(int depth) {
    }

    @Override
    public void reboot() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void startImage(int block) {
        throw new UnsupportedOperationException();
    }
}
