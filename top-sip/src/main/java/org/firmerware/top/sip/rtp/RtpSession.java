package org.firmerware.top.sip.rtp;

import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Randomness;
import org.firmerware.kernel.net.udp.Udp;
import org.firmerware.kernel.net.udp.UdpListener;
import org.firmerware.kernel.net.udp.UdpSocket;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;

/**
 * One RTP session of a call (RFC 3550) over UDP/IPv6: the audio stream both ways, its RTCP on the next port, and RFC
 * 4733 telephone events in the same stream. One object per line is allocated at init and reused for every call:
 * {@link #start} with a {@link SessionConfig}, {@link #stop} at the end. A {@link #start} whose configuration names
 * the same stream as the one running (the same ports, address, codec, payload type and interval: a re-INVITE for hold
 * or resume) changes only the direction and the telephone-event type, and the stream goes on (same SSRC, sequence
 * numbers and timestamps, RFC 3264 §8.4 changes nothing else).
 *
 * <h2>Sending</h2>
 * The media engine calls {@link #sendFrame} once per packet interval with the encoded audio (or {@link #skipFrame}
 * when nothing is to be sent: hold, a send-less direction). The timestamp advances by the interval at the codec's RTP
 * clock either way (RFC 3550 §5.1); the sequence number only with packets sent. SSRC, first sequence number and first
 * timestamp are random (§5.1, §8). The first audio packet after a start or a resume has the marker bit (RFC 3551 §4.1).
 * While a telephone event is being sent ({@link #startEvent}), its packets replace the audio ones.
 *
 * <h2>Receiving</h2>
 * Datagrams from the configured remote address are checked (version 2, lengths) and dispatched by payload type: the
 * audio one to the {@link ReceptionStatistics} (jitter of audio only, since events keep one timestamp) and to the
 * {@link JitterBuffer} when the session has one ({@link #attachPlayout}: the media engine gives its one playout buffer
 * to the session that is heard), the telephone-event one to the {@link TelephoneEventReceiver}. Everything else is
 * counted and dropped.
 *
 * <h2>RTCP</h2>
 * A compound packet every interval of §6.3 (deterministic interval from the RTCP bandwidth, 5 % of the session's,
 * members 2, the 5 s minimum halved for the first report, randomized by 0.5..1.5 and divided by e - 3/2; no timer
 * reconsideration): an SR while we send, an RR otherwise, with one report block about the peer (fraction and
 * cumulative lost, extended highest sequence number, jitter, LSR/DLSR) and an SDES CNAME; a BYE at {@link #stop}.
 * Received SRs give LSR/DLSR; received report blocks about our SSRC give the peer's view of our stream and the round
 * trip time. NTP timestamps count the time since the phone started (§6.4.1 allows an elapsed-time clock when no
 * synchronized wallclock exists; round trips come out the same).
 *
 * <p>Main loop only; allocation happens in the constructor only.
 */
public final class RtpSession implements UdpListener, TimerHandler {

    /** Minimum RTCP interval (§6.2), milliseconds. */
    public static final int RTCP_MIN_INTERVAL_MS = 5000;
    /** Headers under each RTCP packet, for the average size (IPv6 40 + UDP 8). */
    private static final int LOWER_HEADERS = 48;
    private static final int MAX_RTCP = 160;
    /** Intervals without a frame that count as a pause of the stream (see {@link #catchUp}). */
    private static final int PAUSE_FRAMES = 5;
    /** The jitter buffer's minimum and maximum target delay, in frames. */
    public static final int MIN_DELAY_FRAMES = 1, MAX_DELAY_FRAMES = 6;

    /** Drop reasons ({@link #drops(int)}). */
    public static final int DROP_NOT_ACTIVE = 0, DROP_WRONG_SOURCE = 1, DROP_INVALID = 2, DROP_PAYLOAD_TYPE = 3,
        DROP_NOT_RECEIVING = 4, DROP_RTCP_INVALID = 5, DROP_SEND_FAILED = 6, DROP_REASONS = 7;

    private final Kernel kernel;
    private final Log log;
    private final Randomness random;
    private final UdpSocket rtp;
    private final UdpSocket rtcp;
    private final int id;
    private JitterBuffer jitter;
    private final ReceptionStatistics stats = new ReceptionStatistics();
    private final TelephoneEventSender eventSender = new TelephoneEventSender();
    private final TelephoneEventReceiver eventReceiver = new TelephoneEventReceiver();
    private final SessionConfig config = new SessionConfig();
    private final Timer rtcpTimer;
    private final byte[] packet;
    private final byte[] received;
    private final byte[] source = new byte[16];
    private final byte[] report = new byte[MAX_RTCP];
    private final byte[] cname = new byte[32];
    private int cnameLength;
    private final int[] drops = new int[DROP_REASONS];

