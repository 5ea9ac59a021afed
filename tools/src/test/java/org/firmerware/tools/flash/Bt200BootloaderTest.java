package org.firmerware.tools.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.firmerware.boards.bt200.sim.Bt200Phone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.flash.SlotRecord;
import org.firmerware.tools.FwRun;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootloader on the BT200's register-level simulator: the board's own drivers (the KSZ8842 for TFTP over LLC, the
 * CFI flash driver for every erase, program and read, the HT1621 for the display) against the models of those chips,
 * with the partitions of the board's profile: two firmware slots, so that an update never overwrites the firmware
 * that runs. "Starting an image" boots the top it names, as on the board {@code sim}.
 */
class Bt200BootloaderTest {

    static final int SLOT_A = 256, SLOT_B = 2048, CONFIG = 3968, BLOCK = 512;

    @TempDir
    Path dir;

    static byte[] image(String top, String version) {
        return ImageFile.wrap("bt200", top, version, ImageFile.simPayload(top, version, 60_000));
    }

    /** A BT200 with the bootloader, its flash chip holding {@code flash} (null: as it came), the handset as given. */
    static Bt200Phone phone(Simulation sim, byte[] flash, boolean offHook) {
        Bt200Phone phone = sim.addPhone("bootloader");
        if (flash != null) {
            System.arraycopy(flash, 0, phone.flashMemory(), 0, flash.length);
        }
        phone.hook().set(offHook);
        return phone;
    }

    /**
     * Writes {@code image} to {@code firmware} over TFTP through {@code loss} % loss, calling {@code everyStep} after
     * each 10 µs of virtual time; fails unless it went through.
     */
    static SimTftpPeer flash(Simulation sim, byte[] image, int loss, Runnable everyStep) {
        SimTftpPeer host = new SimTftpPeer(sim.world(), BootloaderOnSimTest.HOST, BootloaderOnSimTest.PHONE, 7, loss,
            200);
        host.writeAt(sim.world().nowUs() + 1000, "firmware", image);
        for (int i = 0; i < 3_000_000 && !host.finished(); i++) {
            sim.world().runMicros(10);
            everyStep.run();
        }
        assertTrue(host.finished(), "the transfer finished");
        assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
        return host;
    }

    /** The blocks the phone started images at, in order ("cpu start block N" in the trace). */
    static List<Integer> starts(Simulation sim) {
        return sim.events("cpu", "start").stream().map(TraceEvent::value)
            .map(v -> Integer.parseInt(v.substring("block ".length()))).toList();
    }

    /** The log of the phone's last power-up (the BT200 has no serial line: read from the firmware's ring). */
    static List<String> log(Simulation sim, Bt200Phone phone) {
        Log log = sim.kernel(phone).log();
        List<String> lines = new ArrayList<>();
        byte[] line = new byte[log.lineBytes()];
        for (int seq = log.firstSeq(); seq != log.nextSeq(); seq++) {
            int n = log.read(seq, line, 0, line.length);
            if (n >= 0) {
                lines.add(new String(line, 0, n, StandardCharsets.ISO_8859_1));
            }
        }
        return lines;
    }

