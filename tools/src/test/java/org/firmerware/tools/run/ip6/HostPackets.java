package org.firmerware.tools.run.ip6;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Host-side IPv6 packets for tests, written from the RFCs independently of the firmware's classes, so that a test
 * built on them can catch the firmware's mistakes: Ethernet + IPv6 + ICMPv6/UDP builders, the checksum, and a small
 * parser for what the phone sends.
 */
public final class HostPackets {

    public static final int ETH = 14;

    private HostPackets() {
    }

    /** An address from its text form. */
    public static byte[] addr(String text) {
        try {
            byte[] a = InetAddress.getByName(text).getAddress();
            if (a.length != 16) {
                throw new IllegalArgumentException("not IPv6: " + text);
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The text form of an address (Java's, full groups: compare with {@link #addr}). */
    public static String text(byte[] a, int off) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(a, off, off + 16)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] mac(int... bytes) {
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) bytes[i];
        }
        return m;
    }

    /** The Ethernet address of a group: 33:33 and its last four bytes. */
    public static byte[] groupMac(byte[] group) {
        return mac(0x33, 0x33, group[12] & 0xFF, group[13] & 0xFF, group[14] & 0xFF, group[15] & 0xFF);
    }

    /** ff02::1:ffXX:XXXX of an address. */
    public static byte[] solicitedNode(byte[] a) {
        byte[] g = addr("ff02::1:ff00:0");
        g[13] = a[13];
        g[14] = a[14];
        g[15] = a[15];
        return g;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] u16(int v) {
        return bytes(v >> 8, v);
    }

    static byte[] u32(long v) {
        return bytes((int) (v >> 24), (int) (v >> 16), (int) (v >> 8), (int) v);
    }

    /** RFC 1071 over the pseudo-header of RFC 8200 §8.1 and the upper-layer bytes (checksum field included). */
    public static int checksum(byte[] src, byte[] dst, int nextHeader, byte[] upper) {
        byte[] pseudo = concat(src, dst, u32(upper.length), bytes(0, 0, 0, nextHeader), upper);
        long sum = 0;
        for (int i = 0; i < pseudo.length; i += 2) {
            int hi = pseudo[i] & 0xFF;
            int lo = i + 1 < pseudo.length ? pseudo[i + 1] & 0xFF : 0;
            sum += hi << 8 | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** An Ethernet frame with an IPv6 packet; {@code ext} goes between the fixed header and the upper layer. */
    public static byte[] frame(byte[] dstMac, byte[] srcMac, byte[] src, byte[] dst, int hopLimit, int firstNext,
                               byte[] ext, int upperNext, byte[] upper) {
        byte[] body = concat(ext, upper);
        byte[] ip = concat(bytes(0x60, 0, 0, 0), u16(body.length), bytes(ext.length > 0 ? firstNext : upperNext,
            hopLimit), src, dst, body);
        return concat(dstMac, srcMac, u16(0x86DD), ip);
    }

    /** An ICMPv6 message with its checksum set. */
    public static byte[] icmp(byte[] src, byte[] dst, int type, int code, byte[] body) {
        byte[] m = concat(bytes(type, code, 0, 0), body);
        int c = checksum(src, dst, 58, m);
        m[2] = (byte) (c >> 8);
        m[3] = (byte) c;
        return m;
    }

    public static byte[] icmpFrame(byte[] dstMac, byte[] srcMac, byte[] src, byte[] dst, int hopLimit, int type,
                                   int code, byte[] body) {
        return frame(dstMac, srcMac, src, dst, hopLimit, 58, new byte[0], 58, icmp(src, dst, type, code, body));
    }

    public static byte[] slla(byte[] mac) {
        return concat(bytes(1, 1), mac);
    }

    public static byte[] tlla(byte[] mac) {
        return concat(bytes(2, 1), mac);
    }

    /** RFC 4861 §4.6.2. */
    public static byte[] prefixOption(byte[] prefix, int length, int flags, long valid, long preferred) {
        return concat(bytes(3, 4, length, flags), u32(valid), u32(preferred), u32(0), prefix);
    }

    public static byte[] mtuOption(int mtu) {
        return concat(bytes(5, 1, 0, 0), u32(mtu));
    }

    /** RFC 8106 §5.1. */
    public static byte[] rdnssOption(long lifetime, byte[]... servers) {
        return concat(bytes(25, 1 + 2 * servers.length, 0, 0), u32(lifetime), concat(servers));
    }

    /** RFC 8106 §5.2, names given as dotted text. */
    public static byte[] dnsslOption(long lifetime, String... names) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (String n : names) {
            for (String label : n.split("\\.")) {
                wire.write(label.length());
                wire.writeBytes(label.getBytes());
            }
            wire.write(0);
        }
        while ((wire.size() + 8) % 8 != 0) {
            wire.write(0);
        }
        byte[] w = wire.toByteArray();
        return concat(bytes(31, (w.length + 8) / 8, 0, 0), u32(lifetime), w);
    }

    /** A router advertisement body (RFC 4861 §4.2) with options. */
    public static byte[] raBody(int hopLimit, int flags, int routerLifetime, long reachableMs, long retransMs,
                                byte[]... options) {
        return concat(bytes(hopLimit, flags), u16(routerLifetime), u32(reachableMs), u32(retransMs), concat(options));
    }

    /** A neighbour solicitation body (RFC 4861 §4.3). */
    public static byte[] nsBody(byte[] target, byte[]... options) {
        return concat(u32(0), target, concat(options));
    }

    /** A neighbour advertisement body (RFC 4861 §4.4); flags: R 0x80, S 0x40, O 0x20. */
    public static byte[] naBody(int flags, byte[] target, byte[]... options) {
        return concat(bytes(flags, 0, 0, 0), target, concat(options));
    }

    /** A UDP datagram with its checksum set. */
    public static byte[] udp(byte[] src, byte[] dst, int srcPort, int dstPort, byte[] payload) {
        byte[] d = concat(u16(srcPort), u16(dstPort), u16(8 + payload.length), u16(0), payload);
        int c = checksum(src, dst, 17, d);
        if (c == 0) {
            c = 0xFFFF;
        }
        d[6] = (byte) (c >> 8);
        d[7] = (byte) c;
        return d;
    }

    /** A hop-by-hop header with a Router Alert for MLD (RFC 2711) and PadN. */
    public static byte[] routerAlertHeader(int next) {
        return bytes(next, 0, 5, 2, 0, 0, 1, 0);
    }

    /** An MLDv2 query body (RFC 3810 §5.1). */
    public static byte[] mldQueryBody(int maxResponseCode, byte[] group) {
        return concat(u16(maxResponseCode), u16(0), group, bytes(2, 125), u16(0));
    }
}
