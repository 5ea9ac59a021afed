package org.firmerware.tools.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.tools.profile.Tops;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The firmware's IPv6 stack against the real Linux kernel: the {@code ping6} top on a simulated phone, in real time,
 * bridged to a TAP in a network namespace of each test's own ({@link NetnsLab}).
 *
 * <ul>
 *   <li>the kernel pings the firmware's link-local and SLAAC addresses 100 times each without loss, the
 *       solicited-node group, and UDP echo; radvd's prefix forms the global address; the kernel's own DAD for the
 *       firmware's address fails because the firmware defends it;</li>
 *   <li>DAD against the kernel: an address the kernel holds is found duplicate and never used;</li>
 *   <li>MLDv2: the firmware's reports as tshark decodes them, answers to the queries of a kernel bridge that is
 *       querier, and the bridge's snooping table learns the group from them;</li>
 *   <li>every capture (the simulator's and the kernel's) decodes without a malformed frame, an expert warning or a
 *       bad checksum;</li>
 *   <li>the round trip of the firmware on a TAP against the kernel's over the same bridge and over a veth pair
 *       (printed, and written to {@code target/netns-lab/NAME/rtt.txt}; README's "Measured" table).</li>
 * </ul>
 *
 * Needs root; on CI ({@code CI=true}) a missing prerequisite fails the tests. See docs/tap-bridge.md.
 */
class Ip6KernelNetnsTest {

    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final String TAP = NetnsLab.DEFAULT_TAP;
    /** The phone's link-local address: fe80:: + the modified EUI-64 of 02:00:00:00:00:01. */
    private static final String PHONE_LL = "fe80::ff:fe00:1";
    private static final String SOLICITED_NODE = "ff02::1:ff00:1";
    /** The ping interval, as root; the same for every round trip measured here. */
    private static final String INTERVAL = "0.01";

    @BeforeAll
    static void needsNamespaces() {
        NetnsLab.assumeAvailable("ping", "tshark", "tcpdump", "radvd", "bridge", "bash");
    }

    // ------------------------------------------------------------------ 1, 2: pings, SLAAC from radvd, UDP

    @Test
    void theKernelPingsTheLinkLocalAndTheSlaacAddressOfRadvdsPrefixAHundredTimesWithoutLoss() throws Exception {
        String prefix = "2001:db8:5060:a::";
        String global = prefix.replace("::", ":0:ff:fe00:1");
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("ping6");
            phone.awaitLog("^ip6: address formed " + PHONE_LL + "$", SHORT);
            phone.awaitEvent(e -> isDisplay(e.kind(), e.name()) && e.value().equals("ip6 link"), SHORT);
            // Until the kernel's own link-local address has passed its DAD, it has no source to ping from.
            lab.awaitLinkLocal(TAP, SHORT);

            ping(lab, 100, PHONE_LL + "%" + TAP).assertNoLoss(100);

            // The kernel is the router: an address in the prefix for the way back (not P::1, whose solicited-node
            // group is the firmware's, ff02::1:ff00:1), and radvd advertising P.
            lab.runOk("ip", "addr", "add", prefix + "ab/64", "dev", TAP, "nodad");
            NetnsLab.Background radvd = startRadvd(lab, prefix);
            String router = phone.awaitLog("^ip6: router learned fe80::[0-9a-f:]+ lifetime \\d+ s$",
                Duration.ofSeconds(20)).value().split(" ")[3];
            assertEquals(lab.awaitLinkLocal(TAP, SHORT), router, "radvd's address");
            phone.awaitLog("^ip6: on-link prefix " + prefix + "/64$", SHORT);
            phone.awaitLog("^ip6: DNS server " + prefix + "53$", SHORT);
            phone.awaitLog("^ip6: address formed " + global + "$", SHORT);
            phone.awaitEvent(e -> isDisplay(e.kind(), e.name()) && e.value().equals("ip6 global"), SHORT);

            ping(lab, 100, global).assertNoLoss(100);
            // The largest echo that needs no fragments: a 1500-byte IPv6 packet, a 1514-byte frame, each way.
            Ping.parse(lab.run("ping", "-c", "5", "-i", INTERVAL, "-W", "2", "-q", "-s", "1452", "-M", "do", global))
                .assertNoLoss(5);

            // The solicited-node group of both addresses is answered from the link-local address.
            NetnsLab.Result group = lab.run("ping", "-c", "3", "-i", "0.2", "-W", "2", SOLICITED_NODE + "%" + TAP);
            Ping groupPing = Ping.parse(group);
            groupPing.assertNoLoss(3);
            assertEquals(3, count(group.stdout(), "bytes from " + Pattern.quote(PHONE_LL + "%" + TAP) + ": "),
                group.stdout());

            // UDP echo on port 7, and a closed port answered with port unreachable (the kernel's "refused").
            String text = "firmerware udp echo";
            NetnsLab.Result echo = lab.run("bash", "-c", "exec 3<>/dev/udp/" + global + "/7; printf %s '" + text
                + "' >&3; IFS= read -r -t 3 -N " + text.length() + " line <&3; printf %s \"$line\"");
            assertEquals(text, echo.stdout(), echo.toString());
            NetnsLab.Result closed = lab.run("bash", "-c",
                "exec 3<>/dev/udp/" + global + "/9; printf x >&3; IFS= read -r -t 3 -N 1 line <&3");
            assertTrue(closed.stderr().contains("Connection refused"), closed.toString());

            // The kernel's own DAD for the firmware's address fails: the firmware defends it with an NA.
            lab.runOk("ip", "addr", "add", global + "/64", "dev", TAP);
            awaitKernelAddress(lab, global, "dadfailed", SHORT);

            // radvd, stopped, says goodbye with a router lifetime of 0.
            radvd.signal("TERM");
            phone.awaitLog("^ip6: router withdrawn " + router + "$", SHORT);
            phone.stop();
            Capture cap = Capture.read(lab, phone.pcap()).assertDecodesCleanly(lab);
            String mac = phone.mac();
            assertEquals(103, cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "129")
                && f.is("ipv6.src", PHONE_LL)).size(), "echo replies from " + PHONE_LL + ": 100, and 3 to the group");
            assertEquals(105, cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "129")
                && f.is("ipv6.src", global)).size(), "echo replies from " + global);
            assertEquals(2, cap.where(f -> f.is("eth.src", mac) && f.is("udp.srcport", "7")
                || f.is("eth.src", mac) && f.is("icmpv6.type", "1") && f.is("icmpv6.code", "4")).size(),
                "a UDP echo and a port unreachable");
            // RFC 4861 7.2.4: an NS from :: is answered to all nodes, Solicited clear, Override set.
            List<Capture.Frame> defended = cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "136")
                && f.is("icmpv6.nd.na.target_address", global) && f.is("ipv6.dst", "ff02::1"));
            assertEquals(1, defended.size(), "the firmware answered the kernel's DAD probe: " + defended);
            assertEquals(List.of(global, "0", "1"), List.of(defended.get(0).get("ipv6.src"),
                defended.get(0).get("icmpv6.nd.na.flag.s"), defended.get(0).get("icmpv6.nd.na.flag.o")),
                "the defending NA: " + defended);

            // The decode check is not blind: a bad ICMPv6 and a bad UDP checksum in a copy are both flagged.
            Path corrupted = lab.dir().resolve("corrupted.pcap");
            List<Integer> flipped = Capture.corruptChecksums(phone.pcap(), corrupted);
            assertEquals(2, flipped.size(), "an ICMPv6 and a UDP frame to corrupt");
            List<String> flagged = Capture.badFrames(lab, corrupted);
            assertEquals(flipped.stream().map(String::valueOf).toList(), flagged.stream()
                .filter(l -> !l.startsWith("expert: ")).map(l -> l.split("\\s")[0]).toList(),
                "tshark flags exactly the corrupted frames: " + flagged);
            assertTrue(flagged.contains("expert: Warns (1)") && flagged.contains("expert: Errors (1)"),
                "-z expert counts them (ICMPv6: a warning, UDP: an error): " + flagged);
        }
    }

    // ------------------------------------------------------------------ fragments both ways

    @Test
    void pingsAndUdpDatagramsAboveTheMtuAreReassembledAndAnsweredInFragmentsBothWays() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("ping6");
            phone.awaitLog("^ip6: address formed " + PHONE_LL + "$", SHORT);
            lab.awaitLinkLocal(TAP, SHORT);
            String target = PHONE_LL + "%" + TAP;

            // 1600 bytes of data: a 1648-byte packet the kernel sends in two fragments (MTU 1500); the firmware
            // reassembles it and answers in two fragments that the kernel reassembles.
            Ping.parse(lab.run(Duration.ofSeconds(60), "ping", "-c", "20", "-i", INTERVAL, "-W", "2", "-q", "-s",
                "1600", target)).assertNoLoss(20);

            // The largest that fits ip6ReassemblyBytes (2048 by default): 2000 bytes of data; one byte more is
            // dropped and counted, not answered.
            Ping.parse(lab.run("ping", "-c", "3", "-i", "0.2", "-W", "2", "-q", "-s", "2000", target))
                .assertNoLoss(3);
            Ping tooBig = Ping.parse(lab.run("ping", "-c", "2", "-i", "0.2", "-W", "1", "-q", "-s", "2001", target));
            assertEquals(2, tooBig.transmitted(), tooBig.result().toString());
            assertEquals(0, tooBig.received(), tooBig.result().toString());

            // A UDP datagram of 1800 bytes to the echo port comes back whole.
            String text = "firmerware fragments ".repeat(90).substring(0, 1800);
            NetnsLab.Result echo = lab.run("bash", "-c", "exec 3<>/dev/udp/" + target + "/7; printf %s '" + text
                + "' >&3; IFS= read -r -t 3 -N " + text.length() + " line <&3; printf %s \"$line\"");
            assertEquals(text, echo.stdout(), echo.toString());

            phone.stop();
            Capture cap = Capture.read(lab, phone.pcap()).assertDecodesCleanly(lab);
            String mac = phone.mac();
            List<Capture.Frame> ours = cap.where(f -> f.is("eth.src", mac) && !f.get("ipv6.fraghdr.offset").isEmpty());
            List<Capture.Frame> theirs = cap.where(f -> !f.is("eth.src", mac)
                && !f.get("ipv6.fraghdr.offset").isEmpty());
            assertEquals(42 + 6, ours.size(), "the firmware's fragments: 2 per echo reply, 2 for the UDP echo");
            assertEquals(42 + 6 + 4, theirs.size(), "the kernel's fragments");
            assertEquals(21 + 3, ours.stream().map(f -> f.get("ipv6.fraghdr.ident")).distinct().count(),
                "one identification per packet");
            assertEquals(20, cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "129")
                && f.is("ipv6.reassembled.length", "1608")).size(), "echo replies reassembled by tshark");
            assertEquals(1, cap.where(f -> f.is("eth.src", mac) && f.is("udp.srcport", "7")
                && f.is("ipv6.reassembled.length", "1808")).size(), "the UDP echo reassembled by tshark");
        }
    }

    // ------------------------------------------------------------------ 3: DAD against the kernel

    @Test
    void anAddressTheKernelHoldsIsADuplicateForTheFirmwareAndNeverUsed() throws Exception {
        String prefix = "2001:db8:5060:d::";
        String taken = prefix.replace("::", ":0:ff:fe00:1");
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("ping6");
            phone.awaitLog("^ip6: address formed " + PHONE_LL + "$", SHORT);
            // The kernel holds the address the firmware will form from P, before radvd advertises P.
            lab.runOk("ip", "addr", "add", taken + "/64", "dev", TAP, "nodad");
            startRadvd(lab, prefix);
            phone.awaitLog("^ip6: tentative " + taken + "$", Duration.ofSeconds(20));
            phone.awaitLog("^ip6: duplicate address " + taken + " \\(NA from another node\\); not used$", SHORT);
            phone.awaitEvent(e -> isDisplay(e.kind(), e.name()) && e.value().equals("dup addr"), SHORT);
            long duplicateAt = System.nanoTime();

            // The kernel answers pings to it itself; the firmware's link-local address still works.
            ping(lab, 20, taken).assertNoLoss(20);
            ping(lab, 20, PHONE_LL + "%" + TAP).assertNoLoss(20);
            // An echo from a global address of the kernel to the group: a global source would suit the answer best
            // (RFC 6724 rule 2), but the only one the firmware has is the duplicate, so it answers from fe80::.
            // (The kernel, in the group through the address it holds, answers too: those replies have no scope.)
            String kernelGlobal = prefix + "ab";
            lab.runOk("ip", "addr", "add", kernelGlobal + "/64", "dev", TAP, "nodad");
            NetnsLab.Result toGroup = lab.run("ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", kernelGlobal,
                SOLICITED_NODE + "%" + TAP);
            assertTrue(count(toGroup.stdout(), "bytes from " + Pattern.quote(PHONE_LL + "%" + TAP) + ": ") >= 2,
                toGroup.toString());

            // A later advertisement of P does not bring the address back, and its DAD would long be over. (An RA
            // from radvd here is the only frame from the kernel to all nodes longer than 100 bytes.)
            String ra = "^(1\\d\\d|[2-9]\\d\\d) bytes " + phone.tapMac() + " > 33:33:00:00:00:01 ";
            awaitEvents(phone, e -> e.kind().equals("net") && e.value().matches(ra + ".*"), 2, Duration.ofSeconds(15));
            long waited = (System.nanoTime() - duplicateAt) / 1_000_000;
            Thread.sleep(Math.max(300, 2500 - waited));
            List<String> log = phone.logLines();
            assertEquals(1, log.stream().filter(l -> l.equals("ip6: tentative " + taken)).count(), log.toString());
            assertFalse(log.stream().anyMatch(l -> l.startsWith("ip6: address formed " + prefix)), log.toString());

            phone.stop();
            assertEquals("dup addr", lastDisplayText(phone));
            Capture cap = Capture.read(lab, phone.pcap()).assertDecodesCleanly(lab);
            String mac = phone.mac();
            assertEquals(1, cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "135") && f.is("ipv6.src", "::")
                && f.is("icmpv6.nd.ns.target_address", taken) && f.has("icmpv6.opt.nonce")).size(),
                "one DAD probe with a nonce");
            assertFalse(cap.where(f -> f.is("eth.src", phone.tapMac()) && f.is("icmpv6.type", "136")
                && f.is("icmpv6.nd.na.target_address", taken) && f.is("ipv6.dst", "ff02::1")).isEmpty(),
                "the kernel's NA defending its address");
            assertEquals(List.of(), cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "129")
                && f.get("ipv6.src").contains(taken)), "no echo reply from the duplicate");
            List<Capture.Frame> toKernelGlobal = cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "129")
                && f.is("ipv6.dst", kernelGlobal));
            assertTrue(toKernelGlobal.size() >= 2 && toKernelGlobal.stream().allMatch(f -> f.is("ipv6.src", PHONE_LL)),
                "echo replies to " + kernelGlobal + " from " + PHONE_LL + ": " + toKernelGlobal);
            assertEquals(List.of(), cap.where(f -> f.is("eth.src", mac) && (f.get("ipv6.src").contains(taken)
                || f.get("icmpv6.nd.na.target_address").contains(taken))),
                "the firmware never sends from the duplicate nor advertises it");
        }
    }

    // ------------------------------------------------------------------ 4: MLDv2

    /**
     * A persistent TAP in a bridge with snooping that is an MLD querier of {@code version} (a general query every
     * second, answers within 0.5 s), and tcpdump on the TAP writing {@code pcap}, started before the phone so that it
     * sees the firmware's first reports. The bridge's startup queries fail while br0 has no link-local address, and it
     * tries again after the startup interval (default: a quarter of the default query interval, 31 s), hence 1 s.
     */
    private static NetnsLab.Background querierBridge(NetnsLab lab, int version, Path pcap) throws Exception {
        lab.runOk("ip", "tuntap", "add", "dev", TAP, "mode", "tap");
        lab.runOk("ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "1", "mcast_querier", "1",
            "mcast_mld_version", Integer.toString(version), "mcast_query_interval", "100",
            "mcast_query_response_interval", "50", "mcast_startup_query_interval", "100");
        lab.runOk("ip", "link", "set", TAP, "master", "br0");
        lab.runOk("ip", "link", "set", "br0", "up");
        lab.runOk("ip", "link", "set", TAP, "up");
        // --immediate-mode: each frame is written as it comes, not a block a second later (which SIGINT loses).
        NetnsLab.Background tcpdump = lab.start("tcpdump", "-Z", "root", "-i", TAP, "-n", "-U", "--immediate-mode",
            "-w", pcap.toString());
        tcpdump.awaitOutput("listening on " + TAP, SHORT);
        return tcpdump;
    }

    @Test
    void mldv2ReportsAnswerTheQueriesOfAKernelBridgeWhoseSnoopingLearnsTheSolicitedNodeGroup() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            // An MLDv2 querier bridge, made before the phone so that tcpdump sees the reports sent during DAD.
            Path kernelSide = lab.dir().resolve("kernel-side.pcap");
            NetnsLab.Background tcpdump = querierBridge(lab, 2, kernelSide);

            NetnsLab.Phone phone = lab.startPhone(Tops.named("ping6"), TAP, c -> { });
            phone.awaitLog("^ip6: address formed " + PHONE_LL + "$", SHORT);
            long formedAtMs = System.currentTimeMillis();
            lab.awaitLinkLocal("br0", SHORT);
            int formed = phone.events().size();
            awaitEvents(phone, formed, e -> e.kind().equals("net") && e.name().equals("tx")
                && e.value().matches("\\d+ bytes " + phone.mac() + " > 33:33:00:00:00:16 .*"), 3,
                Duration.ofSeconds(15));

            String mdb = lab.runOk("bridge", "mdb", "show", "dev", "br0").stdout();
            assertTrue(mdb.matches("(?s).*port " + TAP + " grp " + Pattern.quote(SOLICITED_NODE) + "\\b.*"),
                "the bridge learned the group on the phone's port from its reports:\n" + mdb);
            NetnsLab.Result group = lab.run("ping", "-c", "3", "-i", "0.2", "-W", "2", SOLICITED_NODE + "%br0");
            Ping.parse(group).assertNoLoss(3);
            assertEquals(3, count(group.stdout(), "bytes from " + Pattern.quote(PHONE_LL + "%br0") + ": "),
                group.stdout());

            phone.stop();
            Thread.sleep(200);
            tcpdump.signal("INT");
            assertEquals(0, tcpdump.awaitExit(SHORT), tcpdump.stderr());
            Capture.read(lab, phone.pcap()).assertDecodesCleanly(lab);
            Capture cap = Capture.read(lab, kernelSide).assertDecodesCleanly(lab);

            // Every report of the firmware: hop limit 1, Router Alert (MLD), to ff02::16, for the solicited-node
            // group alone (never all-nodes).
            String mac = phone.mac();
            List<Capture.Frame> reports = cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "143"));
            assertTrue(reports.size() >= 4, reports.toString());
            for (Capture.Frame r : reports) {
                assertTrue(r.is("ipv6.hlim", "1") && r.is("ipv6.opt.router_alert", "0") && r.is("ipv6.dst", "ff02::16")
                    && r.get("icmpv6.mldr.mar.multicast_address").equals(SOLICITED_NODE)
                    && (r.is("ipv6.src", "::") || r.is("ipv6.src", PHONE_LL)), "a report: " + r);
            }
            assertTrue(reports.stream().anyMatch(r -> r.is("ipv6.src", "::") && r.is("icmpv6.mldr.mar.record_type",
                "4")), "a state-change report from :: while the address was tentative: " + reports);
            List<Double> answers = reports.stream().filter(r -> r.is("ipv6.src", PHONE_LL)
                && r.is("icmpv6.mldr.mar.record_type", "2")).map(r -> Double.parseDouble(r.get("frame.time_epoch")))
                .toList();
            assertTrue(answers.size() >= 2, "answers to the queries from the link-local address: " + reports);

            // Each general query of the bridge after the address was formed is answered within its maximum delay.
            List<Capture.Frame> queries = cap.where(f -> f.is("icmpv6.type", "130") && !f.is("eth.src", mac)
                && Double.parseDouble(f.get("frame.time_epoch")) * 1000 > formedAtMs);
            assertTrue(queries.size() >= 2, "queries of the bridge: " + queries);
            for (int i = 0; i < queries.size(); i++) {
                Capture.Frame q = queries.get(i);
                assertEquals("ff02::1", q.get("ipv6.dst"), "a general query: " + q);
                double at = Double.parseDouble(q.get("frame.time_epoch"));
                double max = Integer.parseInt(q.get("icmpv6.mld.maximum_response_code")) / 1000.0;
                boolean answered = answers.stream().anyMatch(t -> t >= at && t <= at + max + 0.25);
                // The last query may have come just before the phone stopped.
                if (!answered && i < queries.size() - 1) {
                    fail("query " + q + " not answered within " + max + " s (+0.25): " + answers);
                }
            }
        }
    }

    /**
     * RFC 3810 §8.2.1 against a kernel bridge that is an MLDv1 querier (the default of Linux bridges): the firmware
     * answers in MLDv1 (type 131, to the group), which the bridge's snooping learns, and sends no MLDv2 report after
     * the first query.
     */
    @Test
    void mldv1ReportsAnswerAKernelBridgeThatIsAnMldv1Querier() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            Path kernelSide = lab.dir().resolve("kernel-side.pcap");
            NetnsLab.Background tcpdump = querierBridge(lab, 1, kernelSide);

            NetnsLab.Phone phone = lab.startPhone(Tops.named("ping6"), TAP, c -> { });
            phone.awaitLog("^ip6: address formed " + PHONE_LL + "$", SHORT);
            lab.awaitLinkLocal("br0", SHORT);
            int formed = phone.events().size();
            // Three MLDv1 reports (to the group's MAC 33:33:ff:..) after the address was formed.
            String groupMac = "33:33:ff:00:00:01";
            awaitEvents(phone, formed, e -> e.kind().equals("net") && e.name().equals("tx")
                && e.value().matches("\\d+ bytes " + phone.mac() + " > " + groupMac + " .*"), 3,
                Duration.ofSeconds(15));

            String mdb = lab.runOk("bridge", "mdb", "show", "dev", "br0").stdout();
            assertTrue(mdb.matches("(?s).*port " + TAP + " grp " + Pattern.quote(SOLICITED_NODE) + "\\b.*"),
                "the bridge learned the group on the phone's port from its MLDv1 reports:\n" + mdb);

            phone.stop();
            Thread.sleep(200);
            tcpdump.signal("INT");
            assertEquals(0, tcpdump.awaitExit(SHORT), tcpdump.stderr());
            Capture cap = Capture.read(lab, kernelSide).assertDecodesCleanly(lab);
            String mac = phone.mac();
            List<Capture.Frame> queries = cap.where(f -> f.is("icmpv6.type", "130") && !f.is("eth.src", mac));
            assertFalse(queries.isEmpty(), "the bridge's queries");
            double firstQuery = Double.parseDouble(queries.get(0).get("frame.time_epoch"));
            assertEquals(24, Integer.parseInt(queries.get(0).get("ipv6.plen")) - 8, "MLDv1 queries: " + queries);
            List<Capture.Frame> v1 = cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "131"));
            assertTrue(v1.size() >= 3, "MLDv1 reports: " + v1);
            for (Capture.Frame r : v1) {
                assertTrue(r.is("ipv6.hlim", "1") && r.is("ipv6.opt.router_alert", "0")
                    && r.is("ipv6.dst", SOLICITED_NODE) && r.is("icmpv6.mld.multicast_address", SOLICITED_NODE)
                    && r.is("ipv6.src", PHONE_LL), "an MLDv1 report: " + r);
            }
            List<Capture.Frame> lateV2 = cap.where(f -> f.is("eth.src", mac) && f.is("icmpv6.type", "143")
                && Double.parseDouble(f.get("frame.time_epoch")) > firstQuery + 0.01);
            assertTrue(lateV2.isEmpty(), "no MLDv2 report once an MLDv1 querier was heard: " + lateV2);
        }
    }

    // ------------------------------------------------------------------ 6: round trip, firmware against kernel

    /**
     * Measures (and prints) the round trip of {@code ping -c 100 -i 0.01} to: the firmware on a TAP; the kernel of a
     * second namespace on a second TAP of the same virtual LAN (the same bridge code and world carry the frames, the
     * kernel answers instead of the firmware); and that kernel over a veth pair (no user space at all). Each after
     * a warm-up of 100 pings (the firmware runs on the JVM, whose JIT compiles it in the first ones).
     */
    @Test
    void roundTripOfTheFirmwareOnATapAgainstTheKernelOnTheSameBridgeAndOverAVethPair() throws Exception {
        try (NetnsLab lab = NetnsLab.create(); NetnsLab other = NetnsLab.create()) {
            NetnsLab.Phone phone = lab.startPhone("ping6");
            phone.addTap("tap1", other.name());
            lab.runOk("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", other.name());
            lab.runOk("ip", "link", "set", "veth0", "up");
            other.runOk("ip", "link", "set", "veth1", "up");
            phone.awaitLog("^ip6: address formed " + PHONE_LL + "$", SHORT);
            lab.awaitLinkLocal(TAP, SHORT);
            lab.awaitLinkLocal("veth0", SHORT);
            String kernelTap = other.awaitLinkLocal("tap1", SHORT);
            String kernelVeth = other.awaitLinkLocal("veth1", SHORT);

            String[][] targets = {
                {"firmware (ping6 on the simulator) on a TAP", PHONE_LL + "%" + TAP},
                {"Linux kernel on a TAP, same bridge and world", kernelTap + "%" + TAP},
                {"Linux kernel over a veth pair", kernelVeth + "%veth0"},
            };
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "ping -c 100 -i %s, after 100 to warm up; round trip min/avg/max (mdev) in ms%n", INTERVAL));
            for (String[] t : targets) {
                ping(lab, 100, t[1]).assertNoLoss(100);
                Ping p = ping(lab, 100, t[1]);
                p.assertNoLoss(100);
                report.append(String.format(Locale.ROOT, "  %-46s %s/%s/%s (%s)%n", t[0], p.min, p.avg, p.max,
                    p.mdev));
            }
            Files.writeString(lab.dir().resolve("rtt.txt"), report);
            System.out.print("Ip6KernelNetnsTest round trips (" + lab.dir().resolve("rtt.txt") + "):\n" + report);
            phone.stop();
            Capture.read(lab, phone.pcap()).assertDecodesCleanly(lab);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isDisplay(String kind, String name) {
        return kind.equals("display") && name.equals("text");
    }

    private static String lastDisplayText(NetnsLab.Phone phone) {
        String text = null;
        for (var e : phone.events()) {
            if (isDisplay(e.kind(), e.name())) {
                text = e.value();
            }
        }
        return text;
    }

    /**
     * Starts radvd on the TAP advertising {@code prefix}/64 (A and L) every 3 to 4 s, with P::53 as DNS server and
     * a search domain; the kernel forwards.
     */
    private static NetnsLab.Background startRadvd(NetnsLab lab, String prefix) throws IOException {
        Path conf = lab.dir().resolve("radvd.conf");
        Files.writeString(conf, String.join("\n",
            "interface " + TAP + " {",
            "    AdvSendAdvert on;",
            "    MinRtrAdvInterval 3;",
            "    MaxRtrAdvInterval 4;",
            "    prefix " + prefix + "/64 { AdvOnLink on; AdvAutonomous on; };",
            "    RDNSS " + prefix + "53 { };",
            "    DNSSL phones.example.org example.org { };",
            "};", ""));
        lab.runOk("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        // radvd sends nothing from an interface whose link-local address is still tentative.
        lab.awaitLinkLocal(TAP, SHORT);
        return lab.start("radvd", "-n", "-C", conf.toString(), "-p", lab.dir().resolve("radvd.pid").toString(), "-m",
            "stderr");
    }

    /** Waits until the kernel lists {@code address} on the TAP with {@code flag} (e.g. "dadfailed"). */
    private static void awaitKernelAddress(NetnsLab lab, String address, String flag, Duration timeout)
        throws InterruptedException {
        Pattern p = Pattern.compile("inet6 " + Pattern.quote(address) + "/\\d+ [^\\n]*\\b" + flag + "\\b");
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            NetnsLab.Result r = lab.run("ip", "-6", "addr", "show", "dev", TAP);
            if (p.matcher(r.stdout()).find()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("no " + address + " " + flag + " on " + TAP + " within " + timeout + ":\n" + r.stdout());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until {@code n} trace events from index {@code from} on match. */
    private static void awaitEvents(NetnsLab.Phone phone, int from, Predicate<TraceEvent> match, int n,
        Duration timeout) {
        int at = from;
        for (int i = 0; i < n; i++) {
            TraceEvent e = phone.awaitEvent(at, match, timeout);
            at = phone.events().indexOf(e) + 1;
        }
    }

    private static void awaitEvents(NetnsLab.Phone phone, Predicate<TraceEvent> match, int n, Duration timeout) {
        awaitEvents(phone, 0, match, n, timeout);
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Pings {@code target} {@code count} times at {@link #INTERVAL} and returns the summary. */
    private static Ping ping(NetnsLab lab, int count, String target) {
        return Ping.parse(lab.run(Duration.ofSeconds(60), "ping", "-c", Integer.toString(count), "-i", INTERVAL, "-W",
            "2", "-q", target));
    }

    /** The summary of one ping run. */
    record Ping(NetnsLab.Result result, int transmitted, int received, String loss, String min, String avg,
                String max, String mdev) {

        private static final Pattern COUNTS = Pattern.compile(
            "(\\d+) packets transmitted, (\\d+) received,(.*?) ([\\d.]+)% packet loss");
        private static final Pattern RTT = Pattern.compile(
            "rtt min/avg/max/mdev = ([\\d.]+)/([\\d.]+)/([\\d.]+)/([\\d.]+) ms");

        static Ping parse(NetnsLab.Result r) {
            Matcher c = COUNTS.matcher(r.stdout());
            if (!c.find()) {
                fail("no ping summary: " + r);
            }
            if (!c.group(3).isBlank()) {
                fail("duplicates or errors: " + r);
            }
            Matcher t = RTT.matcher(r.stdout());
            boolean rtt = t.find();
            return new Ping(r, Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)), c.group(4),
                rtt ? t.group(1) : "", rtt ? t.group(2) : "", rtt ? t.group(3) : "", rtt ? t.group(4) : "");
        }

        void assertNoLoss(int count) {
            assertEquals(count, transmitted, result.toString());
            assertEquals(count, received, result.toString());
            assertEquals("0", loss, result.toString());
            assertEquals(0, result.exitCode(), result.toString());
        }
    }
}
