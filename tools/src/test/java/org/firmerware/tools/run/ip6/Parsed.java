package org.firmerware.tools.run.ip6;

import java.util.Arrays;

/** What the phone sent, parsed on the host side: Ethernet, IPv6, the extension headers walked, the upper layer. */
public final class Parsed {

    public final long timeUs;
    public final byte[] f;
    public final boolean ip6;
    public int hopLimit;
    public byte[] src;
    public byte[] dst;
    /** The first next header (0 when a hop-by-hop header follows). */
    public int firstNext;
    public int upperNext = -1;
    public int upperOffset;
    public int upperLength;
    public boolean routerAlert;

    public Parsed(byte[] frame, long timeUs) {
        this.f = frame;
        this.timeUs = timeUs;
        this.ip6 = frame.length >= 54 && (frame[12] & 0xFF) == 0x86 && (frame[13] & 0xFF) == 0xDD;
        if (!ip6) {
            return;
        }
        int plen = u16(18);
        hopLimit = frame[21] & 0xFF;
        src = Arrays.copyOfRange(frame, 22, 38);
        dst = Arrays.copyOfRange(frame, 38, 54);
        firstNext = frame[20] & 0xFF;
        int next = firstNext;
        int at = 54;
        int end = 54 + plen;
        while (next == 0 || next == 60) {
            int len = ((frame[at + 1] & 0xFF) + 1) * 8;
            for (int o = at + 2; o < at + len;) {
                int t = frame[o] & 0xFF;
                if (t == 0) {
                    o++;
                    continue;
                }
                if (t == 5) {
                    routerAlert = true;
                }
                o += 2 + (frame[o + 1] & 0xFF);
            }
            next = frame[at] & 0xFF;
            at += len;
        }
        upperNext = next;
        upperOffset = at;
        upperLength = end - at;
    }

    public int u8(int off) {
        return f[off] & 0xFF;
    }

    public int u16(int off) {
        return (f[off] & 0xFF) << 8 | f[off + 1] & 0xFF;
    }

    public byte[] dstMac() {
        return Arrays.copyOfRange(f, 0, 6);
    }

    public boolean isIcmp(int type) {
        return ip6 && upperNext == 58 && upperLength >= 4 && u8(upperOffset) == type;
    }

    public boolean isUdp() {
        return ip6 && upperNext == 17;
    }

    public byte[] upper() {
        return Arrays.copyOfRange(f, upperOffset, upperOffset + upperLength);
    }

    /** Whether the upper layer's checksum is right, computed by {@link HostPackets#checksum}. */
    public boolean checksumOk() {
        return HostPackets.checksum(src, dst, upperNext, upper()) == 0;
    }

    /** The ND target of an NS or NA. */
    public byte[] target() {
        return Arrays.copyOfRange(f, upperOffset + 8, upperOffset + 24);
    }

    /** The offset of an ND option of {@code type} after {@code from} (from the upper-layer start), or -1. */
    public int option(int from, int type) {
        int at = upperOffset + from;
        int end = upperOffset + upperLength;
        while (at + 2 <= end) {
            int len = u8(at + 1) * 8;
            if (len == 0) {
                return -1;
            }
            if (u8(at) == type) {
                return at;
            }
            at += len;
        }
        return -1;
    }

    public long timeMs() {
        return timeUs / 1000;
    }

    @Override
    public String toString() {
        if (!ip6) {
            return timeMs() + " non-IPv6";
        }
        return timeMs() + " " + HostPackets.text(src, 0) + " > " + HostPackets.text(dst, 0) + " next " + upperNext
            + (upperNext == 58 ? " icmp " + u8(upperOffset) : "");
    }
}
