package org.firmerware.top.sip.media.codec;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's spandsp as an independent test oracle: compiles {@code spandsp/oracle.c} (test resources) with gcc against
 * libspandsp-dev once per JVM and runs it on files. Without gcc or spandsp the calling test is skipped, except when
 * the environment variable {@code CI} is {@code true}: there it fails ({@code .ci/run} installs libspandsp-dev).
 */
final class SpandspOracle {

    private static Path binary;
    private static String unavailable;

    private SpandspOracle() {
    }

    /** The compiled oracle; skips or fails the test when it cannot be built. */
    static synchronized Path binary() {
        if (binary == null && unavailable == null) {
            build();
        }
        if (binary == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the spandsp oracle is needed on CI: " + unavailable);
            }
            Assumptions.abort("spandsp oracle unavailable (apt-get install gcc libspandsp-dev): " + unavailable);
        }
        return binary;
    }

    private static void build() {
        try {
            Path dir = Path.of("target", "spandsp-oracle").toAbsolutePath();
            Files.createDirectories(dir);
            Path source = dir.resolve("oracle.c");
            try (InputStream in = SpandspOracle.class.getResourceAsStream("/spandsp/oracle.c")) {
                Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
            }
            Path exe = dir.resolve("oracle");
            Run r = run(List.of("gcc", "-O2", "-Wall", "-o", exe.toString(), source.toString(), "-lspandsp"));
            if (r.status != 0) {
                unavailable = "gcc failed: " + r.output;
                return;
            }
            binary = exe;
        } catch (IOException e) {
            unavailable = e.toString();
        }
    }

    /** Runs the oracle with arguments; fails the test when it does not exit 0. */
    static String run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        Run r = run(command);
        if (r.status != 0) {
            fail("oracle " + String.join(" ", args) + " exited " + r.status + ": " + r.output);
        }
        return r.output;
    }

    /** G.722 at 64 kbit/s by spandsp: 16 kHz samples to octets. */
    static byte[] g722Encode(short[] pcm) throws IOException {
        Path dir = Files.createTempDirectory("g722enc");
        Path in = dir.resolve("in.s16");
        Path out = dir.resolve("out.g722");
        Files.write(in, samplesToBytes(pcm));
        run("g722enc", in.toString(), out.toString());
        byte[] code = Files.readAllBytes(out);
        deleteAll(dir, in, out);
        return code;
    }

    /** G.722 at 64 kbit/s by spandsp: octets to 16 kHz samples. */
    static short[] g722Decode(byte[] code) throws IOException {
        Path dir = Files.createTempDirectory("g722dec");
        Path in = dir.resolve("in.g722");
        Path out = dir.resolve("out.s16");
        Files.write(in, code);
        run("g722dec", in.toString(), out.toString());
        short[] pcm = bytesToSamples(Files.readAllBytes(out));
        deleteAll(dir, in, out);
        return pcm;
    }

    static byte[] samplesToBytes(short[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(2 * pcm.length).order(ByteOrder.nativeOrder());
        for (short s : pcm) {
            b.putShort(s);
        }
        return b.array();
    }

    static short[] bytesToSamples(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        short[] pcm = new short[bytes.length / 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = b.getShort();
        }
        return pcm;
    }

    private static void deleteAll(Path dir, Path... files) throws IOException {
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }

    private record Run(int status, String output) {
    }

    private static Run run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Run(127, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes());
        try {
            return new Run(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
