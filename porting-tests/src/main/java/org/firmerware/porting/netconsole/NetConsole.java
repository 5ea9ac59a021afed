package org.firmerware.porting.netconsole;

import org.firmerware.bottom.hal.Display;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.FrameMonitor;
import org.firmerware.kernel.net.LinkListener;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.net.llc.Llc;
import org.firmerware.kernel.net.llc.LlcConsole;
import org.firmerware.kernel.net.tftp.FlashPublisher;
import org.firmerware.kernel.ui.Screen;

/**
 * Porting test 5: the Ethernet port. The display shows "online" or "offline" (and the network symbol) as the link
 * comes and goes; the source MAC address of every broadcast frame the port receives is logged; and the network
 * console serves the log over LLC type 2 on SAP 0x14, so {@code fw console --if IF} on a host of the same link shows
 * every line and takes commands. This proves sending and receiving frames, the MAC filter (broadcasts pass), the
 * link state upcalls and the 802.3 length handling, without any IP. It also publishes the flash partitions the board
 * allows read-only over TFTP on LLC type 1 ({@link FlashPublisher}; {@code fw dump} reads them), which proves reading
 * the flash.
 */
public final class NetConsole implements Top, LinkListener, FrameMonitor {

    private Kernel kernel;
    private Ethernet ethernet;
    private LlcConsole console;

    @Override
    public void init(Kernel k) {
        kernel = k;
        Network network = new Network(k);
        Llc llc = new Llc(network);
        console = new LlcConsole(network, llc);
        new FlashPublisher(network, llc);
        ethernet = network.ethernet();
        ethernet.addLinkListener(this);
        ethernet.addMonitor(this);
        k.log().begin().text("netconsole: console on LLC SAP 14 at ").mac(ethernet.mac(), 0).end();
        show(ethernet.isOnline());
    }

    /** The network console. */
    public LlcConsole console() {
        return console;
    }

    @Override
    public void onLinkChanged(boolean online) {
        show(online);
    }

    @Override
    public void onFrameSeen(Packet p) {
        if (EthernetHeader.isBroadcast(p.data)) {
            kernel.log().begin().text("netconsole: broadcast from ").mac(p.data, EthernetHeader.SOURCE_OFFSET).end();
        }
    }

    private void show(boolean online) {
        kernel.screen().show(Screen.STATUS, online ? "online" : "offline");
        Display display = kernel.board().display();
        if (display != null) {
            display.setSymbol(Display.SYMBOL_NETWORK, online);
        }
    }
}
