package org.firmerware.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.testing.ManualClock;
import org.junit.jupiter.api.Test;

class EthernetTest {

    /** A port whose receive queue the test fills and whose send side can refuse. */
    static final class ScriptedPort implements NetworkPort {
        final Deque<byte[]> incoming = new ArrayDeque<>();
        final List<byte[]> sent = new ArrayList<>();
        int room = Integer.MAX_VALUE;
        boolean online = true;

        @Override public int maxFrameLength() { return 1518; }
        @Override public void macAddress(byte[] dst, int off) {
            System.arraycopy(new byte[] {2, 0, 0, 0, 0, 1}, 0, dst, off, 6);
        }
        @Override public boolean isOnline() { return online; }
        @Override public boolean canSend() { return room > 0; }
        @Override public boolean send(byte[] frame, int off, int len) {
            if (room == 0) {
                return false;
            }
            room--;
            byte[] copy = new byte[len];
            System.arraycopy(frame, off, copy, 0, len);
            sent.add(copy);
            return true;
        }
        @Override public int receive(byte[] dst, int off, int max) {
            byte[] f = incoming.poll();
            if (f == null) {
                return 0;
            }
            System.arraycopy(f, 0, dst, off, f.length);
            return f.length;
        }
        @Override public int droppedFrames() { return 0; }
    }

    private final ManualClock cpu = new ManualClock(0);
    private final Scheduler scheduler = new Scheduler(cpu);
    private final ScriptedPort port = new ScriptedPort();
    private final PacketPool pool = new PacketPool(4, 1536);
    private final Ethernet eth = new Ethernet(port, pool, scheduler);
    private final List<String> seen = new ArrayList<>();

    private static byte[] frame(int typeOrLength, int payload, int vlanInner) {
        int vlan = vlanInner >= 0 ? 4 : 0;
        byte[] f = new byte[Math.max(60, 14 + vlan + payload)];
        Bytes.fill(f, 0, 6, 0xFF);
        f[6] = 2;
        f[11] = 9;
        if (vlanInner >= 0) {
            Bytes.put16(f, 12, EthernetHeader.TYPE_VLAN);
            Bytes.put16(f, 14, 42);
            Bytes.put16(f, 16, vlanInner);
        } else {
            Bytes.put16(f, 12, typeOrLength);
        }
        return f;
    }

    private FrameHandler recorder(String name) {
        return (p, off, len) -> seen.add(name + " off=" + off + " len=" + len);
    }

    @Test
    void framesGoToTheHandlerOfTheirTypeOrToLlcByThe8023Length() {
        eth.register(EthernetHeader.TYPE_IPV6, recorder("ip6"));
        eth.registerLlc(recorder("llc"));
        port.incoming.add(frame(EthernetHeader.TYPE_IPV6, 100, -1));
        port.incoming.add(frame(3 + 5, 0, -1));             // 802.3: an 8-byte LLC PDU padded to 60
        port.incoming.add(frame(0, 80, EthernetHeader.TYPE_IPV6)); // VLAN tag skipped
        port.incoming.add(frame(EthernetHeader.TYPE_ARP, 28, -1));   // no handler
        port.incoming.add(frame(200, 0, -1));               // 802.3 length beyond the frame
        port.incoming.add(new byte[10]);                    // shorter than a header
        eth.onFramesWaiting();
        assertEquals(List.of("ip6 off=14 len=100", "llc off=14 len=8", "ip6 off=18 len=80"), seen);
        assertEquals(1, eth.drops(Ethernet.DROP_NO_HANDLER));
        assertEquals(1, eth.drops(Ethernet.DROP_BAD_LENGTH));
        assertEquals(1, eth.drops(Ethernet.DROP_TOO_SHORT));
        assertEquals(6, eth.receivedCount());
    }

    @Test
    void aFloodIsHandledInSlicesSoOtherWorkGetsTurns() {
        eth.registerLlc(recorder("llc"));
        for (int i = 0; i < Ethernet.MAX_FRAMES_PER_EVENT + 3; i++) {
            port.incoming.add(frame(3, 0, -1));
        }
        eth.onFramesWaiting();
        assertEquals(Ethernet.MAX_FRAMES_PER_EVENT, seen.size());
        assertFalse(scheduler.isIdle(), "the layer posted itself for the rest");
        while (scheduler.runOne()) {
            // the rest
        }
        assertEquals(Ethernet.MAX_FRAMES_PER_EVENT + 3, seen.size());
    }

    @Test
    void sendsQueueByPriorityWhileThePortIsFullAndEveryPacketReturnsToThePool() {
        port.room = 0;
        for (int i = 0; i < 3; i++) {
            Packet p = eth.acquire();
            p.length = 60;
            p.data[59] = (byte) i;
            eth.send(p, i == 2 ? Ethernet.SEND_CONTROL : Ethernet.SEND_BULK);
        }
        Packet last = eth.acquire();
        assertNull(eth.acquire(), "four packets in the pool");
        assertEquals(1, eth.drops(Ethernet.DROP_POOL_EMPTY));
        pool.release(last);
        assertEquals(3, eth.queuedCount());
        port.room = 2;
        eth.onSendRoom();
        assertEquals(2, port.sent.size());
        assertEquals(2, port.sent.get(0)[59], "control traffic first");
        assertEquals(0, port.sent.get(1)[59]);
        port.room = 5;
        eth.onSendRoom();
        assertEquals(1, port.sent.get(2)[59]);
        assertEquals(4, pool.freeCount());
        assertEquals(0, pool.lowWater(), "all four were in use at once");
    }

    @Test
    void goingOfflineDropsTheQueueAndTellsTheListeners() {
        List<Boolean> link = new ArrayList<>();
        eth.addLinkListener(link::add);
        port.room = 0;
        Packet p = eth.acquire();
        p.length = 60;
        eth.send(p, Ethernet.SEND_NORMAL);
        eth.onLinkChanged(false);
        assertEquals(0, eth.queuedCount());
        assertEquals(4, pool.freeCount());
        Packet q = eth.acquire();
        q.length = 60;
        eth.send(q, Ethernet.SEND_NORMAL);
        assertEquals(2, eth.drops(Ethernet.DROP_OFFLINE));
        eth.onLinkChanged(true);
        assertTrue(eth.isOnline());
        assertEquals(List.of(false, true), link);
    }
}
