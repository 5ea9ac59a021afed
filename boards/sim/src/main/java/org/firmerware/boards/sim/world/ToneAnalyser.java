package org.firmerware.boards.sim.world;

import java.util.function.Consumer;
import org.firmerware.bottom.hal.Sound;

/**
 * Listens to what a phone plays and says what a person would hear, in 100 ms windows: silence, or a sound at a
 * frequency (from zero crossings, so exact for pure tones) and a level in dBFS. It reports only changes: another
 * device, silence versus sound, a frequency that moved by more than 3 % (and 20 Hz), or a level that moved by 3 dB or
 * more. Each report carries the start of the window it describes.
 */
final class ToneAnalyser {

    private static final double SILENCE_DBFS = -60;

    private final String device;
    private final Consumer<TraceEvent> out;
    private int rate;
    private int deviceNow = -1;
    private int windowLength;
    private long windowStartUs;
    private long expectedUs = Long.MIN_VALUE;
    private int count;
    private double sumSquares;
    private int crossings;
    private boolean positive;
    private String reportedDevice;
    private boolean reportedSilence;
    private double reportedHz = -1;
    private double reportedDb;

    ToneAnalyser(String deviceName, Consumer<TraceEvent> out) {
        this.device = deviceName;
        this.out = out;
    }

    void played(int soundDevice, int sampleRate, short[] samples, int off, int len, long timeUs) {
        if (sampleRate != rate || soundDevice != deviceNow || Math.abs(timeUs - expectedUs) > 1000) {
            finishWindow();
            rate = sampleRate;
            deviceNow = soundDevice;
            windowLength = Math.max(1, sampleRate / 10);
            windowStartUs = timeUs;
            count = 0;
        }
        for (int i = 0; i < len; i++) {
            if (count == 0) {
                windowStartUs = timeUs + (long) i * 1_000_000L / rate;
                sumSquares = 0;
                crossings = 0;
                positive = samples[off + i] >= 0;
            }
            int s = samples[off + i];
            sumSquares += (double) s * s;
            boolean p = s >= 0;
            if (p != positive) {
                crossings++;
                positive = p;
            }
            if (++count == windowLength) {
                report();
                count = 0;
            }
        }
        expectedUs = timeUs + (long) len * 1_000_000L / rate;
    }

    /** Reports a partly filled window of at least 20 ms (at a device change or a gap). */
    private void finishWindow() {
        if (count >= rate / 50 && count > 0) {
            report();
        }
        count = 0;
    }

    private void report() {
        double rms = Math.sqrt(sumSquares / count);
        double db = rms < 1 ? -120 : 20 * Math.log10(rms / 32767.0);
        boolean silence = db < SILENCE_DBFS;
        double hz = crossings / 2.0 * rate / count;
        String dev = deviceName(deviceNow);
        boolean changed = !dev.equals(reportedDevice) || silence != reportedSilence
            || !silence && (Math.abs(hz - reportedHz) > Math.max(20, reportedHz * 0.03)
                || Math.abs(db - reportedDb) >= 3);
        if (!changed) {
            return;
        }
        reportedDevice = dev;
        reportedSilence = silence;
        reportedHz = hz;
        reportedDb = db;
        String value = silence ? "silence"
            : String.format("%d Hz %d dBFS", Math.round(hz / 10) * 10, Math.round(db));
        out.accept(new TraceEvent(windowStartUs, device, "sound", dev, value));
    }

    static String deviceName(int d) {
        switch (d) {
            case Sound.DEVICE_HANDSET: return "handset";
            case Sound.DEVICE_HEADSET: return "headset";
            case Sound.DEVICE_SPEAKER: return "speaker";
            case Sound.DEVICE_LINE: return "line";
            default: return "none";
        }
    }
}
