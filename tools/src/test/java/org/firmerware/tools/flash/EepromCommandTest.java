package org.firmerware.tools.flash;

import static org.firmerware.tools.FwRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fw eeprom}: the BT200's I2C EEPROM stack, chip addresses by Gray code, exact bytes, and the refusals. */
class EepromCommandTest {

    @TempDir
    Path dir;

    @Test
    void theChipsAreAddressedByTheGrayCodeOfTheirPlace() {
        List<EepromStack.Chip> chips = EepromStack.layout(EepromStack.MAX_BYTES);
        List<Integer> addresses = new ArrayList<>();
        for (EepromStack.Chip c : chips) {
            addresses.add(c.address());
        }
        assertEquals(List.of(0x50, 0x51, 0x53, 0x52, 0x56, 0x57, 0x55, 0x54), addresses);
        for (int k = 1; k < chips.size(); k++) {
            // Neighbours differ in one address pin, and every address 0x50..0x57 is used once.
            assertEquals(1, Integer.bitCount(chips.get(k).pins() ^ chips.get(k - 1).pins()), "chip " + k);
        }
        assertEquals(8, addresses.stream().distinct().count());
        assertEquals("eeprom-3-0x52.bin", chips.get(3).fileName());
        assertEquals(1, EepromStack.layout(1).size());
        assertEquals(1, EepromStack.layout(65536).size());
        assertEquals(2, EepromStack.layout(65537).size());
        assertThrows(IllegalArgumentException.class, () -> EepromStack.layout(0));
        assertThrows(IllegalArgumentException.class, () -> EepromStack.layout(EepromStack.MAX_BYTES + 1));
    }

    @Test
    void anImageIsSplitIntoWholeChipsAndTheRestUnchangedAndInOrder() throws IOException {
        byte[] image = new byte[2 * 65536 + 1000];
        new Random(5501).nextBytes(image);
        Path file = dir.resolve("image.bin");
        Files.write(file, image);
        Path out = dir.resolve("eeprom");
        String printed = run(0, "eeprom", file.toString(), "--out", out.toString())[0];

        byte[] c0 = Files.readAllBytes(out.resolve("eeprom-0-0x50.bin"));
        byte[] c1 = Files.readAllBytes(out.resolve("eeprom-1-0x51.bin"));
        byte[] c2 = Files.readAllBytes(out.resolve("eeprom-2-0x53.bin"));
        assertEquals(65536, c0.length);
        assertEquals(65536, c1.length);
        assertEquals(1000, c2.length);
        assertArrayEquals(Arrays.copyOfRange(image, 0, 65536), c0);
        assertArrayEquals(Arrays.copyOfRange(image, 65536, 131072), c1);
        assertArrayEquals(Arrays.copyOfRange(image, 131072, image.length), c2);
        try (var files = Files.list(out)) {
            assertEquals(3, files.count());
        }

        assertTrue(printed.contains("fw eeprom: " + file + ", 132072 bytes, on 3 I2C EEPROMs of 64 KiB"), printed);
        assertTrue(printed.contains("  0     0x50         0  0  0   0x00000..0x0FFFF (65536)   "
            + out.resolve("eeprom-0-0x50.bin")), printed);
        assertTrue(printed.contains("  1     0x51         0  0  1   0x10000..0x1FFFF (65536)   "
            + out.resolve("eeprom-1-0x51.bin")), printed);
        assertTrue(printed.contains("  2     0x53         0  1  1   0x20000..0x203E7 ( 1000)   "
            + out.resolve("eeprom-2-0x53.bin")), printed);
        assertTrue(printed.contains("not yet confirmed on a phone"), printed);

        // A shorter image into the same directory: the third chip's old file goes, the rest are rewritten.
        Files.write(file, Arrays.copyOf(image, 65536 + 7));
        printed = run(0, "eeprom", file.toString(), "--out", out.toString())[0];
        assertTrue(printed.contains("removed " + out.resolve("eeprom-2-0x53.bin")), printed);
        assertFalse(Files.exists(out.resolve("eeprom-2-0x53.bin")));
        assertArrayEquals(Arrays.copyOfRange(image, 65536, 65536 + 7), Files.readAllBytes(out.resolve(
            "eeprom-1-0x51.bin")));

        // The largest image fills all eight chips, the last at 0x54.
        byte[] full = new byte[EepromStack.MAX_BYTES];
        new Random(8).nextBytes(full);
        Files.write(file, full);
        run(0, "eeprom", file.toString(), "--out", out.toString());
        assertArrayEquals(Arrays.copyOfRange(full, 7 * 65536, 8 * 65536), Files.readAllBytes(out.resolve(
            "eeprom-7-0x54.bin")));
        assertArrayEquals(Arrays.copyOfRange(full, 4 * 65536, 5 * 65536), Files.readAllBytes(out.resolve(
            "eeprom-4-0x56.bin")));
    }

    @Test
    void anImageTooLargeEmptyOrMissingIsRefusedWithItsNameAndNothingIsWritten() throws IOException {
        Path out = dir.resolve("eeprom");
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[EepromStack.MAX_BYTES + 1]);
        String err = run(2, "eeprom", big.toString(), "--out", out.toString())[1];
        assertTrue(err.contains(big + " is 524289 bytes; the BT200's I2C EEPROM stack holds at most 524288 bytes (8"
            + " chips of 65536), 1 bytes too many"), err);

        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        err = run(2, "eeprom", empty.toString(), "--out", out.toString())[1];
        assertTrue(err.contains(empty + " is empty (0 bytes)"), err);

        Path missing = dir.resolve("missing.bin");
        err = run(2, "eeprom", missing.toString(), "--out", out.toString())[1];
        assertTrue(err.contains(missing + ": no such file"), err);
        assertFalse(Files.exists(out));

        String help = run(0, "eeprom", "--help")[0];
        assertTrue(help.contains("0x50 + gray(k)") && help.contains("--out"), help);
        assertTrue(run(0, "--help")[0].contains("eeprom"));
    }
}
