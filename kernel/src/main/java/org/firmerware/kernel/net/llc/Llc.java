package org.firmerware.kernel.net.llc;

import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.FrameHandler;
import org.firmerware.kernel.net.LinkListener;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.time.TimerQueue;

/**
 * The LLC sublayer of IEEE 802.2 (ISO/IEC 8802-2) on the Ethernet layer's 802.3 frames: a table of SAPs, type 1
 * (connectionless) service and the station's answers to XID and TEST, and a fixed table of type 2 connections
 * ({@link LlcType2Link}).
 *
 * <h2>SAPs of Firmerware</h2>
 * <table>
 *   <caption>SAP numbers</caption>
 *   <tr><th>SAP</th><th>use</th><th>LLC type</th></tr>
 *   <tr><td>{@value #CONSOLE_SAP} (0x14, decimal 20)</td><td>the network console
 *       ({@link org.firmerware.kernel.console.LlcConsole}), as in the 0cpm firmware</td><td>2</td></tr>
 *   <tr><td>{@value #TFTP_SAP} (0x44, decimal 68)</td><td>TFTP flash access ({@code net.tftp.TftpServer})</td>
 *       <td>1 (UI)</td></tr>
 *   <tr><td>0x00</td><td>the null SAP: the station itself; answers XID and TEST</td><td>1</td></tr>
 *   <tr><td>0xFF</td><td>the global DSAP: XID and TEST are answered by every registered SAP, UI goes to each</td>
 *       <td>1</td></tr>
 * </table>
 *
 * <h2>Type 1</h2>
 * UI commands go to the SAP's {@link LlcType1Handler}. XID and TEST commands are answered here: the response goes back
 * to the sender's MAC and SAP with the F bit equal to the command's P bit; a TEST response echoes the information
 * field, an XID response carries the basic format (0x81, the LLC class, the receive window). XID and TEST responses go
 * to the handler. Frames to a group MAC address (broadcast) are accepted, which is how a host finds the phone: a TEST
 * to the broadcast address on the console SAP.
 *
 * <h2>Type 2</h2>
 * A SAP registered with an {@link LlcConnectionHandler} accepts connections: a SABME from a new peer takes a free
 * link of the table ({@code llcConnections} of the board's sizes) or is answered with DM when none is free. Links are
 * identified by local SAP, peer MAC and peer SAP. A command with the P bit for which no link exists is answered with
 * DM, F set. Type 2 PDUs to group addresses are dropped. When the Ethernet link goes down every connection is dropped
 * (the peers find out by their own timers).
 *
 * <h2>Timer defaults</h2>
 * <table>
 *   <caption>Type 2 parameters</caption>
 *   <tr><th>name</th><th>default</th><th>what</th></tr>
 *   <tr><td>T1</td><td>{@value #DEFAULT_T1_MS} ms</td><td>acknowledgement timer: how long an I-PDU or a poll waits
 *       for its answer before the link polls (RR or RNR with P)</td></tr>
 *   <tr><td>T2</td><td>{@value #DEFAULT_T2_MS} ms</td><td>delayed acknowledgement: how long a received I-PDU may
 *       wait for an I-PDU to carry its acknowledgement</td></tr>
 *   <tr><td>Ti</td><td>{@value #DEFAULT_TI_MS} ms</td><td>inactivity: an idle link polls its peer this often, so a
 *       vanished peer frees the link</td></tr>
 *   <tr><td>N2</td><td>{@value #DEFAULT_N2}</td><td>polls (or SABME, DISC, FRMR repeats) without an answer before
 *       the link gives up</td></tr>
 *   <tr><td>N3</td><td>(window + 1) / 2</td><td>I-PDUs received before an acknowledgement is sent at once</td></tr>
 * </table>
 *
 * <p>Main loop only.
 */
public final class Llc implements FrameHandler, LinkListener {

    /** The network console's SAP (connection-oriented, LLC type 2). */
    public static final int CONSOLE_SAP = 0x14;
    /** TFTP over LLC type 1: the bootloader's flash access, and the main firmware's read-only one. */
    public static final int TFTP_SAP = 0x44;

