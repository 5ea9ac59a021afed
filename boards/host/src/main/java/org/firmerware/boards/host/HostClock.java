package org.firmerware.boards.host;

import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.TimerListener;
import org.firmerware.bottom.machine.InterruptHandler;
import org.firmerware.bottom.machine.Registers;

/** The millisecond clock and the one-shot alarm: a clock register and a compare register with an interrupt. */
final class HostClock implements Clock {

    private final HostCpu cpu;
    private TimerListener listener;

    HostClock(HostCpu cpu) {
        this.cpu = cpu;
    }

    void attach(TimerListener l) {
        listener = l;
    }

    @Override
    public int now() {
        return Registers.read32(HostMap.CLOCK_NOW);
    }

    @Override
    public void setAlarm(int atMs) {
        Registers.write32(HostMap.ALARM_AT, atMs);
        Registers.write32(HostMap.ALARM_CTRL, 1);
    }

    @Override
    public void cancelAlarm() {
        Registers.write32(HostMap.ALARM_CTRL, 0);
    }

    /** The alarm's interrupt: disarm, then the upcall. */
    @InterruptHandler(HostMap.IRQ_ALARM)
    void onAlarmInterrupt() {
        Registers.write32(HostMap.ALARM_CTRL, 0);
        if (listener != null) {
            listener.onAlarm();
            cpu.upcallMade();
        }
    }
}
