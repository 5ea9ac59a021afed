package org.firmerware.tools.flash;

import static org.firmerware.tools.net.NetnsLab.fwShell;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.firmerware.tools.net.NetnsLab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fw flash}, {@code fw dump} and {@code fw console} against the bootloader on the BT200's register-level
 * simulator ({@code fw run --board bt200}, its KSZ8842 model on a TAP in a network namespace that drops 10 % of the
 * frames in each direction): the frames go through the board's own KSZ8842 driver, and every erase, program and read
 * through its CFI flash driver. The image is flashed and read back, dumped equal to the file, started with {@code boot}
 * on the console (the display shows netconsole's {@code online}), and confirms its slot. Root only; fails (not skips)
 * when {@code CI=true}.
 */
class Bt200FlashNetnsTest {

    private static final String MAC = "02:00:00:00:00:01";

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("nft", "sh");
    }

    @Test
    void flashThroughTenPercentLossDumpItBackBootItAndItConfirmsItself() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            Path image = lab.dir().resolve("netconsole.img");
            NetnsLab.Result made = lab.run(Duration.ofSeconds(60), "sh", "-c", fwShell("image", "--board", "bt200",
                "--top", "netconsole", "--version", "2.0.0", "--simulated", "--size", "150000", "-o",
                image.toString()));
            assertTrue(made.ok(), made.toString());

            lab.runOk("ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
            lab.runOk("ip", "link", "set", "tap0", "up");
            Path flashFile = lab.dir().resolve("bt200-flash.bin");
            NetnsLab.Background board = lab.startFw("run", "--board", "bt200", "--top", "bootloader", "--net",
                "tap:tap0", "--offhook", "--seconds", "45", "--flash", flashFile.toString());
            board.awaitOutput("display  text       bootload", Duration.ofSeconds(30));
            lab.loss("tap0", 10, 10);

            NetnsLab.Background flash = lab.start("sh", "-c", fwShell("flash", "--if", "tap0", "--mac", MAC, "firmware",
                image.toString()));
            assertEquals(0, flash.awaitExit(Duration.ofSeconds(180)), "fw flash: " + flash.stderr());
            assertTrue(flash.stderr().contains("fw flash: read back and verified"), flash.stderr());

            Path dumped = lab.dir().resolve("firmware-a.dump");
            NetnsLab.Background dump = lab.start("sh", "-c", fwShell("dump", "--if", "tap0", "--mac", MAC, "firmware-a",
                dumped.toString()));
            assertEquals(0, dump.awaitExit(Duration.ofSeconds(120)), "fw dump: " + dump.stderr());
            assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(dumped),
                "the dump of firmware-a equals the image file");
            System.out.println("Bt200FlashNetnsTest: " + flash.stderr().lines()
                .filter(l -> l.startsWith("fw flash: wrote")).findFirst().orElse("") + "; "
                + dump.stderr().lines().filter(l -> l.startsWith("fw dump: read")).findFirst().orElse(""));

            NetnsLab.Result slots = lab.run(Duration.ofSeconds(60), "sh", "-c", "echo slots | " + fwShell("console",
                "--if", "tap0", "--mac", MAC));
            assertTrue(slots.stdout().contains(
                "firmware-a: netconsole 2.0.0, 150128 bytes, sequence 1, pending, active")
                && slots.stdout().contains("firmware-b: invalid"), slots.toString());
            NetnsLab.Result boot = lab.run(Duration.ofSeconds(60), "sh", "-c", "echo boot | " + fwShell("console",
                "--if", "tap0", "--mac", MAC));
            assertTrue(boot.ok(), boot.toString());
            board.awaitOutput("display  text       boot a", Duration.ofSeconds(10));
            board.awaitOutput("display  text       online", Duration.ofSeconds(10));
            // netconsole answers on its own console and, having run 5 s, confirms its slot.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String net;
            do {
                Thread.sleep(1000);
                net = lab.run(Duration.ofSeconds(60), "sh", "-c", "echo log | " + fwShell("console", "--if", "tap0",
                    "--mac", MAC)).stdout();
            } while (!net.contains("trial boot: firmware-a confirmed") && System.nanoTime() < deadline);
            assertTrue(net.contains("trial boot: firmware-a confirmed (the firmware ran 5 s)"), net);

            assertEquals(0, board.awaitExit(Duration.ofSeconds(90)), "fw run: " + board.stderr());
            assertTrue(!board.stderr().contains("hardware models found")
                && !board.stdout().contains("hardware models found"), board.stderr());
            long[] dropped = lab.lossDropped("tap0");
            assertTrue(dropped[0] > 0 && dropped[1] > 0, "frames were dropped both ways: " + Arrays.toString(dropped));
        }
    }
}
