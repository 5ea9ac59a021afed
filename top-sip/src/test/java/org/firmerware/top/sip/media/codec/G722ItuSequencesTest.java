package org.firmerware.top.sip.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The digital test sequences of G.722 Appendix II for mode 1 that are small enough to keep here (T1C2.XMT, T2R2.COD,
 * T3L2.RC1, T3H2.RC0: 16-bit words in hexadecimal, 16 per line, each line ending in a check byte that makes the sum of
 * its characters 0 modulo 256). The sequences by-pass the QMFs: every input word feeds both sub-band encoders, and
 * the decoders' sub-band outputs are compared. A word with its least significant bit set is a reset.
 *
 * <ul>
 *   <li>configuration 1, the encoder: T1C2.XMT (input: the 15-bit sub-band sample in bits 15..1) gives T2R2.COD (the
 *       octet in bits 15..8);</li>
 *   <li>configuration 2, the decoder in mode 1: T2R2.COD gives T3L2.RC1 (the lower band's RL in bits 15..1) and
 *       T3H2.RC0 (the higher band's RH).</li>
 * </ul>
 */
class G722ItuSequencesTest {

    static List<Integer> read(String name) throws IOException {
        List<Integer> words = new ArrayList<>();
        try (InputStream in = G722ItuSequencesTest.class.getResourceAsStream("/itu-g722/" + name);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("/*")) {
                    continue;
                }
                assertEquals(66, line.length(), name + ": " + line);
                int check = Integer.parseInt(line.substring(64), 16);
                int chars = 0;
                for (int i = 0; i < 64; i++) {
                    chars += line.charAt(i);
                }
                assertEquals(0, (chars + check) & 0xFF, name + ": check byte of " + line);
                for (int i = 0; i < 64; i += 4) {
                    words.add(Integer.parseInt(line.substring(i, i + 4), 16));
                }
            }
        }
        assertTrue(words.size() > 16, name);
        return words;
    }

    private static boolean isReset(int word) {
        return (word & 1) != 0;
    }

    @Test
    void configuration1TheEncoderCodesT1c2AsT2r2() throws IOException {
        List<Integer> input = read("T1C2.XMT");
        List<Integer> expected = read("T2R2.COD");
        assertEquals(input.size(), expected.size());
        G722Encoder encoder = new G722Encoder();
        int compared = 0;
        for (int i = 0; i < input.size(); i++) {
            int word = input.get(i);
            if (isReset(word)) {
                encoder.reset();
                continue;
            }
            int x = (short) word >> 1;
            int code = encoder.encodeSubbands(x, x);
            assertEquals(expected.get(i) >> 8, code, "T2R2.COD word " + i);
            compared++;
        }
        assertTrue(compared > 700, "compared " + compared);
    }

    @Test
    void configuration2TheDecoderReconstructsT2r2AsT3l2AndT3h2() throws IOException {
        List<Integer> codes = read("T2R2.COD");
        List<Integer> low = read("T3L2.RC1");
        List<Integer> high = read("T3H2.RC0");
        G722Decoder decoder = new G722Decoder();
        int compared = 0;
        for (int i = 0; i < codes.size(); i++) {
            int word = codes.get(i);
            if (isReset(word)) {
                decoder.reset();
                continue;
            }
            int code = word >> 8;
            assertEquals((short) (int) low.get(i) >> 1, decoder.decodeLow(code & 0x3F), "T3L2.RC1 word " + i);
            assertEquals((short) (int) high.get(i) >> 1, decoder.decodeHigh(code >> 6), "T3H2.RC0 word " + i);
            compared++;
        }
        assertTrue(compared > 700, "compared " + compared);
    }
}
