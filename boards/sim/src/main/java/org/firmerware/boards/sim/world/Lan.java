package org.firmerware.boards.sim.world;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.hw.Phone;

/**
 * The virtual Ethernet LAN: a hub that delivers every frame to every other station at the same virtual time. Phones
 * filter by MAC address themselves; peers see everything. Every frame is written once to the pcap file, if any.
 *
 * <p>World thread only, except {@link #post}, which any thread may call.
 */
public final class Lan {

    private final World world;
    private final List<Phone> phones = new ArrayList<>();
    private final List<LanPeer> peers = new ArrayList<>();
    private PcapWriter pcap;
    private long frames;

    Lan(World world) {
        this.world = world;
    }

    void attach(Phone phone) {
        phones.add(phone);
    }

    /** Adds a host-side station. */
    public void attach(LanPeer peer) {
        peers.add(peer);
    }

    /** Writes every frame to this pcap file from now on. */
    public void capture(PcapWriter writer) {
        this.pcap = writer;
    }

    /** Frames carried so far. */
    public long frameCount() {
        return frames;
    }

    /** A peer sends a frame (world thread, or from a script action). */
    public void send(LanPeer from, byte[] frame) {
        carry(null, from, frame, 0, frame.length);
    }

    /**
     * A peer sends a frame from a thread of its own (a bridge's reader): the frame goes onto the LAN on the world
     * thread as soon as every firmware sleeps. Thread-safe; the array must not change afterwards.
     */
    public void post(LanPeer from, byte[] frame) {
        world.post(() -> send(from, frame));
    }

    /** A phone's port sent a frame. */
    void sentBy(Phone from, byte[] frame, int off, int len) {
        carry(from, null, frame, off, len);
    }

    private void carry(Phone fromPhone, LanPeer fromPeer, byte[] frame, int off, int len) {
        frames++;
        long now = world.nowUs();
        if (pcap != null) {
            pcap.frame(world.captureTimeUs(), frame, off, len);
        }
        String sender = fromPhone != null ? fromPhone.name() : "lan";
        world.emit(new TraceEvent(now, sender, "net", fromPhone != null ? "tx" : "inject", describe(frame, off, len)));
        for (Phone phone : phones) {
            if (phone != fromPhone) {
                phone.network().arrive(frame, off, len);
            }
        }
        for (LanPeer peer : peers) {
            if (peer != fromPeer) {
                byte[] copy = new byte[len];
                System.arraycopy(frame, off, copy, 0, len);
                peer.receive(copy, now);
            }
        }
    }

    /** A short description of a frame: length, addresses and type. */
    static String describe(byte[] f, int off, int len) {
        StringBuilder b = new StringBuilder();
        b.append(len).append(" bytes ").append(mac(f, off + 6)).append(" > ").append(mac(f, off));
        if (len >= 14) {
            int type = (f[off + 12] & 0xFF) << 8 | f[off + 13] & 0xFF;
            b.append(type <= 1500 ? String.format(" 802.3 length %d", type) : String.format(" type 0x%04x", type));
        }
        return b.toString();
    }

    static String mac(byte[] f, int off) {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", f[off], f[off + 1], f[off + 2], f[off + 3], f[off + 4],
            f[off + 5]);
    }
}
