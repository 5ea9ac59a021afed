package org.firmerware.tools.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.firmerware.boards.sim.hw.SimFlash;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.kernel.flash.ImageHeader;
import org.firmerware.kernel.flash.SlotRecord;
import org.firmerware.kernel.net.tftp.Tftp;
import org.firmerware.tools.console.SimConsolePeer;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.PanicsAfterOneSecond;
import org.firmerware.tools.run.PanicsAfterTenSeconds;
import org.firmerware.tools.run.SimImages;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bootloader on the simulated phone, reached by the host's TFTP client (the code of {@code fw flash} and
 * {@code fw dump}) as a peer on the virtual LAN, in virtual time: booting, fallback, bootloader mode, flashing through
 * loss, refusals with their reasons, the write protection, and the main firmware's read-only publishing.
 */
class BootloaderOnSimTest {

    static final byte[] PHONE = {2, 0, 0, 0, 0, 1};
    static final byte[] HOST = {2, 0, 0, 0, (byte) 0xff, 1};
    static final byte[] CONSOLE = {2, 0, 0, 0, (byte) 0xff, 2};

    /** A phone running the bootloader with {@code netconsole 1.0.0} installed in firmware-a by the factory. */
    static SimPhone phone(Simulation sim, boolean offHook) {
        SimPhone phone = sim.addPhone("bootloader");
        SimImages.install(phone, "firmware-a", ImageFile.simImage("netconsole", "1.0.0", 20_000));
        phone.hook().set(offHook);
        return phone;
    }

    static List<String> values(Simulation sim, String kind, String name) {
        return sim.events(kind, name).stream().map(TraceEvent::value).toList();
    }

    static List<String> log(Simulation sim) {
        return values(sim, "console", "log");
    }

    /** Runs until the peer's transfer is finished (at most {@code ms} of virtual time). */
    static void runUntilDone(Simulation sim, SimTftpPeer host, long ms) {
        for (long t = 0; t < ms && !host.finished(); t += 500) {
            sim.runMs(500);
        }
        assertTrue(host.finished(), "the transfer finished within " + ms + " ms");
    }

