package org.firmerware.tools.flash;

import static org.firmerware.tools.FwRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code fw flash} refuses on its own, before it opens the interface (so no root and no phone needed). */
class FlashCommandTest {

    @TempDir
    Path dir;

    @Test
    void aFirmwareImageIsNotWrittenToTheBootloaderPartition() throws IOException {
        Path img = dir.resolve("nc2.img");
        Files.write(img, ImageFile.simImage("netconsole", "2.0.0", 1000));
        String[] printed = run(2, "flash", "--if", "no-such-interface0", "bootloader", img.toString());
        assertEquals("fw flash: " + img + " is a firmware image (board sim, top netconsole, version 2.0.0, 1128 bytes"
            + " (payload 1000, CRC-32 " + String.format("%08x", org.firmerware.kernel.flash.Crc32.of(
                Files.readAllBytes(img), 128, 1000)) + ")), not a bootloader: the bootloader partition holds the "
            + "bootloader's binary as the CPU runs it, and a firmware image goes to 'firmware' (--force writes it "
            + "there anyway)", printed[1].strip());
        // With --force it gets as far as the interface.
        printed = run(2, "flash", "--if", "no-such-interface0", "--force", "bootloader", img.toString());
        assertEquals("fw flash: no network interface named 'no-such-interface0' (see 'ip link')",
            printed[1].strip());
        // A raw binary is what the partition takes.
        Path bin = dir.resolve("bootloader.bin");
        Files.write(bin, new byte[] {0, 0, 1, 0x20, 9, 0, 0, 0});
        printed = run(2, "flash", "--if", "no-such-interface0", "bootloader", bin.toString());
        assertEquals("fw flash: no network interface named 'no-such-interface0' (see 'ip link')",
            printed[1].strip());
    }

    @Test
    void fwDumpDoesNotWriteBinaryToATerminal() {
        DumpCommand dump = new DumpCommand();
        dump.stdoutIsTerminal = true;
        int status = new picocli.CommandLine(dump).setExecutionExceptionHandler((e, cmd, parsed) -> {
            assertEquals("standard output is a terminal, and flash is binary: give a file, or redirect it ('fw dump ... "
                + "flash - > flash.bin', or '| xxd | less')", e.getMessage());
            return 2;
        }).execute("--if", "no-such-interface0", "flash", "-");
        assertEquals(2, status);
    }

    @Test
    void anImageThatFailsTheLocalCheckIsNotSentToAFirmwareSlot() throws IOException {
        byte[] image = ImageFile.simImage("netconsole", "2.0.0", 1000);
        Path cut = dir.resolve("cut.img");
        Files.write(cut, Arrays.copyOf(image, 600));
        String[] printed = run(2, "flash", "--if", "no-such-interface0", "firmware", cut.toString());
        assertEquals("fw flash: " + cut + ": truncated: 600 of 1128 bytes (the phone would refuse it; --force sends it"
            + " anyway)", printed[1].strip());
    }

    /** The bootloader wrapped as a firmware image: fw image does not make one, and fw flash does not send one. */
    @Test
    void theBootloaderIsNotAFirmwareImage() throws IOException {
        String why = "the bootloader is not a firmware for a slot: the phone would start it from the slot, and it would"
            + " start the same slot again until its trial fails; build it with fw build and write its binary with fw"
            + " flash bootloader FILE after 'unlock bootloader' on the console";
        Path img = dir.resolve("bl.img");
        String[] printed = run(2, "image", "--top", "bootloader", "--version", "1.0", "-o", img.toString());
        assertEquals("fw image: --top bootloader: " + why, printed[1].strip());
        Files.write(img, ImageFile.simImage("bootloader", "1.0", 1000));
        printed = run(2, "flash", "--if", "no-such-interface0", "firmware", img.toString());
        assertEquals("fw flash: " + img + ": " + why + " (--force sends it anyway)", printed[1].strip());
        printed = run(2, "flash", "--if", "no-such-interface0", "--force", "firmware", img.toString());
        assertEquals("fw flash: no network interface named 'no-such-interface0' (see 'ip link')",
            printed[1].strip().lines().reduce((a, b) -> b).orElse(""));
    }
}
