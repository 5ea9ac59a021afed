package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Test;

/**
 * RTCP of a call between two simulated phones ({@code mediaecho-pcmu}), read off the LAN by a sniffer and decoded
 * here from RFC 3550 (not with the firmware's classes): compound packets that start with an SR and carry an SDES
 * CNAME, the §6.3 intervals, sender counts that match the RTP packets seen, and report blocks whose extended highest
 * sequence number, loss, jitter, LSR and DLSR match what the peer sent and when.
 */
class RtcpOnSimTest {

    record Udp(long timeUs, byte[] src, int srcPort, int dstPort, ByteBuffer payload) {
    }

    record Sr(long timeUs, int ssrc, long ntp, int rtpTimestamp, int packets, int octets) {
    }

    @Test
    void reportsCarryWhatThePeerSentAndWhen() {
        List<Udp> seen = new ArrayList<>();
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone one = sim.addPhone("mediaecho-pcmu");
            sim.addPhone("mediaecho-pcmu");
            sim.world().lan().attach((frame, timeUs) -> {
                ByteBuffer b = ByteBuffer.wrap(frame);
                if (frame.length < 62 || b.getShort(12) != (short) 0x86DD || frame[20] != 17) {
                    return;
                }
                byte[] src = new byte[16];
                System.arraycopy(frame, 22, src, 0, 16);
                int udpLength = b.getShort(58) & 0xFFFF;
                seen.add(new Udp(timeUs, src, b.getShort(54) & 0xFFFF, b.getShort(56) & 0xFFFF,
                    ByteBuffer.wrap(frame, 62, udpLength - 8).slice()));
            });
            sim.runMs(40_000);
            byte[] phoneOne = ip(one.name().equals("phone") ? 1 : 2);

            List<Udp> rtcpFromTwo = new ArrayList<>();
            List<Sr> srFromOne = new ArrayList<>();
            List<Long> rtpFromOne = new ArrayList<>();
            int oneSsrc = 0;
            int lastSeqFromOne = -1;
            List<Integer> seqAtTime = new ArrayList<>();
            for (Udp u : seen) {
                boolean fromOne = java.util.Arrays.equals(u.src(), phoneOne);
                if (u.dstPort() == 5004 && fromOne) {
                    rtpFromOne.add(u.timeUs());
                    oneSsrc = u.payload().getInt(8);
                    lastSeqFromOne = u.payload().getShort(2) & 0xFFFF;
                }
                if (u.dstPort() == 5005) {
                    ByteBuffer p = u.payload();
                    int type = p.get(1) & 0xFF;
                    assertEquals(2, (p.get(0) & 0xFF) >> 6, "version 2");
                    assertEquals(200, type, "senders report with an SR first");
                    int srLength = ((p.getShort(2) & 0xFFFF) + 1) * 4;
                    assertEquals(202, p.get(srLength + 1) & 0xFF, "an SDES follows");
                    assertEquals(1, p.get(srLength + 8), "with a CNAME");
                    if (fromOne) {
                        srFromOne.add(new Sr(u.timeUs(), p.getInt(4), p.getLong(8), p.getInt(16), p.getInt(20),
                            p.getInt(24)));
                        assertEquals(rtpFromOne.size(), p.getInt(20), "the SR's packet count");
                        assertEquals(160 * rtpFromOne.size(), p.getInt(24), "the SR's octet count");
                    } else {
                        rtcpFromTwo.add(u);
                        seqAtTime.add(lastSeqFromOne);
                    }
                }
            }
            assertTrue(srFromOne.size() >= 5, "SRs from phone 1: " + srFromOne.size());
            assertTrue(rtcpFromTwo.size() >= 5, "reports from phone 2: " + rtcpFromTwo.size());

            // Intervals: the first within 2.5 s x [0.5, 1.5] / 1.21828 of the call's start, then 5 s x the same.
            long start = rtpFromOne.get(0);
            long first = srFromOne.get(0).timeUs() - start;
            assertTrue(first >= 1_000_000 && first <= 3_100_000, "first report after " + first + " us");
            for (int i = 1; i < srFromOne.size(); i++) {
                long gap = srFromOne.get(i).timeUs() - srFromOne.get(i - 1).timeUs();
                assertTrue(gap >= 2_040_000 && gap <= 6_200_000, "interval " + gap + " us");
            }

            // Phone 2's report block about phone 1.
            int checked = 0;
            for (int i = 0; i < rtcpFromTwo.size(); i++) {
                Udp u = rtcpFromTwo.get(i);
                ByteBuffer p = u.payload();
                int count = p.get(0) & 0x1F;
                assertEquals(1, count, "one report block");
                int block = 28;
                assertEquals(oneSsrc, p.getInt(block), "about phone 1's SSRC");
                assertEquals(0, p.get(block + 4), "fraction lost");
                assertEquals(0, p.getInt(block + 4) & 0xFFFFFF, "cumulative lost");
                assertEquals(seqAtTime.get(i), p.getInt(block + 8) & 0xFFFF, "extended highest sequence number");
                assertTrue(p.getInt(block + 12) < 16, "jitter " + p.getInt(block + 12));
                int lsr = p.getInt(block + 16);
                int dlsr = p.getInt(block + 20);
                Sr last = null;
                for (Sr sr : srFromOne) {
                    if (sr.timeUs() <= u.timeUs()) {
                        last = sr;
                    }
                }
                if (last == null) {
                    assertEquals(0, lsr);
                    assertEquals(0, dlsr);
                    continue;
                }
                assertEquals((int) (last.ntp() >>> 16), lsr, "LSR: the middle of phone 1's last SR's NTP timestamp");
                long expectedDlsr = (u.timeUs() - last.timeUs()) * 65536 / 1_000_000;
                assertTrue(Math.abs(dlsr - expectedDlsr) <= 70, "DLSR " + dlsr + ", expected " + expectedDlsr);
                checked++;
            }
            assertTrue(checked >= 4, "blocks with LSR checked: " + checked);
        }
    }

    /** fe80::ff:fe00:n, the link-local address of the phone with MAC 02:00:00:00:00:0n. */
    static byte[] ip(int n) {
        byte[] a = new byte[16];
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        a[11] = (byte) 0xff;
        a[12] = (byte) 0xfe;
        a[15] = (byte) n;
        return a;
    }
}
