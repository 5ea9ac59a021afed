package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.WavFile;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dynamic zero-allocation proof of the SIP phone with its media: two phones with two lines call each other every
 * minute for six minutes of virtual time (dial tone, ringback, ringer, answer, a 1 kHz tone through each microphone
 * across the call as RTP, DTMF both ways as RFC 4733 events, hold and resume by re-INVITE, mute, volume, hang up from
 * either side, cancel while ringing; every third minute a second call on the other line with the call-waiting tone,
 * taken with flash so that the first is held and the second heard, and back), with malformed datagrams thrown at the
 * SIP port in between; neither firmware thread allocates a byte after init. Interpreted ({@code -Xint}), like every
 * zero-allocation proof (tools/pom.xml).
 */
@Tag("zero-allocation")
class PhoneZeroAllocationTest {

    @Test
    void callsWithMediaHoldLinesAndGarbageAllocateNothing() {
        int minutes = 6;
        try (Simulation sim = Simulation.of("sim")) {
            byte[] config = "lines = 2\n".getBytes(StandardCharsets.US_ASCII);
            SimPhone p1 = sim.addPhone(Tops.named("phone"), c -> {
                c.flashContents.put("config", config);
                c.seed = 11;
            });
            SimPhone p2 = sim.addPhone(Tops.named("phone"), c -> {
                c.flashContents.put("config", config);
                c.seed = 22;
            });
            System.gc();
            Random random = new Random(3);
            SipInjector garbage = new SipInjector(sim.world());
            WavFile tone = new WavFile(16000, MediaEchoOnSimTest.tone(16000, 1000, 8000, 2));
            for (int m = 0; m < minutes; m++) {
                long t = 3_000_000L + m * 60_000_000L;
                SimPhone caller = m % 2 == 0 ? p2 : p1;
                SimPhone callee = m % 2 == 0 ? p1 : p2;
                String dial = m % 2 == 0 ? PhonesOnSimTest.DIAL_PHONE1 : PhonesOnSimTest.DIAL_PHONE2;
                sim.world().at(t, () -> caller.hook().set(true));
                long d = type(sim, caller, dial, t + 200_000);
                key(sim, caller, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND, d);
                if (m % 5 == 4) {
                    // Cancelled while ringing.
                    sim.world().at(d + 2_000_000, () -> caller.hook().set(false));
                    continue;
                }
                sim.world().at(d + 2_000_000, () -> callee.hook().set(true));
                sim.world().feedMicrophone(caller, d + 3_000_000, tone);
                sim.world().feedMicrophone(callee, d + 5_500_000, tone);
                key(sim, caller, Buttons.DTMF, '5', d + 4_000_000);
                key(sim, callee, Buttons.DTMF, '#', d + 8_000_000);
                key(sim, caller, Buttons.FIXED_FUNCTION, Buttons.KEY_HOLD, d + 9_000_000);
                key(sim, caller, Buttons.FIXED_FUNCTION, Buttons.KEY_HOLD, d + 11_000_000);
                key(sim, callee, Buttons.FIXED_FUNCTION, Buttons.KEY_MUTE, d + 12_000_000);
                key(sim, callee, Buttons.FIXED_FUNCTION, Buttons.KEY_MUTE, d + 13_000_000);
                key(sim, callee, Buttons.FIXED_FUNCTION, Buttons.KEY_UP, d + 13_500_000);
                for (int g = 0; g < 40; g++) {
                    byte[] datagram = SipInjector.mutated(random);
                    sim.world().at(d + 10_000_000 + g * 50_000L, () -> garbage.sendTo(p1, datagram));
                }
                SimPhone ender = m % 3 == 0 ? callee : caller;
                SimPhone other = ender == caller ? callee : caller;
                if (m % 3 == 1) {
                    // A second call from the caller's other line: call waiting on the callee, taken with flash (the
                    // first call is held, the second heard), a tone across it, then back to the first.
                    key(sim, caller, Buttons.FIXED_FUNCTION, Buttons.KEY_FLASH, d + 14_000_000);
                    long d2 = type(sim, caller, dial, d + 14_200_000);
                    key(sim, caller, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND, d2);
                    key(sim, callee, Buttons.FIXED_FUNCTION, Buttons.KEY_FLASH, d2 + 2_000_000);
                    sim.world().feedMicrophone(caller, d2 + 3_000_000, tone);
                    key(sim, callee, Buttons.FIXED_FUNCTION, Buttons.KEY_FLASH, d2 + 6_000_000);
                    // Each side hangs up both lines: on hook ends the current one, and the other becomes current.
                    for (SimPhone p : new SimPhone[] {ender, other}) {
                        long at = d2 + (p == ender ? 8_000_000 : 12_000_000);
                        sim.world().at(at, () -> p.hook().set(false));
                        sim.world().at(at + 1_000_000, () -> p.hook().set(true));
                        sim.world().at(at + 2_000_000, () -> p.hook().set(false));
                    }
                    continue;
                }
                sim.world().at(d + 20_000_000, () -> ender.hook().set(false));
                sim.world().at(d + 22_000_000, () -> other.hook().set(false));
            }
            sim.runMs(minutes * 60_000L + 5_000);
            assertTrue(garbage.sent() >= 150, "garbage sent: " + garbage.sent());
            long connected = sim.events("console", "log").stream().filter(e -> e.value().contains(" connected to "))
                .count();
            assertTrue(connected >= minutes * 3 / 4, "calls connected: " + connected);
            long heard = sim.events().stream().filter(e -> e.kind().equals("sound") && e.value().startsWith("1000 Hz"))
                .count();
            assertTrue(heard >= minutes, "the tone crossed the calls: " + heard);
            long digits = sim.events("console", "log").stream().filter(e -> e.value().contains(" received DTMF "))
                .count();
            assertTrue(digits >= minutes, "digits received: " + digits);
            long second = sim.events("console", "log").stream().filter(e -> e.value().contains("line 2 answered"))
                .count();
            assertTrue(second >= 1, "a second call answered on line 2: " + second);
            System.out.printf("PhoneZeroAllocationTest: %d calls connected (%d on line 2), %d changes to 1000 Hz heard,"
                + " %d digits received, %d malformed datagrams%n", connected, second, heard, digits, garbage.sent());
            assertEquals(0, p1.missionAllocatedBytes(), "phone 1: bytes allocated after init");
            assertEquals(0, p2.missionAllocatedBytes(), "phone 2: bytes allocated after init");
        }
    }

