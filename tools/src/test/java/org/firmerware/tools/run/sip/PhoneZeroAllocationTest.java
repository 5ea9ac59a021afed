package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dynamic zero-allocation proof of the SIP phone: two phones call each other every minute for half an hour of
 * virtual time (dial, ring, answer, DTMF, hold, resume, hang up from either side, cancel, busy), with malformed
 * datagrams thrown at the SIP port in between, and neither firmware thread allocates a byte after init. Interpreted
 * ({@code -Xint}), like every zero-allocation proof (tools/pom.xml).
 */
@Tag("zero-allocation")
class PhoneZeroAllocationTest {

    @Test
    void callingAnsweringHoldingAndGarbageAllocateNothing() {
        int minutes = 30;
        try (Simulation sim = Simulation.of("sim")) {
            byte[] config = "lines = 1\n".getBytes(StandardCharsets.US_ASCII);
            SimPhone p1 = sim.addPhone(Tops.named("phone"), c -> c.flashContents.put("config", config));
            SimPhone p2 = sim.addPhone(Tops.named("phone"), c -> c.flashContents.put("config", config));
            System.gc();
            Random random = new Random(3);
            SipInjector garbage = new SipInjector(sim.world());
            for (int m = 0; m < minutes; m++) {
                long t = 3_000_000L + m * 60_000_000L;
                SimPhone caller = m % 2 == 0 ? p2 : p1;
                SimPhone callee = m % 2 == 0 ? p1 : p2;
                String dial = m % 2 == 0 ? PhonesOnSimTest.DIAL_PHONE1 : PhonesOnSimTest.DIAL_PHONE2;
                sim.world().at(t, () -> caller.hook().set(true));
                for (int i = 0; i < dial.length(); i++) {
                    int code = dial.charAt(i);
                    sim.world().at(t + 200_000L * (i + 1), () -> caller.keys().press(Buttons.DTMF, code));
                    sim.world().at(t + 200_000L * (i + 1) + 100_000, () -> caller.keys().release());
                }
                long d = t + 200_000L * (dial.length() + 2);
                key(sim, caller, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND, d);
                if (m % 5 == 4) {
                    // Cancelled while ringing.
                    sim.world().at(d + 2_000_000, () -> caller.hook().set(false));
                    continue;
                }
                sim.world().at(d + 2_000_000, () -> callee.hook().set(true));
                key(sim, caller, Buttons.DTMF, '5', d + 4_000_000);
                key(sim, caller, Buttons.FIXED_FUNCTION, Buttons.KEY_HOLD, d + 6_000_000);
                key(sim, caller, Buttons.FIXED_FUNCTION, Buttons.KEY_HOLD, d + 8_000_000);
                key(sim, callee, Buttons.FIXED_FUNCTION, Buttons.KEY_MUTE, d + 9_000_000);
                key(sim, callee, Buttons.FIXED_FUNCTION, Buttons.KEY_UP, d + 9_500_000);
                // A third call attempt from the callee's side would find the caller's only line busy.
                for (int g = 0; g < 20; g++) {
                    byte[] datagram = SipInjector.mutated(random);
                    sim.world().at(d + 10_000_000 + g * 50_000L, () -> garbage.sendTo(p1, datagram));
                }
                SimPhone ender = m % 3 == 0 ? callee : caller;
                sim.world().at(d + 20_000_000, () -> ender.hook().set(false));
                SimPhone other = ender == caller ? callee : caller;
                sim.world().at(d + 22_000_000, () -> other.hook().set(false));
            }
            sim.runMs(minutes * 60_000L + 5_000);
            assertTrue(garbage.sent() > 100, "garbage sent: " + garbage.sent());
            long connected = sim.events("console", "log").stream().filter(e -> e.value().contains(" connected to "))
                .count();
            assertTrue(connected >= minutes * 3 / 4, "calls connected: " + connected);
            assertEquals(0, p1.missionAllocatedBytes(), "phone 1: bytes allocated after init");
            assertEquals(0, p2.missionAllocatedBytes(), "phone 2: bytes allocated after init");
        }
    }

    private static void key(Simulation sim, SimPhone p, int cls, int code, long at) {
        sim.world().at(at, () -> p.keys().press(cls, code));
        sim.world().at(at + 100_000, () -> p.keys().release());
    }
}
