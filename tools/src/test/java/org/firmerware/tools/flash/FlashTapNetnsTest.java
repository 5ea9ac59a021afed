package org.firmerware.tools.flash;

import static org.firmerware.tools.net.NetnsLab.fwShell;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmerware.tools.net.NetnsLab;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.SimImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fw flash} and {@code fw dump} against the bootloader over a real Linux link: the simulated phone, off the
 * hook at power-up with {@code netconsole 1.0.0} from the factory in firmware-a, sits on a TAP in a network namespace
 * that drops 10 % of the frames in each direction (nftables, since this kernel has no netem). {@code fw flash}, a
 * process of its own on an AF_PACKET socket, writes {@code netconsole 2.0.0} and reads it back; with the handset put
 * down the phone boots it; {@code fw dump} then reads the slot from the running firmware (which publishes its flash
 * read-only), and the dump equals the image file byte for byte. Root only; fails (not skips) when {@code CI=true}.
 */
class FlashTapNetnsTest {

    private static final Pattern WROTE = Pattern.compile("wrote (\\d+) bytes to firmware on \\S+ in ([0-9.]+) s");

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("nft", "sh");
    }

    @Test
    void flashThroughTenPercentLossThenBootOnHookAndDumpTheSlotBack() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            byte[] v2 = ImageFile.simImage("netconsole", "2.0.0", 200_000);
            Path image = lab.dir().resolve("netconsole-2.0.0.img");
            Files.write(image, v2);
            NetnsLab.Phone phone = lab.startPhone(Tops.named("bootloader"), "tap0", c -> { }, p -> {
                SimImages.install(p, "firmware-a", ImageFile.simImage("netconsole", "1.0.0", 50_000));
                p.hook().set(true);
            });
            phone.awaitLog("bootloader mode", Duration.ofSeconds(20));
            lab.loss("tap0", 10, 10);
            String mac = phone.mac();

            NetnsLab.Background flash = lab.start("sh", "-c", fwShell("flash", "--if", "tap0", "--mac", mac, "firmware",
                image.toString()));
            int status = flash.awaitExit(Duration.ofSeconds(180));
            assertEquals(0, status, "fw flash: " + flash.stderr());
            String err = flash.stderr();
            assertTrue(err.contains("fw flash: read back and verified"), err);
            assertTrue(err.contains("on trial until it has run 5 s: started 3 times without that, the phone goes back"
                + " to the older firmware"), err);
            Matcher m = WROTE.matcher(err);
            assertTrue(m.find(), err);
            System.out.println("fw flash through 10 % loss each way: " + m.group(0));
            phone.awaitLog("firmware-b checked and active, sequence 2", Duration.ofSeconds(5));

            int from = phone.events().size();
            phone.onWorld(() -> phone.phone().hook().set(false));
            phone.awaitEvent(from, e -> e.kind().equals("cpu") && e.name().equals("image")
                && e.value().equals("firmware-b: netconsole 2.0.0"), Duration.ofSeconds(20));
            phone.awaitEvent(from, e -> e.kind().equals("display") && e.value().equals("online"),
                Duration.ofSeconds(10));

            Path dumped = lab.dir().resolve("firmware-b.dump");
            NetnsLab.Background dump = lab.start("sh", "-c", fwShell("dump", "--if", "tap0", "--mac", mac, "firmware-b",
                dumped.toString()));
            assertEquals(0, dump.awaitExit(Duration.ofSeconds(120)), "fw dump: " + dump.stderr());
            assertArrayEquals(v2, Files.readAllBytes(dumped), "the dump of firmware-b equals the image file");
            System.out.println(dump.stderr().trim());

            long[] dropped = lab.lossDropped("tap0");
            assertTrue(dropped[0] > 0 && dropped[1] > 0, "frames were dropped both ways: " + dropped[0] + ", "
                + dropped[1]);
        }
    }
}
