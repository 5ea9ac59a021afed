package org.firmerware.kernel.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.testing.ManualClock;
import org.firmerware.kernel.time.TimerQueue;
import org.junit.jupiter.api.Test;

class LightsTest {

    private final ManualClock clock = new ManualClock(0);
    private final Scheduler scheduler = new Scheduler(clock);
    private final TimerQueue timers = new TimerQueue(clock, scheduler);
    private final List<String> changes = new ArrayList<>();
    private final Leds leds = new Leds() {
        @Override
        public boolean has(int led) {
            return led == MESSAGE || led == BACKLIGHT || led == LINE1;
        }

        @Override
        public boolean multiColour(int led) {
            return led == LINE1;
        }

        @Override
        public void set(int led, int colour) {
            changes.add(clock.nowMs + ":" + led + "=" + colour);
        }
    };
    private final Lights lights = new Lights(leds, timers);

    private void runUntil(int ms) {
        while (clock.armed && clock.alarmAtMs <= ms) {
            clock.nowMs = clock.alarmAtMs;
            clock.armed = false;
            timers.onAlarmFromUpcall();
            while (scheduler.runOne()) {
                // drain
            }
        }
        clock.nowMs = ms;
    }

    @Test
    void steadyColoursTouchTheHardwareOnlyOnChange() {
        lights.set(Leds.MESSAGE, Leds.GREEN);
        lights.set(Leds.MESSAGE, Leds.GREEN);
        lights.set(Leds.MESSAGE, Leds.OFF);
        lights.set(Leds.MUTE, Leds.GREEN);
        assertEquals(List.of("0:0=1", "0:0=0"), changes);
        assertFalse(lights.has(Leds.MUTE));
        assertEquals(Leds.OFF, lights.colour(Leds.MUTE));
    }

    @Test
    void lightsOfOneSpeedFlashInPhaseOnOneTimer() {
        lights.flash(Leds.MESSAGE, Leds.GREEN, Leds.OFF, Lights.MEDIUM);
        runUntil(250);
        lights.flash(Leds.LINE1, Leds.RED, Leds.GREEN, Lights.MEDIUM);
        int alarms = clock.alarmsSet;
        runUntil(2000);
        assertEquals(List.of("0:0=1", "250:6=2", "500:0=0", "500:6=1", "1000:0=1", "1000:6=2", "1500:0=0",
            "1500:6=1", "2000:0=1", "2000:6=2"), changes);
        assertEquals(alarms + 4, clock.alarmsSet, "one alarm per half period for both lights together");
    }

    @Test
    void aSpeedsTimerStopsWhenNoLightUsesIt() {
        lights.flash(Leds.MESSAGE, Leds.GREEN, Leds.OFF, Lights.FAST);
        assertTrue(timers.hasTimers());
        runUntil(300);
        lights.set(Leds.MESSAGE, Leds.OFF);
        assertFalse(timers.hasTimers());
        assertEquals(List.of("0:0=1", "100:0=0", "200:0=1", "300:0=0"), changes);
        lights.flash(Leds.BACKLIGHT, Leds.GREEN, Leds.OFF, Lights.SLOW);
        runUntil(4000);
        assertEquals(List.of("0:0=1", "100:0=0", "200:0=1", "300:0=0", "300:3=1", "2300:3=0"), changes);
    }
}