    private boolean active;
    private int streams;
    private int lastFrameMs;
    private boolean framed;
    private int ssrc;
    private int sequence;
    private int timestamp;
    private int frameTicks;
    private boolean markNext;
    private int packetsSent;
    private int octetsSent;
    private boolean sentSinceReport;
    private int avgRtcpSize;
    private boolean initialReport;
    private int reportsSent;
    private int reportsReceived;
    private int byesReceived;
    // From the peer's last SR: the middle 32 bits of its NTP timestamp and when it came.
    private int lastSrNtp;
    private int lastSrArrivalMs;
    private boolean haveSr;
    // The peer's view of our stream, from its last report block about our SSRC.
    private boolean haveRemoteReport;
    private int remoteFractionLost;
    private int remoteCumulativeLost;
    private int remoteHighest;
    private int remoteJitter;
    private int roundTripMs = -1;

    /**
     * A session over {@code udp}. Init only: creates its two sockets. It has no playout buffer until
     * {@link #attachPlayout}.
     *
     * @param id the session's number (the phone's line), given to the telephone-event listener
     */
    public RtpSession(Kernel kernel, Udp udp, Randomness random, int id) {
        this.kernel = kernel;
        this.log = kernel.log();
        this.random = random;
        this.id = id;
        int maxPayload = SessionConfig.payloadBytes(SessionConfig.G722, SessionConfig.MAX_PTIME_MS);
        this.packet = new byte[RtpHeader.HEADER_LENGTH + maxPayload];
        // Room for CSRCs, an extension and padding in what we receive.
        this.received = new byte[RtpHeader.HEADER_LENGTH + 64 + maxPayload + 256];
        this.rtp = udp.socket(4 * received.length);
        this.rtcp = udp.socket(2 * 512);
        this.rtp.setListener(this);
        this.rtcp.setListener(this);
        this.rtcpTimer = new Timer(Priority.NORMAL, this);
        this.avgRtcpSize = 100;
    }

    /**
     * Starts the stream of a call with a copy of {@code c}: binds our RTP and RTCP ports, draws SSRC, sequence and
     * timestamp, empties the jitter buffer and the statistics, schedules the first RTCP report.
     *
     * @return false when the configuration is invalid or a port is taken (the session stays stopped)
     */
    public boolean start(SessionConfig c) {
        if (!c.isValid()) {
            return false;
        }
        if (active && sameStream(c)) {
            config.send = c.send;
            config.receive = c.receive;
            config.telephoneEventPayloadType = c.telephoneEventPayloadType;
            if (c.remoteRtcpPort != 0) {
                config.remoteRtcpPort = c.remoteRtcpPort;
            }
            markNext = true;
            log.begin().text("rtp: ").decimal(config.localPort).text(" goes on ").text(config.directionName()).end();
            return true;
        }
        if (active) {
            stop();
        }
        config.copyFrom(c);
        if (config.remoteRtcpPort == 0) {
            config.remoteRtcpPort = config.remotePort + 1;
        }
        if (!rtp.bind(config.localPort) || !rtcp.bind(config.localPort + 1)) {
            rtp.unbind();
            rtcp.unbind();
            return false;
        }
        random.stir();
        ssrc = random.nextInt();
        sequence = random.nextInt() & 0xFFFF;
        timestamp = random.nextInt();
        frameTicks = SessionConfig.clockRate(config.codec) * config.ptimeMs / 1000;
        markNext = true;
        framed = false;
        streams++;
        packetsSent = 0;
        octetsSent = 0;
        sentSinceReport = false;
        stats.reset();
        if (jitter != null) {
            jitter.reset(frameTicks, MIN_DELAY_FRAMES, MAX_DELAY_FRAMES);
        }
        eventSender.reset();
        eventReceiver.reset();
        haveSr = false;
        haveRemoteReport = false;
        roundTripMs = -1;
        initialReport = true;
        makeCname();
        active = true;
        kernel.timers().start(rtcpTimer, rtcpIntervalMs());
        log.begin().text("rtp: start ").decimal(config.localPort).text(" to [").ip6(config.remoteAddress, 0)
            .text("]:").decimal(config.remotePort).text(" pt ").decimal(config.payloadType).text(" ptime ")
            .decimal(config.ptimeMs).text(" ssrc ").hex(ssrc, 8).end();
        return true;
    }