    /**
     * A first firmware flashed through 10 % loss goes to firmware-a, boots on the hook and confirms itself; an update
     * then goes to firmware-b and boots; and every state the flash went through during that update (looked at every
     * 10 µs of virtual time: 43 states, one per TFTP block the bootloader wrote, from before its first erase to after
     * its record) boots, on the hook, the old firmware until the update is complete and checked, and the new one
     * after: never nothing. The BT200's simulator has no power cut of its own, so each state stands for a cut between
     * two of the bootloader's runs (the sim's {@code PowerCutTest} also cuts between and inside flash operations).
     */
    @Test
    void anUpdateGoesToTheOtherSlotAndTheFlashAtEveryPointOfItBootsAFirmware() {
        byte[] confirmed;
        try (Simulation sim = Simulation.of("bt200")) {
            Bt200Phone phone = phone(sim, null, true);
            sim.runMs(1000);
            assertTrue(log(sim, phone).contains(
                "firmware-b: invalid: no valid slot record (empty, or its update never finished)"),
                log(sim, phone).toString());
            SimTftpPeer host = flash(sim, image("netconsole", "1.0.0"), 10, () -> { });
            assertTrue(host.dropped > 0, "frames were lost");
            sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
            sim.runMs(7_000);
            assertEquals(List.of(SLOT_A + 1), starts(sim));
            assertTrue(log(sim, phone).contains("trial boot: firmware-a confirmed (the firmware ran 5 s)"),
                log(sim, phone).toString());
            assertEquals(List.of(), phone.hardwareErrors(), "the chips' models found no misuse");
            confirmed = phone.flashMemory().clone();
        }

        List<byte[]> states = new ArrayList<>();
        try (Simulation sim = Simulation.of("bt200")) {
            Bt200Phone phone = phone(sim, confirmed, true);
            sim.runMs(1000);
            assertTrue(log(sim, phone).contains("firmware-a: netconsole 1.0.0, sequence 1, confirmed"),
                log(sim, phone).toString());
            states.add(phone.flashMemory().clone());
            flash(sim, image("ping6", "2.0.0"), 0, () -> {
                if (!Arrays.equals(states.get(states.size() - 1), phone.flashMemory())) {
                    states.add(phone.flashMemory().clone());
                }
            });
            List<String> log = log(sim, phone);
            assertTrue(log.contains("bootloader: writing firmware-b")
                && log.contains("bootloader: firmware-b checked and active, sequence 2"), log.toString());
            sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
            sim.runMs(2_000);
            assertEquals(List.of(SLOT_B + 1), starts(sim));
            assertEquals(List.of(), phone.hardwareErrors(), "the chips' models found no misuse");
        }
        assertTrue(states.size() > 20, states.size() + " states");

        int old = 0, updated = 0;
        for (byte[] state : states) {
            try (Simulation sim = Simulation.of("bt200")) {
                phone(sim, state, false);
                sim.runMs(500);
                List<Integer> started = starts(sim);
                assertEquals(1, started.size(), "a firmware starts from the flash of state " + (old + updated));
                if (started.get(0) == SLOT_A + 1) {
                    assertEquals(0, updated, "the old firmware again after the update had become active");
                    old++;
                } else {
                    assertEquals(SLOT_B + 1, started.get(0));
                    updated++;
                }
            }
        }
        System.out.println("Bt200BootloaderTest: " + states.size() + " states: " + old + " old, " + updated
            + " updated");
        assertTrue(old > 10 && updated >= 1, old + " states boot the old firmware, " + updated + " the update");
    }

    /**
     * The same from the command line: fw image --simulated makes an image the BT200's simulator can start; fw run
     * --board bt200 installs it (--image), programs a file into a partition (--flash-file), and keeps the flash chip in
     * a file (--flash), whose slot record the firmware has confirmed after 7 s; the next run from that file starts it
     * again.
     */
    @Test
    void fwRunInstallsImagesAndFilesIntoTheBt200sFlashAndKeepsIt() throws Exception {
        Path img = dir.resolve("nc.img");
        Path conf = dir.resolve("phone.conf");
        Path flash = dir.resolve("flash.bin");
        Files.writeString(conf, "sip port = 5070\n");
        FwRun.run(0, "image", "--board", "bt200", "--top", "netconsole", "--version", "1.0.0", "--simulated",
            "--size", "40000", "-o", img.toString());
        String[] first = FwRun.run(0, "run", "--board", "bt200", "--top", "bootloader", "--image",
            "firmware-a=" + img, "--flash-file", "config=" + conf, "--flash", flash.toString(), "--seconds", "7");
        assertTrue(first[0].contains("display  text       boot a") && first[0].contains("display  text       online"),
            first[0]);
        assertTrue(!first[1].contains("hardware models found"), first[1]);
        byte[] chip = Files.readAllBytes(flash);
        assertEquals(2 * 1024 * 1024, chip.length);
        assertTrue(SlotRecord.isValid(chip, SLOT_A * BLOCK) && SlotRecord.isConfirmed(chip, SLOT_A * BLOCK),
            "netconsole confirmed its slot");
        assertEquals("sip port = 5070\n", new String(chip, CONFIG * BLOCK, 16, StandardCharsets.ISO_8859_1));
        assertEquals((byte) 0xFF, chip[CONFIG * BLOCK + 16]);

        String[] again = FwRun.run(0, "run", "--board", "bt200", "--top", "bootloader", "--flash", flash.toString(),
            "--seconds", "2");
        assertTrue(again[0].contains("display  text       boot a") && again[0].contains("display  text       online"),
            again[0]);
        String[] refused = FwRun.run(2, "image", "--board", "bt200", "--top", "netconsole", "--version", "1.0.0",
            "-o", img.toString());
        assertTrue(refused[1].contains("board bt200 needs --payload FILE (the compiled firmware), or --simulated for"
            + " its simulator"), refused[1]);
    }

    /** The flash after the factory: netconsole 1.0.0 flashed into firmware-a, booted, and confirmed (made once). */
    private static byte[] factory;

