package org.firmerware.tools.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.WavFile;
import org.firmerware.bottom.hal.Buttons;
import org.junit.jupiter.api.Test;

/** The porting tests on the simulated board, asserted from their traces. */
class PortingTestsOnSimTest {

    private static List<String> values(List<TraceEvent> events) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            out.add(e.timeMs() + " " + e.value());
        }
        return out;
    }

    @Test
    void timer2ledTogglesTheMessageLampEvery500msAndSleepsInBetween() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("timer2led");
            sim.runMs(10_000);
            List<TraceEvent> led = sim.events("led", "message");
            assertEquals(20, led.size(), "20 changes in 10 s");
            for (int i = 0; i < led.size(); i++) {
                assertEquals(500L * (i + 1), led.get(i).timeMs());
                assertEquals(i % 2 == 0 ? "on" : "off", led.get(i).value());
            }
            // Between two changes the firmware sleeps once and is woken once, by the alarm.
            List<TraceEvent> all = sim.events();
            for (int i = 0; i + 1 < led.size(); i++) {
                long from = led.get(i).timeUs();
                long to = led.get(i + 1).timeUs();
                List<String> cpu = new ArrayList<>();
                for (TraceEvent e : all) {
                    if (e.kind().equals("cpu") && e.timeUs() >= from && e.timeUs() < to) {
                        cpu.add(e.timeMs() + " " + e.name() + " " + e.value());
                    }
                }
                assertEquals(List.of(from / 1000 + " wake alarm", from / 1000 + " sleep hibernate"), cpu,
                    "woken by the alarm for the change, then asleep until the next one");
            }
            assertEquals(20, sim.world().wakeUps());
            assertEquals(20, phone.sleepCount() - 1);
        }
    }

    @Test
    void timer2ledKeepsItsPhaseAcrossTheWrapOfTheMillisecondClock() {
        try (Simulation sim = Simulation.of("sim")) {
            sim.addPhone(org.firmerware.tools.profile.Tops.named("timer2led"), c -> c.clockOriginMs = -2250);
            sim.runMs(5_000);
            assertEquals(List.of("500 on", "1000 off", "1500 on", "2000 off", "2500 on", "3000 off", "3500 on",
                "4000 off", "4500 on", "5000 off"), values(sim.events("led", "message")));
        }
    }

    @Test
    void switch2ledFollowsTheHookSwitch() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("switch2led");
            sim.world().at(1_000_000, () -> phone.hook().set(true));
            sim.world().at(2_000_000, () -> phone.hook().set(false));
            sim.world().at(2_100_000, () -> phone.hook().set(true));
            sim.runMs(3_000);
            assertEquals(List.of("1000 on", "2000 off", "2100 on"), values(sim.events("led", "message")));
            assertEquals(List.of("0 on hook", "1000 off hook", "2000 on hook", "2100 off hook"),
                values(sim.events("display", "text")));
            assertEquals(3, sim.world().wakeUps(), "woken only by the three hook changes");
        }
    }

    @Test
    void keys2displayShowsDigitsWithPointsAndOverlaysFunctionKeys() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("keys2display");
            String keys = "192*168*0*1";
            for (int i = 0; i < keys.length(); i++) {
                int code = keys.charAt(i);
                sim.world().at(1_000_000 + i * 200_000L, () -> phone.keys().press(Buttons.DTMF, code));
                sim.world().at(1_050_000 + i * 200_000L, () -> phone.keys().release());
            }
            sim.world().at(4_000_000, () -> phone.keys().press(Buttons.FIXED_FUNCTION, Buttons.KEY_HOLD));
            sim.world().at(4_500_000, () -> phone.keys().release());
            sim.world().at(5_000_000, () -> phone.keys().press(Buttons.DTMF, '#'));
            sim.world().at(5_100_000, () -> phone.keys().release());
            sim.runMs(6_000);
            List<String> text = values(sim.events("display", "text"));
            assertEquals("0 keys", text.get(0));
            assertTrue(text.contains("3000 192.168.0-1"), text.toString());
            assertEquals(List.of("4000 hold", "4500 192.168.0-1", "5000 keys"), text.subList(text.size() - 3,
                text.size()));
            List<String> led = values(sim.events("led", "message"));
            assertEquals("1000 on", led.get(0));
            assertEquals("1050 off", led.get(1));
            assertEquals("4000 on", led.get(led.size() - 4));
            assertEquals("4500 off", led.get(led.size() - 3));
        }
    }

    @Test
    void echoPlaysTheToneByHookStateAndTheMicrophone1sLater() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("echo");
            short[] tone = new short[8000];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
            }
            sim.world().at(1_000_000, () -> phone.hook().set(true));
            sim.world().feedMicrophone(phone, 2_000_000, new WavFile(8000, tone));
            sim.world().at(5_000_000, () -> phone.keys().press(Buttons.FIXED_FUNCTION, Buttons.KEY_DOWN));
            sim.world().at(5_100_000, () -> phone.keys().release());
            sim.world().at(6_000_000, () -> phone.hook().set(false));
            sim.runMs(7_000);
            assertEquals(List.of("0 speaker", "1000 handset", "6000 speaker"), values(sim.events("sound", "route")));
            assertEquals(List.of("0 8000 Hz, 64 samples per block"), values(sim.events("sound", "config")));
            assertEquals(List.of("5000 14"), values(sim.events("sound", "volume")));

            List<String> heard = new ArrayList<>();
            for (TraceEvent e : sim.events()) {
                if (e.kind().equals("sound") && (e.name().equals("handset") || e.name().equals("speaker"))) {
                    heard.add(e.name() + " " + e.value());
                }
            }
            assertEquals("speaker 1000 Hz -9 dBFS", heard.get(0));
            assertEquals("handset 1000 Hz -9 dBFS", heard.get(1));
            assertTrue(heard.contains("handset 440 Hz -15 dBFS"), heard.toString());
            TraceEvent echo = null;
            for (TraceEvent e : sim.events("sound", "handset")) {
                if (e.value().startsWith("440 Hz") && echo == null) {
                    echo = e;
                }
            }
            long delayMs = echo.timeMs() - 2000;
            assertTrue(delayMs >= 1000 && delayMs <= 1100, "the echo comes 1 s (plus the ring's latency) later: "
                + delayMs + " ms");
            assertEquals("speaker 1000 Hz -9 dBFS", heard.get(heard.size() - 1), "the tone is back after the echo");
            assertFalse(phone.isHalted());
        }
    }
}
