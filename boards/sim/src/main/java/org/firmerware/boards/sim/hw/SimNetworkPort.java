package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.bottom.hal.Upcalls;

/**
 * The phone's Ethernet port: a transmit queue the world empties onto the virtual LAN, a receive FIFO the LAN fills,
 * a MAC filter (own unicast, broadcast, all multicast) and the link state.
 *
 * <p>The transmit queue never makes the firmware wait: when it is full, the phone hands it to the world to put on the
 * LAN (as a real port sends while the processor runs). The receive side is modelled as MAC chips have it: a FIFO of {@link #RX_FIFO_BYTES} bytes, so it holds many small
 * frames (a burst of pings) but few large ones; a frame that does not fit is dropped and counted.
 */
public final class SimNetworkPort implements NetworkPort, Phone.Port {

    /** The longest frame: 1514 bytes plus a VLAN tag. */
    public static final int MAX_FRAME = 1518;
    /** The receive FIFO's size in bytes (the order of a small MAC's receive memory). */
    public static final int RX_FIFO_BYTES = 16 * 1024;
    /** The most frames the receive FIFO tracks at once. */
    public static final int RX_FRAMES = 64;

    private final SimPhone phone;
    private final int slots;
    private final byte[][] tx;
    private final int[] txLength;
    private int txHead;
    private int txCount;
    private final byte[][] rx;
    private final int[] rxLength;
    private int rxHead;
    private int rxCount;
    private int rxBytes;
    private boolean online;
    private boolean sendRefused;
    private boolean flagReceive;
    private boolean flagSend;
    private boolean flagLink;
    private int dropped;
    private int sentWhileOffline;

    SimNetworkPort(SimPhone phone, int slots, int frameBytes) {
        this.phone = phone;
        this.slots = slots;
        int size = Math.max(frameBytes, MAX_FRAME);
        tx = new byte[slots][size];
        txLength = new int[slots];
        rx = new byte[RX_FRAMES][size];
        rxLength = new int[RX_FRAMES];
    }

    @Override
    public int maxFrameLength() {
        return MAX_FRAME;
    }

    @Override
    public void macAddress(byte[] dst, int off) {
        System.arraycopy(phone.config.mac, 0, dst, off, 6);
    }

    @Override
    public boolean isOnline() {
        return online;
    }

    @Override
    public boolean canSend() {
        return txCount < slots;
    }

    @Override
    public boolean send(byte[] frame, int off, int len) {
        if (len < 14 || len > MAX_FRAME) {
            return true;
        }
        if (!online) {
            sentWhileOffline++;
            return true;
        }
        if (txCount == slots) {
            // A real port transmits while the processor runs: let the world take the queued frames onto the LAN now
            // (time stands still meanwhile), then take this one.
            phone.flush();
        }
        if (txCount == slots) {
            sendRefused = true;
            return false;
        }
        int slot = (txHead + txCount) % slots;
        System.arraycopy(frame, off, tx[slot], 0, len);
        int padded = len;
        while (padded < 60) {
            tx[slot][padded++] = 0;
        }
        txLength[slot] = padded;
        txCount++;
        return true;
    }

    @Override
    public int receive(byte[] dst, int off, int max) {
        while (rxCount > 0) {
            int slot = rxHead;
            rxHead = (rxHead + 1) % RX_FRAMES;
            rxCount--;
            int len = rxLength[slot];
            rxBytes -= len;
            if (len <= max) {
                System.arraycopy(rx[slot], 0, dst, off, len);
                return len;
            }
            dropped++;
        }
        return 0;
    }

    @Override
    public int droppedFrames() {
        return dropped;
    }

    // ------------------------------------------------------------------ world side

    /** The port's MAC address (world side). */
    @Override
    public byte[] mac() {
        return phone.config.mac.clone();
    }

    /** Hands every queued outgoing frame to {@code sink} and empties the queue. World thread. */
    @Override
    public void drainSent(FrameSink sink) {
        while (txCount > 0) {
            sink.frame(tx[txHead], 0, txLength[txHead]);
            txHead = (txHead + 1) % slots;
            txCount--;
        }
        if (sendRefused) {
            sendRefused = false;
            flagSend = true;
            phone.raise(SimPhone.P_NET);
        }
    }

    /**
     * A frame arrives from the LAN. It passes the MAC filter if it is addressed to this port, to broadcast or to a
     * multicast group; it is dropped when the receive queue is full or the link is down. World thread.
     *
     * @return whether the port took the frame
     */
    @Override
    public boolean arrive(byte[] frame, int off, int len) {
        if (!online || len < 14) {
            return false;
        }
        boolean multicast = (frame[off] & 1) != 0;
        if (!multicast) {
            byte[] mac = phone.config.mac;
            for (int i = 0; i < 6; i++) {
                if (frame[off + i] != mac[i]) {
                    return false;
                }
            }
        }
        if (rxCount == RX_FRAMES || rxBytes + len > RX_FIFO_BYTES || len > rx[0].length) {
            dropped++;
            return false;
        }
        int slot = (rxHead + rxCount) % RX_FRAMES;
        System.arraycopy(frame, off, rx[slot], 0, len);
        rxLength[slot] = len;
        rxCount++;
        rxBytes += len;
        flagReceive = true;
        phone.raise(SimPhone.P_NET);
        return true;
    }

    /** Plugs or unplugs the cable. World thread. */
    @Override
    public void setLink(boolean up) {
        if (up != online) {
            online = up;
            flagLink = true;
            phone.raise(SimPhone.P_NET);
        }
    }

    void deliver(Upcalls target) {
        if (flagLink) {
            flagLink = false;
            if (online) {
                target.onOnline();
            } else {
                target.onOffline();
            }
        }
        if (flagSend) {
            flagSend = false;
            target.onCanSend();
        }
        if (flagReceive) {
            flagReceive = false;
            target.onCanReceive();
        }
    }

    void reset(boolean linkUp) {
        txCount = 0;
        rxCount = 0;
        rxBytes = 0;
        online = linkUp;
        flagLink = false;
        flagSend = false;
        flagReceive = false;
        sendRefused = false;
    }

    /** Receives frames the port sends. */
    public interface FrameSink {
        /** One frame; the array is reused after the call returns. */
        void frame(byte[] frame, int off, int len);
    }
}
