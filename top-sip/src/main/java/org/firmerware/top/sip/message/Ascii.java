package org.firmerware.top.sip.message;

/**
 * Byte-level text helpers for SIP and SDP: case-insensitive comparison of a slice with a constant, token and
 * whitespace classes (RFC 3261 §25.1), number parsing with overflow checks, searching. Slices are
 * {@code (byte[] buf, int off, int len)}; nothing here allocates, and every loop is bounded by the slice length.
 */
public final class Ascii {

    /** What {@link #parseDecimal} returns for a slice that is not a number within its limit. */
    public static final long NOT_A_NUMBER = -1;

    private Ascii() {
    }

    /** Lower-cases one ASCII letter; other bytes are returned unchanged. */
    public static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** Whether the slice equals the constant, ignoring ASCII case. */
    public static boolean equalsIgnoreCase(byte[] b, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (lower(b[off + i] & 0xFF) != lower(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the slice equals the constant exactly. */
    public static boolean equals(byte[] b, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if ((b[off + i] & 0xFF) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether two slices are equal byte for byte. */
    public static boolean equals(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        if (aLen != bLen) {
            return false;
        }
        for (int i = 0; i < aLen; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether two slices are equal ignoring ASCII case. */
    public static boolean equalsIgnoreCase(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        if (aLen != bLen) {
            return false;
        }
        for (int i = 0; i < aLen; i++) {
            if (lower(a[aOff + i] & 0xFF) != lower(b[bOff + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the slice starts with the constant, ignoring ASCII case. */
    public static boolean startsWithIgnoreCase(byte[] b, int off, int len, String s) {
        return len >= s.length() && equalsIgnoreCase(b, off, s.length(), s);
    }

    /** Space or horizontal tab. */
    public static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t';
    }

    /** Space, tab, CR or LF: linear white space once folding is undone. */
    public static boolean isLws(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Whether {@code c} is a decimal digit. */
    public static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A hexadecimal digit's value, or -1. */
    public static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = lower(c);
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /** Whether {@code c} may appear in a token (RFC 3261 §25.1: alphanum and {@code -.!%*_+`'~}). */
    public static boolean isTokenChar(int c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        switch (c) {
            case '-': case '.': case '!': case '%': case '*': case '_': case '+': case '`': case '\'': case '~':
                return true;
            default:
                return false;
        }
    }

    /** Whether the whole slice is a non-empty token. */
    public static boolean isToken(byte[] b, int off, int len) {
        if (len <= 0) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (!isTokenChar(b[off + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses an unsigned decimal number that fills the slice.
     *
     * @param max the largest value accepted
     * @return the value, or {@link #NOT_A_NUMBER} when the slice is empty, has a non-digit, or exceeds {@code max}
     */
    public static long parseDecimal(byte[] b, int off, int len, long max) {
        if (len <= 0 || len > 19) {
            return NOT_A_NUMBER;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xFF;
            if (!isDigit(c)) {
                return NOT_A_NUMBER;
            }
            v = v * 10 + (c - '0');
            if (v > max) {
                return NOT_A_NUMBER;
            }
        }
        return v;
    }

    /** The first index of {@code c} in the slice, or -1. */
    public static int indexOf(byte[] b, int off, int len, int c) {
        for (int i = 0; i < len; i++) {
            if ((b[off + i] & 0xFF) == c) {
                return off + i;
            }
        }
        return -1;
    }

    /** The first index at which the constant occurs in the slice, ignoring case, or -1. */
    public static int indexOfIgnoreCase(byte[] b, int off, int len, String s) {
        int n = s.length();
        for (int i = 0; i + n <= len; i++) {
            if (equalsIgnoreCase(b, off + i, n, s)) {
                return off + i;
            }
        }
        return -1;
    }

    /** The offset of the first byte at or after {@code from} (before {@code end}) that is not LWS; {@code end} if none. */
    public static int skipLws(byte[] b, int from, int end) {
        int i = from;
        while (i < end && isLws(b[i] & 0xFF)) {
            i++;
        }
        return i;
    }

    /** The end of the slice {@code [from, end)} once trailing LWS is dropped. */
    public static int trimEnd(byte[] b, int from, int end) {
        int e = end;
        while (e > from && isLws(b[e - 1] & 0xFF)) {
            e--;
        }
        return e;
    }
}