    /** Whether {@code c} names the stream running: the same ports, remote address, codec, payload type and interval. */
    private boolean sameStream(SessionConfig c) {
        return c.localPort == config.localPort && c.remotePort == config.remotePort
            && Bytes.equal(c.remoteAddress, 0, config.remoteAddress, 0, 16) && c.codec == config.codec
            && c.payloadType == config.payloadType && c.ptimeMs == config.ptimeMs;
    }

    /**
     * Gives the session the playout buffer: from now on its audio goes there (emptied, for this stream's interval).
     * The media engine moves its one buffer to the session that is heard.
     */
    public void attachPlayout(JitterBuffer buffer) {
        jitter = buffer;
        jitter.reset(frameTicks > 0 ? frameTicks : 160, MIN_DELAY_FRAMES, MAX_DELAY_FRAMES);
    }

    /** Takes the playout buffer away: audio received is counted, not kept. */
    public void detachPlayout() {
        jitter = null;
    }

    /** The session's number (the line). */
    public int id() {
        return id;
    }

    /** Ends the stream: sends an RTCP BYE, stops the timer and unbinds the ports. */
    public void stop() {
        if (!active) {
            return;
        }
        sendReport(true);
        active = false;
        kernel.timers().stop(rtcpTimer);
        rtp.unbind();
        rtcp.unbind();
        log.begin().text("rtp: stop, sent ").decimal(packetsSent).text(", received ").decimal(stats.received())
            .text(", lost ").decimal(stats.cumulativeLost()).text(", jitter ").decimal(stats.jitter()).end();
    }

    /** Whether a stream runs. */
    public boolean isActive() {
        return active;
    }

    /** Streams started since init: changes with every start that is not only a change of direction. */
    public int streams() {
        return streams;
    }

    /** The configuration of the stream running (a copy). */
    public SessionConfig config() {
        return config;
    }

    /** Our RTP clock ticks per packet interval. */
    public int frameTicks() {
        return frameTicks;
    }

    /**
     * Sends one packet interval of encoded audio, or the telephone event that replaces it, and advances the timestamp.
     * With {@code send} off in the configuration, only the timestamp advances.
     */
    public void sendFrame(byte[] payload, int off, int len) {
        if (!active) {
            return;
        }
        if (!config.send) {
            skipFrame();
            return;
        }
        catchUp();
        int at = RtpHeader.HEADER_LENGTH;
        if (eventSender.active() && config.telephoneEventPayloadType >= 0) {
            long tm = eventSender.next(packet, at, timestamp, frameTicks);
            RtpHeader.write(packet, 0, (tm >>> 32) != 0, config.telephoneEventPayloadType, sequence, (int) tm, ssrc);
            transmit(at + TelephoneEvent.LENGTH, TelephoneEvent.LENGTH);
        } else {
            int n = Math.min(len, packet.length - at);
            System.arraycopy(payload, off, packet, at, n);
            RtpHeader.write(packet, 0, markNext, config.payloadType, sequence, timestamp, ssrc);
            markNext = false;
            transmit(at + n, n);
        }
        timestamp += frameTicks;
    }

    /** Lets one packet interval pass without sending (hold, mute by silence suppression). */
    public void skipFrame() {
        if (active) {
            catchUp();
            timestamp += frameTicks;
            markNext = true;
        }
    }

    /**
     * Keeps the timestamp in step with time across a pause of the frames (a line that was not heard, a sound channel
     * that was off): after more than {@link #PAUSE_FRAMES} intervals without a frame, the timestamp advances by the
     * intervals missed (RFC 3550 §5.1: it follows the sampling clock, also while nothing is sent).
     */
    private void catchUp() {
        int now = kernel.clock().now();
        if (framed) {
            int missed = (now - lastFrameMs) / config.ptimeMs - 1;
            if (missed > PAUSE_FRAMES) {
                timestamp += missed * frameTicks;
                markNext = true;
            }
        }
        lastFrameMs = now;
        framed = true;
    }

    private void transmit(int len, int payloadLength) {
        if (rtp.send(config.remoteAddress, 0, config.remotePort, packet, 0, len)) {
            packetsSent++;
            octetsSent += payloadLength;
            sentSinceReport = true;
        } else {
            drops[DROP_SEND_FAILED]++;
        }
        sequence = sequence + 1 & 0xFFFF;
    }

