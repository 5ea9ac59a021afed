package org.firmerware.kernel.ui;

import org.firmerware.bottom.hal.Leds;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.time.TimerQueue;

/**
 * Light patterns over the board's {@link Leds}: steady on or off, or flashing between two colours at one of three
 * speeds. All lights that flash at the same speed share one periodic timer, so they flash in phase and a phone with
 * three flashing lights wakes no more often than one with a single flashing light. A speed's timer runs only while a
 * light uses it.
 *
 * <p>Main loop only.
 */
public final class Lights implements TimerHandler {

    /** Flash speed: 100 ms per colour. */
    public static final int FAST = 0;
    /** Flash speed: 500 ms per colour (a 1 s cycle). */
    public static final int MEDIUM = 1;
    /** Flash speed: 2 s per colour. */
    public static final int SLOW = 2;
    /** Half-periods of the flash speeds, in milliseconds. */
    public static final int FAST_HALF_PERIOD_MS = 100, MEDIUM_HALF_PERIOD_MS = 500, SLOW_HALF_PERIOD_MS = 2000;

    private static final int SPEEDS = 3;
    private static final int STEADY = -1;

    private final Leds leds;
    private final TimerQueue timers;
    private final Timer[] speedTimers = new Timer[SPEEDS];
    private final int[] speedUsers = new int[SPEEDS];
    /** Per light: the colour shown now. */
    private final int[] shown = new int[Leds.MAX_LEDS];
    /** Per light: the first colour of its pattern (the only one when steady). */
    private final int[] first = new int[Leds.MAX_LEDS];
    /** Per light: the second colour of a flashing pattern. */
    private final int[] second = new int[Leds.MAX_LEDS];
    /** Per light: its flash speed, or STEADY. */
    private final int[] speed = new int[Leds.MAX_LEDS];
    /** Per speed: whether the second colour is showing. */
    private final boolean[] phase = new boolean[SPEEDS];

    /**
     * @param leds the board's lights
     * @param timers the kernel's timer queue
     */
    public Lights(Leds leds, TimerQueue timers) {
        this.leds = leds;
        this.timers = timers;
        for (int s = 0; s < SPEEDS; s++) {
            speedTimers[s] = new Timer(Priority.NORMAL, this);
        }
        for (int led = 0; led < Leds.MAX_LEDS; led++) {
            speed[led] = STEADY;
            shown[led] = -1;
        }
    }

    /** Whether the board has the light. */
    public boolean has(int led) {
        return led >= 0 && led < Leds.MAX_LEDS && leds.has(led);
    }

    /** Shows one colour steadily ({@link Leds#OFF} to switch off). */
    public void set(int led, int colour) {
        if (!has(led)) {
            return;
        }
        useSpeed(led, STEADY);
        first[led] = colour;
        second[led] = colour;
        show(led, colour);
    }

    /**
     * Flashes between two colours at a speed; the light starts in the phase of the other lights of that speed.
     *
     * @param speed {@link #FAST}, {@link #MEDIUM} or {@link #SLOW}
     */
    public void flash(int led, int colour1, int colour2, int speed) {
        if (!has(led) || speed < 0 || speed >= SPEEDS) {
            return;
        }
        first[led] = colour1;
        second[led] = colour2;
        useSpeed(led, speed);
        show(led, phase[speed] ? colour2 : colour1);
    }

    /** The colour a light shows right now ({@link Leds#OFF} for a light the board lacks). */
    public int colour(int led) {
        return has(led) && shown[led] >= 0 ? shown[led] : Leds.OFF;
    }

    private void useSpeed(int led, int newSpeed) {
        int old = speed[led];
        if (old == newSpeed) {
            return;
        }
        speed[led] = newSpeed;
        if (old != STEADY && --speedUsers[old] == 0) {
            timers.stop(speedTimers[old]);
            phase[old] = false;
        }
        if (newSpeed != STEADY && speedUsers[newSpeed]++ == 0) {
            int half = halfPeriodMs(newSpeed);
            timers.startPeriodic(speedTimers[newSpeed], half, half);
        }
    }

    private static int halfPeriodMs(int speed) {
        switch (speed) {
            case FAST: return FAST_HALF_PERIOD_MS;
            case MEDIUM: return MEDIUM_HALF_PERIOD_MS;
            default: return SLOW_HALF_PERIOD_MS;
        }
    }

    private void show(int led, int colour) {
        if (shown[led] != colour) {
            shown[led] = colour;
            leds.set(led, colour);
        }
    }

    @Override
    public void onTimer(Timer timer) {
        for (int s = 0; s < SPEEDS; s++) {
            if (speedTimers[s] == timer) {
                phase[s] = !phase[s];
                for (int led = 0; led < Leds.MAX_LEDS; led++) {
                    if (speed[led] == s) {
                        show(led, phase[s] ? second[led] : first[led]);
                    }
                }
            }
        }
    }
}
