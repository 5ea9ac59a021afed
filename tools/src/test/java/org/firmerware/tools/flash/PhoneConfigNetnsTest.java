package org.firmerware.tools.flash;

import static org.firmerware.tools.net.NetnsLab.fwShell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.firmerware.tools.net.NetnsLab;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.SimImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The phone's configuration written both ways of docs/sip.md over a real Linux link, by the host tools as processes of
 * their own: the simulated phone, with the {@code phone} firmware in firmware-a and an old configuration, powers up off
 * the hook (bootloader mode) on a TAP in a network namespace; {@code fw flash config FILE} writes a new configuration,
 * the handset goes down, and the phone starts with the new account and SIP port. Then {@code fw console} shows the
 * configuration (the password hidden), sets another SIP port, saves it and reboots the phone, which comes up through
 * the bootloader with that port. Root only; fails (not skips) when {@code CI=true}.
 */
class PhoneConfigNetnsTest {

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("sh");
    }

    @Test
    void fwFlashWritesTheConfigAndFwConsoleEditsIt() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            Path config = lab.dir().resolve("phone.conf");
            Files.writeString(config, "lines = 2\nsip-port = 5062\n\naccount = 200@example.test\n"
                + "password = secret-200\nproxy = [2001:db8:5060:1::1]:5060\n", StandardCharsets.US_ASCII);
            NetnsLab.Phone phone = lab.startPhone(Tops.named("bootloader"), "tap0", c -> { }, p -> {
                SimImages.install(p, "firmware-a", ImageFile.simImage("phone", "1.0.0", 20_000));
                PhoneConfigOnSimTest.preload(p, PhoneConfigOnSimTest.ascii(PhoneConfigOnSimTest.OLD));
                p.hook().set(true);
            });
            phone.awaitLog("bootloader mode", Duration.ofSeconds(20));
            String mac = phone.mac();

            NetnsLab.Background flash = lab.start("sh", "-c", fwShell("flash", "--if", "tap0", "--mac", mac, "config",
                config.toString()));
            assertEquals(0, flash.awaitExit(Duration.ofSeconds(120)), "fw flash: " + flash.stderr());
            assertTrue(flash.stderr().contains("fw flash: read back and verified"), flash.stderr());

            int from = phone.events().size();
            phone.onWorld(() -> phone.phone().hook().set(false));
            phone.awaitEvent(from, e -> e.kind().equals("cpu") && e.name().equals("image")
                && e.value().equals("firmware-a: phone 1.0.0"), Duration.ofSeconds(20));
            phone.awaitLog(from, "phone: 2 lines, 1 accounts, SIP port 5062", Duration.ofSeconds(10));
            phone.awaitLog(from, "phone: account 1 200@example.test", Duration.ofSeconds(5));

            from = phone.events().size();
            String script = "{ sleep 4; echo config; echo config set sip-port 5070; sleep 1; echo config save;"
                + " sleep 3; echo reboot; sleep 2; }";
            NetnsLab.Background console = lab.start("sh", "-c", script + " | " + fwShell("console", "--if", "tap0",
                "--mac", mac, "--seconds", "12"));
            phone.awaitLog(from, "phone: config saved: \\d+ bytes at block 1 of config", Duration.ofSeconds(30));
            phone.awaitLog(from, "phone: 2 lines, 1 accounts, SIP port 5070", Duration.ofSeconds(30));
            console.awaitExit(Duration.ofSeconds(30));
            String out = console.stdout();
            assertTrue(out.contains("4  | account = 200@example.test\n5  | password = (hidden)\n"), out);
            assertTrue(!out.contains("secret-200"), "the password is not shown: " + out);
            assertTrue(out.contains("config: set (not saved)"), out);
            assertTrue(out.contains("config: saving "), out);
        }
    }
}
