package org.firmerware.tools.run.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.LanPeer;
import org.firmerware.boards.sim.world.World;
import org.firmerware.tools.run.ip6.HostPackets;
import org.firmerware.tools.run.ip6.Parsed;

/**
 * A Java host on the virtual LAN (fe80::10) that throws SIP datagrams at a phone's port 5060 and keeps the UDP
 * payloads the phones send back to it; it answers neighbour solicitations for its address so that the phone can
 * answer. Everything runs on the world thread.
 */
final class SipInjector implements LanPeer {

    static final byte[] MAC = HostPackets.mac(2, 0, 0, 0, 0, 0x10);
    static final byte[] ADDRESS = HostPackets.addr("fe80::10");
    static final int PORT = 5070;

    private final World world;
    private final List<String> received = new ArrayList<>();
    private int sent;

    SipInjector(World world) {
        this.world = world;
        world.lan().attach(this);
    }

    /** Sends a datagram to the phone's link-local address, port 5060. */
    void sendTo(SimPhone phone, byte[] payload) {
        byte[] mac = phone.network().mac();
        byte[] ll = linkLocal(mac);
        world.lan().send(this, HostPackets.frame(mac, MAC, ADDRESS, ll, 64, 17, new byte[0], 17,
            HostPackets.udp(ADDRESS, ll, PORT, 5060, payload)));
        sent++;
    }

    static byte[] linkLocal(byte[] mac) {
        byte[] a = HostPackets.addr("fe80::");
        a[8] = (byte) (mac[0] ^ 2);
        a[9] = mac[1];
        a[10] = mac[2];
        a[11] = (byte) 0xFF;
        a[12] = (byte) 0xFE;
        a[13] = mac[3];
        a[14] = mac[4];
        a[15] = mac[5];
        return a;
    }

    int sent() {
        return sent;
    }

    /** The SIP texts the phones sent to us. */
    List<String> received() {
        return received;
    }

    @Override
    public void receive(byte[] frame, long timeUs) {
        Parsed p = new Parsed(frame, timeUs);
        if (p.isIcmp(135) && java.util.Arrays.equals(p.target(), ADDRESS)) {
            byte[] na = HostPackets.icmpFrame(java.util.Arrays.copyOfRange(frame, 6, 12), MAC, ADDRESS, p.src, 255,
                136, 0, HostPackets.naBody(0x60, ADDRESS, HostPackets.tlla(MAC)));
            world.at(world.nowUs(), () -> world.lan().send(this, na));
        } else if (p.isUdp() && java.util.Arrays.equals(p.dst, ADDRESS)) {
            byte[] u = p.upper();
            received.add(new String(u, 8, u.length - 8, StandardCharsets.ISO_8859_1));
        }
    }

    /** A well-formed OPTIONS request that the mutator starts from. */
    static String options(String branch) {
        return "OPTIONS sip:100@[fe80::ff:fe00:1] SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP [fe80::10]:5070;branch=z9hG4bK" + branch + ";rport\r\n"
            + "Max-Forwards: 70\r\nFrom: <sip:fuzz@[fe80::10]>;tag=f1\r\nTo: <sip:100@[fe80::ff:fe00:1]>\r\n"
            + "Call-ID: fuzz-" + branch + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    /** A random mutation of a valid request: flipped, inserted, deleted or duplicated bytes, or a cut. */
    static byte[] mutated(Random r) {
        byte[] b = options(Integer.toHexString(r.nextInt())).getBytes(StandardCharsets.ISO_8859_1);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] = (byte) "\r\n:;,<>\" @[]=0".charAt(r.nextInt(14));
                case 2 -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
                case 3 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c.length == 0 ? new byte[] {'x'} : c;
                }
            }
        }
        return b;
    }
}
