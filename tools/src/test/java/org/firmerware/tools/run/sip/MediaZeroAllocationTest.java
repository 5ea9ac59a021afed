package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.WavFile;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dynamic zero-allocation proof of a call's media path: two phones run {@code mediaecho} (RTP both ways, RTCP,
 * the jitter buffer, the codec, resampling for G.711 on the 16 kHz channel), with a tone into one microphone, digits
 * as RFC 4733 events, hold, mute, every local tone, hook changes and a link that goes down and up (the call stops and
 * starts again); the firmware threads of both must allocate 0 bytes after init. Runs interpreted with the other
 * zero-allocation proofs (tag "zero-allocation", see tools/pom.xml).
 */
@Tag("zero-allocation")
class MediaZeroAllocationTest {

    private static final long MINUTE_US = 60_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"mediaecho", "mediaecho-pcmu"})
    void aCallsMediaPathAllocatesNothing(String top) {
        long minutes = 2;
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone one = sim.addPhone(top);
            SimPhone two = sim.addPhone(top);
            System.gc();
            short[] tone = MediaEchoOnSimTest.tone(16000, 1000, 8000, 5);
            for (long m = 0; m < minutes; m++) {
                long t = m * MINUTE_US;
                sim.world().feedMicrophone(one, t + 3_000_000, new WavFile(16000, tone));
                sim.world().feedMicrophone(two, t + 10_000_000, new WavFile(16000, tone));
                sim.world().at(t + 4_000_000, () -> one.hook().set(true));
                for (int k = 0; k < 12; k++) {
                    int code = "0123456789*#".charAt(k);
                    sim.world().at(t + 5_000_000 + k * 250_000L, () -> one.keys().press(Buttons.DTMF, code));
                    sim.world().at(t + 5_100_000 + k * 250_000L, () -> one.keys().release());
                }
                for (int k = 0; k < 6; k++) {
                    sim.world().at(t + 9_000_000 + k * 2_000_000L,
                        () -> two.keys().press(Buttons.FIXED_FUNCTION, Buttons.KEY_MENU));
                    sim.world().at(t + 9_100_000 + k * 2_000_000L, () -> two.keys().release());
                }
                for (int code : List.of(Buttons.KEY_HOLD, Buttons.KEY_MUTE)) {
                    sim.world().at(t + 22_000_000, () -> one.keys().press(Buttons.FIXED_FUNCTION, code));
                    sim.world().at(t + 22_100_000, () -> one.keys().release());
                    sim.world().at(t + 25_000_000, () -> one.keys().press(Buttons.FIXED_FUNCTION, code));
                    sim.world().at(t + 25_100_000, () -> one.keys().release());
                }
                sim.world().at(t + 30_000_000, () -> one.hook().set(false));
                sim.world().at(t + 40_000_000, () -> two.network().setLink(false));
                sim.world().at(t + 42_000_000, () -> two.network().setLink(true));
            }
            sim.runMs(minutes * 60_000);
            long digits = sim.events().stream().filter(e -> e.device().equals(two.name())
                && e.kind().equals("console") && e.value().startsWith("mediaecho: digit ")
                && !e.value().contains("ended")).count();
            assertEquals(12 * minutes, digits, "every digit arrived once");
            assertTrue(sim.events().stream().anyMatch(e -> e.device().equals(two.name()) && e.kind().equals("sound")
                && e.value().startsWith("1000 Hz")), "the tone crossed the call");
            for (SimPhone p : List.of(one, two)) {
                assertEquals(0, p.missionAllocatedBytes(),
                    top + ": bytes allocated by " + p.name() + "'s firmware thread after init, over " + minutes
                        + " virtual minutes of a call");
            }
        }
    }

    static boolean isTone(TraceEvent e) {
        return e.kind().equals("sound") && e.value().endsWith("dBFS");
    }
}
