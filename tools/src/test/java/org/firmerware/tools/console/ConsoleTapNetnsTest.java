package org.firmerware.tools.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmerware.boards.sim.world.LanPeer;
import org.firmerware.tools.net.NetnsLab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fw console} against the firmware over a real Linux link: the simulated phone runs {@code netconsole} on a TAP
 * in a network namespace, 20 % of the frames are dropped in each direction on that TAP (nftables, since this kernel
 * has no netem), and {@code fw console}, a process of its own on an AF_PACKET socket, must receive every log line
 * exactly once and in order (from the phone's first line: the phone logs its 150 test lines only once the console is
 * connected), and answer a command. Root only; fails (not skips) when {@code CI=true}.
 */
class ConsoleTapNetnsTest {

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)\\.(\\d{3})\\] (.*)$");

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("nft", "sh");
    }

    @Test
    void everyLineArrivesOnceAndInOrderThrough20PercentLossAndCommandsAreAnswered() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("netconsole");
            phone.awaitLog("firmerware kernel", Duration.ofSeconds(10));
            lab.loss("tap0", 20, 20);

            String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            String cmd = "{ sleep 8; echo net; } | '" + javaBin + "' --enable-native-access=ALL-UNNAMED -cp '"
                + System.getProperty("java.class.path") + "' org.firmerware.tools.Fw console --if tap0 --seconds 30";
            NetnsLab.Background console = lab.start("sh", "-c", cmd);
            phone.awaitLog("console: .* connected", Duration.ofSeconds(20));

            // Then broadcasts from a station on the phone's LAN: netconsole logs the sender of each, 10 lines a second
            // for 15 s, while the console streams them through the lossy link (the 4 KiB ring holds about 90 lines,
            // far more than the link falls behind).
            byte[] broadcast = new byte[60];
            java.util.Arrays.fill(broadcast, 0, 6, (byte) 0xFF);
            broadcast[6] = 2;
            broadcast[11] = 0x42;
            broadcast[12] = (byte) 0x88;
            broadcast[13] = (byte) 0xb5;
            LanPeer station = (frame, timeUs) -> { };
            phone.onWorld(() -> phone.simulation().world().lan().attach(station));
            Thread talker = new Thread(() -> {
                for (int i = 0; i < 150; i++) {
                    phone.onWorld(() -> phone.simulation().world().lan().send(station, broadcast));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            talker.setDaemon(true);
            talker.start();
            int status = console.awaitExit(Duration.ofSeconds(60));
            talker.interrupt();
            talker.join();
            assertEquals(0, status, "fw console: " + console.stderr());

            String mac = phone.mac();
            assertTrue(console.stderr().contains("found a console at " + mac), console.stderr());
            assertEquals(1, count(console.stderr(), "connected to " + mac), "one connection, no reconnect: "
                + console.stderr());

            List<String> received = new ArrayList<>();
            boolean answered = false;
            for (String line : console.stdout().split("\n")) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    received.add(m.group(3));
                } else if (line.contains("mac " + mac + ", link up")) {
                    answered = true;
                }
            }
            assertTrue(answered, "the net command is answered:\n" + console.stdout());

            List<String> logged = phone.logLines();
            assertTrue(received.size() >= 150, "the client received " + received.size() + " lines");
            assertTrue(received.size() <= logged.size());
            assertEquals(logged.subList(0, received.size()), received,
                "the client received the phone's log from its first line, each line once and in order");

            long[] dropped = lab.lossDropped("tap0");
            assertTrue(dropped[0] > 0 && dropped[1] > 0, "frames were dropped both ways: " + dropped[0] + ", "
                + dropped[1]);
        }
    }

    /**
     * Ctrl-C in an interactive console (its input still open, no time limit): it disconnects before it exits, so the
     * phone ends the link at once instead of keeping a dead one, and the exit status is 130.
     */
    @Test
    void ctrlCDisconnectsBeforeItExits() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("netconsole");
            phone.awaitLog("firmerware kernel", Duration.ofSeconds(10));
            String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            NetnsLab.Background console = lab.start("sh", "-c", "sleep 120 | '" + javaBin
                + "' --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path")
                + "' org.firmerware.tools.Fw console --if tap0");
            phone.awaitLog("console: .* connected", Duration.ofSeconds(20));
            ProcessHandle java = ProcessHandle.of(console.pid()).orElseThrow().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst().orElseThrow();
            long interruptedAt = System.nanoTime();
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(java.pid())).start().waitFor());
            phone.awaitLog("console: .* disconnected: closed by the peer", Duration.ofSeconds(3));
            long ms = (System.nanoTime() - interruptedAt) / 1_000_000;
            java.onExit().get(10, TimeUnit.SECONDS);
            assertTrue(console.stderr().contains("fw console: interrupted; disconnected"), console.stderr());
            assertTrue(ms < 3000, "the phone saw the disconnect " + ms + " ms after Ctrl-C");
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