    /** Three phones with two lines each and their own seeds. */
    static SimPhone[] threePhones(Simulation sim) {
        byte[] config = "lines = 2\n".getBytes(StandardCharsets.US_ASCII);
        SimPhone[] p = new SimPhone[3];
        for (int i = 0; i < 3; i++) {
            int seed = 11 * (i + 1);
            p[i] = sim.addPhone(Tops.named("phone"), c -> {
                c.flashContents.put("config", config);
                c.seed = seed;
            });
        }
        return p;
    }

    /**
     * Transfers between three phones allocate nothing either: every minute phone 1 calls phone 2 and transfers it to
     * phone 3, blind (transfer, the number, send) and attended (a call to phone 3 on line 2, then transfer) in turn,
     * with a tone across the new call; phone 2 (transferee) and phone 3 (target, answering the Replaces) do their part.
     */
    @Test
    void transfersAllocateNothing() {
        int minutes = 4;
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone[] p = threePhones(sim);
            System.gc();
            WavFile tone = new WavFile(16000, MediaEchoOnSimTest.tone(16000, 1000, 8000, 2));
            for (int m = 0; m < minutes; m++) {
                long t = 3_000_000L + m * 60_000_000L;
                sim.world().at(t, () -> p[0].hook().set(true));
                long d = type(sim, p[0], PhonesOnSimTest.DIAL_PHONE2, t + 200_000);
                key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_SEND, d);
                sim.world().at(d + 1_000_000, () -> p[1].hook().set(true));
                long x;
                if (m % 2 == 0) {
                    key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_TRANSFER, d + 3_000_000);
                    x = type(sim, p[0], TransferOnSimTest.DIAL_PHONE3, d + 3_500_000);
                    key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_SEND, x);
                    sim.world().at(x + 1_000_000, () -> p[2].hook().set(true));
                } else {
                    key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_FLASH, d + 3_000_000);
                    x = type(sim, p[0], TransferOnSimTest.DIAL_PHONE3, d + 3_500_000);
                    key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_SEND, x);
                    sim.world().at(x + 1_000_000, () -> p[2].hook().set(true));
                    key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_TRANSFER, x + 3_000_000);
                }
                sim.world().feedMicrophone(p[2], x + 6_000_000, tone);
                sim.world().at(x + 8_000_000, () -> p[0].hook().set(false));
                sim.world().at(x + 12_000_000, () -> p[2].hook().set(false));
                sim.world().at(x + 13_000_000, () -> p[1].hook().set(false));
            }
            sim.runMs(minutes * 60_000L + 5_000);
            long transferred = sim.events("console", "log").stream()
                .filter(e -> e.value().matches("sip: line \\d transferred \\(200\\)")).count();
            assertEquals(minutes, transferred, "transfers that succeeded");
            long replaced = sim.events("console", "log").stream().filter(e -> e.value().contains(" replaces line "))
                .count();
            assertEquals(minutes / 2, replaced, "attended transfers");
            System.out.printf("PhoneZeroAllocationTest: %d transfers (%d attended)%n", transferred, replaced);
            for (int i = 0; i < 3; i++) {
                assertEquals(0, p[i].missionAllocatedBytes(), "phone " + (i + 1) + ": bytes allocated after init");
            }
        }
    }

    /**
     * Conferences allocate nothing: every minute phone 1 calls phone 2, holds it, calls phone 3, joins the two
     * (conference), with a tone from each phone in turn, splits and joins again, and hangs up both.
     */
    @Test
    void conferencesAllocateNothing() {
        int minutes = 2;
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone[] p = threePhones(sim);
            System.gc();
            WavFile tone = new WavFile(16000, MediaEchoOnSimTest.tone(16000, 1000, 8000, 1));
            for (int m = 0; m < minutes; m++) {
                long t = 3_000_000L + m * 60_000_000L;
                sim.world().at(t, () -> p[0].hook().set(true));
                long d = type(sim, p[0], PhonesOnSimTest.DIAL_PHONE2, t + 200_000);
                key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_SEND, d);
                sim.world().at(d + 1_000_000, () -> p[1].hook().set(true));
                key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_FLASH, d + 3_000_000);
                long x = type(sim, p[0], TransferOnSimTest.DIAL_PHONE3, d + 3_500_000);
                key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_SEND, x);
                sim.world().at(x + 1_000_000, () -> p[2].hook().set(true));
                key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_CONFERENCE, x + 3_000_000);
                for (int i = 0; i < 3; i++) {
                    sim.world().feedMicrophone(p[i], x + 4_000_000 + i * 1_500_000L, tone);
                }
                key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_CONFERENCE, x + 9_000_000);
                key(sim, p[0], Buttons.FIXED_FUNCTION, Buttons.KEY_CONFERENCE, x + 11_000_000);
                sim.world().at(x + 13_000_000, () -> p[0].hook().set(false));
                sim.world().at(x + 15_000_000, () -> p[1].hook().set(false));
                sim.world().at(x + 15_000_000, () -> p[2].hook().set(false));
            }
            sim.runMs(minutes * 60_000L + 5_000);
            long joins = sim.events("console", "log").stream().filter(e -> e.value().contains(" in a conference"))
                .count();
            assertEquals(2 * minutes, joins, "conferences joined");
            long ended = sim.events("console", "log").stream()
                .filter(e -> e.value().equals("sip: line 1 ended by the other side")).count();
            assertEquals(2 * minutes, ended, "phones 2 and 3 see their calls end when phone 1 hangs up");
            System.out.printf("PhoneZeroAllocationTest: %d conferences joined%n", joins);
            for (int i = 0; i < 3; i++) {
                assertEquals(0, p[i].missionAllocatedBytes(), "phone " + (i + 1) + ": bytes allocated after init");
            }
        }
    }

    /** Schedules typing {@code keys} from {@code at}, 200 ms a key; returns the time after the last. */
    private static long type(Simulation sim, SimPhone p, String keys, long at) {
        for (int i = 0; i < keys.length(); i++) {
            key(sim, p, Buttons.DTMF, keys.charAt(i), at + 200_000L * i);
        }
        return at + 200_000L * (keys.length() + 1);
    }

    private static void key(Simulation sim, SimPhone p, int cls, int code, long at) {
        sim.world().at(at, () -> p.keys().press(cls, code));
        sim.world().at(at + 100_000, () -> p.keys().release());
    }
}
