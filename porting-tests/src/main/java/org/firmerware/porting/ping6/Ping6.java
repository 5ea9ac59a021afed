package org.firmerware.porting.ping6;

import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.ip6.AddressListener;
import org.firmerware.kernel.net.ip6.InterfaceAddresses;
import org.firmerware.kernel.net.ip6.Ip6;
import org.firmerware.kernel.net.udp.Udp;
import org.firmerware.kernel.net.udp.UdpListener;
import org.firmerware.kernel.net.udp.UdpSocket;
import org.firmerware.kernel.ui.Screen;

/**
 * Porting test 5: IPv6. The phone brings up IPv6 on its Ethernet port (link-local address, router solicitations,
 * SLAAC, DAD, MLDv2) so that a host on the LAN can ping it, and echoes UDP datagrams sent to port {@link #ECHO_PORT}.
 * The display shows the state of the addresses at the idle level:
 *
 * <table>
 *   <caption>What the display says</caption>
 *   <tr><td>{@code ip6 wait}</td><td>no address yet (the link is down)</td></tr>
 *   <tr><td>{@code ip6 tent}</td><td>the link-local address is tentative (DAD runs)</td></tr>
 *   <tr><td>{@code ip6 link}</td><td>the link-local address is formed; no global address yet</td></tr>
 *   <tr><td>{@code ip6 global}</td>
 *       <td>a global address is formed (the log line "ip6: address formed" gives it)</td></tr>
 *   <tr><td>{@code dup addr}</td><td>(status level, shown by the kernel) an address is a duplicate</td></tr>
 * </table>
 */
public final class Ping6 implements Top, AddressListener, UdpListener {

    /** The UDP echo port (RFC 862). */
    public static final int ECHO_PORT = 7;

    private Kernel kernel;
    private Ip6 ip6;
    private UdpSocket echo;
    private byte[] datagram;
    private final byte[] peer = new byte[16];
    private int echoed;

    @Override
    public void init(Kernel k) {
        kernel = k;
        k.screen().show(Screen.IDLE, "ip6 wait");
        if (k.board().network() == null) {
            k.screen().show(Screen.ALERT, "no network");
            k.log().line("ping6: this board has no network port");
            return;
        }
        Network network = new Network(k);
        ip6 = new Ip6(network);
        Udp udp = new Udp(ip6);
        echo = udp.socket();
        datagram = new byte[udp.maxPayload()];
        echo.bind(ECHO_PORT);
        echo.setListener(this);
        ip6.setAddressListener(this);
        show();
    }

    @Override
    public void onAddressChanged(int index, int state) {
        show();
    }

    private void show() {
        InterfaceAddresses a = ip6.addresses();
        if (a.globalAddress() >= 0) {
            kernel.screen().show(Screen.IDLE, "ip6 global");
        } else if (a.isUsable(InterfaceAddresses.LINK_LOCAL)) {
            kernel.screen().show(Screen.IDLE, "ip6 link");
        } else if (a.state(InterfaceAddresses.LINK_LOCAL) == InterfaceAddresses.TENTATIVE) {
            kernel.screen().show(Screen.IDLE, "ip6 tent");
        } else {
            kernel.screen().show(Screen.IDLE, "ip6 wait");
        }
    }

    @Override
    public void onDatagram(UdpSocket socket) {
        // Bounded by the queue length.
        for (int n = socket.receive(datagram, 0, datagram.length); n >= 0; n = socket.receive(datagram, 0,
            datagram.length)) {
            if (socket.lastToMulticast()) {
                continue;
            }
            socket.lastSource(peer, 0);
            if (socket.send(peer, 0, socket.lastSourcePort(), datagram, 0, n)) {
                echoed++;
            }
        }
    }

    /** The IPv6 layer (null on a board without a network port). */
    public Ip6 ip6() {
        return ip6;
    }

    /** Datagrams echoed. */
    public int echoedCount() {
        return echoed;
    }
}
