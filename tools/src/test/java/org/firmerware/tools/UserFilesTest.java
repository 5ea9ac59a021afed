package org.firmerware.tools;

import static org.firmerware.tools.FwRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files named on the command line that cannot be read or written: one line naming the file and what is wrong, exit
 * status 2, no stack trace, and an output file checked before the work whose result it would hold.
 */
class UserFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFileToFlashThatIsADirectoryOrMissingIsNamedWithTheReason() {
        // Refused before the interface is opened: no root, no phone needed.
        assertEquals("fw flash: cannot read the file " + dir + ": it is a directory",
            error("flash", "--if", "lo", "firmware", dir.toString()));
        Path missing = dir.resolve("nc2.img");
        assertEquals("fw flash: cannot read the file " + missing + ": no such file or directory",
            error("flash", "--if", "lo", "firmware", missing.toString()));
    }

    @Test
    void aDumpIntoADirectoryThatDoesNotExistIsRefusedBeforeTheTransfer() {
        Path out = dir.resolve("no-such-dir").resolve("flash.bin");
        assertEquals("fw dump: cannot write the dump " + out + ": there is no directory " + out.getParent(),
            error("dump", "--if", "no-such-interface0", "flash", out.toString()));
        assertEquals("fw dump: cannot write the dump " + dir + ": it is a directory",
            error("dump", "--if", "no-such-interface0", "flash", dir.toString()));
    }

    @Test
    void fwImageNamesTheFileItCannotReadOrWrite() {
        Path out = dir.resolve("missing").resolve("nc.img");
        assertEquals("fw image: cannot write the image " + out + ": there is no directory " + out.getParent(),
            error("image", "--top", "netconsole", "--version", "1.0.0", "-o", out.toString()));
        assertEquals("fw image: cannot read the image " + dir + ": it is a directory",
            error("image", "--show", dir.toString()));
        Path payload = dir.resolve("payload.bin");
        assertEquals("fw image: cannot read the payload " + payload + ": no such file or directory",
            error("image", "--board", "bt200", "--top", "sip", "--version", "1.0", "--payload", payload.toString(),
                "-o", dir.resolve("sip.img").toString()));
        assertFalse(Files.exists(out.getParent()), "nothing created");
    }

    @Test
    void aFlashFileThatCouldNotBeSavedStopsTheRunBeforeItStarts() {
        Path flash = dir.resolve("gone").resolve("phone.bin");
        String[] printed = run(2, "run", "--top", "bootloader", "--flash", flash.toString(), "--seconds", "1");
        assertEquals("", printed[0], "nothing ran");
        assertEquals("fw run: cannot write the flash file " + flash + ": there is no directory " + flash.getParent(),
            printed[1].strip());
        assertEquals("fw run: cannot read the image " + dir + ": it is a directory",
            error("run", "--top", "bootloader", "--image", "firmware-a=" + dir, "--seconds", "1"));
    }

    @Test
    void aFlashFileIsWrittenAtTheEndOfTheRunWhenItsDirectoryExists() {
        Path flash = dir.resolve("phone.bin");
        run(0, "run", "--top", "bootloader", "--flash", flash.toString(), "--seconds", "1", "--quiet");
        assertTrue(Files.isRegularFile(flash));
    }

    @Test
    void reasonsReadAfterAColon() {
        assertEquals("no such file or directory", UserFiles.reason(new java.nio.file.NoSuchFileException("x")));
        assertEquals("permission denied", UserFiles.reason(new java.nio.file.AccessDeniedException("x")));
        assertEquals("is a directory", UserFiles.reason(new IOException("Is a directory")));
        assertEquals("no space left on device",
            UserFiles.reason(new java.nio.file.FileSystemException("x", null, "No space left on device")));
    }

    /** Runs {@code fw args}, expects exit status 2 and one line on standard error, and returns that line. */
    private static String error(String... args) {
        String[] printed = run(2, args);
        String err = printed[1].strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), "no stack trace: " + err);
        return err;
    }
}