    /** The most SAPs. */
    public static final int MAX_SAPS = 8;

    public static final int DEFAULT_T1_MS = 500;
    public static final int DEFAULT_T2_MS = 100;
    public static final int DEFAULT_TI_MS = 30_000;
    public static final int DEFAULT_N2 = 10;

    /** Drop reasons. */
    public static final int DROP_NOT_FOR_US = 0, DROP_MALFORMED = 1, DROP_NO_SAP = 2, DROP_NO_LINK = 3,
        DROP_NO_FREE_LINK = 4, DROP_POOL_EMPTY = 5, DROP_REASONS = 6;

    /** The longest information field an 802.3 frame can carry after a type 2 header. */
    private static final int MAX_802_3_INFO = EthernetHeader.MAX_802_3_LENGTH - LlcHeader.IS_HEADER_LENGTH;
    private static final int LLC_OFFSET = EthernetHeader.HEADER_LENGTH;

    private final Ethernet ethernet;
    private final TimerQueue timers;
    private final byte[] mac;
    private final int[] sapNumbers = new int[MAX_SAPS];
    private final LlcType1Handler[] type1 = new LlcType1Handler[MAX_SAPS];
    private final LlcConnectionHandler[] type2 = new LlcConnectionHandler[MAX_SAPS];
    private int sapCount;
    private final LlcType2Link[] links;
    private final int window;
    private final int infoBytes;
    private final byte[] xidInfo = new byte[LlcHeader.XID_INFO_LENGTH];

    int t1Ms = DEFAULT_T1_MS;
    int t2Ms = DEFAULT_T2_MS;
    int tiMs = DEFAULT_TI_MS;
    int n2 = DEFAULT_N2;
    final int ackEvery;

    private final int[] drops = new int[DROP_REASONS];
    private int received;
    private int sent;
    private int testsAnswered;
    private int xidsAnswered;

    /**
     * Creates the LLC over a network core with the sizes of its board ({@code llcConnections}, {@code llcWindow},
     * {@code llcInfoBytes}). Init only.
     */
    public Llc(Network network) {
        this(network.ethernet(), network.kernel().timers(), network.kernel().board().sizes().llcConnections(),
            network.kernel().board().sizes().llcWindow(), network.kernel().board().sizes().llcInfoBytes());
    }

    /**
     * Creates the LLC and registers it with the Ethernet layer for 802.3 frames and link changes. Init only.
     *
     * @param ethernet the Ethernet layer
     * @param timers where the type 2 timers run
     * @param connections type 2 links at once
     * @param window unacknowledged I-PDUs per link, 1 to 127 (each keeps a copy of {@code infoBytes})
     * @param infoBytes the longest information field of an I-PDU we send (cut to what a frame of the pool can carry)
     */
    public Llc(Ethernet ethernet, TimerQueue timers, int connections, int window, int infoBytes) {
        if (window < 1 || window >= LlcHeader.MODULUS) {
            throw new IllegalArgumentException("LLC window must be 1..127 (board profile size llcWindow)");
        }
        if (connections < 0 || infoBytes < 1) {
            throw new IllegalArgumentException("LLC sizes must be positive");
        }
        this.ethernet = ethernet;
        this.timers = timers;
        this.mac = ethernet.mac();
        this.window = window;
        int fit = ethernet.pool().capacity() - EthernetHeader.HEADER_LENGTH - LlcHeader.IS_HEADER_LENGTH;
        this.infoBytes = Math.min(infoBytes, Math.min(fit, MAX_802_3_INFO));
        this.ackEvery = Math.max(1, (window + 1) / 2);
        this.links = new LlcType2Link[connections];
        for (int i = 0; i < connections; i++) {
            links[i] = new LlcType2Link(this, i, window, this.infoBytes);
        }
        ethernet.registerLlc(this);
        ethernet.addLinkListener(this);
    }

