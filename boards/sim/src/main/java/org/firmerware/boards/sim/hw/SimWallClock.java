package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.WallClock;

/** Calendar time kept from the millisecond clock once set, like a phone without a battery-backed clock. */
public final class SimWallClock implements WallClock {

    private final SimPhone phone;
    private boolean set;
    private long offsetSeconds;

    SimWallClock(SimPhone phone) {
        this.phone = phone;
    }

    @Override
    public boolean isSet() {
        return set;
    }

    @Override
    public int unixSeconds() {
        return set ? (int) (offsetSeconds + phone.nowUs / 1_000_000L) : 0;
    }

    @Override
    public void setUnixSeconds(int unixSeconds) {
        offsetSeconds = (unixSeconds & 0xFFFFFFFFL) - phone.nowUs / 1_000_000L;
        set = true;
    }
}
