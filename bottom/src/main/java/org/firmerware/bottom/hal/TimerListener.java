package org.firmerware.bottom.hal;

/** Upcall of the {@link Clock}'s alarm; implemented by the kernel. */
public interface TimerListener {

    /**
     * The alarm set with {@link Clock#setAlarm} is due. Upcall context: record the fact and return; the kernel reads
     * the clock and fires its timers from the main loop.
     */
    void onAlarm();
}