    /**
     * Changes the type 2 timers and the retry limit (see the class description). Init only.
     *
     * @param t1Ms acknowledgement timer
     * @param t2Ms delayed acknowledgement, below {@code t1Ms}
     * @param tiMs inactivity poll, above {@code t1Ms}
     * @param n2 polls without an answer before giving up, at least 1
     */
    public void setTimers(int t1Ms, int t2Ms, int tiMs, int n2) {
        if (t2Ms <= 0 || t2Ms >= t1Ms || tiMs <= t1Ms || n2 < 1) {
            throw new IllegalArgumentException("LLC timers need 0 < T2 < T1 < Ti and N2 >= 1");
        }
        this.t1Ms = t1Ms;
        this.t2Ms = t2Ms;
        this.tiMs = tiMs;
        this.n2 = n2;
    }

    /**
     * Registers a SAP. Init only.
     *
     * @param sap the SAP address, even, not 0x00 (the null SAP is the station's own)
     * @param connectionless what takes UI PDUs and XID/TEST responses; null to drop them
     * @param connections what takes type 2 connections; null when the SAP offers type 1 only
     */
    public void register(int sap, LlcType1Handler connectionless, LlcConnectionHandler connections) {
        if ((sap & 1) != 0 || sap <= 0 || sap > 0xFE) {
            throw new IllegalArgumentException("an individual SAP is even and not 0");
        }
        if (sapIndex(sap) >= 0) {
            throw new IllegalStateException("SAP registered twice");
        }
        if (sapCount == MAX_SAPS) {
            throw new IllegalStateException("more than " + MAX_SAPS + " SAPs");
        }
        sapNumbers[sapCount] = sap;
        type1[sapCount] = connectionless;
        type2[sapCount] = connections;
        sapCount++;
    }

    // ------------------------------------------------------------------ what users call

    /** The station's MAC address (the Ethernet layer's array: do not change it). */
    public byte[] mac() {
        return mac;
    }

    /** The Ethernet layer below. */
    public Ethernet ethernet() {
        return ethernet;
    }

    /** The number of type 2 links in the table. */
    public int linkCount() {
        return links.length;
    }

    /** Type 2 link {@code i} of the table (in any state; {@link LlcType2Link#ADM} ones are free). */
    public LlcType2Link link(int i) {
        return links[i];
    }

    /** Unacknowledged I-PDUs per link. */
    public int window() {
        return window;
    }

    /** The longest information field of an I-PDU. */
    public int infoBytes() {
        return infoBytes;
    }

    /**
     * Opens a type 2 connection to a peer (sends SABME); the SAP's handler hears {@code onConnected} or
     * {@code onDisconnected}. An existing link to the same peer is reset.
     *
     * @param localSap a registered SAP with a connection handler
     * @return the link, or null when the SAP has no connection handler or no link is free
     */
    public LlcType2Link connect(int localSap, byte[] peerMac, int peerMacOff, int peerSap) {
        int s = sapIndex(localSap);
        if (s < 0 || type2[s] == null) {
            return null;
        }
        LlcType2Link link = findLink(localSap, peerMac, peerMacOff, peerSap & 0xFE);
        if (link == null) {
            link = freeLink();
            if (link == null) {
                drops[DROP_NO_FREE_LINK]++;
                return null;
            }
            link.bind(localSap, peerMac, peerMacOff, peerSap & 0xFE, type2[s]);
        }
        link.connect();
        return link;
    }

    /**
     * Sends a UI PDU (type 1 data).
     *
     * @return false when no packet was free (counted)
     */
    public boolean sendUnitData(byte[] dstMac, int dstOff, int dsap, int ssap, byte[] info, int off, int len) {
        return sendType1(dstMac, dstOff, dsap, ssap, false, LlcHeader.UI, false, info, off, len);
    }

    /**
     * Sends a TEST command with the P bit; the response comes to the SAP's {@link LlcType1Handler}. To find stations,
     * send it to the broadcast address.
     *
     * @return false when no packet was free (counted)
     */
    public boolean sendTest(byte[] dstMac, int dstOff, int dsap, int ssap, byte[] info, int off, int len) {
        return sendType1(dstMac, dstOff, dsap, ssap, false, LlcHeader.TEST, true, info, off, len);
    }

