package org.firmerware.tools.net;

import com.sun.jna.Memory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.firmerware.boards.sim.world.LanPeer;
import org.firmerware.boards.sim.world.World;

/**
 * Bridges a world's virtual LAN to a Linux TAP interface: every frame on the virtual LAN (from a phone or another peer)
 * is written to the TAP, and every frame the kernel sends out of the TAP goes onto the virtual LAN.
 *
 * <p>The world must run in real time ({@link World#useRealTime()}). A reader thread waits on the TAP and hands each
 * frame to the world with {@link org.firmerware.boards.sim.world.Lan#post}; the world applies it while every firmware
 * sleeps, so the bridge never touches a phone. At most {@link #MAX_PENDING} frames wait for the world; more are
 * dropped and counted, so a flood cannot eat the heap. Frames shorter than 60 bytes are padded to 60, as a sending
 * NIC does on a real wire (the kernel hands them over unpadded).
 *
 * <p>Writes to the TAP happen on the world thread; a failed write (EIO while someone set the link down) drops the
 * frame and is counted, with the last error kept for the summary.
 */
public final class TapBridge implements LanPeer, AutoCloseable {

    /** Frames from the TAP that may wait for the world at once. */
    public static final int MAX_PENDING = 256;
    /** The shortest Ethernet frame without its FCS. */
    static final int MIN_FRAME = 60;
    private static final int READ_BUFFER = 65536;

    private final Tap tap;
    private World world;
    private Thread reader;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private volatile String lastError;

    private TapBridge(Tap tap) {
        this.tap = tap;
    }

    /**
     * Opens (creating if need be) the TAP interface {@code name}, in the network namespace {@code netns} (null: the
     * process's own), and brings it up.
     */
    public static TapBridge open(String name, String netns) throws TapException {
        return new TapBridge(Tap.open(name, netns));
    }

    /** Joins the world's LAN and starts reading. World thread, before the run. */
    public void attach(World world) {
        if (this.world != null) {
            throw new IllegalStateException("the bridge to " + tap.name() + " is attached already");
        }
        if (!world.isRealTime()) {
            throw new IllegalStateException("a TAP bridge needs a world in real time");
        }
        this.world = world;
        world.lan().attach(this);
        reader = new Thread(this::readLoop, "tap-" + tap.name());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        Memory buf = new Memory(READ_BUFFER);
        for (;;) {
            int n;
            try {
                n = tap.read(buf);
            } catch (TapException e) {
                lastError = e.getMessage();
                return;
            }
            if (n < 0) {
                return;
            }
            if (n < 14) {
                dropped.incrementAndGet();
                continue;
            }
            byte[] frame = new byte[Math.max(n, MIN_FRAME)];
            buf.read(0, frame, 0, n);
            if (pending.incrementAndGet() > MAX_PENDING) {
                pending.decrementAndGet();
                dropped.incrementAndGet();
                continue;
            }
            framesIn.incrementAndGet();
            world.post(() -> {
                pending.decrementAndGet();
                world.lan().send(this, frame);
            });
        }
    }

    /** A frame on the virtual LAN: into the kernel. World thread. */
    @Override
    public void receive(byte[] frame, long timeUs) {
        try {
            tap.write(frame, frame.length);
            framesOut.incrementAndGet();
        } catch (TapException e) {
            writeErrors.incrementAndGet();
            lastError = e.getMessage();
        }
    }

    /** The TAP interface's name. */
    public String name() {
        return tap.name();
    }

    /** The TAP interface's MAC address (the kernel's side). */
    public byte[] mac() {
        return tap.mac();
    }

    /** Frames the kernel sent that went onto the virtual LAN (or wait to). */
    public long framesIn() {
        return framesIn.get();
    }

    /** Frames of the virtual LAN written into the kernel. */
    public long framesOut() {
        return framesOut.get();
    }

    /** Frames from the kernel dropped because the world was behind, or too short to be Ethernet. */
    public long dropped() {
        return dropped.get();
    }

    /** Frames the kernel refused. */
    public long writeErrors() {
        return writeErrors.get();
    }

    /** The last read or write error, or null. */
    public String lastError() {
        return lastError;
    }

    /** One line on what crossed the bridge. */
    public String summary() {
        return String.format("%d frames from %s, %d to it%s%s", framesIn(), name(), framesOut(),
            dropped() + writeErrors() > 0 ? String.format(", %d dropped, %d refused", dropped(), writeErrors()) : "",
            lastError != null ? " (last error: " + lastError + ")" : "");
    }

    /** Stops the reader and closes the TAP (which goes away with it unless it is persistent). */
    @Override
    public void close() {
        tap.close();
        if (reader != null) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Formats a MAC address as {@code 02:00:00:00:00:01}. */
    public static String formatMac(byte[] mac) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < mac.length; i++) {
            b.append(i > 0 ? ":" : "").append(String.format("%02x", mac[i] & 0xFF));
        }
        return b.toString();
    }
}