    /** Starts sending a telephone event (RFC 4733): a key went down. Ignored without a telephone-event type. */
    public void startEvent(int event) {
        if (active && config.telephoneEventPayloadType >= 0) {
            eventSender.start(event);
        }
    }

    /** Ends the telephone event being sent: the key went up. */
    public void stopEvent() {
        eventSender.stop();
    }

    /** Whether a telephone event is being sent (its packets replace the audio). */
    public boolean sendingEvent() {
        return eventSender.active();
    }

    /** Who is told about telephone events received. */
    public void setEventListener(TelephoneEventListener l) {
        eventReceiver.setListener(l, id);
    }

    /** Ends a received event whose packets stopped; the engine calls this every packet interval. */
    public void poll() {
        if (active) {
            eventReceiver.poll(kernel.clock().now());
        }
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public void onDatagram(UdpSocket socket) {
        // Bounded by the socket's queue.
        for (int n = socket.receive(received, 0, received.length); n >= 0;
             n = socket.receive(received, 0, received.length)) {
            if (!active) {
                drops[DROP_NOT_ACTIVE]++;
                continue;
            }
            socket.lastSource(source, 0);
            if (!Bytes.equal(source, 0, config.remoteAddress, 0, 16)) {
                drops[DROP_WRONG_SOURCE]++;
                continue;
            }
            if (socket == rtp) {
                onRtp(n);
            } else {
                onRtcp(n);
            }
        }
    }

    private void onRtp(int len) {
        int at = RtpHeader.payloadOffset(received, 0, len);
        if (at < 0) {
            drops[DROP_INVALID]++;
            return;
        }
        int payloadLength = RtpHeader.payloadLength(received, 0, len);
        int pt = RtpHeader.payloadType(received, 0);
        boolean audio = pt == config.payloadType;
        if (!audio && pt != config.telephoneEventPayloadType) {
            drops[DROP_PAYLOAD_TYPE]++;
            return;
        }
        if (!config.receive) {
            drops[DROP_NOT_RECEIVING]++;
            return;
        }
        int seq = RtpHeader.sequence(received, 0);
        int ts = RtpHeader.timestamp(received, 0);
        int nowMs = kernel.clock().now();
        // The arrival time at the RTP clock: 8 ticks per millisecond at 8000 Hz.
        int arrival = nowMs * (SessionConfig.clockRate(config.codec) / 1000);
        if (!stats.update(RtpHeader.ssrc(received, 0), seq, ts, arrival, audio)) {
            drops[DROP_INVALID]++;
            return;
        }
        if (audio) {
            if (jitter != null) {
                jitter.setJitter(stats.jitter());
                jitter.put(seq, received, at, payloadLength);
            }
        } else {
            eventReceiver.onPacket(ts, received, at, payloadLength, nowMs);
        }
    }

    // ---------------------------------------------------------------- RTCP

    @Override
    public void onTimer(Timer timer) {
        if (!active) {
            return;
        }
        sendReport(false);
        initialReport = false;
        kernel.timers().start(rtcpTimer, rtcpIntervalMs());
    }

    /** The next RTCP interval (§6.3.1 with members = 2, no reconsideration), milliseconds. */
    int rtcpIntervalMs() {
        // Session bandwidth: 64 kbit/s of payload plus 60 octets of headers per packet; RTCP gets 5 % of it.
        int packetsPerSecond = 1000 / Math.max(10, config.ptimeMs);
        int sessionBytesPerSecond = 8000 + 60 * packetsPerSecond;
        int rtcpBytesPerSecond = Math.max(1, sessionBytesPerSecond / 20);
        int members = 2;
        int td = members * avgRtcpSize * 1000 / rtcpBytesPerSecond;
        int min = initialReport ? RTCP_MIN_INTERVAL_MS / 2 : RTCP_MIN_INTERVAL_MS;
        td = Math.max(td, min);
        int t = td / 1000 * random.between(500, 1500) + td % 1000 * random.between(500, 1500) / 1000;
        // Divide by e - 3/2 = 1.21828 (the compensation of §6.3.1).
        return (int) ((long) t * 100000 / 121828);
    }

    /** The NTP timestamp's middle 32 bits (16.16 seconds) for a time in milliseconds since start. */
    static int ntpMiddle(int ms) {
        long u = ms & 0xFFFFFFFFL;
        return (int) ((u / 1000) << 16 | (u % 1000 << 16) / 1000);
    }

    private void sendReport(boolean bye) {
        int nowMs = kernel.clock().now();
        boolean sender = sentSinceReport;
        sentSinceReport = false;
        int at = 0;
        int blocks = stats.started() ? 1 : 0;
        int first = at;
        int len = RtcpPacket.HEADER_LENGTH + (sender ? RtcpPacket.SENDER_INFO_LENGTH : 0)
            + blocks * RtcpPacket.REPORT_BLOCK_LENGTH;
        RtcpPacket.writeHeader(report, at, blocks, sender ? RtcpPacket.SR : RtcpPacket.RR, len, ssrc);
        at += RtcpPacket.HEADER_LENGTH;
        if (sender) {
            long u = nowMs & 0xFFFFFFFFL;
            Bytes.put32(report, at, (int) (u / 1000));
            Bytes.put32(report, at + 4, (int) (((u % 1000) << 32) / 1000));
            // The RTP timestamp of this instant: the next frame's timestamp is close enough (within one interval).
            Bytes.put32(report, at + 8, timestamp);
            Bytes.put32(report, at + 12, packetsSent);
            Bytes.put32(report, at + 16, octetsSent);
            at += RtcpPacket.SENDER_INFO_LENGTH;
        }
        if (blocks > 0) {
            int lsr = haveSr ? lastSrNtp : 0;
            int dlsr = haveSr ? (int) (((long) (nowMs - lastSrArrivalMs) << 16) / 1000) : 0;
            RtcpPacket.writeBlock(report, at, stats.ssrc(), stats.takeFractionLost(), stats.cumulativeLost(),
                stats.extendedMax(), stats.jitter(), lsr, dlsr);
            at += RtcpPacket.REPORT_BLOCK_LENGTH;
        }
        // SDES with the CNAME (required in every compound packet, §6.1), padded to a word.
        int sdes = at;
        int chunk = 4 + 2 + cnameLength + 1;
        int sdesLength = RtcpPacket.HEADER_LENGTH - 4 + (chunk + 3) / 4 * 4;
        RtcpPacket.writeHeader(report, sdes, 1, RtcpPacket.SDES, sdesLength, ssrc);
        at += 8;
        report[at++] = RtcpPacket.SDES_CNAME;
        report[at++] = (byte) cnameLength;
        System.arraycopy(cname, 0, report, at, cnameLength);
        at += cnameLength;
        while (at < sdes + sdesLength) {
            report[at++] = 0;
        }
        if (bye) {
            RtcpPacket.writeHeader(report, at, 1, RtcpPacket.BYE, 8, ssrc);
            at += 8;
        }
        if (rtcp.send(config.remoteAddress, 0, config.remoteRtcpPort, report, first, at - first)) {
            reportsSent++;
        } else {
            drops[DROP_SEND_FAILED]++;
        }
        avgRtcpSize += (at + LOWER_HEADERS - avgRtcpSize) >> 4;
    }

    private void makeCname() {
        // "user@host" is not needed: a random identifier unique to this call's session (RFC 7022 allows it).
        cnameLength = 0;
        int r1 = random.nextInt();
        int r2 = random.nextInt();
        for (int i = 0; i < 8; i++) {
            cname[cnameLength++] = hexDigit(r1 >>> (28 - 4 * i));
            cname[cnameLength++] = hexDigit(r2 >>> (28 - 4 * i));
        }
    }

    private static byte hexDigit(int v) {
        int d = v & 15;
        return (byte) (d < 10 ? '0' + d : 'a' + d - 10);
    }

    private void onRtcp(int len) {
        int nowMs = kernel.clock().now();
        // A compound packet: every part's length must fit (§6.1, A.2); bounded by len / 4 parts.
        int at = 0;
        if (len < RtcpPacket.HEADER_LENGTH || RtcpPacket.version(received, 0) != 2
            || RtcpPacket.type(received, 0) != RtcpPacket.SR && RtcpPacket.type(received, 0) != RtcpPacket.RR) {
            drops[DROP_RTCP_INVALID]++;
            return;
        }
        reportsReceived++;
        for (int parts = 0; parts < len / 4 && at + 4 <= len; parts++) {
            if (RtcpPacket.version(received, at) != 2) {
                drops[DROP_RTCP_INVALID]++;
                return;
            }
            int partLength = RtcpPacket.length(received, at);
            if (at + partLength > len) {
                drops[DROP_RTCP_INVALID]++;
                return;
            }
            int type = RtcpPacket.type(received, at);
            int count = RtcpPacket.count(received, at);
            if (type == RtcpPacket.SR || type == RtcpPacket.RR) {
                int blocks = at + RtcpPacket.HEADER_LENGTH;
                if (type == RtcpPacket.SR && partLength >= RtcpPacket.HEADER_LENGTH + RtcpPacket.SENDER_INFO_LENGTH) {
                    lastSrNtp = Bytes.u32(received, at + RtcpPacket.NTP_MSW_OFFSET) << 16
                        | Bytes.u32(received, at + RtcpPacket.NTP_LSW_OFFSET) >>> 16;
                    lastSrArrivalMs = nowMs;
                    haveSr = true;
                    blocks += RtcpPacket.SENDER_INFO_LENGTH;
                }
                for (int i = 0; i < count && blocks + RtcpPacket.REPORT_BLOCK_LENGTH <= at + partLength; i++) {
                    if (Bytes.u32(received, blocks + RtcpPacket.BLOCK_SSRC_OFFSET) == ssrc) {
                        onReportBlock(blocks, nowMs);
                    }
                    blocks += RtcpPacket.REPORT_BLOCK_LENGTH;
                }
            } else if (type == RtcpPacket.BYE) {
                byesReceived++;
                log.begin().text("rtp: BYE from the peer").end();
            }
            at += partLength;
        }
    }

    private void onReportBlock(int block, int nowMs) {
        haveRemoteReport = true;
        remoteFractionLost = RtcpPacket.blockFractionLost(received, block);
        remoteCumulativeLost = RtcpPacket.blockCumulativeLost(received, block);
        remoteHighest = Bytes.u32(received, block + RtcpPacket.BLOCK_HIGHEST_OFFSET);
        remoteJitter = Bytes.u32(received, block + RtcpPacket.BLOCK_JITTER_OFFSET);
        int lsr = Bytes.u32(received, block + RtcpPacket.BLOCK_LSR_OFFSET);
        int dlsr = Bytes.u32(received, block + RtcpPacket.BLOCK_DLSR_OFFSET);
        if (lsr != 0) {
            // §6.4.1: round trip = A - LSR - DLSR, in 1/65536 s.
            int rtt = ntpMiddle(nowMs) - lsr - dlsr;
            roundTripMs = rtt < 0 ? 0 : (int) (((long) rtt * 1000) >> 16);
        }
    }

    // ---------------------------------------------------------------- accessors

    /** The playout buffer of the audio received, or null when the session is not the one heard. */
    public JitterBuffer jitterBuffer() {
        return jitter;
    }

    /** Reception statistics of the peer's stream. */
    public ReceptionStatistics statistics() {
        return stats;
    }

    /** The telephone-event receiver. */
    public TelephoneEventReceiver eventReceiver() {
        return eventReceiver;
    }

    /** Our SSRC in this call. */
    public int ssrc() {
        return ssrc;
    }

    /** The sequence number of the next packet. */
    public int nextSequence() {
        return sequence;
    }

    /** The timestamp of the next packet interval. */
    public int nextTimestamp() {
        return timestamp;
    }

    /** RTP packets sent in this call. */
    public int packetsSent() {
        return packetsSent;
    }

    /** RTCP compound packets sent since init. */
    public int reportsSent() {
        return reportsSent;
    }

    /** RTCP compound packets received since init. */
    public int reportsReceived() {
        return reportsReceived;
    }

    /** RTCP BYEs received since init. */
    public int byesReceived() {
        return byesReceived;
    }

    /** Whether the peer has reported on our stream in this call. */
    public boolean hasRemoteReport() {
        return haveRemoteReport;
    }

    /** The peer's fraction lost of our stream, in 1/256. */
    public int remoteFractionLost() {
        return remoteFractionLost;
    }

    /** The peer's cumulative count of our packets lost. */
    public int remoteCumulativeLost() {
        return remoteCumulativeLost;
    }

    /** The peer's extended highest sequence number received from us. */
    public int remoteHighestSequence() {
        return remoteHighest;
    }

    /** The peer's interarrival jitter of our stream, in timestamp units. */
    public int remoteJitter() {
        return remoteJitter;
    }

    /** The round trip time from the last report with an LSR, milliseconds; -1 before one. */
    public int roundTripMs() {
        return roundTripMs;
    }

    /** Datagrams dropped or not sent, by reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }
}