    @Test
    void onHookTheNewestValidFirmwareStarts() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = phone(sim, false);
            SimImages.install(phone, "firmware-b", ImageFile.simImage("ping6", "0.9.0", 5_000));
            sim.runMs(3_000);
            assertEquals(List.of("firmware-b: ping6 0.9.0"), values(sim, "cpu", "image"), "b was installed last");
            assertTrue(log(sim).contains("firmware-a: netconsole 1.0.0, sequence 1, confirmed"), log(sim).toString());
            assertTrue(log(sim).contains("firmware-b: ping6 0.9.0, sequence 2, confirmed"), log(sim).toString());
            assertFalse(phone.isHalted());
        }
    }

    @Test
    void aCorruptedNewestSlotFallsBackToTheOther() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = phone(sim, false);
            SimImages.install(phone, "firmware-b", ImageFile.simImage("ping6", "0.9.0", 5_000));
            int bs = phone.flash().blockSize();
            phone.flash().memory()[(1920 + 1) * bs + 3000] ^= 0x10;
            sim.runMs(3_000);
            assertEquals(List.of("firmware-a: netconsole 1.0.0"), values(sim, "cpu", "image"));
            assertTrue(log(sim).stream().anyMatch(l -> l.startsWith("firmware-b: invalid: corrupted: payload CRC-32 ")),
                log(sim).toString());
            assertTrue(values(sim, "display", "text").contains("online"));
        }
    }

    /** The factory's netconsole 1.0.0 in firmware-a, and netconsole 2.0.0 flashed over TFTP into firmware-b. */
    static SimPhone withV2Flashed(Simulation sim) {
        SimPhone phone = phone(sim, true);
        SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 1, 0, 200);
        host.writeAt(1_000_000, "firmware", ImageFile.simImage("netconsole", "2.0.0", 30_000));
        runUntilDone(sim, host, 20_000);
        assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
        return phone;
    }

    /** Cuts the phone's power {@code ms} after now and powers it up again a second later (the handset on the hook). */
    static void powerCycle(Simulation sim, SimPhone phone, long ms) {
        long t = sim.world().nowUs() + ms * 1000;
        sim.world().at(t, () -> sim.world().cutPower(phone));
        sim.world().at(t + 1_000_000, () -> sim.world().powerOn(phone));
        sim.runMs(ms + 1_000);
    }

    /**
     * Puts the handset down (the bootloader starts the update in firmware-b) and ends each of its runs before it can
     * confirm itself, as when it hangs and the user pulls the plug; then lets what boots next run for 7 s.
     */
    static void runsEndBeforeConfirming(Simulation sim, SimPhone phone) {
        sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
        for (int i = 0; i < SlotRecord.MAX_STARTS; i++) {
            powerCycle(sim, phone, 2_000);
        }
        sim.runMs(7_000);
    }

    /** The images started when the update in firmware-b is given up: its three starts, then the factory's firmware. */
    static List<String> threeStartsThenFactory(String update) {
        List<String> images = new ArrayList<>(Collections.nCopies(SlotRecord.MAX_STARTS, "firmware-b: " + update));
        images.add("firmware-a: netconsole 1.0.0");
        return images;
    }

    @Test
    void aNewFirmwareThatRunsFiveSecondsConfirmsItselfAndKeepsBooting() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = withV2Flashed(sim);
            sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
            sim.runMs(7_000);
            assertTrue(log(sim).contains("bootloader: starting firmware-b: netconsole 2.0.0, on trial (start 1 of 3),"
                + " watchdog 10 s"),
                log(sim).toString());
            assertTrue(log(sim).contains("trial boot: firmware-b confirmed (the firmware ran 5 s); watchdog"
                + " stopped"),
                log(sim).toString());
            for (int i = 0; i < SlotRecord.MAX_STARTS + 1; i++) {
                powerCycle(sim, phone, 1_000);
            }
            assertEquals(Collections.nCopies(SlotRecord.MAX_STARTS + 2, "firmware-b: netconsole 2.0.0"),
                values(sim, "cpu", "image"), "once confirmed, short runs do not count");
            assertTrue(log(sim).contains("firmware-b: netconsole 2.0.0, sequence 2, confirmed"), log(sim).toString());
            assertTrue(log(sim).contains("firmware-a: netconsole 1.0.0, sequence 1, confirmed"), log(sim).toString());
        }
    }

    @Test
    void aNewFirmwareThatNeverConfirmsItselfIsStartedThreeTimesThenTheOlderOneBoots() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = withV2Flashed(sim);
            runsEndBeforeConfirming(sim, phone);
            assertEquals(threeStartsThenFactory("netconsole 2.0.0"), values(sim, "cpu", "image"));
            assertTrue(log(sim).contains("bootloader: starting firmware-b: netconsole 2.0.0, on trial (start 3 of 3),"
                + " watchdog 10 s"),
                log(sim).toString());
            assertTrue(log(sim).contains("firmware-b: netconsole 2.0.0, sequence 2, failed: started 3 times without"
                + " confirming itself"), log(sim).toString());
            assertFalse(log(sim).stream().anyMatch(l -> l.startsWith("trial boot: ")), "a was confirmed already");

            // In bootloader mode the failed slot is the one an update overwrites, and the console shows it.
            powerCycleOffHook(sim, phone);
            SimConsolePeer console = new SimConsolePeer(sim.world(), CONSOLE, PHONE, 1, 0, 200);
            console.startAt(sim.world().nowUs() + 100_000);
            console.typeAt(sim.world().nowUs() + 600_000, "slots");
            sim.runMs(1_500);
            String text = console.text();
            assertTrue(text.contains("firmware-a: netconsole 1.0.0, 20128 bytes, sequence 1, confirmed, active\n")
                && text.contains("firmware-b: netconsole 2.0.0, 30128 bytes, sequence 2, failed: started 3 times"
                + " without confirming itself\n"), text);
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 2, 0, 200);
            host.writeAt(sim.world().nowUs() + 100_000, "firmware", ImageFile.simImage("netconsole", "2.0.1", 30_000));
            runUntilDone(sim, host, 20_000);
            assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
            assertTrue(values(sim, "display", "text").contains("write b"));
        }
    }

    /**
     * Two updates in a row, the first never started: the second replaces the first in its slot, and the factory's
     * firmware, which confirmed itself long ago, stays in the other; when the second never confirms itself either, the
     * phone goes back to the factory's firmware, not to the first update.
     */
    @Test
    void aSecondUpdateReplacesAFirstThatHasNotConfirmedItselfAndTheConfirmedFirmwareStays() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = withV2Flashed(sim);
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 2, 0, 200);
            host.writeAt(sim.world().nowUs() + 100_000, "firmware", ImageFile.simImage("netconsole", "3.0.0", 30_000));
            runUntilDone(sim, host, 20_000);
            assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
            // Its sequence is one more than that of the other valid slot, a's.
            assertEquals(2, log(sim).stream().filter("bootloader: firmware-b checked and active, sequence 2"::equals)
                .count(), log(sim).toString());
            assertFalse(log(sim).contains("bootloader: writing firmware-a"), log(sim).toString());

            runsEndBeforeConfirming(sim, phone);
            assertEquals(threeStartsThenFactory("netconsole 3.0.0"), values(sim, "cpu", "image"));
        }
    }

    /**
     * The watchdog: the bootloader starts it before it starts a firmware on trial; a firmware that crashes a second
     * after each start does not end the simulation but leaves the phone halted until the watchdog resets it, 10 s
     * after the start, and after three such starts the older firmware boots. A firmware that confirms itself stops it.
     */
    @Test
    void aFirmwareOnTrialThatCrashesIsResetByTheWatchdogAndGivenUpAfterThreeStarts() {
        try (Simulation sim = Simulation.of("sim")) {
            sim.imageTop(new Tops.Entry("panics", PanicsAfterOneSecond.class.getName(), "a test firmware"));
            SimPhone phone = sim.addPhone("bootloader");
            SimImages.install(phone, "firmware-a", ImageFile.simImage("netconsole", "1.0.0", 20_000));
            SimFlash flash = phone.flash();
            SimImages.install(flash.memory(), flash.blockSize(), flash.partitions(), "firmware-b",
                ImageFile.simImage("panics", "1.0.0", 10_000), false);
            sim.runMs(40_000);
            assertFalse(phone.isHalted());
            assertEquals(threeStartsThenFactory("panics 1.0.0"), values(sim, "cpu", "image"));
            assertEquals(SlotRecord.MAX_STARTS, values(sim, "cpu", "watchdog").size());
            List<TraceEvent> starts = sim.events().stream().filter(e -> e.value().startsWith(
                "bootloader: starting firmware-b: panics 1.0.0, on trial (start ")).toList();
            List<TraceEvent> resets = sim.events("cpu", "watchdog");
            assertEquals(SlotRecord.MAX_STARTS, starts.size(), log(sim).toString());
            for (int i = 0; i < SlotRecord.MAX_STARTS; i++) {
                assertEquals("bootloader: starting firmware-b: panics 1.0.0, on trial (start " + (i + 1) + " of 3),"
                    + " watchdog 10 s", starts.get(i).value());
                assertEquals(10_000_000, resets.get(i).timeUs() - starts.get(i).timeUs(), "the reset 10 s after start");
            }
            assertEquals(SlotRecord.MAX_STARTS, log(sim).stream().filter(l -> l.startsWith("panic: java.lang."
                + "ArrayIndexOutOfBoundsException") && l.contains(" at " + PanicsAfterOneSecond.class.getName()
                + ".onTimer(PanicsAfterOneSecond.java:")).count(), log(sim).toString());
            assertTrue(log(sim).contains("firmware-b: panics 1.0.0, sequence 2, failed: started 3 times without"
                + " confirming itself"), log(sim).toString());
            assertFalse(phone.watchdog().isRunning(), "netconsole runs from a confirmed slot");
        }
    }

    @Test
    void aFirmwareThatConfirmsItselfStopsTheWatchdog() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = withV2Flashed(sim);
            sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
            sim.runMs(4_000);
            assertTrue(phone.watchdog().isRunning(), "started by the bootloader for the firmware on trial");
            sim.runMs(30_000);
            assertFalse(phone.watchdog().isRunning());
            assertTrue(values(sim, "cpu", "watchdog").isEmpty());
            assertEquals(List.of("firmware-b: netconsole 2.0.0"), values(sim, "cpu", "image"));
        }
    }

    /** The simulator with the watchdog kept counting while a firmware runs, 20 s ({@code sizes.watchdogMs}). */
    private static Simulation keepingTheWatchdog() {
        return new Simulation(BoardProfile.named("sim").with("sizes", "watchdogMs", 20_000L));
    }

    /** A phone running the bootloader with a test firmware {@code name} 1.0.0 installed in firmware-a by the factory. */
    private static SimPhone withFactoryTestFirmware(Simulation sim, String name, Class<?> top) {
        sim.imageTop(new Tops.Entry(name, top.getName(), "a test firmware"));
        SimPhone phone = sim.addPhone("bootloader");
        SimImages.install(phone, "firmware-a", ImageFile.simImage(name, "1.0.0", 10_000));
        return phone;
    }

    /**
     * The watchdog kept while a firmware runs: a confirmed firmware that crashes 10 s after each start (after its
     * trial) no longer leaves the phone halted for good: the kernel started the count again (20 s) at the end of the
     * trial, 5 s after the start, and the board resets 15 s after the crash and starts the firmware again.
     */
    @Test
    void aConfirmedFirmwareThatCrashesIsResetByTheKeptWatchdogAndStartsAgain() {
        try (Simulation sim = keepingTheWatchdog()) {
            SimPhone phone = withFactoryTestFirmware(sim, "panics10", PanicsAfterTenSeconds.class);
            sim.runMs(60_000);
            List<TraceEvent> images = sim.events("cpu", "image");
            List<TraceEvent> resets = sim.events("cpu", "watchdog");
            List<TraceEvent> panics = sim.events().stream()
                .filter(e -> e.value().startsWith("panic: java.lang.ArrayIndexOutOfBoundsException")).toList();
            assertEquals(3, images.size(), log(sim).toString());
            assertEquals(2, resets.size(), log(sim).toString());
            assertEquals(3, panics.size(), log(sim).toString());
            for (int i = 0; i < 2; i++) {
                assertEquals(10_000_000, panics.get(i).timeUs() - images.get(i).timeUs(), "the crash 10 s after start");
                assertEquals(25_000_000, resets.get(i).timeUs() - images.get(i).timeUs(),
                    "the reset 20 s after the end of the trial, 5 s after the start");
                assertTrue(images.get(i + 1).timeUs() >= resets.get(i).timeUs());
            }
            assertEquals(3, log(sim).stream().filter(l -> l.equals("watchdog: 20 s, started again every 15 s while the"
                + " main loop runs")).count(), log(sim).toString());
            assertFalse(log(sim).stream().anyMatch(l -> l.contains("on trial")), "a confirmed firmware: no trial");
            assertTrue(phone.watchdog().isRunning());
        }
    }

    /**
     * The kept count starts at the first pass of the main loop, so that a confirmed firmware that crashes a second
     * after its start, long before its trial time, is reset 20 s after the start; but not for a firmware on trial,
     * whose count the bootloader started: that one is still reset 10 s after its start.
     */
    @Test
    void theKeptCountStartsWithTheFirmwareButLeavesTheTrialsCountAlone() {
        try (Simulation sim = keepingTheWatchdog()) {
            withFactoryTestFirmware(sim, "panics", PanicsAfterOneSecond.class);
            sim.runMs(30_000);
            List<TraceEvent> images = sim.events("cpu", "image");
            List<TraceEvent> resets = sim.events("cpu", "watchdog");
            assertEquals(2, images.size(), log(sim).toString());
            assertEquals(20_000_000, resets.get(0).timeUs() - images.get(0).timeUs(), "reset 20 s after the start");
        }
        try (Simulation sim = keepingTheWatchdog()) {
            sim.imageTop(new Tops.Entry("panics", PanicsAfterOneSecond.class.getName(), "a test firmware"));
            SimPhone phone = sim.addPhone("bootloader");
            SimImages.install(phone, "firmware-a", ImageFile.simImage("netconsole", "1.0.0", 20_000));
            SimFlash flash = phone.flash();
            SimImages.install(flash.memory(), flash.blockSize(), flash.partitions(), "firmware-b",
                ImageFile.simImage("panics", "1.0.0", 10_000), false);
            sim.runMs(40_000);
            assertEquals(threeStartsThenFactory("panics 1.0.0"), values(sim, "cpu", "image"));
            List<TraceEvent> images = sim.events("cpu", "image");
            List<TraceEvent> resets = sim.events("cpu", "watchdog");
            for (int i = 0; i < SlotRecord.MAX_STARTS; i++) {
                assertEquals(10_000_000, resets.get(i).timeUs() - images.get(i).timeUs(), "the trial's 10 s");
            }
            assertTrue(phone.watchdog().isRunning(), "netconsole keeps the count");
        }
    }

    /**
     * A firmware that runs well keeps the count going for ever: an update confirms itself (the trial's 10 s count
     * becomes the kept 20 s one, not stopped) and runs ten minutes without a reset; the bootloader keeps no count in
     * bootloader mode (a firmware it starts may not keep one).
     */
    @Test
    void aFirmwareThatRunsKeepsTheWatchdogCountingAndIsNeverReset() {
        try (Simulation sim = keepingTheWatchdog()) {
            SimPhone phone = withV2Flashed(sim);
            assertFalse(phone.watchdog().isRunning(), "bootloader mode keeps no count");
            sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
            sim.runMs(4_000);
            assertTrue(phone.watchdog().isRunning(), "started by the bootloader for the firmware on trial");
            sim.runMs(600_000);
            assertTrue(phone.watchdog().isRunning(), "kept after the trial");
            assertTrue(values(sim, "cpu", "watchdog").isEmpty(), log(sim).toString());
            assertEquals(List.of("firmware-b: netconsole 2.0.0"), values(sim, "cpu", "image"));
            assertTrue(log(sim).contains("trial boot: firmware-b confirmed (the firmware ran 5 s)"),
                log(sim).toString());
        }
    }

    private static void powerCycleOffHook(Simulation sim, SimPhone phone) {
        long t = sim.world().nowUs() + 1000;
        sim.world().at(t, () -> sim.world().cutPower(phone));
        sim.world().at(t + 1000, () -> phone.hook().set(true));
        sim.world().at(t + 1_000_000, () -> sim.world().powerOn(phone));
        sim.runMs(2_000);
    }

    @Test
    void withoutAnyValidFirmwareItStaysInBootloaderMode() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = sim.addPhone("bootloader");
            sim.runMs(3_000);
            assertEquals(List.of(), values(sim, "cpu", "image"));
            assertEquals("no firmware", values(sim, "display", "text").get(values(sim, "display", "text").size() - 1));
            assertTrue(log(sim).contains("bootloader: no valid firmware in any slot; staying in bootloader mode"));
            assertTrue(sim.events("led", "message").size() > 20, "the message light flashes fast");
            assertFalse(phone.isHalted());
        }
    }

    /** Also a zero-allocation proof of the bootloader's TFTP serving: it runs interpreted (see tools/pom.xml). */
    @Test
    @Tag("zero-allocation")
    void offHookTheBootloaderServesAFlashWriteThroughLossAndBootsItOnHook() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = phone(sim, true);
            System.gc();
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 3, 10, 200);
            byte[] image = ImageFile.simImage("netconsole", "2.0.0", 150_000);
            host.writeAt(1_000_000, "firmware", image);
            runUntilDone(sim, host, 60_000);
            assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
            assertEquals(TftpClient.BLOCK_SIZE, host.client.blockSize());
            List<String> texts = values(sim, "display", "text");
            assertTrue(texts.contains("bootload") && texts.contains("write b"), texts.toString());
            assertTrue(host.dropped > 10, "frames were lost: " + host.dropped);
            assertTrue(log(sim).contains("bootloader: firmware-b checked and active, sequence 2"), log(sim).toString());

            host.readAt(sim.world().nowUs() + 1000, "firmware");
            runUntilDone(sim, host, 60_000);
            assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
            assertArrayEquals(image, host.client.data(), "the active firmware is the new image, byte for byte");
            host.blockSize = 512;
            host.readAt(sim.world().nowUs() + 1000, "media");
            runUntilDone(sim, host, 120_000);
            byte[] media = host.client.data();
            assertEquals(256 * 512, media.length, "a raw partition reads whole");
            int bs = phone.flash().blockSize();
            assertArrayEquals(Arrays.copyOfRange(phone.flash().memory(), 3840 * bs, 4096 * bs), media);
            assertEquals(0, phone.missionAllocatedBytes(), "the bootloader allocated nothing after init");

            sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
            sim.runMs(5_000);
            assertEquals(List.of("firmware-b: netconsole 2.0.0"), values(sim, "cpu", "image"));
            assertTrue(log(sim).contains("bootloader: the handset was put down: booting"));
            assertFalse(phone.isHalted());
        }
    }

    /**
     * A partition that is not a slot is written from its start and the rest erased: the final ACK comes only once the
     * last erase has finished, so that a power cut after the client was told "written" cannot leave it partly erased.
     */
    @Test
    void aShortWriteToAPartitionIsAcknowledgedOnlyOnceItsRestIsErased() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = phone(sim, true);
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 4, 0, 200);
            byte[] ringtone = new byte[100];
            Arrays.fill(ringtone, (byte) 0x5A);
            host.writeAt(1_000_000, "media", ringtone);
            runUntilDone(sim, host, 20_000);
            assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
            SimFlash flash = phone.flash();
            assertEquals(2, flash.eraseCount(), "media is two erase units");
            assertTrue(host.finishedAtUs >= flash.busyUntilUs(), "the final ACK came " + (flash.busyUntilUs()
                - host.finishedAtUs) + " us before the last erase ended");
            int bs = flash.blockSize();
            byte[] media = Arrays.copyOfRange(flash.memory(), 3840 * bs, 4096 * bs);
            byte[] expected = new byte[media.length];
            Arrays.fill(expected, (byte) 0xFF);
            System.arraycopy(ringtone, 0, expected, 0, ringtone.length);
            assertArrayEquals(expected, media);
        }
    }

    /** Writes {@code image} to {@code name} on an off-hook phone and returns the client's outcome and message. */
    private static String refusal(byte[] image, String name) {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = phone(sim, true);
            SimImages.install(phone, "firmware-b", ImageFile.simImage("ping6", "0.9.0", 5_000));
            byte[] before = phone.flash().memory().clone();
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 3, 0, 200);
            host.writeAt(1_000_000, name, image);
            runUntilDone(sim, host, 30_000);
            assertEquals(TftpClient.Outcome.REFUSED, host.client.outcome());
            sim.world().at(sim.world().nowUs() + 1000, () -> phone.hook().set(false));
            sim.runMs(3_000);
            List<String> started = values(sim, "cpu", "image");
            assertEquals(1, started.size());
            if (host.client.message().contains("truncated:") || host.client.message().contains("read-back")) {
                assertEquals("firmware-b: ping6 0.9.0", started.get(0), "the other slot still boots");
            } else {
                assertArrayEquals(before, phone.flash().memory(), "refused before anything was erased");
            }
            return host.client.errorCode() + " " + host.client.message();
        }
    }

    @Test
    void truncatedCorruptedAndWrongBoardImagesAreRefusedWithTheirReasons() {
        byte[] good = ImageFile.simImage("netconsole", "2.0.0", 40_000);
        byte[] truncated = Arrays.copyOf(good, 30_000);
        assertEquals("0 image refused: truncated: 30000 of 40128 bytes", refusal(truncated, "firmware"));

        byte[] corrupted = good.clone();
        corrupted[20_000] ^= 0x01;
        String c = refusal(corrupted, "firmware");
        assertTrue(c.startsWith("0 read-back check failed: corrupted: payload CRC-32 "), c);
        assertTrue(c.endsWith(", the header says " + String.format("%08x", ImageHeader.payloadCrc(good, 0))), c);

        byte[] wrongBoard = ImageFile.wrap("bt200", "netconsole", "2.0.0", ImageFile.simPayload("netconsole", "2.0.0",
            40_000));
        assertEquals("0 image refused: wrong board: the image is for bt200, this phone is sim",
            refusal(wrongBoard, "firmware"));

        byte[] header = good.clone();
        header[30] ^= 0x01;
        assertEquals("0 image refused: corrupted image header (its CRC-32 does not match)", refusal(header, "firmware"));
        assertEquals("0 image refused: not a firmware image (no FWIM magic; make one with fw image)",
            refusal(new byte[4000], "firmware"));
        byte[] huge = ImageFile.simImage("netconsole", "2.0.0", 1_000_000);
        assertEquals("3 too large: 1000128 bytes, firmware-a holds 916992", refusal(huge, "firmware"));
    }

    @Test
    void protectedAndReadOnlyPartitionsAndTheOnlyValidSlotAreRefused() {
        assertEquals(Tftp.E_ACCESS + " flash is read-only (a view of the whole flash)",
            refusal(new byte[100], "flash"));
        assertEquals(Tftp.E_ACCESS + " bootloader is write-protected; unlock it first with the console command "
            + "'unlock bootloader'", refusal(new byte[100], "bootloader"));
        assertTrue(refusal(new byte[100], "nothing").startsWith(Tftp.E_NOT_FOUND + " no such partition; there are: "
            + "firmware, bootloader, firmware-a, firmware-b, config, media, flash"));
        try (Simulation sim = Simulation.of("sim")) {
            phone(sim, true);
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 3, 0, 200);
            host.writeAt(1_000_000, "firmware-a", ImageFile.simImage("netconsole", "2.0.0", 1000));
            runUntilDone(sim, host, 10_000);
            assertEquals("firmware-a holds the only valid firmware; write 'firmware' to update the other slot",
                host.client.message());
        }
    }

    @Test
    void theConsoleShowsTheSlotsUnlocksTheBootloaderAndBoots() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = phone(sim, true);
            SimConsolePeer console = new SimConsolePeer(sim.world(), CONSOLE, PHONE, 1, 0, 200);
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 3, 0, 200);
            console.startAt(500_000);
            console.typeAt(1_000_000, "slots");
            console.typeAt(1_500_000, "unlock bootloader");
            byte[] loader = new byte[3000];
            Arrays.fill(loader, (byte) 0x5A);
            host.writeAt(2_000_000, "bootloader", loader);
            sim.runMs(10_000);
            assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
            int bs = phone.flash().blockSize();
            assertArrayEquals(loader, Arrays.copyOf(phone.flash().memory(), loader.length));
            assertEquals((byte) 0xFF, phone.flash().memory()[127 * bs], "the rest of the partition erased");
            String text = console.text();
            assertTrue(text.contains("firmware-a: netconsole 1.0.0, 20128 bytes, sequence 1, confirmed, active\n"
                + "firmware-b: invalid\n"), text);
            assertTrue(text.contains("bootloader may be written until the next reset"), text);
            console.typeAt(sim.world().nowUs() + 1000, "boot");
            sim.runMs(3_000);
            assertEquals(List.of("firmware-a: netconsole 1.0.0"), values(sim, "cpu", "image"),
                console.text() + log(sim));
            assertTrue(console.text().contains("booting\n"));
        }
    }

    /** Also a zero-allocation proof of FlashPublisher: it runs interpreted with the others (see tools/pom.xml). */
    @Test
    @Tag("zero-allocation")
    void theMainFirmwarePublishesItsFlashReadOnly() {
        try (Simulation sim = Simulation.of("sim")) {
            SimPhone phone = phone(sim, false);
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, null, 3, 10, 200);
            host.readAt(2_000_000, "firmware-a");
            runUntilDone(sim, host, 30_000);
            assertEquals(TftpClient.Outcome.OK, host.client.outcome(), host.client.message());
            assertArrayEquals(ImageFile.simImage("netconsole", "1.0.0", 20_000), host.client.data());
            assertTrue(host.statuses.get(0).startsWith("found a phone with TFTP"), host.statuses.toString());

            SimTftpPeer clean = new SimTftpPeer(sim.world(), CONSOLE, PHONE, 3, 0, 200);
            clean.readAt(sim.world().nowUs() + 1000, "flash");
            runUntilDone(sim, clean, 60_000);
            assertArrayEquals(phone.flash().memory(), clean.client.data(), "the whole flash, raw");

            host.readAt(sim.world().nowUs() + 1000, "config");
            runUntilDone(sim, host, 10_000);
            assertEquals(Tftp.E_NOT_FOUND, host.client.errorCode(), host.client.outcome() + " " + host.client.message());
            assertTrue(host.client.message().startsWith("no such partition; there are: bootloader, firmware-a, "
                + "firmware-b, media, flash"), host.client.message());
            host.writeAt(sim.world().nowUs() + 1000, "media", new byte[10]);
            runUntilDone(sim, host, 10_000);
            assertEquals(Tftp.E_ACCESS, host.client.errorCode());
            assertEquals("read-only: writing needs the bootloader (power up with the handset off the hook)",
                host.client.message());
            assertEquals(List.of("firmware-a: netconsole 1.0.0"), values(sim, "cpu", "image"));
            assertEquals(0, phone.missionAllocatedBytes(), "netconsole allocated nothing serving its flash");
        }
    }

    @Test
    void aPhoneWithoutTftpIsToldApartFromNoPhone() {
        try (Simulation sim = Simulation.of("sim")) {
            sim.addPhone("ping6");
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, PHONE, 3, 0, 200);
            host.writeAt(1_000_000, "firmware", new byte[10]);
            runUntilDone(sim, host, 60_000);
            assertEquals(TftpClient.Outcome.NO_ANSWER, host.client.outcome());
            assertTrue(host.client.message().startsWith("no answer from 02:00:00:00:00:01: is the phone on this link,"),
                host.client.message());
        }
        try (Simulation sim = Simulation.of("sim")) {
            sim.addPhone("netconsole");
            SimTftpPeer host = new SimTftpPeer(sim.world(), HOST, new byte[] {2, 0, 0, 0, 0, 1}, 3, 0, 200);
            host.writeAt(1_000_000, "firmware", new byte[10]);
            runUntilDone(sim, host, 60_000);
            assertEquals(TftpClient.Outcome.REFUSED, host.client.outcome(), "netconsole publishes, read-only");
        }
    }
}
