package org.firmerware.bottom.hal;

/**
 * Calendar time, as far as the board knows it. Boards without a battery-backed clock start unset and keep the time
 * from the millisecond clock once the firmware has set it (from SNTP, SIP Date headers or the console).
 */
public interface WallClock {

    /** Whether the time has been set since power-up (or is kept by a battery). Main loop only. */
    boolean isSet();

    /**
     * Seconds since 1970-01-01T00:00:00Z, as an unsigned 32-bit value (good until 2106), or 0 when not set.
     * Main loop only.
     */
    int unixSeconds();

    /** Sets the time; from now on {@link #isSet()} answers true. Main loop only. */
    void setUnixSeconds(int unixSeconds);
}
