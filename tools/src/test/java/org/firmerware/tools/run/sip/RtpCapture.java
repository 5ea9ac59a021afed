package org.firmerware.tools.run.sip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.firmerware.top.sip.media.codec.G722Decoder;

/**
 * The RTP streams of a capture (a pcap of Ethernet frames, as tcpdump writes it on a TAP), decoded to samples so that
 * a test can measure what a peer received: PCMU and PCMA are decoded here from G.711's definition (independently of
 * the firmware's codec), G.722 with the firmware's decoder (bit-exact with spandsp and the ITU sequences, see
 * top-sip's codec tests). Then {@link #windows} measures the frequency (zero crossings) and level of each 100 ms.
 */
final class RtpCapture {

    /** One RTP packet over UDP/IPv6. */
    record Packet(double time, String source, int sourcePort, String destination, int destinationPort,
                  int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
    }

    /** A window of decoded audio: its start (seconds into the stream), frequency by zero crossings, level in dBFS. */
    record Window(double start, double hz, double dbfs) {
        boolean isTone(double wantHz, double toleranceHz, double minDbfs) {
            return Math.abs(hz - wantHz) <= toleranceHz && dbfs >= minDbfs;
        }

        @Override
        public String toString() {
            return String.format("%.1fs %.0fHz %.0fdBFS", start, hz, dbfs);
        }
    }

    private final List<Packet> packets;

    private RtpCapture(List<Packet> packets) {
        this.packets = packets;
    }

    /** Reads every UDP/IPv6 datagram of the capture that looks like RTP version 2. */
    static RtpCapture read(Path pcap) throws IOException {
        byte[] bytes = Files.readAllBytes(pcap);
        // The file's own headers in the byte order its magic number gives; the frames in network order.
        ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = file.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            file.order(ByteOrder.BIG_ENDIAN);
            magic = file.getInt(0);
        }
        boolean nanos = magic == 0xa1b23c4d;
        if (magic != 0xa1b2c3d4 && !nanos) {
            throw new IOException(pcap + " is not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        if (file.getInt(20) != 1) {
            throw new IOException(pcap + ": link type " + file.getInt(20) + ", not Ethernet");
        }
        List<Packet> out = new ArrayList<>();
        int at = 24;
        while (at + 16 <= bytes.length) {
            double time = (file.getInt(at) & 0xFFFFFFFFL) + (file.getInt(at + 4) & 0xFFFFFFFFL) / (nanos ? 1e9 : 1e6);
            int caplen = file.getInt(at + 8);
            int frame = at + 16;
            at = frame + caplen;
            if (at > bytes.length || caplen < 14 + 40 + 8 + 12) {
                continue;
            }
            if ((b.getShort(frame + 12) & 0xFFFF) != 0x86dd || (b.get(frame + 14 + 6) & 0xFF) != 17) {
                continue;
            }
            int ip = frame + 14;
            int udp = ip + 40;
            int udpLength = b.getShort(udp + 4) & 0xFFFF;
            int rtp = udp + 8;
            int end = Math.min(udp + udpLength, at);
            if (end - rtp < 12 || (b.get(rtp) & 0xC0) != 0x80) {
                continue;
            }
            int first = b.get(rtp) & 0xFF;
            int second = b.get(rtp + 1) & 0xFF;
            if (second >= 200 && second <= 204) {
                continue; // RTCP (RFC 5761 §4: packet types 200..204 are not RTP payload types 72..76)
            }
            int head = 12 + 4 * (first & 0x0F);
            if ((first & 0x10) != 0 && end - rtp >= head + 4) {
                head += 4 + 4 * (b.getShort(rtp + head + 2) & 0xFFFF);
            }
            int payloadEnd = end;
            if ((first & 0x20) != 0 && end - rtp > head) {
                payloadEnd -= b.get(end - 1) & 0xFF;
            }
            if (payloadEnd < rtp + head) {
                continue;
            }
            byte[] payload = Arrays.copyOfRange(bytes, rtp + head, payloadEnd);
            out.add(new Packet(time, address(b, ip + 8), b.getShort(udp) & 0xFFFF, address(b, ip + 24),
                b.getShort(udp + 2) & 0xFFFF, second & 0x7F, (second & 0x80) != 0, b.getShort(rtp + 2) & 0xFFFF,
                b.getInt(rtp + 4) & 0xFFFFFFFFL, b.getInt(rtp + 8) & 0xFFFFFFFFL, payload));
        }
        return new RtpCapture(out);
    }