    /**
     * Sends an XID command with the P bit and the basic XID information of {@code ssap}.
     *
     * @return false when no packet was free (counted)
     */
    public boolean sendXid(byte[] dstMac, int dstOff, int dsap, int ssap) {
        fillXid(sapIndex(ssap));
        return sendType1(dstMac, dstOff, dsap, ssap, false, LlcHeader.XID, true, xidInfo, 0, xidInfo.length);
    }

    // ------------------------------------------------------------------ counters

    /** LLC frames received (all of them, dropped ones too). */
    public int receivedCount() {
        return received;
    }

    /** LLC frames handed to the Ethernet layer. */
    public int sentCount() {
        return sent;
    }

    /** Frames dropped for a reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    /** TEST commands answered. */
    public int testsAnswered() {
        return testsAnswered;
    }

    /** XID commands answered. */
    public int xidsAnswered() {
        return xidsAnswered;
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public void onFrame(Packet p, int llcOffset, int llcLength) {
        received++;
        byte[] f = p.data;
        boolean groupMac = EthernetHeader.isGroup(f);
        if (!groupMac && !Bytes.equal(f, EthernetHeader.DESTINATION_OFFSET, mac, 0, EthernetHeader.MAC_LENGTH)) {
            drops[DROP_NOT_FOR_US]++;
            return;
        }
        if (llcLength < LlcHeader.U_HEADER_LENGTH) {
            drops[DROP_MALFORMED]++;
            return;
        }
        int control = LlcHeader.control(f, llcOffset);
        int headerLength = LlcHeader.headerLength(control);
        if (llcLength < headerLength) {
            drops[DROP_MALFORMED]++;
            return;
        }
        int infoOffset = llcOffset + headerLength;
        int infoLength = llcLength - headerLength;
        if (LlcHeader.isU(control)) {
            int code = LlcHeader.uCode(control);
            if (code == LlcHeader.UI || code == LlcHeader.XID || code == LlcHeader.TEST) {
                type1Pdu(p, llcOffset, code, LlcHeader.uPollFinal(control), infoOffset, infoLength);
                return;
            }
        }
        if (groupMac || LlcHeader.isGroup(f, llcOffset)) {
            drops[DROP_MALFORMED]++;
            return;
        }
        int dsap = LlcHeader.dsap(f, llcOffset);
        int s = sapIndex(dsap);
        if (s < 0 || type2[s] == null) {
            drops[DROP_NO_SAP]++;
            return;
        }
        int ssap = LlcHeader.ssap(f, llcOffset);
        boolean response = LlcHeader.isResponse(f, llcOffset);
        LlcType2Link link = findLink(dsap, f, EthernetHeader.SOURCE_OFFSET, ssap);
        if (link != null) {
            link.onPdu(f, llcOffset, control, response, infoOffset, infoLength);
            return;
        }
        boolean pollFinal = LlcHeader.isU(control) ? LlcHeader.uPollFinal(control)
            : LlcHeader.isPollFinal(f, llcOffset);
        if (!response && LlcHeader.isU(control) && LlcHeader.uCode(control) == LlcHeader.SABME) {
            link = freeLink();
            if (link != null) {
                link.bind(dsap, f, EthernetHeader.SOURCE_OFFSET, ssap, type2[s]);
                link.onPdu(f, llcOffset, control, false, infoOffset, infoLength);
                return;
            }
            drops[DROP_NO_FREE_LINK]++;
            sendU(f, EthernetHeader.SOURCE_OFFSET, ssap, dsap, LlcHeader.DM, pollFinal);
            return;
        }
        drops[DROP_NO_LINK]++;
        if (!response && (pollFinal || LlcHeader.isU(control) && LlcHeader.uCode(control) == LlcHeader.DISC)) {
            // A disconnected station answers DISC, and any command that polls, with DM (F = P).
            sendU(f, EthernetHeader.SOURCE_OFFSET, ssap, dsap, LlcHeader.DM, pollFinal);
        }
    }

    private void type1Pdu(Packet p, int llcOffset, int code, boolean pollFinal, int infoOffset, int infoLength) {
        byte[] f = p.data;
        boolean response = LlcHeader.isResponse(f, llcOffset);
        int dsapOctet = LlcHeader.dsapOctet(f, llcOffset);
        if (dsapOctet == LlcHeader.GLOBAL_SAP) {
            if (response) {
                drops[DROP_MALFORMED]++;
                return;
            }
            for (int s = 0; s < sapCount; s++) {
                type1ForSap(p, llcOffset, s, sapNumbers[s], code, pollFinal, infoOffset, infoLength);
            }
            return;
        }
        if (LlcHeader.isGroup(f, llcOffset)) {
            drops[DROP_NO_SAP]++;
            return;
        }
        int dsap = LlcHeader.dsap(f, llcOffset);
        if (dsap == LlcHeader.NULL_SAP) {
            if (response || code == LlcHeader.UI) {
                drops[DROP_NO_SAP]++;
                return;
            }
            type1ForSap(p, llcOffset, -1, LlcHeader.NULL_SAP, code, pollFinal, infoOffset, infoLength);
            return;
        }
        int s = sapIndex(dsap);
        if (s < 0) {
            drops[DROP_NO_SAP]++;
            return;
        }
        type1ForSap(p, llcOffset, s, dsap, code, pollFinal, infoOffset, infoLength);
    }

    /** A type 1 PDU for SAP index {@code s} (-1: the null SAP). */
    private void type1ForSap(Packet p, int llcOffset, int s, int sap, int code, boolean pollFinal, int infoOffset,
        int infoLength) {
        byte[] f = p.data;
        boolean response = LlcHeader.isResponse(f, llcOffset);
        int ssap = LlcHeader.ssap(f, llcOffset);
        LlcType1Handler handler = s < 0 ? null : type1[s];
        if (code == LlcHeader.UI) {
            if (response || handler == null) {
                drops[DROP_NO_SAP]++;
                return;
            }
            handler.onUnitData(p, llcOffset, infoOffset, infoLength);
            return;
        }
        if (response) {
            if (handler == null) {
                drops[DROP_NO_SAP]++;
                return;
            }
            handler.onType1Response(p, llcOffset, code, infoOffset, infoLength);
            return;
        }
        if (code == LlcHeader.XID) {
            fillXid(s);
            if (sendType1(f, EthernetHeader.SOURCE_OFFSET, ssap, sap, true, LlcHeader.XID, pollFinal, xidInfo, 0,
                xidInfo.length)) {
                xidsAnswered++;
            }
        } else {
            int echo = Math.min(infoLength,
                ethernet.pool().capacity() - EthernetHeader.HEADER_LENGTH - LlcHeader.U_HEADER_LENGTH);
            if (sendType1(f, EthernetHeader.SOURCE_OFFSET, ssap, sap, true, LlcHeader.TEST, pollFinal, f, infoOffset,
                echo)) {
                testsAnswered++;
            }
        }
    }

    /** The basic XID information of SAP index {@code s} (-1: the null SAP) into {@link #xidInfo}. */
    private void fillXid(int s) {
        boolean type2Sap = s >= 0 && type2[s] != null;
        xidInfo[0] = (byte) LlcHeader.XID_FORMAT_BASIC;
        xidInfo[1] = (byte) (type2Sap ? LlcHeader.XID_CLASS_2 : LlcHeader.XID_CLASS_1);
        xidInfo[2] = (byte) (type2Sap ? window << 1 : 0);
    }

    @Override
    public void onLinkChanged(boolean online) {
        if (online) {
            return;
        }
        for (int i = 0; i < links.length; i++) {
            links[i].dropSilently(LlcType2Link.REASON_OFFLINE);
        }
    }

    // ------------------------------------------------------------------ sending (package: the links use these)

    /** A packet with the Ethernet header to {@code dstMac} written (length set later), or null (counted). */
    private Packet start(byte[] dstMac, int dstOff) {
        Packet p = ethernet.acquire();
        if (p == null) {
            drops[DROP_POOL_EMPTY]++;
            return null;
        }
        EthernetHeader.write(p.data, dstMac, dstOff, mac, 0, 0);
        return p;
    }

    private void finish(Packet p, int llcLength, int priority) {
        Bytes.put16(p.data, EthernetHeader.TYPE_OFFSET, llcLength);
        p.length = LLC_OFFSET + llcLength;
        sent++;
        ethernet.send(p, priority);
    }

    private boolean sendType1(byte[] dstMac, int dstOff, int dsap, int ssap, boolean response, int code,
        boolean pollFinal, byte[] info, int off, int len) {
        Packet p = start(dstMac, dstOff);
        if (p == null) {
            return false;
        }
        int h = LlcHeader.writeU(p.data, LLC_OFFSET, dsap, ssap, response, code, pollFinal);
        int n = Math.max(0, Math.min(len, p.capacity() - LLC_OFFSET - h));
        System.arraycopy(info, off, p.data, LLC_OFFSET + h, n);
        finish(p, h + n, Ethernet.SEND_NORMAL);
        return true;
    }

    /** A U-format response without a link (DM from a disconnected station). */
    private void sendU(byte[] dstMac, int dstOff, int dsap, int ssap, int code, boolean finalBit) {
        Packet p = start(dstMac, dstOff);
        if (p == null) {
            return;
        }
        finish(p, LlcHeader.writeU(p.data, LLC_OFFSET, dsap, ssap, true, code, finalBit), Ethernet.SEND_CONTROL);
    }

    /** Sends a U-format PDU of a link, with an optional information field (FRMR). */
    boolean sendU(LlcType2Link link, int code, boolean response, boolean pollFinal, byte[] info, int off, int len) {
        Packet p = start(link.peerMac, 0);
        if (p == null) {
            return false;
        }
        int h = LlcHeader.writeU(p.data, LLC_OFFSET, link.peerSap, link.localSap, response, code, pollFinal);
        if (len > 0) {
            System.arraycopy(info, off, p.data, LLC_OFFSET + h, len);
        }
        finish(p, h + len, Ethernet.SEND_CONTROL);
        return true;
    }

    /** Sends an S-format PDU of a link. */
    boolean sendS(LlcType2Link link, int code, boolean response, int nr, boolean pollFinal) {
        Packet p = start(link.peerMac, 0);
        if (p == null) {
            return false;
        }
        finish(p, LlcHeader.writeS(p.data, LLC_OFFSET, link.peerSap, link.localSap, response, code, nr, pollFinal),
            Ethernet.SEND_CONTROL);
        return true;
    }

    /** Sends an I-format command PDU of a link (P clear), copying the information field. */
    boolean sendI(LlcType2Link link, int ns, int nr, byte[] info, int off, int len) {
        Packet p = start(link.peerMac, 0);
        if (p == null) {
            return false;
        }
        int h = LlcHeader.writeI(p.data, LLC_OFFSET, link.peerSap, link.localSap, false, ns, nr, false);
        System.arraycopy(info, off, p.data, LLC_OFFSET + h, len);
        finish(p, h + len, Ethernet.SEND_NORMAL);
        return true;
    }

    TimerQueue timers() {
        return timers;
    }

    // ------------------------------------------------------------------ tables

    private int sapIndex(int sap) {
        for (int s = 0; s < sapCount; s++) {
            if (sapNumbers[s] == sap) {
                return s;
            }
        }
        return -1;
    }

    /** The connected (not ADM) link of a local SAP, peer MAC and peer SAP, or null. */
    private LlcType2Link findLink(int localSap, byte[] peerMac, int peerMacOff, int peerSap) {
        for (int i = 0; i < links.length; i++) {
            LlcType2Link l = links[i];
            if (l.state() != LlcType2Link.ADM && l.localSap == localSap && l.peerSap == peerSap
                && Bytes.equal(l.peerMac, 0, peerMac, peerMacOff, EthernetHeader.MAC_LENGTH)) {
                return l;
            }
        }
        return null;
    }

    private LlcType2Link freeLink() {
        for (int i = 0; i < links.length; i++) {
            if (links[i].state() == LlcType2Link.ADM) {
                return links[i];
            }
        }
        return null;
    }
}
