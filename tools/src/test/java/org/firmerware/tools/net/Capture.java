package org.firmerware.tools.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A capture as tshark decodes it, read in one pass (tshark takes about a second to start, so tests ask it once per
 * capture and filter in Java): chosen fields of every frame, and the decode check.
 *
 * <p>The decode check: no frame is malformed, has an expert warning or error (also as {@code -z expert} counts
 * them), or a bad checksum, and every checksum tshark checked is "Good". tshark validates UDP checksums only with
 * {@code udp.check_checksum:TRUE}, which is always given here; ICMPv6 checksums it always validates (Wireshark 4.0
 * has no preference for it), and IPv6 has no header checksum.
 */
final class Capture {

    /** The options every tshark run here gets: validate UDP checksums too. */
    static final List<String> OPTIONS = List.of("-n", "-o", "udp.check_checksum:TRUE");
    /** A frame tshark finds malformed, with an expert warning or error, or with a bad checksum. */
    static final String BAD = "_ws.malformed || _ws.expert.severity >= 0x00600000"
        + " || icmpv6.checksum.status == 0 || udp.checksum.status == 0";
    /** The fields read of every frame; several occurrences (an ICMPv6 error's inner header) are joined by commas. */
    static final List<String> FIELDS = List.of("frame.number", "frame.time_epoch", "eth.src", "eth.dst", "ipv6.src",
        "ipv6.dst", "ipv6.hlim", "ipv6.opt.router_alert", "icmpv6.type", "icmpv6.code", "icmpv6.checksum.status",
        "udp.checksum.status", "udp.srcport", "udp.dstport", "icmpv6.nd.ns.target_address",
        "icmpv6.nd.na.target_address", "icmpv6.nd.na.flag.s", "icmpv6.nd.na.flag.o", "icmpv6.opt.nonce",
        "icmpv6.opt.prefix", "icmpv6.mld.maximum_response_code", "icmpv6.mldr.mar.multicast_address",
        "icmpv6.mldr.mar.record_type", "ipv6.plen", "icmpv6.mld.multicast_address", "ipv6.fraghdr.offset",
        "ipv6.fraghdr.more", "ipv6.fraghdr.ident", "ipv6.reassembled.length");

    /** One frame: its fields by name (absent ones are empty). */
    record Frame(Map<String, String> fields) {

        /** The field's text (all occurrences, comma-separated), or "" when absent. */
        String get(String field) {
            return fields.getOrDefault(field, "");
        }

        /** The frame's number in the capture, from 1. */
        int number() {
            return Integer.parseInt(get("frame.number"));
        }

        /** Whether the field is there and reads {@code value} (every occurrence). */
        boolean is(String field, String value) {
            String v = get(field);
            return !v.isEmpty() && Arrays.stream(v.split(",")).allMatch(value::equals);
        }

        /** Whether the field is there. */
        boolean has(String field) {
            return !get(field).isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (String f : FIELDS) {
                if (has(f)) {
                    b.append(b.length() > 0 ? " " : "").append(f).append('=').append(get(f));
                }
            }
            return b.toString();
        }
    }

    private final Path pcap;
    private final List<Frame> frames;

    private Capture(Path pcap, List<Frame> frames) {
        this.pcap = pcap;
        this.frames = frames;
    }

    /** Reads every frame of the capture (tshark runs in the lab's namespace). */
    static Capture read(NetnsLab lab, Path pcap) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString()));
        cmd.addAll(OPTIONS);
        cmd.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        List<Frame> frames = new ArrayList<>();
        for (String line : lab.runOk(cmd.toArray(new String[0])).stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] v = line.split("\t", -1);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < FIELDS.size() && i < v.length; i++) {
                if (!v[i].isEmpty()) {
                    m.put(FIELDS.get(i), v[i]);
                }
            }
            frames.add(new Frame(m));
        }
        return new Capture(pcap, frames);
    }

    /** Every frame. */
    List<Frame> frames() {
        return frames;
    }

    /** The frames that match. */
    List<Frame> where(Predicate<Frame> match) {
        return frames.stream().filter(match).toList();
    }

    /**
     * The decode check (see the class comment) on this capture: one more tshark run, for the malformed frames and
     * the expert information, which the field dump does not show.
     */
    Capture assertDecodesCleanly(NetnsLab lab) {
        List<String> bad = badFrames(lab, pcap);
        assertEquals(List.of(), bad, "malformed frames, expert warnings or errors, bad checksums in " + pcap);
        List<Frame> icmp = where(f -> f.has("icmpv6.type"));
        assertFalse(icmp.isEmpty(), "ICMPv6 in " + pcap);
        assertEquals(List.of(), icmp.stream().filter(f -> !f.is("icmpv6.checksum.status", "1")).toList(),
            "ICMPv6 frames whose checksum is not Good in " + pcap);
        assertEquals(List.of(), where(f -> f.has("udp.checksum.status") && !f.is("udp.checksum.status", "1")),
            "UDP frames whose checksum is not Good in " + pcap);
        return this;
    }

    /**
     * The numbers of the frames tshark flags as malformed, with an expert warning or error, or a bad checksum; and
     * "expert: ..." lines if {@code -z expert} counts warnings or errors.
     */
    static List<String> badFrames(NetnsLab lab, Path pcap) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString()));
        cmd.addAll(OPTIONS);
        cmd.addAll(List.of("-Y", BAD, "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message", "-z",
            "expert,warn"));
        String out = lab.runOk(cmd.toArray(new String[0])).stdout();
        List<String> bad = new ArrayList<>();
        boolean stats = false;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.matches("(Errors|Warns|Notes|Chats|Comments) \\(\\d+\\)")) {
                stats = true;
                if (line.startsWith("Errors") || line.startsWith("Warns")) {
                    bad.add("expert: " + line);
                }
            } else if (!stats) {
                bad.add(line.trim());
            }
        }
        return bad;
    }

    /**
     * Copies a pcap, flipping bits in the checksum of the first frame with an ICMPv6 header right after the IPv6
     * header and of the first with a UDP header there (to show that the decode check sees both); returns their frame
     * numbers.
     */
    static List<Integer> corruptChecksums(Path in, Path out) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(in));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        List<Integer> frames = new ArrayList<>();
        boolean icmp = false;
        boolean udp = false;
        int n = 0;
        for (int off = 24; off + 16 <= b.limit() && !(icmp && udp); off += 16 + b.getInt(off + 8)) {
            n++;
            int f = off + 16;
            if (b.getInt(off + 8) < 62 || (b.get(f + 12) & 0xFF) != 0x86 || (b.get(f + 13) & 0xFF) != 0xDD) {
                continue;
            }
            int next = b.get(f + 14 + 6) & 0xFF;
            int at = next == 58 && !icmp ? f + 14 + 40 + 2 : next == 17 && !udp ? f + 14 + 40 + 6 : -1;
            if (at >= 0) {
                b.put(at, (byte) (b.get(at) ^ 0x5A));
                icmp |= next == 58;
                udp |= next == 17;
                frames.add(n);
            }
        }
        Files.write(out, b.array());
        return frames;
    }
}