    private static String address(ByteBuffer b, int at) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            s.append(i > 0 ? ":" : "").append(Integer.toHexString(b.getShort(at + 2 * i) & 0xFFFF));
        }
        return norm(s.toString());
    }

    /** An IPv6 address in one spelling (Java's: no "::"), so that addresses compare as strings. */
    static String norm(String ip6) {
        try {
            return java.net.InetAddress.getByName(ip6).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip6, e);
        }
    }

    /** Every packet, in capture order. */
    List<Packet> packets() {
        return packets;
    }

    /** The packets that match, in capture order. */
    List<Packet> packets(Predicate<Packet> match) {
        List<Packet> out = new ArrayList<>();
        for (Packet p : packets) {
            if (match.test(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** A compact description of the streams (source, destination, payload type, count) for failure messages. */
    String summary() {
        StringBuilder s = new StringBuilder();
        packets.stream().map(p -> "[" + p.source() + "]:" + p.sourcePort() + " > [" + p.destination() + "]:"
                + p.destinationPort() + " pt " + p.payloadType())
            .distinct().forEach(k -> s.append("\n  ").append(k).append(": ")
                .append(packets.stream().filter(p -> k.equals("[" + p.source() + "]:" + p.sourcePort() + " > ["
                    + p.destination() + "]:" + p.destinationPort() + " pt " + p.payloadType())).count())
                .append(" packets"));
        return s.toString();
    }

    /**
     * The audio of a stream, decoded in sequence order (duplicates dropped; the 16-bit sequence extended), as
     * samples at the codec's rate: {@code codec} "PCMU" or "PCMA" (8000 Hz) or "G722" (16000 Hz).
     */
    static short[] decode(List<Packet> stream, String codec) {
        List<Packet> sorted = new ArrayList<>(stream);
        long[] extended = new long[sorted.size()];
        long cycles = 0;
        int last = -1;
        for (int i = 0; i < sorted.size(); i++) {
            int s = sorted.get(i).sequence();
            if (last >= 0 && s < last && last - s > 0x8000) {
                cycles += 0x10000;
            }
            last = s;
            extended[i] = cycles + s;
        }
        Integer[] order = new Integer[sorted.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> extended[i]));
        G722Decoder g722 = new G722Decoder();
        short[] out = new short[0];
        int n = 0;
        long previous = Long.MIN_VALUE;
        for (int k : order) {
            if (extended[k] == previous) {
                continue;
            }
            previous = extended[k];
            byte[] p = sorted.get(k).payload();
            int samples = codec.equals("G722") ? 2 * p.length : p.length;
            if (n + samples > out.length) {
                out = Arrays.copyOf(out, Math.max(2 * out.length, n + samples));
            }
            switch (codec) {
                case "PCMU":
                    for (byte x : p) {
                        out[n++] = ulaw(x);
                    }
                    break;
                case "PCMA":
                    for (byte x : p) {
                        out[n++] = alaw(x);
                    }
                    break;
                case "G722":
                    n += g722.decode(p, 0, p.length, out, n);
                    break;
                default:
                    throw new IllegalArgumentException(codec);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The sample rate of a codec's decoded audio. */
    static int rate(String codec) {
        return codec.equals("G722") ? 16000 : 8000;
    }

    /** G.711 µ-law to linear (ITU-T G.711 Table 2a: complemented code, sign, 3-bit segment, 4-bit step). */
    static short ulaw(byte code) {
        int u = ~code & 0xFF;
        int t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    /** G.711 A-law to linear (G.711 Table 1a: even bits inverted, sign, 3-bit segment, 4-bit step). */
    static short alaw(byte code) {
        int a = (code & 0xFF) ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        t = seg == 0 ? t + 8 : (t + 0x108) << (seg - 1);
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    /** 100 ms windows of audio: frequency by zero crossings (exact for a pure tone) and level. */
    static List<Window> windows(short[] x, int rate) {
        List<Window> out = new ArrayList<>();
        int len = rate / 10;
        for (int s = 0; s + len <= x.length; s += len) {
            double sum = 0;
            int crossings = 0;
            boolean positive = x[s] >= 0;
            for (int i = s; i < s + len; i++) {
                sum += (double) x[i] * x[i];
                boolean p = x[i] >= 0;
                if (p != positive) {
                    crossings++;
                    positive = p;
                }
            }
            double rms = Math.sqrt(sum / len);
            out.add(new Window((double) s / rate, crossings / 2.0 * rate / len,
                rms < 1 ? -120 : 20 * Math.log10(rms / 32767.0)));
        }
        return out;
    }

    /** The longest run of consecutive windows that hold {@code hz} (± 2 %) at -40 dBFS or more, in windows. */
    static int longestTone(List<Window> windows, double hz) {
        int best = 0;
        int run = 0;
        for (Window w : windows) {
            run = w.isTone(hz, hz * 0.02, -40) ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }
}
