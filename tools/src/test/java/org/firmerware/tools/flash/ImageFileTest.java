package org.firmerware.tools.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.firmerware.kernel.flash.ImageHeader;
import org.firmerware.tools.Fw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Firmware images on the host: wrapping, checking, the simulator's payload, and {@code fw image}. */
class ImageFileTest {

    @Test
    void anImageChecksAndDescribesItselfAndItsDamageHasAName() {
        byte[] image = ImageFile.simImage("netconsole", "2.0.0", 1000);
        assertEquals(1128, image.length);
        assertNull(ImageFile.problem(image, "sim"));
        assertEquals(ImageHeader.OK, ImageHeader.check(image, 0, image.length, "sim"));
        assertEquals("board sim, top netconsole, version 2.0.0, 1128 bytes (payload 1000, CRC-32 "
            + String.format("%08x", ImageHeader.payloadCrc(image, 0)) + ")", ImageFile.describe(image));
        assertEquals(new ImageFile.SimFirmware("netconsole", "2.0.0"),
            ImageFile.parseSimPayload(image, ImageHeader.LENGTH, 1000));
        assertEquals("truncated: 1000 of 1128 bytes", ImageFile.problem(Arrays.copyOf(image, 1000), "sim"));
        assertEquals("longer than its header says (1128 bytes)", ImageFile.problem(Arrays.copyOf(image, 1200), "sim"));
        assertEquals("wrong board: the image is for sim, this phone is bt200", ImageFile.problem(image, "bt200"));
        byte[] bad = image.clone();
        bad[500] ^= 1;
        assertEquals("corrupted: payload CRC-32 ", ImageFile.problem(bad, "sim").substring(0, 26));
        assertThrows(IllegalArgumentException.class, () -> ImageFile.wrap("sim", "a top", "1", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> ImageFile.wrap("sim", "t", "12345678901234567", new byte[0]));
    }

    @Test
    void fwImageWritesAndShows(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("nc.img");
        PrintStream saved = System.out;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        System.setOut(new PrintStream(text, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Fw.execute("image", "--top", "netconsole", "--version", "1.0.0", "--size", "5000", "-o",
                out.toString()));
            assertEquals(0, Fw.execute("image", "--show", out.toString()));
            Files.write(out, Arrays.copyOf(Files.readAllBytes(out), 100));
            assertEquals(1, Fw.execute("image", "--show", out.toString()));
            assertEquals(2, Fw.execute("image", "--top", "nosuchtop", "--version", "1", "-o", out.toString()));
        } finally {
            System.setOut(saved);
        }
        String[] lines = text.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(out + ": board sim, top netconsole, version 1.0.0, 5128 bytes (payload 5000, CRC-32 "
            + lines[0].substring(lines[0].length() - 9), lines[0]);
        assertEquals(lines[0], lines[1]);
        assertEquals(out + ": truncated: only 100 bytes, shorter than an image header (128)", lines[2]);
    }

    @Test
    void theReadBackOfAnImageMustBeExactOfAPartitionItsStartThenErased() {
        byte[] file = {1, 2, 3};
        assertEquals(-1, FlashCommand.firstDifference(file, new byte[] {1, 2, 3}, true));
        assertEquals(3, FlashCommand.firstDifference(file, new byte[] {1, 2, 3, -1}, true));
        assertEquals(-1, FlashCommand.firstDifference(file, new byte[] {1, 2, 3, -1}, false));
        assertEquals(1, FlashCommand.firstDifference(file, new byte[] {1, 9, 3}, false));
        assertEquals(2, FlashCommand.firstDifference(file, new byte[] {1, 2}, false));
        assertEquals(4, FlashCommand.firstDifference(file, new byte[] {1, 2, 3, -1, 0, -1}, false),
            "after the file a partition is erased");
    }
}
