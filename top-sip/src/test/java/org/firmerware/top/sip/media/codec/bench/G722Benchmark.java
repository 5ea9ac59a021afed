package org.firmerware.top.sip.media.codec.bench;

import java.util.concurrent.TimeUnit;
import org.firmerware.top.sip.media.codec.G722Decoder;
import org.firmerware.top.sip.media.codec.G722Encoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * G.722 encode + decode of one 20 ms frame (320 samples at 16 kHz in, 160 octets, 320 samples out) on the host JVM
 * (C2), over 10 s of a speech-like signal (the same input file the callgrind measurement of spandsp uses: see
 * {@link BenchInput}). Run with {@code G722Benchmark.main} (docs/media.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class G722Benchmark {

    private short[] pcm;
    private final G722Encoder encoder = new G722Encoder();
    private final G722Decoder decoder = new G722Decoder();
    private final byte[] code = new byte[160];
    private final short[] out = new short[320];
    private int frame;

    @Setup
    public void setUp() {
        pcm = BenchInput.signal();
    }

    @Benchmark
    public short encodeAndDecodeOneFrame() {
        int at = frame * 320;
        frame = frame + 1 == pcm.length / 320 ? 0 : frame + 1;
        encoder.encode(pcm, at, 320, code, 0);
        decoder.decode(code, 0, 160, out, 0);
        return out[319];
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(G722Benchmark.class.getSimpleName()).build()).run();
    }
}
