package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.WavFile;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two simulated phones on the virtual LAN run the {@code mediaecho} top (a call without signalling: RTP over
 * UDP/IPv6 between their link-local addresses) in virtual time. A 1 kHz tone fed into the first phone's microphone
 * must be heard at 1 kHz from the second phone's speaker (the world's tone analyser, in the trace), and digits typed
 * on the first must arrive on the second as RFC 4733 events, each reported once, in order.
 */
class MediaEchoOnSimTest {

    static short[] tone(int rate, int hz, int amplitude, double seconds) {
        short[] x = new short[(int) (rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / (double) rate));
        }
        return x;
    }

    static List<TraceEvent> of(List<TraceEvent> events, String device, String kind) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.device().equals(device) && e.kind().equals(kind)) {
                out.add(e);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mediaecho-pcmu", "mediaecho-pcma", "mediaecho"})
    void aToneCrossesTheCallAndDigitsArriveOnce(String top) {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone one = sim.addPhone(top);
            SimPhone two = sim.addPhone(top);
            sim.world().feedMicrophone(one, 4_000_000, new WavFile(16000, tone(16000, 1000, 8000, 3)));
            String keys = "159*#0";
            for (int i = 0; i < keys.length(); i++) {
                int code = keys.charAt(i);
                sim.world().at(8_000_000 + i * 250_000L, () -> one.keys().press(Buttons.DTMF, code));
                sim.world().at(8_100_000 + i * 250_000L, () -> one.keys().release());
            }
            sim.runMs(11_000);
            List<TraceEvent> events = sim.events();

            // What the second phone's speaker played: silence, then the tone while it lasts.
            List<TraceEvent> heard = new ArrayList<>();
            for (TraceEvent e : of(events, two.name(), "sound")) {
                if (e.name().equals("speaker")) {
                    heard.add(e);
                }
            }
            // The first window with sound starts within 130 ms of the tone; every window that lies inside the tone
            // (4.1 to 6.9 s) hears 1000 Hz (the analyser rounds to 10 Hz and reports changes only).
            TraceEvent onset = null;
            for (TraceEvent e : heard) {
                if (e.timeUs() >= 3_900_000 && e.value().endsWith("dBFS")) {
                    onset = e;
                    break;
                }
            }
            assertTrue(onset != null && onset.timeUs() < 4_130_000, "the tone's onset: " + onset + " in " + heard);
            TraceEvent steady = null;
            for (TraceEvent e : heard) {
                if (e.timeUs() > onset.timeUs() && e.timeUs() < 6_900_000) {
                    assertTrue(e.value().matches("(99|100|101)0 Hz -1[56] dBFS"), "during the tone: " + e + " in "
                        + heard);
                    steady = steady == null ? e : steady;
                }
            }
            assertTrue(steady != null && steady.timeUs() <= 4_230_000, "1000 Hz heard: " + heard);
            assertEquals("silence", heard.get(heard.size() - 1).value(), "silence after the tone: " + heard);

            // The digits, each reported once and in order, and each with its end.
            List<String> digits = new ArrayList<>();
            int ends = 0;
            for (TraceEvent e : of(events, two.name(), "console")) {
                if (e.value().startsWith("mediaecho: digit ")) {
                    if (e.value().contains("ended")) {
                        ends++;
                    } else {
                        digits.add(e.value().substring("mediaecho: digit ".length()));
                    }
                }
            }
            assertEquals(List.of("1", "5", "9", "*", "#", "0"), digits);
            assertEquals(6, ends);
        }
    }

    @org.junit.jupiter.api.Test
    void holdAndMuteSilenceTheCallAndReleasingThemBringsItBack() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone one = sim.addPhone("mediaecho-pcmu");
            SimPhone two = sim.addPhone("mediaecho-pcmu");
            sim.world().feedMicrophone(one, 4_000_000, new WavFile(16000, tone(16000, 1000, 8000, 6)));
            for (long at : new long[] {6_000_000, 7_500_000}) {
                sim.world().at(at, () -> one.keys().press(Buttons.FIXED_FUNCTION, Buttons.KEY_HOLD));
                sim.world().at(at + 100_000, () -> one.keys().release());
            }
            for (long at : new long[] {8_500_000, 9_200_000}) {
                sim.world().at(at, () -> one.keys().press(Buttons.FIXED_FUNCTION, Buttons.KEY_MUTE));
                sim.world().at(at + 100_000, () -> one.keys().release());
            }
            sim.runMs(11_000);
            List<String> heard = new ArrayList<>();
            for (TraceEvent e : of(sim.events(), two.name(), "sound")) {
                if (e.name().equals("speaker") && e.timeUs() >= 4_200_000) {
                    heard.add(e.timeUs() / 100_000 + " " + (e.value().equals("silence") ? "silence" : "tone"));
                }
            }
            // Hold from 6.0 to 7.5 s, mute from 8.5 to 9.2 s, the tone until 10 s (100 ms windows, changes only;
            // a window that mixes both reports the louder).
            List<String> expected = List.of("60 silence", "75 tone", "85 silence", "92 tone", "100 silence");
            // Only the changes between tone and silence (a fading window is reported as a level change).
            List<String> coarse = new ArrayList<>();
            String state = "tone";
            for (String h : heard) {
                String now = h.split(" ")[1];
                if (!now.equals(state)) {
                    coarse.add(h);
                    state = now;
                }
            }
            assertEquals(expected.size(), coarse.size(), "changes heard: " + heard);
            for (int i = 0; i < expected.size(); i++) {
                long at = Long.parseLong(coarse.get(i).split(" ")[0]);
                long want = Long.parseLong(expected.get(i).split(" ")[0]);
                assertTrue(Math.abs(at - want) <= 2, "heard " + heard + ", expected about " + expected);
                assertEquals(expected.get(i).split(" ")[1], coarse.get(i).split(" ")[1], "heard " + heard);
            }
        }
    }
}
