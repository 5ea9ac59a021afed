package org.firmerware.boards.sim.world;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * 16-bit PCM WAV files: reading (mono, or stereo mixed down) and writing (mono).
 *
 * @param rate samples per second
 * @param samples the samples, mono
 */
public record WavFile(int rate, short[] samples) {

    /**
     * Reads a WAV file.
     *
     * @throws IOException when the file cannot be read or is not 16-bit PCM; the message names the file and the part
     */
    public static WavFile read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a WAV file (no RIFF/WAVE header)");
        }
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int dataOff = -1;
        int dataLen = 0;
        int p = 12;
        while (p + 8 <= bytes.length) {
            int id = b.getInt(p);
            int len = b.getInt(p + 4);
            if (len < 0 || p + 8 + (long) len > bytes.length) {
                len = bytes.length - p - 8;
            }
            if (id == 0x20746d66) { // "fmt "
                int format = b.getShort(p + 8) & 0xFFFF;
                channels = b.getShort(p + 10) & 0xFFFF;
                rate = b.getInt(p + 12);
                bits = b.getShort(p + 22) & 0xFFFF;
                if (format != 1 && format != 0xFFFE) {
                    throw new IOException(file + ": fmt chunk: format " + format + " is not PCM");
                }
            } else if (id == 0x61746164) { // "data"
                dataOff = p + 8;
                dataLen = len;
                break;
            }
            p += 8 + len + (len & 1);
        }
        if (rate <= 0 || channels <= 0) {
            throw new IOException(file + ": no fmt chunk before the data");
        }
        if (bits != 16) {
            throw new IOException(file + ": fmt chunk: " + bits + " bits per sample; only 16-bit PCM is supported");
        }
        if (dataOff < 0) {
            throw new IOException(file + ": no data chunk");
        }
        int frames = dataLen / (2 * channels);
        short[] out = new short[frames];
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += b.getShort(dataOff + 2 * (i * channels + c));
            }
            out[i] = (short) (sum / channels);
        }
        return new WavFile(rate, out);
    }

    /** Writes the samples as a mono 16-bit PCM WAV file. */
    public void write(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 2 * samples.length).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
            .putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(2 * samples.length);
        for (short s : samples) {
            b.putShort(s);
        }
        Files.write(file, b.array());
    }
}
