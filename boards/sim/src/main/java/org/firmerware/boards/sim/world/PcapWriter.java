package org.firmerware.boards.sim.world;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes frames to a classic pcap file (microsecond time stamps, link type Ethernet), readable by tshark and
 * Wireshark. The LAN stamps frames with {@link World#captureTimeUs()}: virtual time since the start of the run, or the
 * host's wall clock in real time.
 */
public final class PcapWriter implements AutoCloseable {

    private static final int LINKTYPE_ETHERNET = 1;
    private final Path file;
    private final OutputStream out;
    private int frames;

    /** Creates (or replaces) the file and writes the global header. */
    public PcapWriter(Path file) throws IOException {
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file));
        u32(0xa1b2c3d4);
        u16(2);
        u16(4);
        u32(0);
        u32(0);
        u32(65535);
        u32(LINKTYPE_ETHERNET);
    }

    /** Appends one frame seen at {@code timeUs}. */
    public void frame(long timeUs, byte[] frame, int off, int len) {
        try {
            u32((int) (timeUs / 1_000_000));
            u32((int) (timeUs % 1_000_000));
            u32(len);
            u32(len);
            out.write(frame, off, len);
            frames++;
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** Writes buffered frames to the file, so that another program can read it while the run goes on. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** Frames written so far. */
    public int frames() {
        return frames;
    }

    private void u32(int v) throws IOException {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private void u16(int v) throws IOException {
        out.write(v);
        out.write(v >>> 8);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + file, e);
        }
    }
}
