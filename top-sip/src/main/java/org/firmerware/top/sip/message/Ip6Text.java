package org.firmerware.top.sip.message;

/**
 * Reads IPv6 addresses from text (RFC 4291 §2.2: groups of up to four hex digits, one {@code ::}, an optional trailing
 * dotted IPv4 part), and writes them in the RFC 5952 form through the kernel's formatter. A zone ({@code %eth0})
 * is not accepted: the phone has one interface.
 */
public final class Ip6Text {

    private Ip6Text() {
    }

    /**
     * Parses the slice into 16 bytes at {@code dstOff}.
     *
     * @return false when the slice is not an IPv6 address (then {@code dst} may be partly written)
     */
    public static boolean parse(byte[] b, int off, int len, byte[] dst, int dstOff) {
        if (len < 2 || len > 45) {
            return false;
        }
        int end = off + len;
        int groups = 0;
        int gap = -1;
        int i = off;
        if (b[i] == ':') {
            if (b[i + 1] != ':') {
                return false;
            }
            gap = 0;
            i += 2;
            if (i == end) {
                for (int k = 0; k < 16; k++) {
                    dst[dstOff + k] = 0;
                }
                return true;
            }
        }
        // Bounded: each pass takes at least one byte and at most 8 groups are read.
        while (i < end) {
            if (groups == 8) {
                return false;
            }
            int v = 0;
            int digits = 0;
            int groupStart = i;
            while (i < end && digits < 5) {
                int h = Ascii.hexValue(b[i] & 0xFF);
                if (h < 0) {
                    break;
                }
                v = v << 4 | h;
                digits++;
                i++;
            }
            if (i < end && b[i] == '.' && groups <= 6) {
                // A dotted IPv4 tail takes the last two groups.
                return ip4Tail(b, groupStart, end, dst, dstOff, groups, gap);
            }
            if (digits == 0 || digits > 4) {
                return false;
            }
            dst[dstOff + 2 * groups] = (byte) (v >> 8);
            dst[dstOff + 2 * groups + 1] = (byte) v;
            groups++;
            if (i == end) {
                break;
            }
            if (b[i] != ':') {
                return false;
            }
            i++;
            if (i < end && b[i] == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = groups;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return false;
            }
        }
        return close(dst, dstOff, groups, gap);
    }

    private static boolean ip4Tail(byte[] b, int s, int end, byte[] dst, int dstOff, int groups, int gap) {
        int part = 0;
        int v = -1;
        byte[] tmp = dst;
        int at = dstOff + 2 * groups;
        for (int i = s; i <= end; i++) {
            int c = i < end ? b[i] & 0xFF : '.';
            if (Ascii.isDigit(c)) {
                v = v < 0 ? c - '0' : v * 10 + c - '0';
                if (v > 255) {
                    return false;
                }
            } else if (c == '.' && v >= 0 && part < 4) {
                tmp[at + part] = (byte) v;
                part++;
                v = -1;
            } else {
                return false;
            }
        }
        return part == 4 && close(dst, dstOff, groups + 2, gap);
    }

    /** Moves the groups after a '::' to the end and zeroes the gap. */
    private static boolean close(byte[] dst, int dstOff, int groups, int gap) {
        if (gap < 0) {
            return groups == 8;
        }
        if (groups > 7) {
            return false;
        }
        int tail = groups - gap;
        int zeros = 8 - groups;
        for (int k = tail - 1; k >= 0; k--) {
            dst[dstOff + 2 * (gap + zeros + k)] = dst[dstOff + 2 * (gap + k)];
            dst[dstOff + 2 * (gap + zeros + k) + 1] = dst[dstOff + 2 * (gap + k) + 1];
        }
        for (int k = 0; k < zeros; k++) {
            dst[dstOff + 2 * (gap + k)] = 0;
            dst[dstOff + 2 * (gap + k) + 1] = 0;
        }
        return true;
    }
}
