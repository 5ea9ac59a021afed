package org.firmerware.tools.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.WavFile;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.ip6.HostPackets;
import org.firmerware.tools.run.ip6.LanHost;
import org.firmerware.tools.run.ip6.Parsed;
import org.junit.jupiter.api.Test;

/**
 * The porting tests on the BT200's register-level simulator: its real drivers against models of its chips. Each test
 * plays the same inputs on {@code bt200} and on {@code sim} and asserts that a person sees and hears the same thing:
 * the visible trace (lights, display, sound; console lines aside, since the BT200 has no serial port) is equal, event
 * for event and to the millisecond. The assertions of {@link PortingTestsOnSimTest} are repeated on the BT200's trace.
 *
 * <h2>What differs, and why</h2>
 * <ul>
 *   <li><b>Wake-ups.</b> The BT200 raises no interrupt for its keys or its hook switch, so the board polls them: every
 *       50 ms at rest, every 10 ms while a key is down. The phone thus wakes 20 times a second where the simulated
 *       phone (whose keys interrupt) sleeps; the visible trace is the same because the test's key and hook events fall
 *       on the poll grid (a person's would be seen up to 50 ms later).</li>
 *   <li><b>Random delays</b> of IPv6 (RFC 4861 jitter) come from the board's entropy: timer jitter on the BT200, a
 *       seeded generator on {@code sim}; so ping6's frames go out at other times, and only its outcome is compared.</li>
 * </ul>
 * Every test also asserts that the hardware models found no error in the firmware's use of the chips.
 */
class PortingTestsOnBt200Test {

    /** A run on one board: the inputs, scheduled on the simulation and its phone. */
    private static Simulation run(String board, String top, long ms, BiConsumer<Simulation, Phone> inputs) {
        return run(board, Tops.named(top), c -> { }, ms, inputs);
    }

    private static Simulation run(String board, Tops.Entry top, java.util.function.Consumer<
            org.firmerware.boards.sim.hw.SimPhone.Config> tweak, long ms, BiConsumer<Simulation, Phone> inputs) {
        Simulation sim = Simulation.of(board);
        Phone phone = sim.addPhone(top, tweak);
        inputs.accept(sim, phone);
        sim.runMs(ms);
        assertFalse(phone.isHalted(), () -> board + ": the firmware stopped: " + phone.crash());
        assertEquals(List.of(), phone.hardwareErrors(), board + ": hardware model errors");
        return sim;
    }

    private static Phone phone(Simulation sim) {
        return sim.world().phones().get(0);
    }

