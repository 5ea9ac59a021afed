package org.firmerware.top.sip.message;

import org.firmerware.kernel.console.Format;

/**
 * Builds SIP and SDP text into a preallocated buffer: constants, copied slices, numbers, IPv6 addresses. Writing past
 * the end sets {@link #overflowed()} and writes nothing more, so a builder can write a whole message and check once.
 * One writer is reused for every message.
 */
public final class SipWriter {

    private byte[] buf;
    private int start;
    private int pos;
    private int limit;
    private boolean overflow;

    /** Starts writing at {@code off}, never past {@code limit}. */
    public SipWriter reset(byte[] b, int off, int lim) {
        buf = b;
        start = off;
        pos = off;
        limit = Math.min(lim, b.length);
        overflow = false;
        return this;
    }

    /** The buffer. */
    public byte[] buffer() {
        return buf;
    }

    /** Where the next byte goes. */
    public int position() {
        return pos;
    }

    /** Moves the write position back (to drop what was written after it) or forward over bytes written directly. */
    public void position(int p) {
        pos = Math.max(start, Math.min(p, limit));
    }

    /** Bytes written since {@link #reset}. */
    public int length() {
        return pos - start;
    }

    /** Whether something did not fit. */
    public boolean overflowed() {
        return overflow;
    }

    /** Writes a constant. */
    public SipWriter text(String s) {
        int n = s.length();
        if (overflow || pos + n > limit) {
            overflow = true;
            return this;
        }
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Writes one byte. */
    public SipWriter character(int c) {
        if (overflow || pos + 1 > limit) {
            overflow = true;
            return this;
        }
        buf[pos++] = (byte) c;
        return this;
    }

    /** Copies a slice (it may lie in the same buffer, before the write position). */
    public SipWriter bytes(byte[] src, int off, int len) {
        if (len <= 0) {
            return this;
        }
        if (overflow || pos + len > limit) {
            overflow = true;
            return this;
        }
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** Writes a non-negative decimal number. */
    public SipWriter decimal(long v) {
        if (overflow) {
            return this;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        if (pos + digits > limit) {
            overflow = true;
            return this;
        }
        pos = Format.unsignedDecimal(buf, pos, limit, v);
        return this;
    }

    /** Writes {@code digits} lower-case hex digits of {@code v}. */
    public SipWriter hex(int v, int digits) {
        if (overflow || pos + digits > limit) {
            overflow = true;
            return this;
        }
        pos = Format.hex(buf, pos, limit, v, digits);
        return this;
    }

    /** Writes bytes as lower-case hex (two digits each). */
    public SipWriter hexBytes(byte[] src, int off, int len) {
        for (int i = 0; i < len; i++) {
            hex(src[off + i] & 0xFF, 2);
        }
        return this;
    }

    /** Writes an IPv6 address in the RFC 5952 text form (without brackets). */
    public SipWriter ip6(byte[] a, int off) {
        if (overflow || pos + 39 > limit) {
            overflow = true;
            return this;
        }
        pos = Format.ip6(buf, pos, limit, a, off);
        return this;
    }

    /** Writes CRLF. */
    public SipWriter crlf() {
        return character('\r').character('\n');
    }

    /** Writes {@code Name: } for a header number. */
    public SipWriter header(int id) {
        return text(SipHeader.name(id)).text(": ");
    }
}
