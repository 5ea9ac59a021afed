package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.Clock;

/** The simulated millisecond clock and its one-shot alarm, on the world's virtual time. */
public final class SimClock implements Clock {

    private final SimPhone phone;
    private boolean armed;
    private long alarmUs;

    SimClock(SimPhone phone) {
        this.phone = phone;
    }

    @Override
    public int now() {
        return phone.config.clockOriginMs + (int) (phone.nowUs / 1000);
    }

    @Override
    public void setAlarm(int atMs) {
        int delta = atMs - now();
        if (delta <= 0) {
            armed = false;
            phone.raise(SimPhone.P_ALARM);
        } else {
            armed = true;
            alarmUs = (phone.nowUs / 1000 + delta) * 1000;
        }
    }

    @Override
    public void cancelAlarm() {
        armed = false;
    }

    long alarmUs() {
        return armed ? alarmUs : Long.MAX_VALUE;
    }

    void advance() {
        if (armed && alarmUs <= phone.nowUs) {
            armed = false;
            phone.raise(SimPhone.P_ALARM);
        }
    }

    void reset() {
        armed = false;
    }
}
