package org.firmerware.top.sip.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** G.711 against spandsp for every 16-bit sample and every octet, and against values read from G.711's tables. */
class G711Test {

    @Test
    void ulawMatchesSpandspForEverySampleAndOctet() throws IOException {
        compareWithSpandsp("ulaw", true);
    }

    @Test
    void alawMatchesSpandspForEverySampleAndOctet() throws IOException {
        compareWithSpandsp("alaw", false);
    }

    private static void compareWithSpandsp(String law, boolean ulaw) throws IOException {
        Path dir = Files.createTempDirectory("g711");
        Path enc = dir.resolve("enc");
        Path dec = dir.resolve("dec");
        SpandspOracle.run(law, enc.toString(), dec.toString());
        byte[] encoded = Files.readAllBytes(enc);
        short[] decoded = SpandspOracle.bytesToSamples(Files.readAllBytes(dec));
        for (int i = 0; i < 65536; i++) {
            int x = i - 32768;
            int ours = ulaw ? G711.linearToUlaw(x) : G711.linearToAlaw(x);
            assertEquals(encoded[i] & 0xFF, ours, law + " of " + x);
        }
        for (int c = 0; c < 256; c++) {
            int ours = ulaw ? G711.ulawToLinear(c) : G711.alawToLinear(c);
            assertEquals(decoded[c], ours, law + " octet " + c);
        }
        Files.delete(enc);
        Files.delete(dec);
        Files.delete(dir);
    }

    @Test
    void tableValues() {
        // G.711 Table 2a (µ-law) and Table 1a (A-law), in 16-bit units (x4 and x8 of the tables' units).
        assertEquals(0xFF, G711.linearToUlaw(0));
        assertEquals(0x7F, G711.linearToUlaw(-1));
        assertEquals(0, G711.ulawToLinear(0xFF));
        assertEquals(32124, G711.ulawToLinear(0x80));
        assertEquals(-32124, G711.ulawToLinear(0x00));
        assertEquals(0xD5, G711.linearToAlaw(0));
        assertEquals(0x55, G711.linearToAlaw(-1));
        assertEquals(8, G711.alawToLinear(0xD5));
        assertEquals(32256, G711.alawToLinear(0xAA));
        assertEquals(-32256, G711.alawToLinear(0x2A));
        // Decoding then encoding gives the same octet back (the one negative zero of µ-law, 0x7F, decodes to 0).
        for (int c = 0; c < 256; c++) {
            if (c != 0x7F) {
                assertEquals(c, G711.linearToUlaw(G711.ulawToLinear(c)), "µ-law " + c);
            }
            assertEquals(c, G711.linearToAlaw(G711.alawToLinear(c)), "A-law " + c);
        }
    }
}
