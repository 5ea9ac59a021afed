package org.firmerware.boards.sim.world;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.hw.Microphone;
import org.firmerware.boards.sim.hw.Phone;

/**
 * What the microphones of one phone hear: WAV files started at given times (the latest one wins where they overlap),
 * resampled to the rate the codec runs at by taking the nearest sample; silence elsewhere.
 */
final class MicFeed implements Microphone {

    private record Feed(long startUs, WavFile wav) {
    }

    private final List<Feed> feeds = new ArrayList<>();

    void add(long startUs, WavFile wav) {
        feeds.add(new Feed(startUs, wav));
    }

    @Override
    public void record(Phone phone, int channel, int rate, short[] dst, int off, int len, long timeUs) {
        for (int i = 0; i < len; i++) {
            long t = timeUs + (long) i * 1_000_000L / rate;
            short sample = 0;
            for (int f = feeds.size() - 1; f >= 0; f--) {
                Feed feed = feeds.get(f);
                if (t >= feed.startUs()) {
                    // The nearest sample to the exact time of sample i (not to t, which is cut to whole microseconds:
                    // at 16000 Hz that made every other sample of a 16000 Hz file a repeat of the one before).
                    long num = ((timeUs - feed.startUs()) * rate + i * 1_000_000L) * feed.wav().rate();
                    long den = 1_000_000L * rate;
                    long index = (num + den / 2) / den;
                    if (index < feed.wav().samples().length) {
                        sample = feed.wav().samples()[(int) index];
                        break;
                    }
                }
            }
            dst[off + i] = sample;
        }
    }
}
