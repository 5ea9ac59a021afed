package org.firmerware.tools.run.ip6;

import static org.firmerware.tools.run.ip6.HostPackets.addr;
import static org.firmerware.tools.run.ip6.HostPackets.bytes;
import static org.firmerware.tools.run.ip6.HostPackets.concat;
import static org.firmerware.tools.run.ip6.HostPackets.groupMac;
import static org.firmerware.tools.run.ip6.HostPackets.icmpFrame;
import static org.firmerware.tools.run.ip6.HostPackets.mac;
import static org.firmerware.tools.run.ip6.HostPackets.solicitedNode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.kernel.net.ip6.InterfaceAddresses;
import org.firmerware.kernel.net.ip6.Ip6;
import org.firmerware.porting.ping6.Ping6;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * IPv6 of the {@code ping6} top on the simulated phone, in virtual time, against a Java host on the LAN that plays
 * router and neighbour with packets built by {@link HostPackets} (not by the firmware's classes).
 */
class Ip6OnSimTest {

    static final byte[] PHONE_MAC = mac(2, 0, 0, 0, 0, 1);
    static final byte[] LL = addr("fe80::ff:fe00:1");
    static final byte[] GLOBAL = addr("2001:db8:1::ff:fe00:1");
    static final byte[] PREFIX = addr("2001:db8:1::");
    static final byte[] R_MAC = mac(2, 0, 0, 0, 0, 0xfe);
    static final byte[] R_LL = addr("fe80::fe");
    static final byte[] H_MAC = mac(2, 0, 0, 0, 0, 0x10);
    static final byte[] H_LL = addr("fe80::10");
    static final byte[] H_GLOBAL = addr("2001:db8:1::10");
    static final byte[] ALL_NODES = addr("ff02::1");
    static final byte[] ALL_NODES_MAC = mac(0x33, 0x33, 0, 0, 0, 1);
    static final byte[] UNSPECIFIED = new byte[16];
    static final byte[] DNS = addr("2001:db8:1::53");

    Simulation sim;
    SimPhone phone;
    LanHost host;
    final AtomicReference<Ping6> top = new AtomicReference<>();

    @BeforeEach
    void setUp() {
        sim = Simulation.of("sim");
        phone = sim.addPhone("phone", () -> {
            Ping6 t = new Ping6();
            top.set(t);
            return t;
        });
        host = new LanHost(sim.world());
    }

    @AfterEach
    void tearDown() {
        try {
            assertFalse(phone.isHalted(), () -> "the firmware stopped: " + phone.crash());
        } finally {
            sim.close();
        }
    }

    Ip6 ip6() {
        return top.get().ip6();
    }

    List<String> log() {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : sim.events("console", "log")) {
            out.add(e.value());
        }
        return out;
    }

    long logTimeMs(String line) {
        for (TraceEvent e : sim.events("console", "log")) {
            if (e.value().equals(line)) {
                return e.timeMs();
            }
        }
        return -1;
    }

    List<String> displayTexts() {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : sim.events("display", "text")) {
            out.add(e.value());
        }
        return out;
    }

    static byte[] ra(int routerLifetime) {
        return icmpFrame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 255, 134, 0,
            HostPackets.raBody(64, 0, routerLifetime, 0, 0, HostPackets.slla(R_MAC), HostPackets.mtuOption(1480),
                HostPackets.prefixOption(PREFIX, 64, 0xC0, 86400, 14400), HostPackets.rdnssOption(600, DNS),
                HostPackets.dnsslOption(600, "example.com")));
    }

    /** The host plays the router: it answers every RS with an RA and NSs for its own address with an NA. */
    void playRouter() {
        host.react(p -> {
            if (p.isIcmp(133)) {
                host.send(ra(1800));
            }
            answerNs(p, R_LL, R_MAC);
        });
    }

    void answerNs(Parsed p, byte[] address, byte[] mac) {
        if (p.isIcmp(135) && Arrays.equals(p.target(), address) && !Arrays.equals(p.src, UNSPECIFIED)) {
            host.send(icmpFrame(p.f.length > 0 ? Arrays.copyOfRange(p.f, 6, 12) : null, mac, address, p.src, 255, 136,
                0, HostPackets.naBody(0x60, address, HostPackets.tlla(mac))));
        }
    }

    static boolean isDadFor(Parsed p, byte[] target) {
        return p.isIcmp(135) && Arrays.equals(p.src, UNSPECIFIED) && Arrays.equals(p.target(), target);
    }

    // ------------------------------------------------------------------------------------------ SLAAC

    @Test
    void slaacFormsTheLinkLocalAndTheGlobalAddressAfterDad() {
        playRouter();
        sim.runMs(10_000);
        List<String> log = log();
        assertTrue(log.contains("ip6: address formed fe80::ff:fe00:1"), log.toString());
        assertTrue(log.contains("ip6: address formed 2001:db8:1::ff:fe00:1"), log.toString());
        assertTrue(log.contains("ip6: router learned fe80::fe lifetime 1800 s"), log.toString());
        assertTrue(log.contains("ip6: DNS server 2001:db8:1::53"), log.toString());
        assertEquals("ip6 global", displayTexts().get(displayTexts().size() - 1));

        // DAD for the global address: one NS from :: to its solicited-node group, a nonce, no SLLA; nothing else
        // contradicts it, so it is formed RetransTimer (1 s) later.
        List<Parsed> dad = new ArrayList<>();
        for (Parsed p : host.icmp(135)) {
            if (isDadFor(p, GLOBAL)) {
                dad.add(p);
            }
        }
        assertEquals(1, dad.size());
        Parsed ns = dad.get(0);
        assertArrayEquals(solicitedNode(GLOBAL), ns.dst);
        assertArrayEquals(groupMac(solicitedNode(GLOBAL)), ns.dstMac());
        assertEquals(255, ns.hopLimit);
        assertTrue(ns.checksumOk());
        int nonce = ns.option(24, 14);
        assertTrue(nonce > 0, "a nonce option (RFC 7527)");
        assertEquals(-1, ns.option(24, 1), "no source link-layer option from ::");
        long formed = logTimeMs("ip6: address formed 2001:db8:1::ff:fe00:1");
        assertEquals(ns.timeMs() + 1000, formed);

        // The MLD report for the solicited-node group came before the DAD probe of the link-local address.
        Parsed llDad = null;
        for (Parsed p : host.icmp(135)) {
            if (isDadFor(p, LL) && llDad == null) {
                llDad = p;
            }
        }
        assertTrue(llDad != null && llDad.timeMs() <= 1000, "a random delay of at most 1 s before the first probe");
        Parsed firstReport = host.icmp(143).get(0);
        assertTrue(firstReport.timeUs <= llDad.timeUs);
        assertArrayEquals(UNSPECIFIED, firstReport.src, "reports from :: during DAD");

        // What the RA configured.
        Ip6 ip6 = ip6();
        assertEquals(1480, ip6.linkMtu());
        assertEquals(1, ip6.routers().routerCount());
        assertEquals(1, ip6.routers().dnsServerCount());
        byte[] dns = new byte[16];
        assertTrue(ip6.routers().dnsServer(0, dns, 0));
        assertArrayEquals(DNS, dns);
        byte[] domain = new byte[64];
        int n = ip6.routers().searchDomain(0, domain, 0, domain.length);
        assertEquals("example.com", new String(domain, 0, n));
        int g = ip6.addresses().globalAddress();
        assertTrue(g > 0);
        assertEquals(InterfaceAddresses.PREFERRED, ip6.addresses().state(g));
    }

    @Test
    void lifetimesDeprecateAndExpireTheAddressAndTheTwoHourRuleHolds() {
        host.react(p -> {
            if (p.isIcmp(133)) {
                host.send(icmpFrame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 255, 134, 0, HostPackets.raBody(64, 0,
                    1800, 0, 0, HostPackets.prefixOption(PREFIX, 64, 0xC0, 8000, 20))));
            }
        });
        sim.runMs(10_000);
        assertTrue(log().contains("ip6: address formed 2001:db8:1::ff:fe00:1"), log().toString());
        sim.runMs(20_000);
        assertTrue(log().contains("ip6: address deprecated 2001:db8:1::ff:fe00:1"), log().toString());
        // An RA that tries to shorten the valid lifetime to 60 s: the two-hour rule keeps 2 hours (remaining was
        // more), and a preferred lifetime makes it preferred again.
        host.send(icmpFrame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 255, 134, 0, HostPackets.raBody(64, 0, 1800, 0, 0,
            HostPackets.prefixOption(PREFIX, 64, 0xC0, 60, 30))));
        sim.runMs(1_000);
        assertTrue(log().contains("ip6: address preferred again 2001:db8:1::ff:fe00:1"), log().toString());
        sim.runMs(120_000);
        assertFalse(log().contains("ip6: address expired 2001:db8:1::ff:fe00:1"), "not after 60 s");
        sim.runMs(7_300_000);
        assertTrue(log().contains("ip6: address expired 2001:db8:1::ff:fe00:1"), log().toString());
        assertEquals("ip6 link", displayTexts().get(displayTexts().size() - 1));
    }

    @Test
    void aLinkDownForgetsEverythingAndALinkUpStartsAgain() {
        playRouter();
        sim.runMs(10_000);
        assertTrue(ip6().addresses().globalAddress() > 0);
        sim.world().at(sim.world().nowUs(), () -> phone.network().setLink(false));
        sim.runMs(1_000);
        assertTrue(log().contains("ip6: link down, addresses forgotten"), log().toString());
        assertEquals(-1, ip6().addresses().globalAddress());
        assertEquals(0, ip6().routers().routerCount());
        int rsBefore = host.icmp(133).size();
        sim.world().at(sim.world().nowUs(), () -> phone.network().setLink(true));
        sim.runMs(10_000);
        assertTrue(host.icmp(133).size() > rsBefore, "soliciting again");
        assertTrue(ip6().addresses().globalAddress() > 0, "the global address is formed again");
        assertEquals("ip6 global", displayTexts().get(displayTexts().size() - 1));
    }

    // ------------------------------------------------------------------------------------------ DAD

    @Test
    void dadDetectsADuplicateAnnouncedByAnAdvertisement() {
        host.react(p -> {
            if (p.isIcmp(133)) {
                host.send(ra(1800));
            }
            if (isDadFor(p, GLOBAL)) {
                // The other owner of the address defends it (RFC 4861 §7.2.4: to all nodes, override).
                host.send(icmpFrame(ALL_NODES_MAC, H_MAC, GLOBAL, ALL_NODES, 255, 136, 0,
                    HostPackets.naBody(0x20, GLOBAL, HostPackets.tlla(H_MAC))));
            }
        });
        sim.runMs(10_000);
        assertTrue(log().contains("ip6: duplicate address 2001:db8:1::ff:fe00:1 (NA from another node); not used"),
            log().toString());
        assertFalse(log().contains("ip6: address formed 2001:db8:1::ff:fe00:1"));
        assertTrue(displayTexts().contains("dup addr"), displayTexts().toString());
        int g = ip6().addresses().find(GLOBAL, 0);
        assertEquals(InterfaceAddresses.DUPLICATE, ip6().addresses().state(g));
        // The duplicate is not used: an echo request to it is not answered, and nothing is sent from it.
        int before = host.icmp(129).size();
        host.send(icmpFrame(PHONE_MAC, H_MAC, H_GLOBAL, GLOBAL, 64, 128, 0, bytes(0, 1, 0, 1)));
        sim.runMs(2_000);
        assertEquals(before, host.icmp(129).size());
        for (Parsed p : host.seen()) {
            assertFalse(p.ip6 && Arrays.equals(p.src, GLOBAL), "sent from the duplicate: " + p);
        }
    }

    @Test
    void dadDetectsADuplicateFromAnotherNodesProbeButNotItsOwnLoopedBack() {
        host.react(p -> {
            if (p.isIcmp(133)) {
                host.send(ra(1800));
            }
            if (isDadFor(p, LL)) {
                // Our own probe comes back (same nonce): not a duplicate (RFC 7527).
                host.send(p.f);
            }
            if (isDadFor(p, GLOBAL)) {
                byte[] group = solicitedNode(GLOBAL);
                host.send(icmpFrame(groupMac(group), H_MAC, UNSPECIFIED, group, 255, 135, 0,
                    HostPackets.nsBody(GLOBAL, bytes(14, 1, 9, 9, 9, 9, 9, 9))));
            }
        });
        sim.runMs(10_000);
        assertTrue(log().contains("ip6: address formed fe80::ff:fe00:1"), log().toString());
        assertEquals(1, ip6().autoconfiguration().loopedBackCount());
        assertTrue(log().contains("ip6: duplicate address 2001:db8:1::ff:fe00:1 (DAD NS from another node); not used"),
            log().toString());
        assertEquals("dup addr", displayTexts().get(displayTexts().size() - 1));
    }

    // ------------------------------------------------------------------------------------------ echo

    @Test
    void echoRequestsAreAnsweredWithCorrectChecksumsOnAndOffLink() {
        playRouter();
        sim.runMs(8_000);
        host.react(p -> {
            answerNs(p, R_LL, R_MAC);
            answerNs(p, H_GLOBAL, H_MAC);
        });
        // Neighbour solicitation from a host: a solicited NA with our link-layer address.
        byte[] snMac = groupMac(solicitedNode(LL));
        host.send(icmpFrame(snMac, H_MAC, H_LL, solicitedNode(LL), 255, 135, 0,
            HostPackets.nsBody(LL, HostPackets.slla(H_MAC))));
        sim.runMs(100);
        List<Parsed> na = host.icmp(136);
        assertEquals(1, na.size());
        Parsed adv = na.get(0);
        assertArrayEquals(H_MAC, adv.dstMac());
        assertArrayEquals(LL, adv.src);
        assertArrayEquals(H_LL, adv.dst);
        assertEquals(255, adv.hopLimit);
        assertEquals(0x60, adv.u8(adv.upperOffset + 4), "solicited and override");
        assertArrayEquals(LL, adv.target());
        int tlla = adv.option(24, 2);
        assertArrayEquals(PHONE_MAC, Arrays.copyOfRange(adv.f, tlla + 2, tlla + 8));
        assertTrue(adv.checksumOk());

        byte[] data = concat(bytes(0x12, 0x34, 0, 1), "hello, phone".getBytes());
        host.send(icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 64, 128, 0, data));
        sim.runMs(100);
        // To the solicited-node group: answered from a unicast address (RFC 4443 §4.2).
        host.send(icmpFrame(snMac, H_MAC, H_LL, solicitedNode(LL), 64, 128, 0, bytes(0x12, 0x34, 0, 2)));
        sim.runMs(100);
        // From an on-link global address the phone has to resolve first.
        host.send(icmpFrame(PHONE_MAC, H_MAC, H_GLOBAL, GLOBAL, 64, 128, 0, bytes(0x12, 0x34, 0, 3)));
        sim.runMs(100);
        // From off-link, through the router.
        byte[] far = addr("2001:db8:2::99");
        host.send(icmpFrame(PHONE_MAC, R_MAC, far, GLOBAL, 60, 128, 0, bytes(0x12, 0x34, 0, 4)));
        sim.runMs(100);

        List<Parsed> replies = host.icmp(129);
        assertEquals(4, replies.size(), replies.toString());
        for (Parsed r : replies) {
            assertTrue(r.checksumOk(), "checksum of " + r);
            assertEquals(64, r.hopLimit);
        }
        Parsed r1 = replies.get(0);
        assertArrayEquals(LL, r1.src);
        assertArrayEquals(H_LL, r1.dst);
        assertArrayEquals(H_MAC, r1.dstMac());
        assertArrayEquals(data, Arrays.copyOfRange(r1.f, r1.upperOffset + 4, r1.upperOffset + r1.upperLength));
        assertArrayEquals(LL, replies.get(1).src, "from the unicast address of the group");
        assertArrayEquals(GLOBAL, replies.get(2).src);
        assertArrayEquals(H_GLOBAL, replies.get(2).dst);
        assertArrayEquals(H_MAC, replies.get(2).dstMac());
        assertArrayEquals(far, replies.get(3).dst);
        assertArrayEquals(R_MAC, replies.get(3).dstMac(), "off-link: to the default router");
        // The resolution of the on-link global address: an NS to its solicited-node group with our SLLA.
        boolean resolved = false;
        for (Parsed p : host.icmp(135)) {
            if (Arrays.equals(p.target(), H_GLOBAL)) {
                resolved = true;
                assertArrayEquals(solicitedNode(H_GLOBAL), p.dst);
                assertArrayEquals(GLOBAL, p.src, "the source of the waiting packet");
                assertTrue(p.option(24, 1) > 0);
                assertTrue(p.checksumOk());
            }
        }
        assertTrue(resolved);
    }

    // ------------------------------------------------------------------------------------------ RS back-off

    @Test
    void routerSolicitationsFollowRfc4861ThenBackOffExponentiallyUntilAnAdvertisement() {
        sim.runMs(130_000);
        List<Parsed> rs = host.icmp(133);
        assertTrue(rs.size() >= 6, rs.toString());
        long t0 = rs.get(0).timeMs();
        assertTrue(t0 <= 1000, "first RS after a random delay of at most 1 s: " + t0);
        assertEquals(4000, rs.get(1).timeMs() - t0);
        assertEquals(4000, rs.get(2).timeMs() - rs.get(1).timeMs());
        long previous = 4000;
        for (int i = 3; i < rs.size(); i++) {
            long interval = rs.get(i).timeMs() - rs.get(i - 1).timeMs();
            assertTrue(interval >= previous * 19 / 10 - 1 && interval <= previous * 21 / 10 + 1,
                "RS " + i + ": " + interval + " ms after " + previous + " ms");
            previous = interval;
        }
        for (Parsed p : rs) {
            assertArrayEquals(addr("ff02::2"), p.dst);
            assertArrayEquals(mac(0x33, 0x33, 0, 0, 0, 2), p.dstMac());
            assertEquals(255, p.hopLimit);
            assertTrue(p.checksumOk());
            boolean unspecified = Arrays.equals(p.src, UNSPECIFIED);
            assertEquals(!unspecified, p.option(8, 1) > 0, "SLLA exactly when sent from an address");
        }
        assertArrayEquals(LL, rs.get(rs.size() - 1).src);
        // An RA with a router lifetime ends the solicitations.
        host.send(ra(1800));
        sim.runMs(3_700_000);
        assertEquals(rs.size(), host.icmp(133).size());
    }

    // ------------------------------------------------------------------------------------------ NUD

    @Test
    void anUnansweredNeighbourIsProbedThreeTimesAndForgotten() {
        playRouter();
        sim.runMs(8_000);
        // The host makes itself known (NS with SLLA), pings, and answers the phone's probes at first.
        host.react(p -> answerNs(p, H_LL, H_MAC));
        host.send(icmpFrame(groupMac(solicitedNode(LL)), H_MAC, H_LL, solicitedNode(LL), 255, 135, 0,
            HostPackets.nsBody(LL, HostPackets.slla(H_MAC))));
        host.send(icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 64, 128, 0, bytes(0, 7, 0, 1)));
        sim.runMs(10_000);
        List<Parsed> probes = host.icmp(135);
        assertTrue(probes.size() >= 1);
        Parsed first = probes.get(probes.size() - 1);
        assertArrayEquals(H_LL, first.dst, "a unicast probe (DELAY -> PROBE after 5 s)");
        assertArrayEquals(H_MAC, first.dstMac());
        // Now the host is gone: it answers nothing. After ReachableTime the entry is STALE; a reply makes it DELAY,
        // then PROBE: three unicast NSs one RetransTimer apart, then the entry is deleted.
        host.react(p -> { });
        sim.runMs(50_000);
        int before = host.icmp(135).size();
        host.send(icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 64, 128, 0, bytes(0, 7, 0, 2)));
        sim.runMs(20_000);
        List<Parsed> all = host.icmp(135);
        List<Parsed> late = all.subList(before, all.size());
        assertEquals(3, late.size(), late.toString());
        long sentReply = host.icmp(129).get(1).timeMs();
        assertEquals(sentReply + 5000, late.get(0).timeMs());
        assertEquals(1000, late.get(1).timeMs() - late.get(0).timeMs());
        assertEquals(1000, late.get(2).timeMs() - late.get(1).timeMs());
        for (Parsed p : late) {
            assertArrayEquals(H_LL, p.dst);
            assertArrayEquals(H_MAC, p.dstMac());
        }
        assertEquals(late.get(2).timeMs() + 1000, logTimeMs("ip6: neighbour unreachable fe80::10"));
        assertEquals(1, ip6().neighbors().unreachableCount());
    }

    // ------------------------------------------------------------------------------------------ MLD

    @Test
    void mldv2ReportsFollowJoiningAndQueries() {
        playRouter();
        sim.runMs(3_000);
        List<Parsed> reports = host.icmp(143);
        assertTrue(reports.size() >= 2, "a state-change report and its retransmission: " + reports);
        for (Parsed r : reports) {
            assertArrayEquals(addr("ff02::16"), r.dst);
            assertArrayEquals(mac(0x33, 0x33, 0, 0, 0, 0x16), r.dstMac());
            assertEquals(1, r.hopLimit);
            assertEquals(0, r.firstNext, "a hop-by-hop header");
            assertTrue(r.routerAlert, "with a Router Alert option");
            assertTrue(r.checksumOk());
            assertFalse(recordGroups(r).contains("ff02:0:0:0:0:0:0:1"), "all-nodes is never reported");
        }
        assertEquals(4, reports.get(0).u8(reports.get(0).upperOffset + 8), "CHANGE_TO_EXCLUDE_MODE");
        assertEquals(List.of("ff02:0:0:0:0:1:ff00:1"), recordGroups(reports.get(0)));

        // A general query: a current-state report within the maximum response delay, from the link-local address.
        int count = host.icmp(143).size();
        byte[] query = HostPackets.icmp(R_LL, ALL_NODES, 130, 0, HostPackets.mldQueryBody(1000, UNSPECIFIED));
        host.send(HostPackets.frame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 1, 0, HostPackets.routerAlertHeader(58),
            58, query));
        long sentAt = sim.world().nowUs() / 1000;
        sim.runMs(1_500);
        List<Parsed> answers = host.icmp(143).subList(count, host.icmp(143).size());
        assertEquals(1, answers.size(), answers.toString());
        Parsed a = answers.get(0);
        assertTrue(a.timeMs() - sentAt <= 1000);
        assertArrayEquals(LL, a.src);
        assertEquals(2, a.u8(a.upperOffset + 8), "MODE_IS_EXCLUDE");
        assertEquals(List.of("ff02:0:0:0:0:1:ff00:1"), recordGroups(a));

        // A group-specific query for our group is answered; one for a group we do not listen to is not.
        byte[] group = solicitedNode(LL);
        count = host.icmp(143).size();
        host.send(HostPackets.frame(groupMac(group), R_MAC, R_LL, group, 1, 0, HostPackets.routerAlertHeader(58), 58,
            HostPackets.icmp(R_LL, group, 130, 0, HostPackets.mldQueryBody(500, group))));
        byte[] other = addr("ff02::1:ff00:99");
        host.send(HostPackets.frame(groupMac(other), R_MAC, R_LL, other, 1, 0, HostPackets.routerAlertHeader(58), 58,
            HostPackets.icmp(R_LL, other, 130, 0, HostPackets.mldQueryBody(500, other))));
        sim.runMs(1_000);
        answers = host.icmp(143).subList(count, host.icmp(143).size());
        assertEquals(1, answers.size(), answers.toString());
        assertEquals(List.of("ff02:0:0:0:0:1:ff00:1"), recordGroups(answers.get(0)));
    }

    /**
     * RFC 3810 §8.2.1: an MLDv1 query puts the firmware in MLDv1 mode: answers are MLDv1 reports to the group itself,
     * another listener's report suppresses ours, and without MLDv1 queries for the Older Version Querier Present
     * Timeout (260 s) it speaks MLDv2 again.
     */
    @Test
    void anMldv1QuerierIsAnsweredWithMldv1ReportsUntilItIsGone() {
        playRouter();
        sim.runMs(3_000);
        byte[] group = solicitedNode(LL);
        int v2Before = host.icmp(143).size();

        // An MLDv1 general query (24 bytes: no QRV/QQIC), maximum delay 1 s.
        byte[] v1Query = Arrays.copyOf(HostPackets.mldQueryBody(1000, UNSPECIFIED), 20);
        host.send(HostPackets.frame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 1, 0, HostPackets.routerAlertHeader(58),
            58, HostPackets.icmp(R_LL, ALL_NODES, 130, 0, v1Query)));
        long sentAt = sim.world().nowUs() / 1000;
        sim.runMs(1_500);
        List<Parsed> v1 = host.icmp(131);
        assertEquals(1, v1.size(), "one MLDv1 report for our one reportable group: " + v1);
        Parsed r = v1.get(0);
        assertTrue(r.timeMs() - sentAt <= 1000, "within the maximum delay");
        assertArrayEquals(group, r.dst, "sent to the group itself");
        assertArrayEquals(groupMac(group), r.dstMac());
        assertArrayEquals(LL, r.src);
        assertEquals(1, r.hopLimit);
        assertTrue(r.routerAlert, "with a Router Alert option");
        assertTrue(r.checksumOk());
        assertEquals(24, r.upperLength, "an MLDv1 message is 24 bytes");
        assertArrayEquals(group, Arrays.copyOfRange(r.f, r.upperOffset + 8, r.upperOffset + 24));
        assertEquals(v2Before, host.icmp(143).size(), "no MLDv2 report in MLDv1 mode");

        // Another listener's report heard before our delay runs out suppresses ours.
        host.send(HostPackets.frame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 1, 0, HostPackets.routerAlertHeader(58),
            58, HostPackets.icmp(R_LL, ALL_NODES, 130, 0, Arrays.copyOf(HostPackets.mldQueryBody(10_000,
                UNSPECIFIED), 20))));
        byte[] report = Arrays.copyOf(HostPackets.mldQueryBody(0, group), 20);
        host.send(HostPackets.frame(groupMac(group), R_MAC, R_LL, group, 1, 0, HostPackets.routerAlertHeader(58), 58,
            HostPackets.icmp(R_LL, group, 131, 0, report)));
        sim.runMs(11_000);
        assertEquals(1, host.icmp(131).size(), "suppressed by the other report: " + host.icmp(131));

        // An MLDv2 query meanwhile is answered in MLDv1 too.
        host.send(HostPackets.frame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 1, 0, HostPackets.routerAlertHeader(58),
            58, HostPackets.icmp(R_LL, ALL_NODES, 130, 0, HostPackets.mldQueryBody(1000, UNSPECIFIED))));
        sim.runMs(1_500);
        assertEquals(2, host.icmp(131).size(), host.icmp(131).toString());
        assertEquals(v2Before, host.icmp(143).size(), "still no MLDv2 report");

        // 260 s after the last MLDv1 query: MLDv2 again.
        sim.runMs(260_000);
        host.send(HostPackets.frame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 1, 0, HostPackets.routerAlertHeader(58),
            58, HostPackets.icmp(R_LL, ALL_NODES, 130, 0, HostPackets.mldQueryBody(1000, UNSPECIFIED))));
        sim.runMs(1_500);
        assertEquals(2, host.icmp(131).size());
        assertEquals(v2Before + 1, host.icmp(143).size(), "an MLDv2 answer once the MLDv1 querier is gone");
    }

    static List<String> recordGroups(Parsed r) {
        List<String> out = new ArrayList<>();
        int records = r.u16(r.upperOffset + 6);
        int at = r.upperOffset + 8;
        for (int i = 0; i < records; i++) {
            out.add(HostPackets.text(r.f, at + 4));
            at += 20 + 16 * r.u16(at + 2) + 4 * r.u8(at + 1);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ UDP

    @Test
    void udpEchoesThroughASocketAndClosedPortsGetRateLimitedUnreachables() {
        playRouter();
        sim.runMs(8_000);
        host.react(p -> {
            answerNs(p, R_LL, R_MAC);
            answerNs(p, H_LL, H_MAC);
        });
        byte[] payload = "ping over udp".getBytes();
        host.send(HostPackets.frame(PHONE_MAC, H_MAC, H_LL, LL, 64, 17, new byte[0], 17,
            HostPackets.udp(H_LL, LL, 5000, 7, payload)));
        sim.runMs(100);
        List<Parsed> udp = new ArrayList<>();
        for (Parsed p : host.seen()) {
            if (p.isUdp()) {
                udp.add(p);
            }
        }
        assertEquals(1, udp.size());
        Parsed echo = udp.get(0);
        assertArrayEquals(LL, echo.src);
        assertArrayEquals(H_LL, echo.dst);
        assertEquals(7, echo.u16(echo.upperOffset));
        assertEquals(5000, echo.u16(echo.upperOffset + 2));
        assertTrue(echo.checksumOk());
        assertArrayEquals(payload,
            Arrays.copyOfRange(echo.f, echo.upperOffset + 8, echo.upperOffset + echo.upperLength));
        assertEquals(1, top.get().echoedCount());

        // A closed port: destination unreachable, port unreachable, quoting our datagram.
        byte[] closed = HostPackets.frame(PHONE_MAC, H_MAC, H_LL, LL, 64, 17, new byte[0], 17,
            HostPackets.udp(H_LL, LL, 5000, 9, payload));
        host.send(closed);
        sim.runMs(100);
        List<Parsed> errors = host.icmp(1);
        assertEquals(1, errors.size());
        Parsed e = errors.get(0);
        assertEquals(4, e.u8(e.upperOffset + 1));
        assertTrue(e.checksumOk());
        assertArrayEquals(Arrays.copyOfRange(closed, 14, closed.length),
            Arrays.copyOfRange(e.f, e.upperOffset + 8, e.upperOffset + e.upperLength));
        // To a group: no error. A flood: the token bucket lets through at most its burst and the refills.
        host.send(HostPackets.frame(ALL_NODES_MAC, H_MAC, H_LL, ALL_NODES, 64, 17, new byte[0], 17,
            HostPackets.udp(H_LL, ALL_NODES, 5000, 9, payload)));
        sim.runMs(100);
        assertEquals(1, host.icmp(1).size());
        long t = sim.world().nowUs();
        for (int i = 0; i < 50; i++) {
            host.sendAt(t + i * 1000L, closed);
        }
        sim.runMs(1_000);
        int flooded = host.icmp(1).size() - 1;
        assertTrue(flooded >= 10 && flooded <= 11, "errors for 50 datagrams in 50 ms: " + flooded);
    }

    // ------------------------------------------------------------------------------------------ allocation

    /**
     * An hour of every kind of traffic (echo on both addresses, UDP to a socket and to a closed port, MLD queries,
     * router advertisements, a truncated packet) allocates nothing on the firmware thread since init. Run
     * interpreted with the other zero-allocation proofs (tag {@code zero-allocation}, see tools/pom.xml).
     */
    @Test
    @Tag("zero-allocation")
    void trafficAllocatesNothingAfterInit() {
        host.react(p -> {
            if (p.isIcmp(133)) {
                host.send(ra(1800));
            }
            answerNs(p, R_LL, R_MAC);
            answerNs(p, H_LL, H_MAC);
            answerNs(p, H_GLOBAL, H_MAC);
        });
        System.gc();
        long start = sim.world().nowUs() + 5_000_000L;
        for (int i = 0; i < 120; i++) {
            long t = start + i * 30_000_000L;
            host.sendAt(t, icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 64, 128, 0, bytes(0, 1, 0, i)));
            host.sendAt(t + 1000, icmpFrame(PHONE_MAC, H_MAC, H_GLOBAL, GLOBAL, 64, 128, 0, bytes(0, 2, 0, i)));
            host.sendAt(t + 2000, HostPackets.frame(PHONE_MAC, H_MAC, H_LL, LL, 64, 17, new byte[0], 17,
                HostPackets.udp(H_LL, LL, 5000, 7, bytes(1, 2, 3, i))));
            host.sendAt(t + 3000, HostPackets.frame(PHONE_MAC, H_MAC, H_LL, LL, 64, 17, new byte[0], 17,
                HostPackets.udp(H_LL, LL, 5000, 9, bytes(1, 2, 3, i))));
            host.sendAt(t + 4000, HostPackets.frame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 1, 0,
                HostPackets.routerAlertHeader(58), 58,
                HostPackets.icmp(R_LL, ALL_NODES, 130, 0, HostPackets.mldQueryBody(1000, UNSPECIFIED))));
            host.sendAt(t + 5000, ra(1800));
            host.sendAt(t + 6000, icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 64, 128, 0, bytes(1)));
            host.sendAt(t + 7000, bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 0x10, 0x86, 0xdd, 0x60));
            // Fragments both ways: an echo request of 1600 bytes and a UDP datagram of 1800 to the echo port, each
            // in two fragments, the last first; every fourth round a lone first fragment that times out.
            List<byte[]> ping = fragments(icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 64, 128, 0,
                concat(bytes(0, 3, 0, i), new byte[1600])), 1000 + i, 1000);
            host.sendAt(t + 8000, ping.get(1));
            host.sendAt(t + 8100, ping.get(0));
            List<byte[]> datagram = fragments(HostPackets.frame(PHONE_MAC, H_MAC, H_LL, LL, 64, 17, new byte[0], 17,
                HostPackets.udp(H_LL, LL, 5000, 7, concat(bytes(4, 5, 6, i), new byte[1796]))), 2000 + i, 1000);
            host.sendAt(t + 9000, datagram.get(1));
            host.sendAt(t + 9100, datagram.get(0));
            if (i % 4 == 0) {
                host.sendAt(t + 10_000, fragments(icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 64, 128, 0,
                    concat(bytes(0, 4, 0, i), new byte[1600])), 3000 + i, 1000).get(0));
            }
        }
        sim.runMs(60 * 60_000);
        assertTrue(host.icmp(129).size() >= 240, "the traffic was answered: " + host.icmp(129).size());
        List<byte[]> whole = reassembledFromPhone();
        int echoes = 0;
        int datagrams = 0;
        for (byte[] w : whole) {
            if ((w[6] & 0xFF) == 58 && (w[40] & 0xFF) == 129 && w.length == 40 + 8 + 1600) {
                echoes++;
            }
            if ((w[6] & 0xFF) == 17 && w.length == 40 + 8 + 1800) {
                datagrams++;
            }
        }
        assertEquals(120, echoes, "fragmented echo replies");
        assertEquals(120, datagrams, "fragmented UDP echoes");
        assertEquals(30, host.icmp(3).size(), "reassembly timeouts");
        assertEquals(0, phone.missionAllocatedBytes(), "bytes allocated by the firmware thread since init");
    }

    /**
     * Cuts a whole frame's IPv6 payload into fragments (RFC 8200 §4.5) of {@code chunk} bytes (a multiple of 8),
     * identification {@code id}, in order.
     */
    static List<byte[]> fragments(byte[] whole, int id, int chunk) {
        List<byte[]> out = new ArrayList<>();
        int payload = whole.length - 54;
        for (int at = 0; at < payload; at += chunk) {
            int n = Math.min(chunk, payload - at);
            boolean more = at + n < payload;
            byte[] f = concat(Arrays.copyOfRange(whole, 0, 54), bytes(whole[20] & 0xFF, 0, (at >> 8) & 0xFF,
                (at & 0xF8) | (more ? 1 : 0), id >>> 24, (id >> 16) & 0xFF, (id >> 8) & 0xFF, id & 0xFF),
                Arrays.copyOfRange(whole, 54 + at, 54 + at + n));
            f[18] = (byte) ((8 + n) >> 8);
            f[19] = (byte) (8 + n);
            f[20] = 44;
            out.add(f);
        }
        return out;
    }

    /**
     * The packets the phone sent in fragments, put back together per identification (only complete ones with valid
     * upper-layer checksums), from their IPv6 header; every fragment within the MTU of 1480 the RA gives.
     */
    List<byte[]> reassembledFromPhone() {
        java.util.Map<Integer, java.util.TreeMap<Integer, byte[]>> byId = new java.util.LinkedHashMap<>();
        for (Parsed p : host.seen()) {
            if (p.ip6 && p.firstNext == 44 && Arrays.equals(Arrays.copyOfRange(p.f, 6, 12), PHONE_MAC)) {
                assertTrue(p.f.length - 14 <= 1480, "a fragment within the link MTU");
                byId.computeIfAbsent(p.u16(58) << 16 | p.u16(60), k -> new java.util.TreeMap<>())
                    .put(p.u16(56) & 0xFFF8, p.f);
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (java.util.TreeMap<Integer, byte[]> frags : byId.values()) {
            java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
            byte[] last = null;
            for (java.util.Map.Entry<Integer, byte[]> e : frags.entrySet()) {
                assertEquals(data.size(), (int) e.getKey(), "no hole, no overlap");
                last = e.getValue();
                data.write(last, 62, ((last[18] & 0xFF) << 8 | last[19] & 0xFF) - 8);
            }
            assertEquals(0, last[57] & 1, "M clear on the last");
            byte[] first = frags.firstEntry().getValue();
            byte[] upper = data.toByteArray();
            byte[] w = concat(Arrays.copyOfRange(first, 14, 54), upper);
            w[4] = (byte) (upper.length >> 8);
            w[5] = (byte) upper.length;
            w[6] = first[54];
            byte[] src = Arrays.copyOfRange(w, 8, 24);
            byte[] dst = Arrays.copyOfRange(w, 24, 40);
            assertEquals(0, HostPackets.checksum(src, dst, w[6] & 0xFF, upper), "the upper-layer checksum");
            out.add(w);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ robustness

    @Test
    void garbageAndTruncatedPacketsNeverCrashTheFirmware() {
        playRouter();
        sim.runMs(8_000);
        Random random = new Random(4861);
        byte[][] seeds = {
            icmpFrame(PHONE_MAC, R_MAC, R_LL, LL, 255, 134, 0, HostPackets.raBody(64, 0, 1800, 0, 0,
                HostPackets.prefixOption(PREFIX, 64, 0xC0, 86400, 14400), HostPackets.rdnssOption(600, DNS),
                HostPackets.dnsslOption(600, "example.com"))),
            icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 255, 135, 0, HostPackets.nsBody(LL, HostPackets.slla(H_MAC))),
            icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 255, 136, 0, HostPackets.naBody(0x60, H_LL, HostPackets.tlla(H_MAC))),
            HostPackets.frame(PHONE_MAC, H_MAC, H_LL, LL, 1, 0, concat(bytes(60, 0, 0xC1, 4, 0, 0, 0, 0),
                bytes(17, 0, 1, 4, 0, 0, 0, 0)), 17, HostPackets.udp(H_LL, LL, 1, 7, bytes(1, 2, 3))),
            HostPackets.frame(ALL_NODES_MAC, R_MAC, R_LL, ALL_NODES, 1, 0, HostPackets.routerAlertHeader(58), 58,
                HostPackets.icmp(R_LL, ALL_NODES, 130, 0, HostPackets.mldQueryBody(0x8fff, UNSPECIFIED))),
            icmpFrame(PHONE_MAC, H_MAC, H_LL, LL, 64, 128, 0, bytes(1, 2, 3, 4, 5)),
        };
        long t = sim.world().nowUs();
        for (int i = 0; i < 3000; i++) {
            byte[] f = seeds[random.nextInt(seeds.length)].clone();
            int cut = 14 + random.nextInt(f.length - 13);
            f = Arrays.copyOf(f, random.nextInt(4) == 0 ? cut : f.length);
            int flips = f.length > 14 ? 1 + random.nextInt(6) : 0;
            for (int k = 0; k < flips; k++) {
                int at = 14 + random.nextInt(f.length - 14);
                f[at] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : f[at] ^ (1 << random.nextInt(8)));
            }
            host.sendAt(t + i * 2000L, f);
        }
        sim.runMs(7_000);
        assertFalse(phone.isHalted(), () -> "crashed: " + phone.crash());
        // Still alive and answering.
        host.react(p -> answerNs(p, R_LL, R_MAC));
        int before = host.icmp(129).size();
        host.send(icmpFrame(PHONE_MAC, R_MAC, R_LL, LL, 64, 128, 0, bytes(0, 9, 0, 9)));
        sim.runMs(6_000);
        assertEquals(before + 1, host.icmp(129).size());
    }
}