    /** The visible events (console aside), as "ms kind name value". */
    private static List<String> visible(Simulation sim) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : sim.events()) {
            if (e.isVisible() && !e.kind().equals("console")) {
                out.add(e.timeMs() + " " + e.kind() + " " + e.name() + " " + e.value());
            }
        }
        return out;
    }

    private static List<String> values(List<TraceEvent> events) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            out.add(e.timeMs() + " " + e.value());
        }
        return out;
    }

    /** Runs both boards with the same inputs and asserts the same visible trace; returns the BT200's run. */
    private static Simulation sameAsSim(String top, long ms, BiConsumer<Simulation, Phone> inputs) {
        List<String> expected;
        try (Simulation sim = run("sim", top, ms, inputs)) {
            expected = visible(sim);
        }
        Simulation bt200 = run("bt200", top, ms, inputs);
        assertEquals(expected, visible(bt200), "the BT200 shows what the simulated phone shows");
        return bt200;
    }

    @Test
    void timer2ledTogglesTheMessageLampEvery500msBetweenKeyPolls() {
        try (Simulation sim = sameAsSim("timer2led", 10_000, (s, p) -> { })) {
            List<TraceEvent> led = sim.events("led", "message");
            assertEquals(20, led.size(), "20 changes in 10 s");
            for (int i = 0; i < led.size(); i++) {
                assertEquals(500L * (i + 1), led.get(i).timeMs());
                assertEquals(i % 2 == 0 ? "on" : "off", led.get(i).value());
            }
            // Inherent: the keys and the hook are polled every 50 ms, so the phone wakes 20 times a second; each time by
            // its one timer interrupt (the kernel's poll timer and the LED's timer share the alarm at 500 ms).
            List<TraceEvent> wakes = sim.events("cpu", "wake");
            assertEquals(200, wakes.size());
            for (int i = 0; i < wakes.size(); i++) {
                assertEquals(50L * (i + 1), wakes.get(i).timeMs());
                assertEquals("alarm", wakes.get(i).value());
            }
            assertEquals(200, sim.world().wakeUps());
        }
    }

    @Test
    void timer2ledKeepsItsPhaseAcrossTheWrapOfTheMillisecondClock() {
        // GPT1 powers up 2.25 s before its 32-bit millisecond count wraps.
        try (Simulation sim = run("bt200", Tops.named("timer2led"), c -> c.clockOriginMs = -2250, 5_000,
                (s, p) -> { })) {
            assertEquals(List.of("500 on", "1000 off", "1500 on", "2000 off", "2500 on", "3000 off", "3500 on",
                "4000 off", "4500 on", "5000 off"), values(sim.events("led", "message")));
        }
    }

    @Test
    void switch2ledFollowsTheHookSwitchThroughGpio5() {
        try (Simulation sim = sameAsSim("switch2led", 3_000, (s, p) -> {
            s.world().at(1_000_000, () -> p.hook().set(true));
            s.world().at(2_000_000, () -> p.hook().set(false));
            s.world().at(2_100_000, () -> p.hook().set(true));
        })) {
            assertEquals(List.of("1000 on", "2000 off", "2100 on"), values(sim.events("led", "message")));
            assertEquals(List.of("0 on hook", "1000 off hook", "2000 on hook", "2100 off hook"),
                values(sim.events("display", "text")));
            // Inherent: 60 polls in 3 s rather than 3 hook interrupts.
            assertEquals(60, sim.world().wakeUps());
        }
    }

    @Test
    void keys2displayScansTheMatrixAndShowsDigitsWithPoints() {
        try (Simulation sim = sameAsSim("keys2display", 6_000, (s, p) -> {
            String keys = "192*168*0*1";
            for (int i = 0; i < keys.length(); i++) {
                int code = keys.charAt(i);
                s.world().at(1_000_000 + i * 200_000L, () -> p.keys().press(Buttons.DTMF, code));
                s.world().at(1_050_000 + i * 200_000L, () -> p.keys().release());
            }
            s.world().at(4_000_000, () -> p.keys().press(Buttons.FIXED_FUNCTION, Buttons.KEY_HOLD));
            s.world().at(4_500_000, () -> p.keys().release());
            s.world().at(5_000_000, () -> p.keys().press(Buttons.DTMF, '#'));
            s.world().at(5_100_000, () -> p.keys().release());
        })) {
            List<String> text = values(sim.events("display", "text"));
            assertEquals("0 keys", text.get(0));
            assertTrue(text.contains("3000 192.168.0-1"), text.toString());
            assertEquals(List.of("4000 hold", "4500 192.168.0-1", "5000 keys"), text.subList(text.size() - 3,
                text.size()));
            List<String> led = values(sim.events("led", "message"));
            assertEquals("1000 on", led.get(0));
            assertEquals("1050 off", led.get(1));
        }
    }

    @Test
    void everyKeyOfTheMatrixIsScannedWithItsCode() {
        String layout = org.firmerware.boards.bt200.Bt200Map.KEY_CODES;
        try (Simulation sim = sameAsSim("keys2display", 7_000, (s, p) -> {
            for (int k = 0; k < layout.length(); k++) {
                int code = layout.charAt(k);
                int keyClass = k / 5 <= 3 && k % 5 <= 2 ? Buttons.DTMF : Buttons.FIXED_FUNCTION;
                s.world().at(500_000 + k * 200_000L, () -> p.keys().press(keyClass, code));
                s.world().at(600_000 + k * 200_000L, () -> p.keys().release());
            }
        })) {
            assertEquals(2 * layout.length(), sim.events("led", "message").size(), "every key lit the lamp once");
        }
    }

    @Test
    void echoPlaysByHookStateAndRecordsWhatTheCodecModelHears() {
        short[] tone = new short[8000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        try (Simulation sim = sameAsSim("echo", 7_000, (s, p) -> {
            s.world().at(1_000_000, () -> p.hook().set(true));
            s.world().feedMicrophone(p, 2_000_000, new WavFile(8000, tone));
            s.world().at(5_000_000, () -> p.keys().press(Buttons.FIXED_FUNCTION, Buttons.KEY_DOWN));
            s.world().at(5_100_000, () -> p.keys().release());
            s.world().at(6_000_000, () -> p.hook().set(false));
        })) {
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
            // The record path: McBSP1 and DMA channel 0 brought the microphone's 440 Hz into the ring, and the top
            // played it back a second later.
            assertTrue(heard.contains("handset 440 Hz -15 dBFS"), heard.toString());
            TraceEvent echo = null;
            for (TraceEvent e : sim.events("sound", "handset")) {
                if (e.value().startsWith("440 Hz") && echo == null) {
                    echo = e;
                }
            }
            long delayMs = echo.timeMs() - 2000;
            assertTrue(delayMs >= 1000 && delayMs <= 1100, "the echo comes 1 s later: " + delayMs + " ms");
            assertEquals("speaker 1000 Hz -9 dBFS", heard.get(heard.size() - 1));
            Phone phone = phone(sim);
            assertTrue(((org.firmerware.boards.bt200.sim.Bt200Phone) phone).soundBlocks() > 800,
                "the DMA moved a block every 8 ms");
        }
    }

    @Test
    void aBt200AndASimulatedPhoneShareOneWorldAndLan() {
        try (Simulation sim = Simulation.of("sim")) {
            Phone simulated = sim.addPhone("ping6");
            Simulation.prepareMission(org.firmerware.tools.profile.BoardProfile.named("bt200"), Tops.named("ping6"));
            org.firmerware.boards.sim.hw.SimPhone.Config c = Simulation.configFrom(
                org.firmerware.tools.profile.BoardProfile.named("bt200"), 2);
            c.name = "bt200";
            Phone bt200 = sim.world().add(new org.firmerware.boards.bt200.sim.Bt200Simulator().create(c,
                board -> org.firmerware.kernel.Kernel.boot(board, new org.firmerware.porting.ping6.Ping6())::run));
            byte[] hostMac = HostPackets.mac(2, 0, 0, 0, 0, 0x10);
            byte[] hostLl = HostPackets.addr("fe80::10");
            LanHost host = new LanHost(sim.world());
            host.react(f -> {
                if (f.isIcmp(135) && Arrays.equals(f.target(), hostLl)) {
                    host.send(HostPackets.icmpFrame(Arrays.copyOfRange(f.f, 6, 12), hostMac, hostLl, f.src, 255, 136,
                        0, HostPackets.naBody(0x60, hostLl, HostPackets.tlla(hostMac))));
                }
            });
            int n = 0;
            for (Phone p : List.of(simulated, bt200)) {
                byte[] mac = p.network().mac();
                byte[] ll = HostPackets.addr("fe80::");
                byte[] eui64 = {(byte) (mac[0] ^ 2), mac[1], mac[2], (byte) 0xFF, (byte) 0xFE, mac[3], mac[4], mac[5]};
                System.arraycopy(eui64, 0, ll, 8, 8);
                host.sendAt(3_000_000 + 100_000L * n++, HostPackets.icmpFrame(mac, hostMac, hostLl, ll, 64, 128, 0,
                    HostPackets.bytes(0, 1, 0, n)));
            }
            sim.runMs(4_000);
            assertEquals(2, host.icmp(129).size(), "both phones answered");
            for (String name : List.of("phone", "bt200")) {
                assertTrue(sim.events("display", "text").stream().anyMatch(e -> e.device().equals(name)
                    && e.value().equals("ip6 link")), name + " formed its link-local address");
            }
            assertEquals(List.of(), bt200.hardwareErrors());
            assertFalse(simulated.isHalted() || bt200.isHalted());
        }
    }

    @Test
    void ping6FormsItsLinkLocalAddressAndAnswersPingsThroughTheKsz8842() {
        byte[] phoneMac = HostPackets.mac(2, 0, 0, 0, 0, 1);
        byte[] phoneLl = HostPackets.addr("fe80::ff:fe00:1");
        byte[] hostMac = HostPackets.mac(2, 0, 0, 0, 0, 0x10);
        byte[] hostLl = HostPackets.addr("fe80::10");
        List<LanHost> hosts = new ArrayList<>();
        try (Simulation sim = run("bt200", "ping6", 4_000, (s, p) -> {
            LanHost host = new LanHost(s.world());
            hosts.add(host);
            host.react(f -> {
                if (f.isIcmp(135) && Arrays.equals(f.target(), hostLl)) {
                    host.send(HostPackets.icmpFrame(Arrays.copyOfRange(f.f, 6, 12), hostMac, hostLl, f.src, 255, 136,
                        0, HostPackets.naBody(0x60, hostLl, HostPackets.tlla(hostMac))));
                }
            });
            byte[] data = HostPackets.concat(HostPackets.bytes(0x12, 0x34, 0, 1), "hello, BT200".getBytes());
            host.sendAt(3_000_000, HostPackets.icmpFrame(phoneMac, hostMac, hostLl, phoneLl, 64, 128, 0, data));
        })) {
            List<String> texts = values(sim.events("display", "text"));
            assertTrue(texts.stream().anyMatch(t -> t.endsWith(" ip6 link")), texts.toString());
            List<Parsed> replies = hosts.get(0).icmp(129);
            assertEquals(1, replies.size());
            Parsed reply = replies.get(0);
            assertArrayEquals(phoneLl, reply.src);
            assertArrayEquals(hostLl, reply.dst);
            assertTrue(reply.checksumOk());
            assertArrayEquals(phoneMac, Arrays.copyOfRange(reply.f, 6, 12), "the MAC address read from the flash");
        }
    }
}
