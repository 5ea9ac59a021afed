package org.firmerware.tools.flash;

import static org.firmerware.tools.net.NetnsLab.fwShell;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.firmerware.tools.net.NetnsLab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fw flash} and {@code fw dump} against the bootloader on the board mps2-an385: {@code netconsole} is built for
 * the board and wrapped into a firmware image ({@code fw image --payload}, the image's raw binary); the bootloader
 * runs under qemu-system-arm with its LAN9118 on a TAP in a network namespace and, finding no firmware in its emulated
 * flash, serves TFTP on LLC type 1. {@code fw flash} writes the image into a slot and reads it back, the bootloader
 * checks it and makes it active, and {@code fw dump} reads the slot back equal to the file, byte for byte: the
 * LAN9118 driver under a stream of full frames both ways, and the emulated flash's erase, program and read. Root
 * only; fails (not skips) when {@code CI=true}.
 */
class Mps2FlashNetnsTest {

    private static final String MAC = "02:00:00:00:00:01";

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("sh", "qemu-system-arm", "arm-none-eabi-gcc", "arm-none-eabi-objcopy");
    }

    @Test
    void flashTheBoardsOwnNetconsoleImageThroughTheBootloaderDumpItBackAndBootIt() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            Path nc = lab.dir().resolve("netconsole");
            // Without --payload, fw image builds the top for the board and wraps its raw binary.
            NetnsLab.Result built = lab.run(Duration.ofSeconds(180), "sh", "-c", fwShell("image", "--board",
                "mps2-an385", "--top", "netconsole", "--version", "2.0.0", "--build-dir", nc.toString(), "-o",
                lab.dir().resolve("netconsole.img").toString()));
            assertTrue(built.ok(), built.toString());
            byte[] image = Files.readAllBytes(lab.dir().resolve("netconsole.img"));
            assertTrue(image.length > 20_000, "an image of " + image.length + " bytes");
            byte[] binary = Files.readAllBytes(nc.resolve("image.bin"));
            assertArrayEquals(binary, java.util.Arrays.copyOfRange(image, 128, image.length),
                "the payload is the binary fw build wrote");

            lab.runOk("ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
            lab.runOk("ip", "link", "set", "tap0", "up");
            // The board's flash is kept in a file: saved when the run ends, loaded by the next run (a power cycle).
            Path flashFile = lab.dir().resolve("mps2-flash.bin");
            NetnsLab.Background board = lab.startFw("run", "--board", "mps2-an385", "--top", "bootloader", "--net",
                "tap:tap0", "--seconds", "45", "--flash", flashFile.toString(), "--out",
                lab.dir().resolve("bootloader").toString());
            board.awaitOutput("bootloader mode: tftp on LLC SAP 44", Duration.ofSeconds(120));

            NetnsLab.Background flash = lab.start("sh", "-c", fwShell("flash", "--if", "tap0", "--mac", MAC, "firmware",
                lab.dir().resolve("netconsole.img").toString()));
            assertEquals(0, flash.awaitExit(Duration.ofSeconds(120)), "fw flash: " + flash.stderr());
            assertTrue(flash.stderr().contains("fw flash: read back and verified"), flash.stderr());
            board.awaitOutput("bootloader: firmware-a checked and active, sequence 1", Duration.ofSeconds(10));

            Path dumped = lab.dir().resolve("firmware-a.dump");
            NetnsLab.Background dump = lab.start("sh", "-c", fwShell("dump", "--if", "tap0", "--mac", MAC, "firmware-a",
                dumped.toString()));
            assertEquals(0, dump.awaitExit(Duration.ofSeconds(120)), "fw dump: " + dump.stderr());
            assertArrayEquals(image, Files.readAllBytes(dumped), "the dump of firmware-a equals the image file");
            System.out.println("Mps2FlashNetnsTest: " + flash.stderr().lines()
                .filter(l -> l.startsWith("fw flash: wrote")).findFirst().orElse("") + "; "
                + dump.stderr().lines().filter(l -> l.startsWith("fw dump: read")).findFirst().orElse(""));

            // "boot" on the bootloader's console: it checks the slots again and starts firmware-a, whose payload it
            // copies over itself at 0; netconsole then runs on the same board and answers on its own console.
            NetnsLab.Result boot = lab.run(Duration.ofSeconds(60), "sh", "-c", "echo boot | " + fwShell("console", "--if",
                "tap0", "--mac", MAC));
            assertTrue(boot.ok(), boot.toString());
            board.awaitOutput(Pattern.quote(
                "bootloader: starting firmware-a: netconsole 2.0.0, on trial (start 1 of 3)"), Duration.ofSeconds(10));
            board.awaitOutput("netconsole: console on LLC SAP 14 at " + MAC, Duration.ofSeconds(20));
            NetnsLab.Result net = lab.run(Duration.ofSeconds(60), "sh", "-c", "echo net | " + fwShell("console", "--if",
                "tap0", "--mac", MAC));
            assertTrue(net.ok(), net.toString());
            assertTrue(net.stdout().contains("netconsole: console on LLC SAP 14"), net.stdout());
            assertTrue(!net.stdout().contains("bootloader mode"), net.stdout());
            // Having run 5 s, netconsole confirms its slot in the flash (the trial boot): the bootloader keeps it. The
            // watchdog the bootloader started for the trial is not stopped: the board's profile keeps it counting.
            board.awaitOutput(Pattern.quote("watchdog: 160 s, started again every 120 s while the main loop runs"),
                Duration.ofSeconds(10));
            board.awaitOutput(Pattern.quote("trial boot: firmware-a confirmed (the firmware ran 5 s)") + "$",
                Duration.ofSeconds(30));

            // The run ends (netconsole's 45 s): the board resets, and fw run saves the flash before QEMU quits.
            assertEquals(0, board.awaitExit(Duration.ofSeconds(90)), "fw run: " + board.stderr());
            assertEquals(2 * 1024 * 1024, Files.size(flashFile));
            // Power up again with that flash, the handset on the hook: the bootloader starts firmware-a at once.
            NetnsLab.Background again = lab.startFw("run", "--board", "mps2-an385", "--top", "bootloader", "--net",
                "tap:tap0", "--seconds", "10", "--flash", flashFile.toString(), "--out",
                lab.dir().resolve("bootloader").toString());
            again.awaitOutput("firmware-a: netconsole 2.0.0, sequence 1, confirmed", Duration.ofSeconds(120));
            again.awaitOutput("bootloader: starting firmware-a: netconsole 2.0.0", Duration.ofSeconds(10));
            again.awaitOutput("netconsole: console on LLC SAP 14 at " + MAC, Duration.ofSeconds(20));
            assertEquals(0, again.awaitExit(Duration.ofSeconds(60)), "fw run: " + again.stderr());
        }
    }
}
