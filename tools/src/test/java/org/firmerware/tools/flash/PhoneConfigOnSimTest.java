package org.firmerware.tools.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.tools.FwRun;
import org.firmerware.tools.console.SimConsolePeer;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.SimImages;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phone's configuration written the two ways docs/sip.md gives, on the simulated phone in virtual time: over TFTP
 * to the bootloader's {@code config} partition (the client of {@code fw flash} as a peer on the virtual LAN), and with
 * the phone's console commands ({@code fw console}'s client); each time the phone starts with the new text and says so
 * in its log. Saving survives a power cut in the middle (the old text stands) and a full partition (erased first).
 */
class PhoneConfigOnSimTest {

    static final byte[] PHONE = BootloaderOnSimTest.PHONE;
    static final byte[] HOST = BootloaderOnSimTest.HOST;
    static final byte[] CONSOLE = BootloaderOnSimTest.CONSOLE;
    static final int CONFIG_BLOCK = 3712;

    static final String OLD = "lines = 2\n\naccount = 100@example.test\npassword = secret-100\n"
        + "proxy = [2001:db8:5060:1::1]:5060\n";

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static List<String> log(Simulation sim) {
        return sim.events("console", "log").stream().map(TraceEvent::value).toList();
    }

    /** The log lines from the last start of the phone top on. */
    static List<String> lastStart(Simulation sim) {
        List<String> all = log(sim);
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith("phone: ") && all.get(i).contains(" accounts, SIP port ")) {
                from = i;
            }
        }
        return all.subList(from, all.size());
    }

    static void preload(SimPhone phone, byte[] text) {
        int bs = phone.flash().blockSize();
        System.arraycopy(text, 0, phone.flash().memory(), CONFIG_BLOCK * bs, text.length);
    }

    @Test
    void aConfigWrittenOverTftpToTheBootloaderIsThePhonesAtTheNextStart() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("bootloader");
            SimImages.install(phone, "firmware-a", ImageFile.simImage("phone", "1.0.0", 20_000));
            preload(phone, ascii(OLD));
            phone.hook().set(true);
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 5, 10, 200);
            byte[] config = ascii("lines = 3\nsip-port = 5062\n\naccount = 200@example.test\npassword = secret-200\n"
                + "proxy = [2001:db8:5060:1::1]:5060\n\naccount = 201@example.test\nexpires = 0\n");
            host.writeAt(1_000_000, "config", config);
            BootloaderOnSimTest.runUntilDone(sim, host, 30_000);
            assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
            int bs = phone.flash().blockSize();
            byte[] memory = phone.flash().memory();
            assertArrayEquals(config, Arrays.copyOfRange(memory, CONFIG_BLOCK * bs, CONFIG_BLOCK * bs + config.length));
            assertEquals((byte) 0xFF, memory[CONFIG_BLOCK * bs + config.length], "the rest of the partition erased");

            sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
            sim.runMs(5_000);
            assertEquals(List.of("firmware-a: phone 1.0.0"),
                sim.events("cpu", "image").stream().map(TraceEvent::value).toList());
            List<String> log = lastStart(sim);
            assertEquals("phone: 3 lines, 2 accounts, SIP port 5062", log.get(0), log.toString());
            assertTrue(log.contains("phone: account 1 200@example.test"), log.toString());
            assertTrue(log.contains("phone: account 2 201@example.test"), log.toString());
            assertFalse(log(sim).contains("phone: account 1 100@example.test"), "the old text is gone");
        }
    }

    @Test
    @Tag("zero-allocation")
    void theConsoleShowsEditsAndSavesTheConfigWhichAppliesAfterAReboot() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone(Tops.named("phone"), c -> c.flashContents.put("config", ascii(OLD)));
            SimConsolePeer console = new SimConsolePeer(sim.world(), CONSOLE, PHONE, 1, 0, 200);
            console.startAt(500_000);
            long t = 1_000_000;
            for (String line : new String[] {"config", "config set 1.password secret-new", "config set lines 3",
                "config set ptime 30", "config add account = 300@example.test", "config set 2.display-name Carol",
                "config set 3.password x", "config delete 2", "config", "config save"}) {
                console.typeAt(t, line);
                t += 500_000;
            }
            sim.runMs(t / 1000 + 2_000);
            String text = console.text();
            assertTrue(text.contains("config: 94 bytes, 5 lines, as saved\n"
                + "1  | lines = 2\n"
                + "2  | \n"
                + "3  | account = 100@example.test\n"
                + "4  | password = (hidden)\n"
                + "5  | proxy = [2001:db8:5060:1::1]:5060\n"), text);
            assertFalse(text.contains("secret-100"), "passwords are not shown");
            assertTrue(text.contains("config: no such account; add one with: config add account = USER@DOMAIN\n"),
                text);
            assertTrue(text.contains("lines, not saved\n"
                + "1  | lines = 3\n"
                + "2  | ptime = 30\n"
                + "3  | account = 100@example.test\n"
                + "4  | password = (hidden)\n"
                + "5  | proxy = [2001:db8:5060:1::1]:5060\n"
                + "6  | account = 300@example.test\n"
                + "7  | display-name = Carol\n"), text);
            assertTrue(text.contains("config: saving "), text);
            assertTrue(log(sim).stream().anyMatch(l -> l.startsWith("phone: config saved: ")
                && l.endsWith(" bytes at block 1 of config; it applies from the next start")), log(sim).toString());
            assertEquals(0, phone.missionAllocatedBytes(), "the console's config commands allocated nothing");

            console.typeAt(sim.world().nowUs() + 1000, "reboot");
            sim.runMs(3_000);
            List<String> log = lastStart(sim);
            assertEquals("phone: 3 lines, 2 accounts, SIP port 5060", log.get(0), log.toString());
            assertTrue(log.contains("phone: account 1 100@example.test"), log.toString());
            assertTrue(log.contains("phone: account 2 300@example.test"), log.toString());
            String saved = new String(phone.flash().memory(), StandardCharsets.ISO_8859_1);
            assertTrue(saved.contains("password = secret-new\n"), "the copy holds the new password");
        }
    }

    @Test
    void aPowerCutWhileSavingLeavesTheOldConfig() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone(Tops.named("phone"), c -> c.flashContents.put("config", ascii(OLD)));
            SimConsolePeer console = new SimConsolePeer(sim.world(), CONSOLE, PHONE, 1, 0, 200);
            console.startAt(500_000);
            console.typeAt(1_000_000, "config set lines 1");
            sim.world().at(1_400_000, () -> phone.flash().failAtOperation(phone.flash().operations() + 1, true));
            console.typeAt(1_500_000, "config save");
            sim.runMs(3_000);
            assertFalse(log(sim).stream().anyMatch(l -> l.startsWith("phone: config saved")), log(sim).toString());
            sim.world().at(sim.world().nowUs() + 1000, () -> sim.world().powerOn(phone));
            sim.runMs(3_000);
            List<String> log = lastStart(sim);
            assertEquals("phone: 2 lines, 1 accounts, SIP port 5060", log.get(0), log.toString());
            assertTrue(log.contains("phone: account 1 100@example.test"), log.toString());
        }
    }

    @Test
    void aFullPartitionIsErasedAndTheCopyWrittenAtItsStart() {
        try (Simulation sim = Simulation.of("sim")) {
            byte[] full = new byte[128 * 512];
            byte[] old = ascii(OLD);
            System.arraycopy(old, 0, full, 0, old.length);
            SimPhone phone = sim.addPhone(Tops.named("phone"), c -> c.flashContents.put("config", full));
            SimConsolePeer console = new SimConsolePeer(sim.world(), CONSOLE, PHONE, 1, 0, 200);
            console.startAt(500_000);
            console.typeAt(1_000_000, "config set 1.expires 0");
            console.typeAt(1_500_000, "config save");
            sim.runMs(4_000);
            List<String> all = log(sim);
            assertTrue(all.contains("phone: config partition full: erasing it"), all.toString());
            assertTrue(all.contains("phone: config saved: 106 bytes at block 0 of config; it applies from the next "
                + "start"), all.toString());
            int bs = phone.flash().blockSize();
            String copy = new String(phone.flash().memory(), CONFIG_BLOCK * bs, 200, StandardCharsets.ISO_8859_1);
            assertTrue(copy.startsWith("#config-copy 0000006a "), copy);
            assertEquals((byte) 0xFF, phone.flash().memory()[(CONFIG_BLOCK + 1) * bs], "the rest erased");
            console.typeAt(sim.world().nowUs() + 1000, "reboot");
            sim.runMs(3_000);
            assertEquals("phone: 2 lines, 1 accounts, SIP port 5060", lastStart(sim).get(0));
        }
    }

    /**
     * fw run --flash-file over a flash kept with --flash: the file is programmed into the kept flash (it was lost
     * before, programmed at power-up and then overwritten by the kept flash), and the phone starts with it.
     */
    @Test
    void fwRunProgramsAFlashFileIntoTheKeptFlash(@TempDir Path dir) throws Exception {
        Path flash = dir.resolve("flash.bin");
        Path conf = dir.resolve("phone.conf");
        Files.writeString(conf, "lines = 1\n");
        FwRun.run(0, "run", "--top", "phone", "--flash", flash.toString(), "--flash-file", "config=" + conf,
            "--seconds", "1", "--quiet");
        Files.writeString(conf, "lines = 3\n");
        String[] printed = FwRun.run(0, "run", "--top", "phone", "--flash", flash.toString(), "--flash-file",
            "config=" + conf, "--seconds", "1");
        assertTrue(printed[0].contains("phone: 3 lines,"), printed[0]);
        byte[] chip = Files.readAllBytes(flash);
        assertEquals("lines = 3\n", new String(chip, CONFIG_BLOCK * 512, 10, StandardCharsets.US_ASCII));
    }
}
