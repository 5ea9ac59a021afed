package org.firmerware.boards.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.World;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.hal.Upcalls;
import org.junit.jupiter.api.Test;

/** NOR flash semantics and power cuts of the simulated flash. */
class SimFlashPowerCutTest {

    static final class Quiet implements Upcalls {
        int alarms;
        @Override public void onAlarm() { alarms++; }
        @Override public void onButtonPress(int c, int k) { }
        @Override public void onButtonRelease() { }
        @Override public void onHookChanged(boolean offHook) { }
        @Override public void onCanReceive() { }
        @Override public void onCanSend() { }
        @Override public void onOnline() { }
        @Override public void onOffline() { }
        @Override public void onCanPlay(int channel) { }
        @Override public void onCanRecord(int channel) { }
    }

    private static SimPhone.Config config() {
        SimPhone.Config c = new SimPhone.Config();
        c.flashBlocks = 64;
        c.flashEraseUnitBlocks = 8;
        c.partitions = new Partition[] {
            new Partition("boot", 0, 8, Partition.WRITE_PROTECT),
            new Partition("data", 8, 56, 0),
            new Partition("flash", 0, 64, Partition.READ_ONLY)};
        return c;
    }

    /**
     * A firmware that erases unit 1 (blocks 8..15), waits until the erase is done, then programs blocks 8..15 with 0x00,
     * then sleeps for ever; it counts its boots in block 16's bits.
     */
    static FirmwareImage writer() {
        return board -> {
            board.attach(new Quiet());
            return () -> {
                Flash f = board.flash();
                byte[] zero = new byte[f.blockSize()];
                f.erase(8);
                while (f.isBusy()) {
                    board.clock().setAlarm(board.clock().now() + 10);
                    board.cpu().prepareSleep();
                    board.cpu().commitSleep(Cpu.SNOOZE);
                }
                for (int b = 8; b < 16; b++) {
                    f.program(b, zero, 0);
                }
                for (;;) {
                    board.cpu().prepareSleep();
                    board.cpu().commitSleep(Cpu.HIBERNATE);
                }
            };
        };
    }

    private static int zeroBytes(byte[] m, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (m[i] == 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void programmingClearsBitsOnlyAndProtectionHoldsUntilUnlocked() {
        World world = new World();
        SimPhone phone = world.addPhone(config(), board -> {
            board.attach(new Quiet());
            return () -> {
                Flash f = board.flash();
                byte[] a = new byte[f.blockSize()];
                Arrays.fill(a, (byte) 0x0F);
                byte[] b = new byte[f.blockSize()];
                Arrays.fill(b, (byte) 0xF0);
                f.program(9, a, 0);
                boolean same = f.program(9, b, 0);
                boolean refused = !f.program(1, a, 0) && !f.erase(0);
                f.setUnlocked(f.partitions()[0]);
                boolean allowed = f.program(1, a, 0);
                byte[] r = new byte[f.blockSize()];
                f.read(9, r, 0);
                board.leds().set(0, same || !refused || !allowed || r[0] != 0 ? 2 : 1);
                for (;;) {
                    board.cpu().prepareSleep();
                    board.cpu().commitSleep(Cpu.HIBERNATE);
                }
            };
        });
        world.runMicros(1000);
        assertEquals(1, phone.leds().colour(0), "0x0F then 0xF0 gives 0x00 and reports the mismatch; protection");
    }

    @Test
    void powerFailsBeforeAnOperationOrInTheMiddleOfIt() {
        for (boolean during : new boolean[] {false, true}) {
            World world = new World();
            List<TraceEvent> events = new ArrayList<>();
            world.addSink(events::add);
            SimPhone phone = world.addPhone(config(), writer());
            // Operation 1 is the erase, 2..9 program blocks 8..15: fail at the program of block 12.
            phone.flash().failAtOperation(6, during);
            world.runMicros(2_000_000);
            assertTrue(phone.isOff(), "the phone is off after the cut");
            byte[] m = phone.flash().memory();
            int bs = phone.flash().blockSize();
            assertEquals(4 * bs, zeroBytes(m, 8 * bs, 12 * bs), "blocks 8..11 were programmed");
            if (during) {
                int cleared = 0;
                for (int i = 12 * bs; i < 13 * bs; i++) {
                    cleared += 8 - Integer.bitCount(m[i] & 0xFF);
                }
                assertTrue(cleared > bs * 2 && cleared < bs * 6, "about half the bits of block 12: " + cleared);
            } else {
                assertEquals(0, zeroBytes(m, 12 * bs, 13 * bs), "block 12 untouched");
            }
            assertTrue(events.stream().anyMatch(e -> e.name().equals("power") && e.value().equals("cut")));

            world.at(world.nowUs(), () -> world.powerOn(phone));
            world.runMicros(2_000_000);
            assertFalse(phone.isOff());
            assertEquals(8 * bs, zeroBytes(m, 8 * bs, 16 * bs), "powered on again, the firmware wrote it all");
            assertTrue(events.stream().anyMatch(e -> e.name().equals("power") && e.value().equals("on")));
            assertEquals(2, phone.bootCount());
        }
    }

    @Test
    void anEraseCutShortLeavesItsUnitUndefined() {
        World world = new World();
        SimPhone phone = world.addPhone(config(), writer());
        byte[] m = phone.flash().memory();
        int bs = phone.flash().blockSize();
        Arrays.fill(m, 8 * bs, 16 * bs, (byte) 0x00);
        world.at(100_000, () -> world.cutPower(phone));
        world.runMicros(1_000_000);
        assertTrue(phone.isOff());
        int ff = 0;
        int zero = 0;
        for (int i = 8 * bs; i < 16 * bs; i++) {
            ff += m[i] == (byte) 0xFF ? 1 : 0;
            zero += m[i] == 0 ? 1 : 0;
        }
        assertTrue(ff < 8 * bs / 16 && zero < 8 * bs / 16, "neither erased nor as before: " + ff + ", " + zero);
        assertEquals(-1, phone.flash().erasingBlock());

        World again = new World();
        SimPhone other = again.addPhone(config(), writer());
        other.flash().failAtOperation(1, true);
        again.runMicros(1000);
        assertTrue(other.isOff());
        long undefined = 0;
        for (int i = 8 * bs; i < 16 * bs; i++) {
            undefined += other.flash().memory()[i] != (byte) 0xFF ? 1 : 0;
        }
        assertTrue(undefined > 8 * bs / 2, "an erase cut at its start leaves random bytes: " + undefined);
    }
}
