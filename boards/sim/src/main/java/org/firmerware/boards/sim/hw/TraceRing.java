package org.firmerware.boards.sim.hw;

/**
 * What the simulated hardware saw the firmware do, recorded on the firmware thread without allocating and read by the
 * world thread while the firmware sleeps. Records are fixed-size, with an optional byte payload in a second ring.
 * When either ring is full the phone hands control to the world to drain it, so nothing is ever lost.
 */
public final class TraceRing {

    /** Record kinds. */
    public static final int LED = 1, TEXT = 2, TIME = 3, TIME_OFF = 4, SYMBOL = 5, BAR = 6, ROUTE = 7, VOLUME = 8,
        SOUND_CONFIG = 9, CONSOLE = 10, SLEEP = 11, WAKE = 12, REBOOT = 13, FLASH = 14, START = 15, POWER = 16,
        IMAGE = 17, WATCHDOG = 18;

    private final long[] timeUs;
    private final int[] kind;
    private final int[] a;
    private final int[] b;
    private final int[] c;
    private final int[] payloadOff;
    private final int[] payloadLen;
    private final byte[] payload;
    private int count;
    private int payloadUsed;

    /**
     * @param records how many records fit
     * @param payloadBytes how many payload bytes fit
     */
    public TraceRing(int records, int payloadBytes) {
        timeUs = new long[records];
        kind = new int[records];
        a = new int[records];
        b = new int[records];
        c = new int[records];
        payloadOff = new int[records];
        payloadLen = new int[records];
        payload = new byte[payloadBytes];
    }

    /** Whether a record with {@code payloadBytes} of payload still fits. */
    boolean fits(int payloadBytes) {
        return count < kind.length && payloadUsed + payloadBytes <= payload.length;
    }

    /** Appends a record; the caller has checked {@link #fits}. */
    void add(long tUs, int k, int va, int vb, int vc, byte[] src, int off, int len) {
        int i = count++;
        timeUs[i] = tUs;
        kind[i] = k;
        a[i] = va;
        b[i] = vb;
        c[i] = vc;
        payloadOff[i] = payloadUsed;
        payloadLen[i] = len;
        if (len > 0) {
            System.arraycopy(src, off, payload, payloadUsed, len);
            payloadUsed += len;
        }
    }

    /** The number of records. */
    public int size() {
        return count;
    }

    public long timeUs(int i) { return timeUs[i]; }
    public int kind(int i) { return kind[i]; }
    public int a(int i) { return a[i]; }
    public int b(int i) { return b[i]; }
    public int c(int i) { return c[i]; }

    /** A copy of record {@code i}'s payload (world thread only). */
    public byte[] payload(int i) {
        byte[] copy = new byte[payloadLen[i]];
        System.arraycopy(payload, payloadOff[i], copy, 0, copy.length);
        return copy;
    }

    /** Empties the ring (world thread, after reading). */
    public void clear() {
        count = 0;
        payloadUsed = 0;
    }
}
