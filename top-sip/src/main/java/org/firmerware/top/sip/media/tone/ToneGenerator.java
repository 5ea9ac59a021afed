package org.firmerware.top.sip.media.tone;

/**
 * The tones a phone makes itself, in fixed point: a 32-bit phase accumulator per frequency and a quarter-wave sine
 * table of 65 entries with linear interpolation (spurious components below -80 dB), following a cadence of segments
 * that repeats.
 *
 * <p>Region: Europe. The network tones use the CEPT/ETSI values (ETSI TR 101 041, the recommended values that most
 * European countries adopted) within the ranges of ITU-T E.180 (§2: tone frequency 400..450 Hz; ringing tone
 * 0.67..1.5 s on, 3..5 s off; busy tone with equal on and off periods of 0.1..0.6 s):
 *
 * <table>
 *   <caption>Tones</caption>
 *   <tr><th>tone</th><th>frequency</th><th>cadence</th><th>level</th></tr>
 *   <tr><td>{@link #DIAL}</td><td>425 Hz</td><td>continuous</td><td>-12 dBFS</td></tr>
 *   <tr><td>{@link #RINGBACK}</td><td>425 Hz</td><td>1 s on, 4 s off</td><td>-12 dBFS</td></tr>
 *   <tr><td>{@link #BUSY}</td><td>425 Hz</td><td>0.5 s on, 0.5 s off</td><td>-12 dBFS</td></tr>
 *   <tr><td>{@link #CONGESTION}</td><td>425 Hz</td><td>0.25 s on, 0.25 s off</td><td>-12 dBFS</td></tr>
 *   <tr><td>{@link #RINGING}</td><td>1000 and 1333 Hz alternating every 50 ms</td><td>1 s on, 4 s off (in step with
 *       the ringback tone the caller hears)</td><td>-6 dBFS</td></tr>
 *   <tr><td>{@link #CALL_WAITING}</td><td>425 Hz</td><td>0.2 s on, 0.2 s off, 0.2 s on, 5 s off</td><td>-12 dBFS, over
 *       the call's audio</td></tr>
 * </table>
 * The ringer for the speaker is our own choice: no standard covers it. The call-waiting cadence is one several
 * European networks use (E.180 leaves it to each network).
 *
 * <p>{@link #generate} allocates nothing. Main loop only.
 */
public final class ToneGenerator {

    public static final int NONE = 0, DIAL = 1, RINGBACK = 2, BUSY = 3, CONGESTION = 4, RINGING = 5, CALL_WAITING = 6;

    /** Whether a tone is heard over the call's audio ({@link #mix}) rather than instead of it ({@link #generate}). */
    public static boolean isOverlay(int tone) {
        return tone == CALL_WAITING;
    }

    /** sin(i pi / 128) for i = 0..64, times 32767. */
    private static final short[] QUARTER_SINE = {
        0, 804, 1608, 2410, 3212, 4011, 4808, 5602, 6393, 7179, 7962, 8739, 9512, 10278, 11039, 11793, 12539, 13279,
        14010, 14732, 15446, 16151, 16846, 17530, 18204, 18868, 19519, 20159, 20787, 21403, 22005, 22594, 23170,
        23731, 24279, 24811, 25329, 25832, 26319, 26790, 27245, 27683, 28105, 28510, 28898, 29268, 29621, 29956,
        30273, 30571, 30852, 31113, 31356, 31580, 31785, 31971, 32137, 32285, 32412, 32521, 32609, 32678, 32728,
        32757, 32767};

    /** Network tone level: -12 dBFS. */
    private static final int NETWORK_LEVEL = 8231;
    /** Ringer level: -6 dBFS. */
    private static final int RINGER_LEVEL = 16422;

