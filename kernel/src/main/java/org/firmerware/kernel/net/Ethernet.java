package org.firmerware.kernel.net;

import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.kernel.NetworkHandler;
import org.firmerware.kernel.sched.Event;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.sched.Scheduler;

/**
 * The Ethernet layer over the board's {@link NetworkPort}: it receives frames and hands each to the handler of its
 * type (Ethernet II) or to the LLC handler (IEEE 802.3, type/length up to 1500), skipping an 802.1Q VLAN tag; and it
 * sends frames, queueing them by priority while the port has no room.
 *
 * <h2>Receiving</h2>
 * Frames are received into one buffer reserved for that, so a busy packet pool never stops reception. Every frame at
 * least a header long is shown to the {@link FrameMonitor}s first (diagnostics; they only read it). At most
 * {@link #MAX_FRAMES_PER_EVENT} frames are handled per event; the layer posts itself again for the rest, so a flood
 * cannot starve higher-priority work.
 *
 * <h2>Sending</h2>
 * {@link #send(Packet, int)} takes the packet: the port copies it at once if it can, otherwise the packet waits in a
 * queue of its priority until the port reports room. Packets are padded to 60 bytes by the port.
 *
 * <p>Every frame that is dropped is counted by reason ({@link #drops(int)}). Main loop only.
 */
public final class Ethernet implements NetworkHandler {

    /** Send priority: control traffic (neighbour discovery, LLC acknowledgements). */
    public static final int SEND_CONTROL = 2;
    /** Send priority: ordinary traffic. */
    public static final int SEND_NORMAL = 1;
    /** Send priority: bulk traffic (log lines, file transfer). */
    public static final int SEND_BULK = 0;
    private static final int SEND_LEVELS = 3;

    /** Frames handled per event before the layer yields to other work. */
    public static final int MAX_FRAMES_PER_EVENT = 16;
    /** The most EtherTypes with a handler. */
    public static final int MAX_TYPES = 4;
    /** The most link listeners. */
    public static final int MAX_LINK_LISTENERS = 4;
    /** The most frame monitors. */
    public static final int MAX_MONITORS = 2;

    /** Drop reasons. */
    public static final int DROP_TOO_SHORT = 0, DROP_BAD_LENGTH = 1, DROP_NO_HANDLER = 2, DROP_OFFLINE = 3,
        DROP_POOL_EMPTY = 4, DROP_REASONS = 5;

    private final NetworkPort port;
    private final PacketPool pool;
    private final Scheduler scheduler;
    private final byte[] mac = new byte[EthernetHeader.MAC_LENGTH];
    private final Packet rx;
    private final int[] types = new int[MAX_TYPES];
    private final FrameHandler[] handlers = new FrameHandler[MAX_TYPES];
    private int typeCount;
    private FrameHandler llc;
    private final LinkListener[] linkListeners = new LinkListener[MAX_LINK_LISTENERS];
    private int linkListenerCount;
    private final FrameMonitor[] monitors = new FrameMonitor[MAX_MONITORS];
    private int monitorCount;
    private final Packet[] queueHead = new Packet[SEND_LEVELS];
    private final Packet[] queueTail = new Packet[SEND_LEVELS];
    private int queued;
    private final int[] drops = new int[DROP_REASONS];
    private int received;
    private int sent;
    private boolean online;
    private final Event more;

    /**
     * @param port the board's Ethernet port
     * @param pool the packet pool; one extra buffer of the same size is reserved for reception
     * @param scheduler where the layer posts itself when more frames wait
     */
    public Ethernet(NetworkPort port, PacketPool pool, Scheduler scheduler) {
        this.port = port;
        this.pool = pool;
        this.scheduler = scheduler;
        this.rx = new Packet(pool.capacity());
        port.macAddress(mac, 0);
        this.online = port.isOnline();
        this.more = new Event(Priority.HIGH) {
            @Override
            protected void fire() {
                onFramesWaiting();
            }
        };
    }

    /** Hands frames of an EtherType to a handler. Init only. */
    public void register(int etherType, FrameHandler handler) {
        if (typeCount == MAX_TYPES) {
            throw new IllegalStateException("more than " + MAX_TYPES + " EtherTypes");
        }
        types[typeCount] = etherType;
        handlers[typeCount++] = handler;
    }

    /** Hands IEEE 802.3 frames (802.2 LLC) to a handler. Init only. */
    public void registerLlc(FrameHandler handler) {
        llc = handler;
    }

    /** Tells a listener about link changes. Init only. */
    public void addLinkListener(LinkListener listener) {
        if (linkListenerCount == MAX_LINK_LISTENERS) {
            throw new IllegalStateException("more than " + MAX_LINK_LISTENERS + " link listeners");
        }
        linkListeners[linkListenerCount++] = listener;
    }

