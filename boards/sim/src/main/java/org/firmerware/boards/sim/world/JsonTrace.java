package org.firmerware.boards.sim.world;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The trace for programs: one JSON object per line, with {@code t_ms}, {@code t_us}, {@code device}, {@code kind},
 * {@code name} and {@code value}. Every kind is written, including {@code cpu} (sleep and wake) and {@code net}.
 */
public final class JsonTrace implements TraceSink {

    private final Path file;
    private final BufferedWriter out;

    /** Creates (or replaces) the file. */
    public JsonTrace(Path file) throws IOException {
        this.file = file;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void event(TraceEvent e) {
        try {
            out.write(toJson(e));
            out.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException("writing the trace " + file, ex);
        }
    }

    /** One event as a JSON object. */
    public static String toJson(TraceEvent e) {
        return "{\"t_ms\":" + e.timeMs() + ",\"t_us\":" + e.timeUs() + ",\"device\":" + quote(e.device())
            + ",\"kind\":" + quote(e.kind()) + ",\"name\":" + quote(e.name()) + ",\"value\":" + quote(e.value()) + "}";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20 || c >= 0x7F) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ex) {
            throw new UncheckedIOException("closing the trace " + file, ex);
        }
    }
}
