package org.firmerware.kernel.console;

import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.LogPort;

/**
 * The console log: a fixed ring of lines that drops the oldest lines when full, with a numbering that lets any number
 * of readers (the board's log port, the network console) follow it without missing or repeating a line.
 *
 * <h2>Writing</h2>
 * A line is built in place and committed, with no allocation:
 * <pre>
 *   log.begin().text("timer ").decimal(n).text(" fired").end();
 * </pre>
 * A line longer than the line buffer is cut. Each committed line is also written to the board's {@link LogPort}.
 *
 * <h2>Reading</h2>
 * Lines are numbered from 0 in the order they were committed (an {@code int} that wraps after 2^31 lines, so compare
 * with subtraction). Lines {@link #firstSeq()} to {@link #nextSeq()} - 1 are still in the ring. A reader that must
 * not poll (the network console) registers a {@link LogListener} and is told of every committed line.
 *
 * <h2>Ring record layout</h2>
 * <pre>
 *   | length (2 bytes) | time in ms (4 bytes) | text (length bytes) |   records follow each other and wrap around
 * </pre>
 *
 * <p>Main loop only.
 */
public final class Log {

    private static final int RECORD_HEADER = 6;
    /** The most listeners. */
    public static final int MAX_LISTENERS = 2;

    private final Clock clock;
    private final LogPort port;
    private final byte[] ring;
    private final byte[] line;
    private int lineLength;
    private boolean open;
    /** Offset of the oldest record in the ring. */
    private int tail;
    /** Offset where the next record goes. */
    private int headOffset;
    /** Bytes in use in the ring. */
    private int used;
    private int firstSeq;
    private int nextSeq;
    private int dropped;
    private final LogListener[] listeners = new LogListener[MAX_LISTENERS];
    private int listenerCount;

    /**
     * @param clock whose time stamps each line
     * @param port where each line is also written, or null
     * @param ringBytes the size of the ring
     * @param lineBytes the longest line
     */
    public Log(Clock clock, LogPort port, int ringBytes, int lineBytes) {
        if (ringBytes < RECORD_HEADER + lineBytes) {
            throw new IllegalArgumentException("console ring smaller than one line");
        }
        this.clock = clock;
        this.port = port;
        this.ring = new byte[ringBytes];
        this.line = new byte[lineBytes];
    }

    /** Tells a listener of every line committed from now on. Init only. */
    public void addListener(LogListener listener) {
        if (listenerCount == MAX_LISTENERS) {
            throw new IllegalStateException("more than " + MAX_LISTENERS + " log listeners");
        }
        listeners[listenerCount++] = listener;
    }

    /** Starts a line; an unfinished earlier line is discarded. */
    public Log begin() {
        lineLength = 0;
        open = true;
        return this;
    }

    /** Appends a constant text. */
    public Log text(String text) {
        lineLength = Format.text(line, lineLength, line.length, text);
        return this;
    }

    /** Appends bytes. */
    public Log bytes(byte[] src, int off, int len) {
        lineLength = Format.bytes(line, lineLength, line.length, src, off, len);
        return this;
    }

    /** Appends one character. */
    public Log character(char c) {
        if (lineLength < line.length) {
            line[lineLength++] = (byte) c;
        }
        return this;
    }

    /** Appends a signed decimal number. */
    public Log decimal(int value) {
        lineLength = Format.decimal(line, lineLength, line.length, value);
        return this;
    }

    /** Appends the low {@code digits} hexadecimal digits of a number. */
    public Log hex(int value, int digits) {
        lineLength = Format.hex(line, lineLength, line.length, value, digits);
        return this;
    }

    /** Appends a MAC address. */
    public Log mac(byte[] mac, int off) {
        lineLength = Format.mac(line, lineLength, line.length, mac, off);
        return this;
    }

    /** Appends an IPv6 address in the text form of RFC 5952. */
    public Log ip6(byte[] address, int off) {
        lineLength = Format.ip6(line, lineLength, line.length, address, off);
        return this;
    }

    /** Commits the line to the ring (dropping the oldest lines to make room) and to the log port. */
    public void end() {
        if (!open) {
            return;
        }
        open = false;
        int length = lineLength;
        int need = RECORD_HEADER + length;
        while (ring.length - used < need) {
            dropOldest();
        }
        put((byte) (length >> 8));
        put((byte) length);
        int now = clock.now();
        put((byte) (now >> 24));
        put((byte) (now >> 16));
        put((byte) (now >> 8));
        put((byte) now);
        for (int i = 0; i < length; i++) {
            put(line[i]);
        }
        nextSeq++;
        if (port != null) {
            port.writeLine(line, 0, length);
        }
        for (int i = 0; i < listenerCount; i++) {
            listeners[i].onLogLine(nextSeq - 1);
        }
    }

    /** Writes a whole constant line. */
    public void line(String text) {
        begin().text(text).end();
    }

    /** The longest line, in bytes; longer lines are cut. */
    public int lineBytes() {
        return line.length;
    }

    /** The number of the oldest line still in the ring. */
    public int firstSeq() {
        return firstSeq;
    }

    /** The number the next committed line will get. */
    public int nextSeq() {
        return nextSeq;
    }

    /** Lines dropped from the ring to make room, since init. */
    public int droppedLines() {
        return dropped;
    }

    /**
     * Copies line {@code seq} to {@code dst}.
     *
     * @return the line's length (cut to {@code max}), or -1 when the line is no longer (or not yet) in the ring
     */
    public int read(int seq, byte[] dst, int off, int max) {
        int at = find(seq);
        if (at < 0) {
            return -1;
        }
        int length = lengthAt(at);
        int n = Math.min(length, max);
        int p = (at + RECORD_HEADER) % ring.length;
        for (int i = 0; i < n; i++) {
            dst[off + i] = ring[p];
            p = p + 1 == ring.length ? 0 : p + 1;
        }
        return n;
    }

    /** The time line {@code seq} was committed, or 0 when it is not in the ring. */
    public int timeOf(int seq) {
        int at = find(seq);
        if (at < 0) {
            return 0;
        }
        return (get(at + 2) & 0xFF) << 24 | (get(at + 3) & 0xFF) << 16 | (get(at + 4) & 0xFF) << 8 | get(at + 5) & 0xFF;
    }

    private int find(int seq) {
        if (seq - firstSeq < 0 || seq - nextSeq >= 0) {
            return -1;
        }
        int at = tail;
        // Bounded by the number of lines in the ring.
        for (int s = firstSeq; s != seq; s++) {
            at = (at + RECORD_HEADER + lengthAt(at)) % ring.length;
        }
        return at;
    }

    private int lengthAt(int at) {
        return (get(at) & 0xFF) << 8 | get(at + 1) & 0xFF;
    }

    private byte get(int offset) {
        return ring[offset % ring.length];
    }

    private void put(byte b) {
        ring[headOffset] = b;
        headOffset = headOffset + 1 == ring.length ? 0 : headOffset + 1;
        used++;
    }

    private void dropOldest() {
        int size = RECORD_HEADER + lengthAt(tail);
        tail = (tail + size) % ring.length;
        used -= size;
        firstSeq++;
        dropped++;
    }
}
