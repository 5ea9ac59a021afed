package org.firmerware.bottom.hal;

/**
 * The monotonic millisecond clock and the board's single one-shot alarm: the entire timer hardware the kernel needs.
 * The kernel keeps the ordered timer queue and arms this alarm for its head only (tickless: no periodic tick).
 *
 * <p>Time is an {@code int} count of milliseconds since an arbitrary origin that wraps after 2^32 ms (49.7 days).
 * Two times compare correctly while they are less than 2^31 ms (24.8 days) apart: use {@link #before},
 * {@link #beforeOrAt} and {@link #after}, never {@code <}.
 */
public interface Clock {

    /**
     * The current time in milliseconds (wrapping).
     * Callable from the main loop and from upcalls. Never blocks.
     */
    int now();

    /**
     * Arms the single alarm for the absolute time {@code atMs}, replacing any earlier setting. When that time comes,
     * the board calls {@link TimerListener#onAlarm()} once. When {@code atMs} is already due or past, the upcall comes
     * as soon as upcalls are enabled (it is never lost, and never made from inside this call).
     * Main loop only. Must never busy-wait for the time to come.
     *
     * @param atMs at which time to call the upcall, as returned by {@link #now()} plus a delay below 2^31 ms
     */
    void setAlarm(int atMs);

    /** Disarms the alarm; no upcall follows unless {@link #setAlarm} is called again. Main loop only. */
    void cancelAlarm();

    /** Whether time {@code a} comes strictly before time {@code b}, across wrap-around. */
    static boolean before(int a, int b) {
        return a - b < 0;
    }

    /** Whether time {@code a} comes before or at time {@code b}, across wrap-around. */
    static boolean beforeOrAt(int a, int b) {
        return a - b <= 0;
    }

    /** Whether time {@code a} comes strictly after time {@code b}, across wrap-around. */
    static boolean after(int a, int b) {
        return a - b > 0;
    }
}
