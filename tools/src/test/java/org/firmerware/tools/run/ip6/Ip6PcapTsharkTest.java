package org.firmerware.tools.run.ip6;

import static org.firmerware.tools.run.ip6.HostPackets.addr;
import static org.firmerware.tools.run.ip6.HostPackets.bytes;
import static org.firmerware.tools.run.ip6.HostPackets.groupMac;
import static org.firmerware.tools.run.ip6.HostPackets.icmpFrame;
import static org.firmerware.tools.run.ip6.HostPackets.solicitedNode;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.ALL_NODES;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.ALL_NODES_MAC;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.GLOBAL;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.H_LL;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.H_MAC;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.LL;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.PHONE_MAC;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.R_LL;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.R_MAC;
import static org.firmerware.tools.run.ip6.Ip6OnSimTest.UNSPECIFIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.firmerware.tools.Fw;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pcap of a scripted {@code fw run --top ping6 --pcap} decoded by tshark: no malformed packet, no expert warning
 * or error, every ICMPv6 and UDP checksum good, and the messages we expect are there. Skipped when tshark is missing,
 * except in CI ({@code CI=true}), where it fails.
 */
class Ip6PcapTsharkTest {

    @TempDir
    Path dir;

    static String hex(byte[] f) {
        StringBuilder b = new StringBuilder();
        for (byte x : f) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }

    static String tshark() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(d, "tshark");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("tshark is not installed (CI installs it in .ci/run)");
        }
        Assumptions.assumeTrue(false, "tshark is not installed");
        return null;
    }

    static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> lines = new ArrayList<>();
        for (String l : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank() && !l.startsWith("Running as user")) {
                lines.add(l);
            }
        }
        assertEquals(0, p.exitValue(), () -> String.join("\n", lines));
        return lines;
    }

    List<String> fields(String tshark, Path pcap, String filter, String field) throws Exception {
        return run(tshark, "-r", pcap.toString(), "-o", "udp.check_checksum:TRUE", "-Y", filter, "-T", "fields", "-e",
            field);
    }

    @Test
    void tsharkFindsNoMalformedPacketNoBadChecksumAndEveryExpectedMessage() throws Exception {
        String tshark = tshark();
        byte[] snMac = groupMac(solicitedNode(LL));
        byte[] far = addr("2001:db8:2::99");
        List<String> script = new ArrayList<>();
        script.add("2s frame " + hex(Ip6OnSimTest.ra(1800)));
        script.add("5s frame " + hex(icmpFrame(snMac, H_MAC, H_LL, solicitedNode(LL), 255, 135, 0,
            HostPackets.nsBody(LL, HostPackets.slla(H_MAC)))));
        script.add("5100ms frame " + hex(icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 64, 128, 0, bytes(0, 1, 0, 1, 'x'))));
        script.add("5200ms frame " + hex(icmpFrame(PHONE_MAC, R_MAC, far, GLOBAL, 60, 128, 0, bytes(0, 1, 0, 2))));
        script.add("5300ms frame " + hex(HostPackets.frame(PHONE_MAC, H_MAC, H_LL, LL, 64, 17, new byte[0], 17,
            HostPackets.udp(H_LL, LL, 5000, 7, "echo me".getBytes()))));
        script.add("5400ms frame " + hex(HostPackets.frame(PHONE_MAC, H_MAC, H_LL, LL, 64, 17, new byte[0], 17,
            HostPackets.udp(H_LL, LL, 5000, 9, "closed".getBytes()))));
        script.add("6s frame " + hex(HostPackets.frame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 1, 0,
            HostPackets.routerAlertHeader(58), 58,
            HostPackets.icmp(R_LL, ALL_NODES, 130, 0, HostPackets.mldQueryBody(1000, UNSPECIFIED)))));
        script.add("7s frame " + hex(HostPackets.frame(snMac, R_MAC, R_LL, solicitedNode(LL), 1, 0,
            HostPackets.routerAlertHeader(58), 58,
            HostPackets.icmp(R_LL, solicitedNode(LL), 130, 0, HostPackets.mldQueryBody(500, solicitedNode(LL))))));
        Path scriptFile = dir.resolve("ip6.script");
        Files.write(scriptFile, script);
        Path pcap = dir.resolve("ip6.pcap");
        assertEquals(0, Fw.execute("run", "--board", "sim", "--top", "ping6", "--seconds", "12", "--quiet", "--script",
            scriptFile.toString(), "--pcap", pcap.toString()));

        List<String> bad = run(tshark, "-r", pcap.toString(), "-o", "udp.check_checksum:TRUE", "-Y",
            "_ws.malformed || _ws.expert.severity >= 0x00600000 || icmpv6.checksum.status == 0"
                + " || udp.checksum.status == 0",
            "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message");
        assertEquals(List.of(), bad, "malformed packets, expert warnings or errors, bad checksums");

        String fromPhone = "eth.src == 02:00:00:00:00:01";
        assertEquals(2, fields(tshark, pcap, fromPhone + " && icmpv6.type == 129", "frame.number").size(),
            "two echo replies");
        assertEquals(List.of("5000"), fields(tshark, pcap, fromPhone + " && udp.srcport == 7", "udp.dstport"));
        assertEquals(List.of("4"), fields(tshark, pcap, fromPhone + " && icmpv6.type == 1", "icmpv6.code"),
            "port unreachable");
        assertEquals(1, fields(tshark, pcap, fromPhone + " && icmpv6.type == 136 && icmpv6.nd.na.flag.s == 1",
            "frame.number").size(), "a solicited neighbour advertisement");
        assertEquals(2, fields(tshark, pcap, fromPhone + " && icmpv6.type == 135 && ipv6.src == :: && icmpv6.opt.nonce",
            "frame.number").size(), "a DAD probe with a nonce for each address");
        List<String> reports = fields(tshark, pcap, fromPhone + " && icmpv6.type == 143 && ipv6.opt.router_alert"
            + " && ipv6.hlim == 1 && ipv6.dst == ff02::16", "icmpv6.mldr.mar.record_type");
        assertTrue(reports.size() >= 4, "MLDv2 reports with a Router Alert: " + reports);
        assertTrue(reports.contains("2"), "answers to the queries (MODE_IS_EXCLUDE): " + reports);
        assertTrue(reports.contains("4"), "state changes on joining (CHANGE_TO_EXCLUDE_MODE): " + reports);
        assertTrue(fields(tshark, pcap, fromPhone + " && icmpv6.mldr.mar.multicast_address == ff02::1",
            "frame.number").isEmpty(), "all-nodes is never reported");
    }
}
