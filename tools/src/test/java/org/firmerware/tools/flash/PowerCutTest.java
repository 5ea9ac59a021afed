package org.firmerware.tools.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.firmerware.boards.sim.hw.SimFlash;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.tools.run.SimImages;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Test;

/**
 * The power-cut test: a firmware update is cut off by a power failure at every flash operation of the write (just
 * before it, "at the block boundary", and in the middle of it: a program leaves some of its bits cleared, an erase
 * leaves its unit undefined), and at virtual times in the middle of erases; after each cut the phone is powered up
 * with the handset on the hook and must start a valid firmware: the old one, or the new one once its slot record was
 * written. The simulator checks every image the bootloader starts on its own (a bootloader that started a damaged
 * image would fail the run). Then the same for the next update, which overwrites the older slot while the newer one
 * stays active.
 */
class PowerCutTest {

    static final byte[] PHONE = BootloaderOnSimTest.PHONE;
    static final byte[] HOST = BootloaderOnSimTest.HOST;
    /** About 70 KiB: the image spans two erase units of its slot. */
    static final int PAYLOAD = 71_000;
    static final byte[] V1 = ImageFile.simImage("netconsole", "1.0.0", 20_000);
    static final byte[] V2 = ImageFile.simImage("netconsole", "2.0.0", PAYLOAD);
    static final byte[] V3 = ImageFile.simImage("netconsole", "3.0.0", PAYLOAD);

    /** What one run found. */
    record Run(String booted, long operations, boolean cut) {
    }

