package org.firmerware.boards.sim.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.hw.FirmwareImage;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.hw.SimulationException;
import org.firmerware.bottom.hal.Board;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.bottom.hal.Upcalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldTest {

    /** Upcalls that only count, as a kernel's would record facts. */
    static class Counting implements Upcalls {
        int alarms;
        int frames;
        @Override public void onAlarm() { alarms++; }
        @Override public void onButtonPress(int c, int k) { }
        @Override public void onButtonRelease() { }
        @Override public void onHookChanged(boolean offHook) { }
        @Override public void onCanReceive() { frames++; }
        @Override public void onCanSend() { }
        @Override public void onOnline() { }
        @Override public void onOffline() { }
        @Override public void onCanPlay(int channel) { }
        @Override public void onCanRecord(int channel) { }
    }

    /** A tiny firmware without a kernel: toggles the message light at every alarm, every {@code periodMs}. */
    static FirmwareImage blinker(int periodMs) {
        return board -> {
            Counting up = new Counting();
            board.attach(up);
            return () -> {
                int next = board.clock().now() + periodMs;
                board.clock().setAlarm(next);
                boolean on = false;
                for (;;) {
                    board.cpu().prepareSleep();
                    board.cpu().commitSleep(Cpu.SNOOZE);
                    if (up.alarms > 0) {
                        up.alarms = 0;
                        on = !on;
                        board.leds().set(Leds.MESSAGE, on ? Leds.GREEN : Leds.OFF);
                        next += periodMs;
                        board.clock().setAlarm(next);
                    }
                }
            };
        };
    }

    private static SimPhone.Config config(String name, int n) {
        SimPhone.Config c = new SimPhone.Config();
        c.name = name;
        c.mac = new byte[] {2, 0, 0, 0, 0, (byte) n};
        return c;
    }

    private static List<String> run(FirmwareImage image, long ms) throws IOException {
        World world = new World();
        List<String> lines = new ArrayList<>();
        world.addSink(e -> lines.add(JsonTrace.toJson(e)));
        world.addPhone(config("p", 1), image);
        world.runMicros(ms * 1000);
        world.finish();
        return lines;
    }

    @Test
    void anHourOfVirtualTimePassesQuicklyAndRunsRepeatExactly() throws IOException {
        long t0 = System.nanoTime();
        List<String> first = run(blinker(1000), 3_600_000);
        long hostMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(first, run(blinker(1000), 3_600_000), "same inputs, same trace");
        long ledChanges = first.stream().filter(l -> l.contains("\"kind\":\"led\"")).count();
        assertEquals(3600, ledChanges);
        assertTrue(hostMs < 20_000, "an hour took " + hostMs + " ms of host time");
    }

    @Test
    void aCrashInTheFirmwareIsReportedWithItsCause() {
        World world = new World();
        world.addPhone(config("p", 1), board -> () -> {
            throw new ArrayIndexOutOfBoundsException("index 5 out of bounds for length 4");
        });
        SimulationException e = assertThrows(SimulationException.class, () -> world.runMicros(1000));
        assertTrue(e.getMessage().startsWith("p: the firmware crashed"), e.getMessage());
        assertTrue(e.getCause() instanceof ArrayIndexOutOfBoundsException);
    }

    @Test
    void firmwareThatNeverSleepsIsReportedAsHungWithWhereItSpins() {
        World world = new World();
        SimPhone.Config c = config("p", 1);
        c.watchdogMs = 300;
        world.addPhone(c, board -> () -> {
            for (;;) {
                board.clock().now();
            }
        });
        SimulationException e = assertThrows(SimulationException.class, () -> world.runMicros(1000));
        assertTrue(e.getMessage().contains("without sleeping"), e.getMessage());
        assertTrue(e.getStackTrace().length > 0, "the firmware thread's stack is attached");
    }

    @Test
    void aTraceRingThatFillsUpIsDrainedWithoutLosingAnything() throws IOException {
        // 5000 changes in one run of the firmware, more than the ring holds.
        List<String> lines = run(board -> () -> {
            for (int i = 0; i < 5000; i++) {
                board.leds().set(Leds.MESSAGE, i % 2 == 0 ? Leds.GREEN : Leds.OFF);
            }
            for (;;) {
                board.cpu().prepareSleep();
                board.cpu().commitSleep(Cpu.HIBERNATE);
            }
        }, 10);
        assertEquals(5000, lines.stream().filter(l -> l.contains("\"kind\":\"led\"")).count());
    }

    @Test
    void framesCrossTheLanPassTheMacFilterAndAreCaptured(@TempDir Path dir) throws IOException {
        World world = new World();
        Path pcapFile = dir.resolve("lan.pcap");
        PcapWriter pcap = new PcapWriter(pcapFile);
        world.lan().capture(pcap);
        List<byte[]> peerSaw = new ArrayList<>();
        world.lan().attach((frame, t) -> peerSaw.add(frame));
        int[] received = new int[2];
        for (int n = 1; n <= 2; n++) {
            int me = n;
            world.addPhone(config("p" + n, n), board -> {
                Counting up = new Counting();
                board.attach(up);
                return () -> {
                    byte[] buf = new byte[1600];
                    if (me == 1) {
                        // Wait until every phone is powered up: a phone that is off hears nothing.
                        board.clock().setAlarm(board.clock().now() + 10);
                        while (up.alarms == 0) {
                            board.cpu().prepareSleep();
                            board.cpu().commitSleep(Cpu.HIBERNATE);
                        }
                        byte[] f = new byte[60];
                        f[5] = 2; // to p2: 02:00:00:00:00:02
                        f[0] = 2;
                        board.network().macAddress(f, 6);
                        f[12] = (byte) 0x88;
                        f[13] = (byte) 0xb5;
                        board.network().send(f, 0, 60);
                        f[5] = 9; // to nobody
                        board.network().send(f, 0, 60);
                        f[0] = (byte) 0xff; // broadcast... with an odd first byte: multicast
                        board.network().send(f, 0, 60);
                    }
                    for (;;) {
                        board.cpu().prepareSleep();
                        board.cpu().commitSleep(Cpu.HIBERNATE);
                        while (board.network().receive(buf, 0, buf.length) > 0) {
                            received[me - 1]++;
                        }
                    }
                };
            });
        }
        world.runMicros(1_000_000);
        world.finish();
        pcap.close();
        assertEquals(0, received[0], "p1 hears nothing addressed to it");
        assertEquals(2, received[1], "p2 takes its unicast and the multicast, not the frame for ...:09");
        assertEquals(3, peerSaw.size(), "a peer on the LAN sees every frame");
        byte[] file = Files.readAllBytes(pcapFile);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, b.getInt(0));
        assertEquals(1, b.getInt(20), "link type Ethernet");
        assertEquals(24 + 3 * (16 + 60), file.length);
        assertArrayEquals(peerSaw.get(0), java.util.Arrays.copyOfRange(file, 24 + 16, 24 + 16 + 60));
    }

    @Test
    void aRebootStartsTheFirmwareAgainAndKeepsTheFlash() throws IOException {
        World world = new World();
        int[] boots = new int[1];
        SimPhone phone = world.addPhone(config("p", 1), board -> {
            boots[0]++;
            Board b = board;
            return () -> {
                byte[] block = new byte[b.flash().blockSize()];
                b.flash().read(3712, block, 0);
                if (block[0] == (byte) 0xFF) {
                    block[0] = 0x42;
                    b.flash().program(3712, block, 0);
                    b.cpu().reboot();
                }
                b.leds().set(Leds.MESSAGE, Leds.GREEN);
                for (;;) {
                    b.cpu().prepareSleep();
                    b.cpu().commitSleep(Cpu.HIBERNATE);
                }
            };
        });
        world.runMicros(1000);
        world.finish();
        assertEquals(2, boots[0]);
        assertEquals(2, phone.bootCount());
        assertEquals(0x42, phone.flash().memory()[3712 * 512]);
    }
}
