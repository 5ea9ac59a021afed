package org.firmerware.top.sip.message;

/**
 * Parameters and lists inside header values, in place: {@code ;name=value} parameters (RFC 3261 §7.3.1, §25.1:
 * generic-param, with quoted-string values), the elements of comma-separated lists (Via, Route, Contact) that skip
 * commas inside quotes and angle brackets, and name-addr / addr-spec values ({@code "Bob" <sip:bob@host>;tag=x} or
 * {@code sip:bob@host;tag=x}). Every loop is bounded by the slice.
 */
public final class Params {

    /** {@link #find} result: the parameter is absent. */
    public static final int ABSENT = -1;
    /** {@link #find} result: the parameter is present without a value (such as {@code ;rport} or {@code ;lr}). */
    public static final int NO_VALUE = -2;

    private Params() {
    }

    /**
     * Finds a parameter in a parameter list {@code ;a=1;b;c="x"} that fills {@code [off, off + len)} (it may start
     * with or without the first ';').
     *
     * @return the offset of the value (inside the quotes for a quoted one), {@link #NO_VALUE} or {@link #ABSENT}
     */
    public static int find(byte[] b, int off, int len, String name) {
        int end = off + len;
        int i = off;
        // Bounded: i grows on every pass.
        while (i < end) {
            i = Ascii.skipLws(b, i, end);
            if (i < end && b[i] == ';') {
                i = Ascii.skipLws(b, i + 1, end);
            }
            int nameStart = i;
            while (i < end && Ascii.isTokenChar(b[i] & 0xFF)) {
                i++;
            }
            int nameEnd = i;
            i = Ascii.skipLws(b, i, end);
            boolean match = nameEnd > nameStart && Ascii.equalsIgnoreCase(b, nameStart, nameEnd - nameStart, name);
            if (i < end && b[i] == '=') {
                i = Ascii.skipLws(b, i + 1, end);
                int valueStart = i < end && b[i] == '"' ? i + 1 : i;
                if (match) {
                    return valueStart;
                }
                i = valueEnd(b, valueStart, end);
                if (i < end && b[i] == '"') {
                    i++;
                }
            } else if (match) {
                return NO_VALUE;
            }
            // Skip to the next ';' (or stop at anything else that ends the list).
            while (i < end && b[i] != ';') {
                if (b[i] == ',' && nameEnd == nameStart) {
                    return ABSENT;
                }
                i++;
            }
            if (nameEnd == nameStart && i == nameStart) {
                i++;
            }
        }
        return ABSENT;
    }

    /**
     * The end of a parameter value that starts at {@code valueOff}: the closing quote of a quoted value (opened just
     * before {@code valueOff}), otherwise the first of {@code ; , > } or white space.
     */
    public static int valueEnd(byte[] b, int valueOff, int end) {
        int i = valueOff;
        if (i > 0 && i - 1 < end && b[i - 1] == '"') {
            while (i < end && b[i] != '"') {
                if (b[i] == '\\' && i + 1 < end) {
                    i++;
                }
                i++;
            }
            return Math.min(i, end);
        }
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == ';' || c == ',' || c == '>' || Ascii.isLws(c)) {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * The end of the list element that starts at {@code from}: the first comma outside quotes and angle brackets, or
     * {@code end}.
     */
    public static int elementEnd(byte[] b, int from, int end) {
        boolean quoted = false;
        boolean angle = false;
        for (int i = from; i < end; i++) {
            int c = b[i] & 0xFF;
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                return i;
            }
        }
        return end;
    }

    /**
     * The URI of a name-addr or addr-spec value {@code [off, off + len)}: writes its offset and length into
     * {@code out[0..1]} and the offset and length of the header parameters after it into {@code out[2..3]}.
     *
     * @return false when the value has an unclosed '&lt;' or no URI
     */
    public static boolean nameAddr(byte[] b, int off, int len, int[] out) {
        int end = off + len;
        boolean quoted = false;
        int lt = -1;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xFF;
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                lt = i;
                break;
            }
        }
        if (lt >= 0) {
            int gt = Ascii.indexOf(b, lt + 1, end - lt - 1, '>');
            if (gt < 0 || gt == lt + 1) {
                return false;
            }
            out[0] = lt + 1;
            out[1] = gt - lt - 1;
            out[2] = gt + 1;
            out[3] = end - gt - 1;
            return true;
        }
        if (quoted) {
            return false;
        }
        int s = Ascii.skipLws(b, off, end);
        int e = s;
        while (e < end && b[e] != ';' && !Ascii.isLws(b[e] & 0xFF)) {
            e++;
        }
        if (e == s) {
            return false;
        }
        out[0] = s;
        out[1] = e - s;
        out[2] = e;
        out[3] = end - e;
        return true;
    }
}
