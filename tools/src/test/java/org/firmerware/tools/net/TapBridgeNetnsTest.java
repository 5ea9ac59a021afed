package org.firmerware.tools.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.world.TraceEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TAP bridge against the real Linux kernel, in a network namespace of each test's own: a simulated phone's frames
 * reach the kernel, the kernel's frames reach the firmware, tc and radvd act on the link, and {@code fw run --net}
 * works as a process and stops cleanly on Ctrl-C. Needs root; see {@link NetnsLab}.
 */
class TapBridgeNetnsTest {

    private static final Duration SHORT = Duration.ofSeconds(10);

    @BeforeAll
    static void needsNamespaces() {
        NetnsLab.assumeAvailable("tcpdump", "tshark", "ping", "radvd", "nft");
    }

    /** tshark's fields of the frames in a capture that pass a display filter, one line per frame. */
    private static List<String> tshark(NetnsLab lab, Path pcap, String filter, String... fields) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-Y", filter, "-T",
            "fields", "-E", "separator=/s"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        NetnsLab.Result r = lab.runOk(cmd.toArray(new String[0]));
        List<String> lines = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    private static String hex(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            b.append(String.format("%02x", (int) c));
        }
        return b.toString();
    }

    @Test
    void framesTheFirmwareSendsArriveInTheKernel() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("llcbeacon");
            Path cap = lab.dir().resolve("kernel-side.pcap");
            // -Z root: Debian's tcpdump drops to user tcpdump, who may not write the lab's folder.
            NetnsLab.Background tcpdump = lab.start("tcpdump", "-Z", "root", "-i", "tap0", "-n", "-U", "-c", "2",
                "-w", cap.toString(), "ether", "src", phone.mac());
            tcpdump.awaitOutput("listening on tap0", SHORT);
            assertEquals(0, tcpdump.awaitExit(SHORT), "tcpdump caught two beacons: " + tcpdump.stderr());

            List<String> frames = tshark(lab, cap, "llc", "eth.src", "eth.dst", "llc.dsap", "llc.ssap", "data.data");
            assertEquals(2, frames.size(), frames.toString());
            for (String f : frames) {
                String[] x = f.split(" ");
                assertEquals(phone.mac(), x[0]);
                assertEquals("ff:ff:ff:ff:ff:ff", x[1]);
                assertEquals("0x1a", x[2].toLowerCase());
                assertEquals("0x1a", x[3].toLowerCase());
                assertTrue(x[4].startsWith(hex(LlcBeacon.TEXT)), "the beacon's text: " + x[4]);
            }
            // The kernel counts them as received on the TAP.
            long rx = Long.parseLong(lab.runOk("cat", "/sys/class/net/tap0/statistics/rx_packets").stdout().trim());
            assertTrue(rx >= 2, rx + " frames received by tap0");
            phone.stop();
            assertTrue(phone.bridge().framesOut() >= 2);
            assertEquals(0, phone.bridge().writeErrors(), String.valueOf(phone.bridge().lastError()));
        }
    }

    @Test
    void framesTheKernelSendsReachTheFirmware() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("llcbeacon");
            String tapMac = phone.tapMac();
            // When the TAP goes up the kernel speaks IPv6 on it by itself (MLD reports, DAD, router solicitation).
            phone.awaitLog("^rx " + tapMac + " > 33:33:[0-9a-f:]+ 86dd \\d+$", SHORT);

            // An echo request to all nodes: 14 + 40 + 8 + 200 bytes.
            lab.awaitLinkLocal("tap0", SHORT);
            int mark = phone.events().size();
            lab.run("ping", "-6", "-c", "1", "-W", "1", "-s", "200", "ff02::1%tap0");
            phone.awaitLog(mark, "^rx " + tapMac + " > 33:33:00:00:00:01 86dd 262$", SHORT);
            phone.awaitEvent(mark, e -> e.kind().equals("net") && e.name().equals("inject")
                && e.value().startsWith("262 bytes " + tapMac + " > 33:33:00:00:00:01"), SHORT);

            // The phone's capture holds it too, with the kernel's addresses.
            List<String> echo = tshark(lab, phone.pcap(), "icmpv6.type == 128", "eth.src", "ipv6.dst", "frame.len");
            assertTrue(echo.contains(tapMac + " ff02::1 262"), echo.toString());
        }
    }

    @Test
    void randomLossOnTheTapDropsFramesInBothDirectionsUntilRemoved() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("llcbeacon");
            String tapMac = phone.tapMac();
            lab.awaitLinkLocal("tap0", SHORT);
            lab.loss("tap0", 100, 100);
            lab.run("ping", "-6", "-c", "2", "-i", "0.2", "-W", "1", "-s", "100", "ff02::1%tap0");
            int mark = phone.events().size();
            String first = phone.awaitLog(mark, "^beacon \\d+ sent$", SHORT).value();
            int n = Integer.parseInt(first.split(" ")[1]);
            phone.awaitLog(mark, "^beacon " + (n + 1) + " sent$", SHORT);
            long[] dropped = lab.lossDropped("tap0");
            assertTrue(dropped[0] >= 2, "the echo requests to the phone were dropped: " + dropped[0]);
            assertTrue(dropped[1] >= 1, "the phone's beacons were dropped: " + dropped[1]);
            lab.loss("tap0", 0, 0);
            lab.run("ping", "-6", "-c", "1", "-W", "1", "-s", "200", "ff02::1%tap0");
            phone.awaitLog("^rx " + tapMac + " > 33:33:00:00:00:01 86dd 262$", SHORT);
            phone.stop();
            for (String line : phone.logLines()) {
                assertFalse(line.endsWith(" 86dd 162"), "every frame was dropped while the loss was 100 %: " + line);
            }
        }
    }

    @Test
    void routerAdvertisementsOfRadvdReachThePhone() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("llcbeacon");
            Path conf = lab.dir().resolve("radvd.conf");
            Files.writeString(conf, String.join("\n",
                "interface tap0 {",
                "    AdvSendAdvert on;",
                "    MinRtrAdvInterval 3;",
                "    MaxRtrAdvInterval 10;",
                "    prefix 2001:db8:5060:1::/64 { AdvOnLink on; AdvAutonomous on; };",
                "};", ""));
            lab.runOk("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
            lab.awaitLinkLocal("tap0", SHORT);
            NetnsLab.Background radvd = lab.start("radvd", "-n", "-C", conf.toString(), "-p",
                lab.dir().resolve("radvd.pid").toString(), "-m", "stderr");
            phone.awaitLog("^rx " + phone.tapMac() + " > 33:33:00:00:00:01 86dd ", Duration.ofSeconds(30));
            List<String> ra = tshark(lab, phone.pcap(), "icmpv6.type == 134", "eth.src", "icmpv6.opt.prefix");
            assertFalse(ra.isEmpty(), "a router advertisement on the phone's LAN; radvd said: " + radvd.stderr());
            assertEquals(phone.tapMac() + " 2001:db8:5060:1::", ra.get(0));
        }
    }

    @Test
    void fwRunBridgesToATapAndStopsCleanlyOnCtrlC() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            Path pcap = lab.dir().resolve("fw-run.pcap");
            NetnsLab.Background fw = lab.startFw("run", "--top", "llcbeacon", "--net", "tap:fw0", "--pcap",
                pcap.toString());
            fw.awaitOutput("phone bridged to TAP fw0 \\(its MAC [0-9a-f:]+\\), in real time; Ctrl-C stops",
                Duration.ofSeconds(30));
            fw.awaitOutput("console +log +beacon 2 sent", SHORT);
            assertTrue(lab.run("ip", "link", "show", "fw0").stdout().contains("UP"), "the TAP is up");
            fw.signal("INT");
            int code = fw.awaitExit(SHORT);
            assertEquals(130, code, "exit status of a Ctrl-C; stderr:\n" + fw.stderr());
            assertTrue(fw.stderr().matches("(?s).*fw run: llcbeacon on sim: \\d+\\.\\d+ s of real time.*frames from "
                + "fw0, [1-9]\\d* to it.*frames to .*fw-run.pcap.*"), fw.stderr());
            assertTrue(tshark(lab, pcap, "llc.dsap == 0x1a", "eth.src").size() >= 2, "the capture was written");
            assertFalse(lab.run("ip", "link", "show", "fw0").ok(), "the TAP went away with the process");
        }
    }

    @Test
    void clearErrorsForABusyTapAnInterfaceThatIsNoTapAndAMissingNamespace() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            lab.startPhone("llcbeacon");
            TapException busy = assertThrows(TapException.class, () -> TapBridge.open("tap0", lab.name()));
            assertEquals(LinuxC.EBUSY, busy.errno());
            assertEquals("interface tap0 is busy: another program has its TAP open", busy.getMessage());

            lab.runOk("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
            TapException notTap = assertThrows(TapException.class, () -> TapBridge.open("veth0", lab.name()));
            assertTrue(notTap.getMessage().startsWith("interface veth0 exists but is not a TAP"), notTap.getMessage());

            TapException noNs = assertThrows(TapException.class, () -> TapBridge.open("tap0", lab.name() + "-none"));
            assertTrue(noNs.getMessage().startsWith("no network namespace '" + lab.name() + "-none'"),
                noNs.getMessage());
        }
    }

    @Test
    void theLabCleansUpItsProcessesAndNamespace() throws Exception {
        NetnsLab.Background sleeper;
        String name;
        NetnsLab.Phone phone;
        try (NetnsLab lab = NetnsLab.create()) {
            name = lab.name();
            sleeper = lab.start("sleep", "600");
            phone = lab.startPhone("llcbeacon");
            phone.awaitLog("beacon 1 sent", SHORT);
            assertTrue(sleeper.isAlive());
        }
        assertFalse(sleeper.isAlive(), "background processes end with the lab");
        TraceEvent last = phone.events().get(phone.events().size() - 1);
        assertTrue(last.timeUs() > 0);
        NetnsLab.Result list = new ProcessBuilderResult().run("ip", "netns", "list");
        assertFalse(list.stdout().contains(name + " ") || list.stdout().contains(name + "\n"),
            "the namespace is gone: " + list.stdout());
    }

    /** Runs a command in the host's namespace (here only {@code ip netns list}). */
    private static final class ProcessBuilderResult {
        NetnsLab.Result run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return new NetnsLab.Result(List.of(cmd), p.waitFor(), out, "");
        }
    }
}