    /**
     * Runs one update: the phone holds {@code installed} (written in that order, the last one active), is off the hook,
     * and is sent {@code image}; power fails at flash operation {@code cutAt} (counted from the start of the write;
     * 0: never) or at virtual time {@code cutAtUs} after the write starts (0: never). Then the phone is powered up on
     * the hook, and what it starts is returned.
     */
    static Run update(List<byte[]> installed, byte[] image, long cutAt, boolean during, long cutAtUs) {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("bootloader");
            for (int i = 0; i < installed.size(); i++) {
                SimImages.install(phone, i % 2 == 0 ? "firmware-a" : "firmware-b", installed.get(i));
            }
            phone.hook().set(true);
            SimFlash flash = phone.flash();
            if (cutAt > 0) {
                flash.failAtOperation(cutAt, during);
            }
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 1, 0, 200);
            long start = 1_000_000;
            host.writeAt(start, "firmware", image);
            if (cutAtUs > 0) {
                sim.world().at(start + cutAtUs, () -> sim.world().cutPower(phone));
            }
            sim.runMs(500);
            for (int t = 0; t < 60 && !phone.isOff() && !host.finished(); t++) {
                sim.runMs(500);
            }
            boolean cut = phone.isOff();
            if (!cut) {
                assertTrue(host.finished() && host.client.outcome() == TftpClient.Outcome.OK,
                    "without a cut the write succeeds: " + (host.client == null ? "" : host.client.message()));
                sim.world().cutPower(phone);
            }
            long operations = flash.operations();
            flash.failAtOperation(-1, false);
            int before = sim.events().size();
            phone.hook().set(false);
            sim.world().at(sim.world().nowUs() + 1000, () -> sim.world().powerOn(phone));
            sim.runMs(5_000);
            assertFalse(phone.isHalted(), "the phone runs");
            List<String> images = new ArrayList<>();
            List<TraceEvent> all = sim.events();
            for (TraceEvent e : all.subList(before, all.size())) {
                if (e.kind().equals("cpu") && e.name().equals("image")) {
                    images.add(e.value());
                }
            }
            assertEquals(1, images.size(), "one firmware started after power-up: " + images);
            return new Run(images.get(0), operations, cut);
        }
    }

    /** Cuts every operation of an update, before and during it, and at times inside its erases. */
    private static void cutEverywhere(List<byte[]> installed, byte[] image, String old, String updated) {
        Run full = update(installed, image, 0, false, 0);
        assertEquals(updated, full.booted(), "without a cut, the update boots");
        long ops = full.operations();
        // The erases of two units, one program per 512-byte block of the image, the slot record.
        int blocks = (image.length + 511) / 512;
        assertEquals(2 + blocks + 1, ops, "flash operations of the update");
        Set<String> seen = new TreeSet<>();
        for (long n = 1; n <= ops; n++) {
            for (boolean during : new boolean[] {false, true}) {
                Run r = update(installed, image, n, during, 0);
                assertTrue(r.cut(), "power failed at operation " + n);
                seen.add(r.booted());
                if (n < ops || !during) {
                    assertEquals(old, r.booted(), "cut " + (during ? "during" : "before") + " operation " + n
                        + " of " + ops + ": the old firmware boots");
                } else {
                    assertTrue(r.booted().equals(old) || r.booted().equals(updated), r.booted());
                }
            }
        }
        assertEquals(Set.of(old), seen, "a cut record is never taken for valid");
        // Power cut at virtual times: inside the first and the second erase (each takes 400 ms), and at random.
        Random random = new Random(42);
        List<Long> times = new ArrayList<>(List.of(50_000L, 200_000L, 390_000L));
        for (int i = 0; i < 12; i++) {
            times.add(1_000L + random.nextInt(1_000_000));
        }
        for (long t : times) {
            Run r = update(installed, image, 0, false, t);
            assertTrue(r.cut());
            assertEquals(r.operations() == ops ? updated : old, r.booted(), "cut at +" + t + " us: " + r);
        }
    }

    @Test
    void aPowerCutAtAnyPointOfTheFirstUpdateLeavesTheOldFirmwareBooting() {
        cutEverywhere(List.of(V1), V2, "firmware-a: netconsole 1.0.0", "firmware-b: netconsole 2.0.0");
    }

    @Test
    void aPowerCutAtAnyPointOfTheNextUpdateLeavesTheNewerFirmwareBooting() {
        cutEverywhere(List.of(V1, V2), V3, "firmware-b: netconsole 2.0.0", "firmware-a: netconsole 3.0.0");
    }

    @Test
    void aPowerCutWhileTheStartOfTheNewFirmwareIsCountedStillBootsIt() {
        for (boolean during : new boolean[] {false, true}) {
            try (Simulation sim = Simulation.of("sim")) {
                SimPhone phone = flashV2(sim);
                // Putting the handset down boots b, whose start the bootloader first counts: power fails there.
                phone.flash().failAtOperation(phone.flash().operations() + 1, during);
                sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
                sim.runMs(1_000);
                assertTrue(phone.isOff(), "power failed while the start was counted");
                sim.world().at(sim.world().nowUs() + 1000, () -> sim.world().powerOn(phone));
                sim.runMs(3_000);
                assertEquals(List.of("firmware-b: netconsole 2.0.0"), images(sim));
                // The one bit being cleared was cleared or not: b counts as never started, or as started once.
                List<String> log = sim.events("console", "log").stream().map(TraceEvent::value).toList();
                assertTrue(log.contains("firmware-b: netconsole 2.0.0, sequence 2, pending")
                    || log.contains("firmware-b: netconsole 2.0.0, sequence 2, on trial: started 1 of 3 times"),
                    log.toString());
            }
        }
    }

    @Test
    void aPowerCutWhileTheNewFirmwareConfirmsItselfStillBootsIt() {
        for (boolean during : new boolean[] {false, true}) {
            try (Simulation sim = Simulation.of("sim")) {
                SimPhone phone = flashV2(sim);
                sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
                sim.runMs(1_000);
                assertEquals(List.of("firmware-b: netconsole 2.0.0"), images(sim));
                // netconsole confirms itself after TrialBoot.TRIAL_MS: its one flash operation fails.
                phone.flash().failAtOperation(phone.flash().operations() + 1, during);
                sim.runMs(6_000);
                assertTrue(phone.isOff(), "power failed while the firmware confirmed itself");
                sim.world().at(sim.world().nowUs() + 1000, () -> sim.world().powerOn(phone));
                sim.runMs(3_000);
                assertEquals(List.of("firmware-b: netconsole 2.0.0", "firmware-b: netconsole 2.0.0"), images(sim));
                // A cut before the program leaves b on trial; one during it leaves some bits cleared: confirmed.
                List<String> log = sim.events("console", "log").stream().map(TraceEvent::value).toList();
                String expected = "firmware-b: netconsole 2.0.0, sequence 2, "
                    + (during ? "confirmed" : "on trial: started 1 of 3 times");
                assertTrue(log.contains(expected), expected + " in " + log);
            }
        }
    }

    /** The phone with V1 in firmware-a (factory) and V2 written over TFTP into firmware-b, off-hook. */
    private static SimPhone flashV2(Simulation sim) {
        SimPhone phone = sim.addPhone("bootloader");
        SimImages.install(phone, "firmware-a", V1);
        phone.hook().set(true);
        SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 1, 0, 200);
        host.writeAt(1_000_000, "firmware", V2);
        sim.runMs(20_000);
        assertEquals(TftpClient.Outcome.OK, host.client.outcome());
        return phone;
    }

    private static List<String> images(Simulation sim) {
        return sim.events("cpu", "image").stream().map(TraceEvent::value).toList();
    }
}
