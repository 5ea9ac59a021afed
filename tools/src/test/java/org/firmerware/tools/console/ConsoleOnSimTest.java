package org.firmerware.tools.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.LanPeer;
import org.firmerware.boards.sim.world.Script;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.World;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The network console of the {@code netconsole} porting test on the simulated phone, reached by the host console
 * client (the code of {@code fw console}) as a peer on the virtual LAN, in virtual time.
 */
class ConsoleOnSimTest {

    private static final byte[] PHONE = {2, 0, 0, 0, 0, 1};
    private static final byte[] HOST = {2, 0, 0, 0, (byte) 0xff, 1};
    private static final Pattern LOG_LINE = Pattern.compile("\\[(\\d+)\\.(\\d{3})\\] (.*)");

    /** A station that puts broadcast frames (an experimental EtherType) on the LAN. */
    private static final class Broadcaster implements LanPeer {
        private final World world;

        Broadcaster(World world) {
            this.world = world;
            world.lan().attach(this);
        }

        @Override
        public void receive(byte[] frame, long timeUs) {
        }

        /** One broadcast frame from 02:00:00:00:ee:{n} at a virtual time. */
        void broadcastAt(long timeUs, int n) {
            byte[] f = new byte[60];
            for (int i = 0; i < 6; i++) {
                f[i] = (byte) 0xFF;
            }
            f[6] = 2;
            f[10] = (byte) 0xEE;
            f[11] = (byte) n;
            f[12] = (byte) 0x88;
            f[13] = (byte) 0xB5;
            world.at(timeUs, () -> world.lan().send(this, f));
        }
    }