    // Cadences: {duration ms, frequency Hz (0: silence)} pairs; a duration of 0 means for ever.
    private static final short[] DIAL_CADENCE = {0, 425};
    private static final short[] RINGBACK_CADENCE = {1000, 425, 4000, 0};
    private static final short[] BUSY_CADENCE = {500, 425, 500, 0};
    private static final short[] CONGESTION_CADENCE = {250, 425, 250, 0};
    private static final short[] CALL_WAITING_CADENCE = {200, 425, 200, 0, 200, 425, 5000, 0};
    private static final short[] RINGING_CADENCE = {
        50, 1000, 50, 1333, 50, 1000, 50, 1333, 50, 1000, 50, 1333, 50, 1000, 50, 1333, 50, 1000, 50, 1333,
        50, 1000, 50, 1333, 50, 1000, 50, 1333, 50, 1000, 50, 1333, 50, 1000, 50, 1333, 50, 1000, 50, 1333,
        4000, 0};

    private int tone = NONE;
    private short[] cadence;
    private int level;
    private int rate = 8000;
    private int segment;
    private int segmentLeft;
    private int phase;
    private int step;

    /** Starts a tone ({@code NONE} stops) at a sample rate, from the beginning of its cadence. */
    public void start(int which, int sampleRate) {
        tone = which;
        rate = sampleRate;
        phase = 0;
        switch (which) {
            case DIAL: cadence = DIAL_CADENCE; level = NETWORK_LEVEL; break;
            case RINGBACK: cadence = RINGBACK_CADENCE; level = NETWORK_LEVEL; break;
            case BUSY: cadence = BUSY_CADENCE; level = NETWORK_LEVEL; break;
            case CONGESTION: cadence = CONGESTION_CADENCE; level = NETWORK_LEVEL; break;
            case RINGING: cadence = RINGING_CADENCE; level = RINGER_LEVEL; break;
            case CALL_WAITING: cadence = CALL_WAITING_CADENCE; level = NETWORK_LEVEL; break;
            default: tone = NONE; cadence = null; return;
        }
        enter(0);
    }

    /** Stops the tone. */
    public void stop() {
        start(NONE, rate);
    }

    /** The tone playing ({@code NONE} when none). */
    public int tone() {
        return tone;
    }

    private void enter(int s) {
        segment = s;
        int ms = cadence[2 * s];
        segmentLeft = ms == 0 ? Integer.MAX_VALUE : ms * (rate / 1000);
        step = (int) (((long) cadence[2 * s + 1] << 32) / rate);
    }

    /** Writes the next {@code n} samples of the tone (silence when none plays). */
    public void generate(short[] dst, int off, int n) {
        for (int i = 0; i < n; i++) {
            dst[off + i] = (short) next();
        }
    }

    /** Adds the next {@code n} samples of the tone to those in {@code dst}, saturating at 16 bits. */
    public void mix(short[] dst, int off, int n) {
        for (int i = 0; i < n; i++) {
            int v = dst[off + i] + next();
            dst[off + i] = (short) Math.max(-32768, Math.min(32767, v));
        }
    }

    private int next() {
        if (tone == NONE) {
            return 0;
        }
        if (segmentLeft == 0) {
            enter(2 * (segment + 1) < cadence.length ? segment + 1 : 0);
        }
        segmentLeft--;
        if (step == 0) {
            phase = 0;
            return 0;
        }
        int v = (sine(phase) * level) >> 15;
        phase += step;
        return v;
    }

    /** sin(2 pi phase / 2^32) times 32767, from the quarter table with linear interpolation. */
    static int sine(int phase) {
        int quadrant = phase >>> 30;
        int within = phase & 0x3FFFFFFF;
        if ((quadrant & 1) != 0) {
            within = 0x40000000 - within;
        }
        int index = within >>> 24;
        int fraction = (within >>> 8) & 0xFFFF;
        int a = QUARTER_SINE[index];
        int b = QUARTER_SINE[Math.min(index + 1, 64)];
        int v = a + (int) (((long) (b - a) * fraction) >> 16);
        return quadrant >= 2 ? -v : v;
    }
}