    static synchronized byte[] factoryFlash() {
        if (factory == null) {
            try (Simulation sim = Simulation.of("bt200")) {
                Bt200Phone phone = phone(sim, null, true);
                sim.runMs(1000);
                flash(sim, image("netconsole", "1.0.0"), 0, () -> { });
                sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
                sim.runMs(7_000);
                assertTrue(log(sim, phone).contains("trial boot: firmware-a confirmed (the firmware ran 5 s)"));
                factory = phone.flashMemory().clone();
            }
        }
        return factory;
    }

    /** What one cut update found: the block the phone started at after power-up, the flash operations, whether cut. */
    record Cut(int started, long operations, boolean cut) {
    }

    /**
     * Sends {@code image} to the factory phone in bootloader mode; power fails at flash operation {@code cutAt} of the
     * update (0: never), before or during it, or at {@code cutAtUs} after the write starts (0: never). Then the phone
     * powers up on the hook; returns what it started.
     */
    static Cut update(byte[] image, long cutAt, boolean during, long cutAtUs) {
        try (Simulation sim = Simulation.of("bt200")) {
            Bt200Phone phone = phone(sim, factoryFlash(), true);
            sim.runMs(500);
            long base = phone.flashOperations();
            if (cutAt > 0) {
                phone.failFlashAt(base + cutAt, during);
            }
            SimTftpPeer host = new SimTftpPeer(sim.world(), BootloaderOnSimTest.HOST, BootloaderOnSimTest.PHONE, 7, 0,
                200);
            long start = sim.world().nowUs() + 1000;
            host.writeAt(start, "firmware", image);
            if (cutAtUs > 0) {
                sim.world().at(start + cutAtUs, () -> sim.world().cutPower(phone));
            }
            for (int i = 0; i < 100 && !phone.isOff() && !host.finished(); i++) {
                sim.runMs(100);
            }
            boolean cut = phone.isOff();
            if (!cut) {
                assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
                sim.world().cutPower(phone);
            }
            long operations = phone.flashOperations() - base;
            phone.failFlashAt(-1, false);
            int before = starts(sim).size();
            phone.hook().set(false);
            sim.world().at(sim.world().nowUs() + 1000, () -> sim.world().powerOn(phone));
            sim.runMs(1000);
            List<Integer> started = starts(sim);
            assertEquals(before + 1, started.size(), "one firmware started after power-up");
            assertEquals(List.of(), phone.hardwareErrors(), "the chips' models found no misuse");
            return new Cut(started.get(started.size() - 1), operations, cut);
        }
    }

    /**
     * Power cuts on the BT200's flash chip during an update (netconsole 1.0.0 confirmed in firmware-a, ping6 2.0.0
     * sent): just before and in the middle of the sector erase, of every 1,499th of the 30,000 word programs and of
     * each of the last 40 (the end of the image and the slot record), and at three times inside the erase (400 ms).
     * After each the phone powers up on the hook and starts the old firmware; only a cut in the middle of the very
     * last operation may leave the update complete. No chip model finds a misuse in any of the runs.
     */
    @Test
    void aPowerCutAtAnyPointOfAnUpdateLeavesTheOldFirmwareBooting() {
        byte[] update = image("ping6", "2.0.0");
        Cut full = update(update, 0, false, 0);
        assertEquals(SLOT_B + 1, full.started(), "without a cut the update starts");
        long ops = full.operations();
        assertTrue(ops > 30_000, ops + " flash operations");
        java.util.TreeSet<Long> points = new java.util.TreeSet<>();
        for (long n = 1; n <= ops - 40; n += 1499) {
            points.add(n);
        }
        for (long n = ops - 39; n <= ops; n++) {
            points.add(n);
        }
        int runs = 0;
        for (long n : points) {
            for (boolean during : new boolean[] {false, true}) {
                Cut c = update(update, n, during, 0);
                assertTrue(c.cut(), "power failed at operation " + n);
                if (n < ops || !during) {
                    assertEquals(SLOT_A + 1, c.started(), "cut " + (during ? "during" : "before") + " operation " + n
                        + " of " + ops + ": the old firmware starts");
                } else {
                    assertTrue(c.started() == SLOT_A + 1 || c.started() == SLOT_B + 1, c.toString());
                }
                runs++;
            }
        }
        for (long us : new long[] {50_000, 200_000, 390_000}) {
            Cut c = update(update, 0, false, us);
            assertTrue(c.cut() && c.operations() < ops, c.toString());
            assertEquals(SLOT_A + 1, c.started(), "cut at +" + us + " us, in the erase");
            runs++;
        }
        System.out.println("Bt200BootloaderTest: " + runs + " power cuts in an update of " + ops
            + " flash operations; the old firmware started after each");
    }
}