    /** The texts of the log lines the client printed, in order; other text (answers) is left out. */
    private static List<String> logLines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Matcher m = LOG_LINE.matcher(line);
            if (m.matches()) {
                out.add(m.group(3));
            }
        }
        return out;
    }

    /** Every line the phone logged, in order (from the trace of its log port). */
    private static List<String> phoneLog(Simulation sim) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : sim.events("console", "log")) {
            out.add(e.value());
        }
        return out;
    }

    /** Also a zero-allocation proof: it runs interpreted with the others (tag, see tools/pom.xml). */
    @Test
    @Tag("zero-allocation")
    void everyLogLineArrivesOnceAndInOrderThrough20PercentLossBothWays() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("netconsole");
            SimConsolePeer host = new SimConsolePeer(sim.world(), HOST, null, 7, 20, 200);
            Broadcaster b = new Broadcaster(sim.world());
            host.startAt(500_000);
            for (int i = 0; i < 600; i++) {
                b.broadcastAt(1_000_000 + i * 100_000L, i);
            }
            sim.runMs(75_000);

            List<String> expected = phoneLog(sim);
            assertTrue(expected.size() > 600, "the phone logged every broadcast: " + expected.size());
            assertEquals("firmerware kernel on board sim", expected.get(0));
            assertTrue(expected.contains("netconsole: broadcast from 02:00:00:00:ee:07"));
            assertEquals(expected, logLines(host.text()), "every line once, in order, from the first one");
            assertEquals(1, host.client.connectionCount(), "one connection all along: " + host.statuses);
            assertTrue(host.statuses.get(0).endsWith("found a console at 02:00:00:00:00:01"), host.statuses.toString());
            assertTrue(host.dropped > 100, "frames were lost: " + host.dropped);
            assertTrue(host.client.link().pollCount() > 0, "the client polled after losses");
            assertFalse(phone.isHalted());
            assertEquals(0, phone.missionAllocatedBytes(), "the firmware allocated nothing after init");
        }
    }

    @Test
    void theTimeStampsAreThePhonesAndRise() {
        try (Simulation sim = Simulation.of("sim")) {
            sim.addPhone("netconsole");
            SimConsolePeer host = new SimConsolePeer(sim.world(), HOST, PHONE, 1, 0, 200);
            Broadcaster b = new Broadcaster(sim.world());
            host.startAt(100_000);
            b.broadcastAt(2_345_000, 1);
            sim.runMs(3_000);
            assertTrue(host.text().contains("[2.345] netconsole: broadcast from 02:00:00:00:ee:01\n"), host.text());
            assertTrue(host.text().startsWith("firmerware console on board sim, 02:00:00:00:00:01; type help\n"
                + "[0.000] firmerware kernel on board sim\n"), host.text());
        }
    }

    /** Also a zero-allocation proof: it runs interpreted with the others (tag, see tools/pom.xml). */
    @Test
    @Tag("zero-allocation")
    void commandsAreAnsweredToTheAskingPeer() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("netconsole");
            SimConsolePeer host = new SimConsolePeer(sim.world(), HOST, PHONE, 3, 20, 200);
            host.startAt(100_000);
            host.typeAt(2_000_000, "help");
            host.typeAt(4_000_000, "NET");
            host.typeAt(6_000_000, "  bogus  ");
            host.typeAt(8_000_000, "log");
            sim.runMs(12_000);
            String text = host.text();
            assertTrue(text.contains("commands: help; log (replay the log ring); net"), text);
            assertTrue(text.contains("mac 02:00:00:00:00:01, link up\n"), text);
            assertTrue(text.contains("\nethernet: received "), text);
            assertTrue(text.contains("\nllc: received "), text);
            assertTrue(text.contains("llc2 link 0: 02:00:00:00:ff:01 sap 14<>14 NORMAL"), text);
            assertTrue(text.contains("llc2 link 1: free"), text);
            assertTrue(text.contains("unknown command 'bogus'; try help\n"), text);
            assertTrue(text.contains("log: lines 0 to "), text);
            List<String> lines = logLines(text);
            assertEquals(2, lines.stream().filter("firmerware kernel on board sim"::equals).count(),
                "log replays the ring: " + lines);
            assertEquals(1, host.client.connectionCount());
            assertEquals(0, phone.missionAllocatedBytes(), "commands are parsed and answered in place");
        }
    }

    @Test
    void rebootRestartsThePhoneAndTheClientReconnectsToTheNewLog() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("netconsole");
            SimConsolePeer host = new SimConsolePeer(sim.world(), HOST, PHONE, 5, 0, 200);
            host.startAt(100_000);
            host.typeAt(2_000_000, "reboot");
            sim.runMs(8_000);
            assertEquals(2, phone.bootCount());
            assertEquals(2, host.client.connectionCount(), host.statuses.toString());
            assertTrue(host.client.isConnected());
            assertTrue(host.text().contains("rebooting\n"), host.text());
            List<String> lines = logLines(host.text());
            assertTrue(lines.contains("console: reboot asked by 02:00:00:00:ff:01"), lines.toString());
            assertEquals("firmerware kernel on board sim", lines.get(lines.lastIndexOf("console: reboot asked by "
                + "02:00:00:00:ff:01") + 1), "after the reboot the new log comes from its first line: " + lines);
            assertTrue(host.statuses.stream().anyMatch(s -> s.contains("disconnected: closed by the peer")),
                host.statuses.toString());
        }
    }

    @Test
    void aPhoneThatForgotTheConnectionIsFoundAgainByTheIdlePoll() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("netconsole");
            SimConsolePeer host = new SimConsolePeer(sim.world(), HOST, PHONE, 5, 0, 200);
            host.startAt(100_000);
            sim.world().at(2_000_000, () -> phone.network().setLink(false));
            sim.world().at(2_001_000, () -> phone.network().setLink(true));
            sim.runMs(2_500 + ConsoleClient.IDLE_POLL_MS + ConsoleClient.RECONNECT_DELAY_MS + 1000);
            assertEquals(2, host.client.connectionCount(), host.statuses.toString());
            assertTrue(host.statuses.stream().anyMatch(s -> s.contains("disconnected: the peer is disconnected")),
                host.statuses.toString());
        }
    }

    @Test
    void netconsoleShowsOnlineAndOfflineAndTheClientComesBackAfterTheCable() throws Exception {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("netconsole");
            SimConsolePeer host = new SimConsolePeer(sim.world(), HOST, PHONE, 9, 0, 200);
            host.startAt(100_000);
            Script.parse(Path.of("link.script"), List.of("2s link down", "12s link up")).schedule(sim.world());
            sim.runMs(30_000);
            List<String> display = new ArrayList<>();
            for (TraceEvent e : sim.events("display", null)) {
                display.add(e.timeMs() + " " + e.name() + " " + e.value());
            }
            assertEquals(List.of("0 text online", "0 network on", "2000 text offline", "2000 network off",
                "12000 text online", "12000 network on"), display);
            List<String> log = phoneLog(sim);
            assertTrue(log.contains("network offline"), log.toString());
            assertTrue(log.contains("console: 02:00:00:00:ff:01 disconnected: link down"), log.toString());
            assertEquals(2, host.client.connectionCount(), host.statuses.toString());
            assertTrue(host.client.isConnected());
        }
    }

    @Test
    void linesThatLeaveTheRingBeforeTheyAreSentAreReportedAsLost() {
        try (Simulation sim = Simulation.of("sim")) {
            sim.addPhone("netconsole");
            // A slow peer: 50 ms each way, so a window of I-PDUs takes 100 ms; the phone logs faster than that.
            SimConsolePeer host = new SimConsolePeer(sim.world(), HOST, PHONE, 11, 0, 50_000);
            Broadcaster b = new Broadcaster(sim.world());
            host.startAt(100_000);
            for (int i = 0; i < 2000; i++) {
                b.broadcastAt(1_000_000 + i * 250L, i & 0xFF);
            }
            sim.runMs(10_000);
            List<String> expected = phoneLog(sim);
            List<String> got = logLines(host.text());
            int lost = 0;
            Matcher m = Pattern.compile("\\[\\.\\.\\. (\\d+) lines? lost\\]").matcher(host.text());
            while (m.find()) {
                lost += Integer.parseInt(m.group(1));
            }
            assertTrue(lost > 0, "lines were lost");
            assertEquals(expected.size(), got.size() + lost, "every line is either received or counted as lost");
            int at = 0;
            for (String line : got) {
                at = expected.subList(at, expected.size()).indexOf(line) + at + 1;
                assertTrue(at > 0, "in order: " + line);
            }
        }
    }

    @Test
    void atTheEndOfInputTheClientDeliversTheLinesPrintsTheAnswersAndDisconnects() {
        try (Simulation sim = Simulation.of("sim")) {
            sim.addPhone("netconsole");
            SimConsolePeer host = new SimConsolePeer(sim.world(), HOST, null, 13, 20, 200);
            host.typeAt(50_000, "net");
            host.closeAt(60_000); // like 'echo net | fw console': the input ends before the phone is even found
            host.startAt(100_000);
            sim.runMs(20_000);
            assertTrue(host.client.isFinished(), host.statuses.toString());
            assertEquals(ConsoleClient.EXIT_OK, host.client.exitCode());
            assertTrue(host.text().contains("mac 02:00:00:00:00:01, link up"), host.text());
            assertTrue(logLines(host.text()).contains("firmerware kernel on board sim"));
            assertTrue(phoneLog(sim).contains("console: 02:00:00:00:ff:01 disconnected: closed by the peer"),
                phoneLog(sim).toString());
        }
    }

    @Test
    void aThirdConsoleIsRefusedWhileTwoAreConnectedAndGetsInWhenOneLeaves() {
        try (Simulation sim = Simulation.of("sim")) {
            sim.addPhone("netconsole");
            SimConsolePeer one = new SimConsolePeer(sim.world(), HOST, PHONE, 1, 0, 200);
            SimConsolePeer two = new SimConsolePeer(sim.world(), new byte[] {2, 0, 0, 0, (byte) 0xff, 2}, PHONE, 2, 0,
                200);
            SimConsolePeer three = new SimConsolePeer(sim.world(), new byte[] {2, 0, 0, 0, (byte) 0xff, 3}, PHONE, 3,
                0, 200);
            one.startAt(100_000);
            two.startAt(200_000);
            three.startAt(300_000);
            one.closeAt(3_000_000);
            sim.runMs(8_000);
            assertTrue(one.client.isFinished());
            assertTrue(two.client.isConnected());
            assertTrue(three.client.isConnected(), three.statuses.toString());
            assertTrue(three.statuses.get(0).contains("the phone refused the connection"), three.statuses.toString());
            assertTrue(logLines(two.text()).contains("console: 02:00:00:00:ff:03 connected"), two.text());
        }
    }

    @Test
    void withoutAnAnswerTheClientSaysSo() {
        try (Simulation sim = Simulation.of("sim")) {
            sim.addPhone("timer2led");
            SimConsolePeer host = new SimConsolePeer(sim.world(), HOST, null, 1, 0, 200);
            host.startAt(100_000);
            sim.runMs(10_000);
            assertTrue(host.client.isFinished());
            assertEquals(ConsoleClient.EXIT_NO_ANSWER, host.client.exitCode());
            assertTrue(host.statuses.get(0).contains("is the phone on this link?"), host.statuses.toString());

            SimConsolePeer direct = new SimConsolePeer(sim.world(), new byte[] {2, 0, 0, 0, (byte) 0xff, 2}, PHONE, 1,
                0, 200);
            direct.startAt(10_100_000);
            sim.runMs(10_000);
            assertEquals(ConsoleClient.EXIT_NO_ANSWER, direct.client.exitCode());
            assertTrue(direct.statuses.get(0).contains("no answer from 02:00:00:00:00:01"), direct.statuses.toString());
        }
    }
}
