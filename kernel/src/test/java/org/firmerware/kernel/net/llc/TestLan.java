package org.firmerware.kernel.net.llc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.PacketPool;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.time.TimerQueue;

/**
 * A LAN of LLC stations in manual time for unit tests: each station is a scheduler, a timer queue, a packet pool, an
 * Ethernet layer and an {@link Llc} over a port on this hub. Frames take {@link #LATENCY_MS} to arrive; a
 * {@link Filter} may drop or record them on the way.
 */
final class TestLan {

    static final int LATENCY_MS = 1;

    /** Decides whether a frame on its way is lost. */
    interface Filter {
        /** @return true to drop the frame */
        boolean drop(Station from, byte[] frame);
    }

    private record InFlight(int atMs, long seq, Station to, byte[] frame) {
    }

    int nowMs = 1000;
    Filter filter = (from, frame) -> false;
    final List<String> log = new ArrayList<>();
    private final List<Station> stations = new ArrayList<>();
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>((a, b) ->
        a.atMs != b.atMs ? Integer.compare(a.atMs, b.atMs) : Long.compare(a.seq, b.seq));
    private long seq;

    Station station(int lastMacByte, int connections, int window, int infoBytes) {
        Station s = new Station(this, new byte[] {2, 0, 0, 0, 0, (byte) lastMacByte}, connections, window, infoBytes);
        stations.add(s);
        return s;
    }

    /** Puts a raw frame on the wire from {@code from}, as if its port had sent it. */
    void inject(Station from, byte[] frame) {
        carry(from, frame);
    }

    private void carry(Station from, byte[] frame) {
        log.add(nowMs + " " + (from == null ? "?" : from.name()) + " " + Decode.frame(frame));
        if (filter.drop(from, frame)) {
            return;
        }
        for (Station s : stations) {
            if (s != from) {
                inFlight.add(new InFlight(nowMs + LATENCY_MS, seq++, s, frame.clone()));
            }
        }
    }

    /** Runs every station's pending work, then advances time event by event for {@code ms}. */
    void run(int ms) {
        int end = nowMs + ms;
        settle();
        for (int guard = 0; guard < 1_000_000; guard++) {
            int next = end;
            boolean any = false;
            if (!inFlight.isEmpty() && Clock.beforeOrAt(inFlight.peek().atMs, next)) {
                next = inFlight.peek().atMs;
                any = true;
            }
            for (Station s : stations) {
                if (s.armed && Clock.beforeOrAt(s.alarmAtMs, next)) {
                    next = s.alarmAtMs;
                    any = true;
                }
            }
            if (!any) {
                nowMs = end;
                return;
            }
            nowMs = Math.max(nowMs, next);
            while (!inFlight.isEmpty() && inFlight.peek().atMs <= nowMs) {
                InFlight f = inFlight.poll();
                f.to.rx.add(f.frame);
            }
            for (Station s : stations) {
                if (s.armed && Clock.beforeOrAt(s.alarmAtMs, nowMs)) {
                    s.armed = false;
                    s.timers.onAlarmFromUpcall();
                }
            }
            settle();
        }
        throw new AssertionError("the LAN did not settle");
    }

    /** Lets every station handle its received frames and events until nothing is left. */
    void settle() {
        for (int round = 0; round < 1000; round++) {
            boolean worked = false;
            for (Station s : stations) {
                if (!s.rx.isEmpty()) {
                    s.ethernet.onFramesWaiting();
                    worked = true;
                }
                while (s.scheduler.runOne()) {
                    worked = true;
                }
            }
            if (!worked) {
                return;
            }
        }
        throw new AssertionError("the stations did not settle");
    }

    /** One station. */
    static final class Station implements Clock, Cpu, NetworkPort {
        final TestLan lan;
        final byte[] mac;
        final Scheduler scheduler;
        final TimerQueue timers;
        final PacketPool pool;
        final Ethernet ethernet;
        final Llc llc;
        final ArrayDeque<byte[]> rx = new ArrayDeque<>();
        boolean armed;
        int alarmAtMs;

        Station(TestLan lan, byte[] mac, int connections, int window, int infoBytes) {
            this.lan = lan;
            this.mac = mac;
            scheduler = new Scheduler(this);
            timers = new TimerQueue(this, scheduler);
            pool = new PacketPool(16, 1536);
            ethernet = new Ethernet(this, pool, scheduler);
            llc = new Llc(ethernet, timers, connections, window, infoBytes);
        }

        String name() {
            return "s" + mac[5];
        }

        @Override public int now() { return lan.nowMs; }
        @Override public void setAlarm(int atMs) { armed = true; alarmAtMs = atMs; }
        @Override public void cancelAlarm() { armed = false; }
        @Override public void enterCritical() { }
        @Override public void leaveCritical() { }
        @Override public void prepareSleep() { }
        @Override public void commitSleep(int depth) { }
        @Override public void reboot() { throw new UnsupportedOperationException(); }
        @Override public void startImage(int block) { throw new UnsupportedOperationException(); }
        @Override public int maxFrameLength() { return 1514; }
        @Override public void macAddress(byte[] dst, int off) { System.arraycopy(mac, 0, dst, off, 6); }
        @Override public boolean isOnline() { return true; }
        @Override public boolean canSend() { return true; }
        @Override public int droppedFrames() { return 0; }

        @Override
        public boolean send(byte[] frame, int off, int len) {
            byte[] copy = new byte[Math.max(60, len)];
            System.arraycopy(frame, off, copy, 0, len);
            lan.carry(this, copy);
            return true;
        }

        @Override
        public int receive(byte[] dst, int off, int max) {
            byte[] f = rx.poll();
            if (f == null) {
                return 0;
            }
            System.arraycopy(f, 0, dst, off, f.length);
            return f.length;
        }
    }
}
