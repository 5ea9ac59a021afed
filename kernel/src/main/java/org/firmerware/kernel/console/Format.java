package org.firmerware.kernel.console;

/**
 * Writes numbers and text into byte arrays without allocating: the firmware's replacement for
 * {@code Integer.toString} and string concatenation. Every method writes at {@code off}, never beyond {@code end}
 * (exclusive), and returns the offset after what it wrote; output that does not fit is cut.
 */
public final class Format {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private Format() {
    }

    /** Writes a signed decimal number. */
    public static int decimal(byte[] buf, int off, int end, int value) {
        if (value < 0) {
            if (off < end) {
                buf[off++] = '-';
            }
            // Negate into the unsigned range so that Integer.MIN_VALUE works too.
            return unsignedDecimal(buf, off, end, -(long) value);
        }
        return unsignedDecimal(buf, off, end, value);
    }

    /** Writes {@code value} (0 to 2^63 - 1) in decimal. */
    public static int unsignedDecimal(byte[] buf, int off, int end, long value) {
        int digits = 1;
        long limit = 10;
        while (digits < 19 && value >= limit) {
            digits++;
            limit *= 10;
        }
        int last = off + digits;
        long v = value;
        for (int i = last - 1; i >= off; i--) {
            if (i < end) {
                buf[i] = (byte) ('0' + (int) (v % 10));
            }
            v /= 10;
        }
        return Math.min(last, end);
    }

    /** Writes a decimal number padded with leading zeros to at least {@code width} digits. */
    public static int zeroPadded(byte[] buf, int off, int end, int value, int width) {
        int digits = 1;
        int v = Math.abs(value);
        while (v >= 10) {
            digits++;
            v /= 10;
        }
        if (value < 0 && off < end) {
            buf[off++] = '-';
        }
        for (int i = digits; i < width && off < end; i++) {
            buf[off++] = '0';
        }
        return unsignedDecimal(buf, off, end, Math.abs((long) value));
    }

    /** Writes the low {@code digits} hexadecimal digits of {@code value}, lower case, zero-padded. */
    public static int hex(byte[] buf, int off, int end, int value, int digits) {
        for (int i = digits - 1; i >= 0 && off < end; i--) {
            buf[off++] = HEX[(value >>> (4 * i)) & 0xF];
        }
        return off;
    }

    /** Writes a MAC address as {@code 00:0b:82:19:a0:f4}. */
    public static int mac(byte[] buf, int off, int end, byte[] mac, int macOff) {
        for (int i = 0; i < 6; i++) {
            if (i > 0 && off < end) {
                buf[off++] = ':';
            }
            off = hex(buf, off, end, mac[macOff + i], 2);
        }
        return off;
    }

    /** Writes the characters of a constant string (ASCII; other characters become {@code '?'}). */
    public static int text(byte[] buf, int off, int end, String text) {
        int n = text.length();
        for (int i = 0; i < n && off < end; i++) {
            char c = text.charAt(i);
            buf[off++] = c < 128 ? (byte) c : (byte) '?';
        }
        return off;
    }

    /** Copies bytes. */
    public static int bytes(byte[] buf, int off, int end, byte[] src, int srcOff, int len) {
        int n = Math.max(0, Math.min(len, end - off));
        System.arraycopy(src, srcOff, buf, off, n);
        return off + n;
    }

    /** Writes milliseconds as seconds with three decimals, such as {@code 12.345}. */
    public static int millisAsSeconds(byte[] buf, int off, int end, int ms) {
        long unsignedMs = ms & 0xFFFFFFFFL;
        off = unsignedDecimal(buf, off, end, unsignedMs / 1000);
        if (off < end) {
            buf[off++] = '.';
        }
        return zeroPadded(buf, off, end, (int) (unsignedMs % 1000), 3);
    }

    /**
     * Writes an IPv6 address in the text form of RFC 5952 §4: lower-case hexadecimal groups without leading zeros,
     * the longest run of two or more zero groups (the first of equal runs) shortened to {@code ::}.
     */
    public static int ip6(byte[] buf, int off, int end, byte[] address, int addressOff) {
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int g = 0; g <= 8; g++) {
            boolean zero = g < 8 && address[addressOff + 2 * g] == 0 && address[addressOff + 2 * g + 1] == 0;
            if (zero && runStart < 0) {
                runStart = g;
            } else if (!zero && runStart >= 0) {
                if (g - runStart > bestLength) {
                    bestStart = runStart;
                    bestLength = g - runStart;
                }
                runStart = -1;
            }
        }
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                if (off < end) {
                    buf[off++] = ':';
                }
                if (off < end) {
                    buf[off++] = ':';
                }
                g += bestLength - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLength && off < end) {
                buf[off++] = ':';
            }
            int v = (address[addressOff + 2 * g] & 0xFF) << 8 | address[addressOff + 2 * g + 1] & 0xFF;
            int digits = v >= 0x1000 ? 4 : v >= 0x100 ? 3 : v >= 0x10 ? 2 : 1;
            off = hex(buf, off, end, v, digits);
        }
        return off;
    }
}
