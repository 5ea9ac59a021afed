package org.firmerware.boards.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.firmerware.boards.sim.hw.FirmwareImage;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.bottom.hal.Cpu;
import org.junit.jupiter.api.Test;

/** The world in real time: time follows the host clock, other threads hand frames in, lockstep still holds. */
class RealTimeWorldTest {

    private static SimPhone.Config config(String name, int n) {
        SimPhone.Config c = new SimPhone.Config();
        c.name = name;
        c.mac = new byte[] {2, 0, 0, 0, 0, (byte) n};
        return c;
    }

    /** What a peer saw: the frame, its virtual time, and the thread that delivered it. */
    private record Seen(byte[] frame, long timeUs, Thread thread) {
    }

    /**
     * A firmware that echoes every frame it receives, with its own MAC as source, and raises {@code running} while it
     * runs (from waking to sleeping).
     */
    private static FirmwareImage echo(AtomicBoolean running) {
        return board -> {
            WorldTest.Counting up = new WorldTest.Counting();
            board.attach(up);
            return () -> {
                byte[] buf = new byte[1600];
                for (;;) {
                    running.set(false);
                    board.cpu().prepareSleep();
                    board.cpu().commitSleep(Cpu.HIBERNATE);
                    running.set(true);
                    for (int n; (n = board.network().receive(buf, 0, buf.length)) > 0; ) {
                        System.arraycopy(buf, 6, buf, 0, 6);
                        board.network().macAddress(buf, 6);
                        board.network().send(buf, 0, n);
                    }
                }
            };
        };
    }

    @Test
    void timeFollowsTheHostClockAndEventsKeepTheirTimes() throws IOException {
        World world = new World();
        world.useRealTime();
        List<TraceEvent> led = new ArrayList<>();
        world.addSink(e -> {
            if (e.kind().equals("led")) {
                led.add(e);
            }
        });
        world.addPhone(config("p", 1), WorldTest.blinker(100));
        long t0 = System.nanoTime();
        world.runMicros(350_000);
        long hostMs = (System.nanoTime() - t0) / 1_000_000;
        world.finish();
        assertTrue(hostMs >= 340 && hostMs < 5_000, "350 ms of real time took " + hostMs + " ms");
        assertEquals(350_000, world.nowUs());
        assertEquals(3, led.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(100_000L * (i + 1), led.get(i).timeUs(), "alarms fire at their own virtual times");
        }
    }

    @Test
    void aFramePostedFromAnotherThreadWakesTheSleepingPhoneInLockstep() throws Exception {
        World world = new World();
        world.useRealTime();
        AtomicBoolean firmwareRunning = new AtomicBoolean(true);
        world.addPhone(config("p", 1), echo(firmwareRunning));
        BlockingQueue<Seen> seen = new ArrayBlockingQueue<>(16);
        LanPeer peer = (frame, t) -> seen.add(new Seen(frame, t, Thread.currentThread()));
        world.lan().attach(peer);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        world.addSink(e -> started.countDown());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worldThread = new Thread(() -> {
            try {
                world.runMicros(Long.MAX_VALUE);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "world");
        worldThread.start();

        // The clock starts with the run, before the phone's first event.
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.sleep(200);
        List<Boolean> firmwareRanDuringAction = new ArrayList<>();
        List<Thread> actionThread = new ArrayList<>();
        world.post(() -> {
            firmwareRanDuringAction.add(firmwareRunning.get());
            actionThread.add(Thread.currentThread());
        });
        byte[] frame = new byte[60];
        frame[0] = 2;
        frame[5] = 1;
        frame[6] = 2;
        frame[11] = 9;
        frame[12] = (byte) 0x88;
        frame[13] = (byte) 0xb5;
        frame[20] = 42;
        long postedAt = System.nanoTime();
        world.lan().post(peer, frame);
        Seen echoed = seen.poll(5, TimeUnit.SECONDS);
        long latencyMs = (System.nanoTime() - postedAt) / 1_000_000;
        world.stop();
        worldThread.join(5_000);

        assertFalse(worldThread.isAlive(), "stop() ends a run without end");
        assertNull(failure.get());
        assertTrue(echoed != null, "the phone echoed the frame");
        assertEquals(42, echoed.frame()[20]);
        assertEquals(9, echoed.frame()[5], "back to the sender");
        assertSame(worldThread, echoed.thread(), "peers hear frames on the world thread");
        assertTrue(echoed.timeUs() >= 190_000, "virtual time followed the host clock: " + echoed.timeUs());
        assertTrue(latencyMs < 2_000, "a waiting world wakes at once for a posted frame (" + latencyMs + " ms)");
        assertEquals(List.of(false), firmwareRanDuringAction, "posted actions run only while the firmware sleeps");
        assertEquals(List.of(worldThread), actionThread);
        world.finish();
    }

    @Test
    void stopBeforeTheRunReturnsAtOnce() {
        World world = new World();
        world.useRealTime();
        world.addPhone(config("p", 1), WorldTest.blinker(100));
        world.stop();
        long t0 = System.nanoTime();
        world.runMicros(Long.MAX_VALUE);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000);
        assertTrue(world.isStopped());
    }

    @Test
    void inVirtualTimeAPostedActionRunsAtTheNextStepWithoutMovingTime() throws IOException {
        World world = new World();
        world.addPhone(config("p", 1), WorldTest.blinker(100));
        world.runMicros(150_000);
        long[] at = {-1};
        world.post(() -> at[0] = world.nowUs());
        world.runMicros(10_000);
        assertEquals(150_000, at[0]);
        assertEquals(160_000, world.nowUs());
        world.finish();
    }

    @Test
    void captureTimeIsTheWallClockInRealTime() throws IOException {
        World world = new World();
        world.useRealTime();
        world.addPhone(config("p", 1), WorldTest.blinker(100));
        world.runMicros(20_000);
        long wall = System.currentTimeMillis() * 1000;
        assertTrue(Math.abs(world.captureTimeUs() - wall) < 1_000_000, world.captureTimeUs() + " vs " + wall);
        world.finish();
        World virtual = new World();
        assertEquals(0, virtual.captureTimeUs());
    }

    @Test
    void realTimeMustBeChosenBeforeTheFirstRun() throws IOException {
        World world = new World();
        world.addPhone(config("p", 1), WorldTest.blinker(100));
        world.runMicros(1000);
        assertThrows(IllegalStateException.class, world::useRealTime);
        world.finish();
    }
}
