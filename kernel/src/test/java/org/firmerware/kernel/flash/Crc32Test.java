package org.firmerware.kernel.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class Crc32Test {

    @Test
    void theCheckValueAndZlibAgree() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xCBF43926, Crc32.of(check, 0, check.length));
        byte[] data = new byte[10_000];
        new Random(5).nextBytes(data);
        CRC32 zlib = new CRC32();
        zlib.update(data, 3, 9000);
        int pieces = Crc32.update(Crc32.START, data, 3, 4000);
        pieces = Crc32.update(pieces, data, 4003, 5000);
        assertEquals((int) zlib.getValue(), Crc32.finish(pieces));
        byte[] ff = new byte[700];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        assertEquals(Crc32.of(ff, 0, ff.length), Crc32.finish(Crc32.updateRepeated(Crc32.START, 0xFF, 700)));
    }
}
