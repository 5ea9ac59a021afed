package org.firmerware.tools.net;

import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.FrameHandler;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.ui.Screen;

/**
 * A test top for the TAP bridge: every second it sends an IEEE 802.3 frame with an LLC UI PDU to broadcast
 * (DSAP = SSAP = {@link #SAP}, information {@code "firmerware beacon NNNNNN"}), and it logs every frame it receives,
 * one console line each: {@code rx SRC > DST TYPE LENGTH} (TYPE: the type/length field in hex). It implements no
 * protocol; it only shows what crosses the wire.
 *
 * <p>Firmware rules: the frame is built at init; each second it is copied into a packet of the pool.
 */
public final class LlcBeacon implements Top, TimerHandler, FrameHandler {

    /** The beacon's period. */
    public static final int PERIOD_MS = 1000;
    /** The beacon's LLC service access point (a user-defined individual SAP). */
    public static final int SAP = 0x1A;
    /** The LLC control field of an unnumbered information (UI) PDU. */
    static final int UI = 0x03;
    /** The information field, before the six digits of the count. */
    public static final String TEXT = "firmerware beacon ";
    private static final int DIGITS = 6;
    private static final int LLC_LENGTH = 3 + TEXT.length() + DIGITS;
    private static final int FRAME_LENGTH = EthernetHeader.HEADER_LENGTH + LLC_LENGTH;

    private Kernel kernel;
    private Ethernet ethernet;
    private final byte[] frame = new byte[FRAME_LENGTH];
    private int count;

    @Override
    public void init(Kernel k) {
        kernel = k;
        ethernet = new Network(k).ethernet();
        ethernet.registerLlc(this);
        ethernet.register(EthernetHeader.TYPE_IPV6, this);
        ethernet.register(EthernetHeader.TYPE_IPV4, this);
        ethernet.register(EthernetHeader.TYPE_ARP, this);
        byte[] broadcast = {-1, -1, -1, -1, -1, -1};
        EthernetHeader.write(frame, broadcast, 0, ethernet.mac(), 0, LLC_LENGTH);
        int off = EthernetHeader.HEADER_LENGTH;
        frame[off] = SAP;
        frame[off + 1] = SAP;
        frame[off + 2] = UI;
        for (int i = 0; i < TEXT.length(); i++) {
            frame[off + 3 + i] = (byte) TEXT.charAt(i);
        }
        k.screen().show(Screen.IDLE, "llcbeacon");
        k.timers().startPeriodic(new Timer(Priority.NORMAL, this), PERIOD_MS, PERIOD_MS);
    }

    @Override
    public void onTimer(Timer t) {
        Packet p = ethernet.acquire();
        if (p == null) {
            return;
        }
        count++;
        Bytes.copy(frame, 0, p.data, 0, FRAME_LENGTH);
        int n = count;
        for (int i = FRAME_LENGTH - 1; i >= FRAME_LENGTH - DIGITS; i--) {
            p.data[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        p.length = FRAME_LENGTH;
        ethernet.send(p, Ethernet.SEND_NORMAL);
        kernel.log().begin().text("beacon ").decimal(count).text(" sent").end();
    }

    @Override
    public void onFrame(Packet p, int payloadOff, int payloadLen) {
        Log log = kernel.log();
        log.begin().text("rx ").mac(p.data, EthernetHeader.SOURCE_OFFSET).text(" > ")
            .mac(p.data, EthernetHeader.DESTINATION_OFFSET).character(' ').hex(EthernetHeader.type(p.data), 4)
            .character(' ').decimal(p.length).end();
    }
}