    /** Shows every received frame to a monitor before it is dispatched. Init only. */
    public void addMonitor(FrameMonitor monitor) {
        if (monitorCount == MAX_MONITORS) {
            throw new IllegalStateException("more than " + MAX_MONITORS + " frame monitors");
        }
        monitors[monitorCount++] = monitor;
    }

    /** The port's MAC address (the array is the layer's: do not change it). */
    public byte[] mac() {
        return mac;
    }

    /** Whether the link is up. */
    public boolean isOnline() {
        return online;
    }

    /** The packet pool. */
    public PacketPool pool() {
        return pool;
    }

    /** A free packet to build a frame in, or null when the pool is empty (counted as a drop). */
    public Packet acquire() {
        Packet p = pool.acquire();
        if (p == null) {
            drops[DROP_POOL_EMPTY]++;
        }
        return p;
    }

    /**
     * Sends a frame; the layer takes the packet (callee frees). While the link is down the frame is dropped.
     *
     * @param priority {@link #SEND_CONTROL}, {@link #SEND_NORMAL} or {@link #SEND_BULK}
     */
    public void send(Packet p, int priority) {
        if (!online) {
            drops[DROP_OFFLINE]++;
            pool.release(p);
            return;
        }
        if (queued == 0 && port.send(p.data, 0, p.length)) {
            sent++;
            pool.release(p);
            return;
        }
        int level = Math.max(0, Math.min(SEND_LEVELS - 1, priority));
        p.next = null;
        if (queueTail[level] == null) {
            queueHead[level] = p;
        } else {
            queueTail[level].next = p;
        }
        queueTail[level] = p;
        queued++;
    }

    /** Frames waiting for room in the port. */
    public int queuedCount() {
        return queued;
    }

    /** Frames received since init. */
    public int receivedCount() {
        return received;
    }

    /** Frames sent since init. */
    public int sentCount() {
        return sent;
    }

    /** Frames dropped for a reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    /** Frames the port itself dropped (damaged, too long, no room), as it reports them. */
    public int portDroppedFrames() {
        return port.droppedFrames();
    }

    @Override
    public void onFramesWaiting() {
        for (int i = 0; i < MAX_FRAMES_PER_EVENT; i++) {
            int n = port.receive(rx.data, 0, rx.data.length);
            if (n <= 0) {
                return;
            }
            rx.length = n;
            received++;
            dispatch(rx);
        }
        scheduler.post(more);
    }

    private void dispatch(Packet p) {
        byte[] f = p.data;
        int len = p.length;
        if (len < EthernetHeader.HEADER_LENGTH) {
            drops[DROP_TOO_SHORT]++;
            return;
        }
        for (int i = 0; i < monitorCount; i++) {
            monitors[i].onFrameSeen(p);
        }
        int off = EthernetHeader.HEADER_LENGTH;
        int type = EthernetHeader.type(f);
        if (type == EthernetHeader.TYPE_VLAN) {
            if (len < off + EthernetHeader.VLAN_TAG_LENGTH) {
                drops[DROP_TOO_SHORT]++;
                return;
            }
            type = Bytes.u16(f, off + 2);
            off += EthernetHeader.VLAN_TAG_LENGTH;
        }
        if (type <= EthernetHeader.MAX_802_3_LENGTH) {
            // IEEE 802.3: trust the length field, not the frame size (short frames are padded to 60 bytes).
            if (type > len - off || llc == null) {
                drops[llc == null ? DROP_NO_HANDLER : DROP_BAD_LENGTH]++;
                return;
            }
            llc.onFrame(p, off, type);
            return;
        }
        for (int i = 0; i < typeCount; i++) {
            if (types[i] == type) {
                handlers[i].onFrame(p, off, len - off);
                return;
            }
        }
        drops[DROP_NO_HANDLER]++;
    }

    @Override
    public void onSendRoom() {
        for (int level = SEND_LEVELS - 1; level >= 0; level--) {
            // Bounded by the number of queued packets.
            while (queueHead[level] != null) {
                Packet p = queueHead[level];
                if (!port.send(p.data, 0, p.length)) {
                    return;
                }
                queueHead[level] = p.next;
                if (p.next == null) {
                    queueTail[level] = null;
                }
                p.next = null;
                queued--;
                sent++;
                pool.release(p);
            }
        }
    }

    @Override
    public void onLinkChanged(boolean up) {
        online = up;
        if (!up) {
            for (int level = 0; level < SEND_LEVELS; level++) {
                while (queueHead[level] != null) {
                    Packet p = queueHead[level];
                    queueHead[level] = p.next;
                    p.next = null;
                    drops[DROP_OFFLINE]++;
                    pool.release(p);
                }
                queueTail[level] = null;
            }
            queued = 0;
        }
        for (int i = 0; i < linkListenerCount; i++) {
            linkListeners[i].onLinkChanged(up);
        }
    }
}
