package org.firmerware.tools.console;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.PacketPool;
import org.firmerware.kernel.net.llc.Llc;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.time.TimerQueue;

/**
 * The firmware's own network classes (scheduler, timer queue, packet pool, Ethernet layer, {@link Llc} with its type 2
 * links) running on the host, driven from outside: the driver sets the time, hands in frames and asks when the next
 * timer is due. It works the same in real time ({@code fw console}) and in the simulator's virtual time (tests). Not
 * thread-safe: one thread drives it.
 */
public final class HostStack implements Clock, Cpu, NetworkPort {

    /** Packets of the host's pool: a window of I-PDUs in each direction and then some. */
    static final int POOL_PACKETS = 64;
    /** Bytes per packet: a whole Ethernet frame. */
    static final int FRAME_BYTES = 1536;

    private final FrameTransport transport;
    private final byte[] mac;
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    private int nowMs;
    private boolean armed;
    private int alarmAtMs;

    public final Scheduler scheduler;
    public final TimerQueue timers;
    public final Ethernet ethernet;
    public final Llc llc;

    /**
     * @param mac the host interface's MAC address
     * @param startMs the time now
     */
    public HostStack(FrameTransport transport, byte[] mac, int startMs, int window, int infoBytes) {
        this.transport = transport;
        this.mac = mac.clone();
        this.nowMs = startMs;
        scheduler = new Scheduler(this);
        timers = new TimerQueue(this, scheduler);
        ethernet = new Ethernet(this, new PacketPool(POOL_PACKETS, FRAME_BYTES), scheduler);
        llc = new Llc(ethernet, timers, 1, window, infoBytes);
    }

    /** Moves time to {@code nowMs}, fires what is due and runs every pending event. */
    public void advance(int nowMs) {
        if (Clock.after(nowMs, this.nowMs)) {
            this.nowMs = nowMs;
        }
        if (armed && Clock.beforeOrAt(alarmAtMs, this.nowMs)) {
            armed = false;
            timers.onAlarmFromUpcall();
        }
        settle();
    }

    /**
     * A frame arrived from the transport (the array becomes the stack's). One with the host's own source address is
     * dropped: it is the host's own frame come back (the loopback interface returns every frame, and a bridge may
     * reflect one), which its LLC would otherwise answer and then take the answer for a phone's.
     */
    public void arrive(byte[] frame) {
        if (frame.length >= EthernetHeader.SOURCE_OFFSET + 6
                && Arrays.equals(frame, EthernetHeader.SOURCE_OFFSET, EthernetHeader.SOURCE_OFFSET + 6, mac, 0, 6)) {
            return;
        }
        received.add(frame);
        ethernet.onFramesWaiting();
        settle();
    }

    /** Runs pending events until none is left. */
    public void settle() {
        for (int i = 0; i < 100_000 && scheduler.runOne(); i++) {
            // run everything that is pending
        }
    }

    /** When the next timer is due, or {@code nowMs + fallback} when none runs. */
    public int nextWakeMs(int fallbackMs) {
        return armed ? alarmAtMs : nowMs + fallbackMs;
    }

    public int nowMs() {
        return nowMs;
    }

    // ------------------------------------------------------------------ Clock and Cpu

    @Override public int now() { return nowMs; }
    @Override public void setAlarm(int atMs) { armed = true; alarmAtMs = atMs; }
    @Override public void cancelAlarm() { armed = false; }
    @Override public void enterCritical() { }
    @Override public void leaveCritical() { }
    @Override public void prepareSleep() { }
    @Override public void commitSleep(int depth) { }
    @Override public void reboot() { throw new UnsupportedOperationException("the host does not reboot"); }
    @Override public void startImage(int block) { throw new UnsupportedOperationException("the host starts no image"); }

    // ------------------------------------------------------------------ NetworkPort

    @Override public int maxFrameLength() { return 1514; }
    @Override public void macAddress(byte[] dst, int off) { System.arraycopy(mac, 0, dst, off, 6); }
    @Override public boolean isOnline() { return true; }
    @Override public boolean canSend() { return true; }
    @Override public int droppedFrames() { return 0; }

    @Override
    public boolean send(byte[] frame, int off, int len) {
        int n = Math.max(EthernetHeader.MIN_FRAME, len);
        byte[] out = new byte[n];
        System.arraycopy(frame, off, out, 0, len);
        transport.send(out, n);
        return true;
    }

    @Override
    public int receive(byte[] dst, int off, int max) {
        // Bounded by the queue: frames too long for the buffer are skipped.
        while (!received.isEmpty()) {
            byte[] f = received.poll();
            if (f.length <= max) {
                System.arraycopy(f, 0, dst, off, f.length);
                return f.length;
            }
        }
        return 0;
    }
}
