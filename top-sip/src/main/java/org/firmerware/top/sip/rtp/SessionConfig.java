package org.firmerware.top.sip.rtp;

import org.firmerware.kernel.net.ip6.Ip6Address;

/**
 * What the SDP offer/answer (RFC 3264) decided for one audio stream, filled in by the signalling before
 * {@link RtpSession#start}: a mutable object allocated once and reused for every call.
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><td>{@code localPort}</td><td>our RTP port (even; RTCP uses the next one, RFC 3550 §11)</td></tr>
 *   <tr><td>{@code remoteAddress}, {@code remotePort}</td><td>where the peer receives RTP (c= and m= lines)</td></tr>
 *   <tr><td>{@code remoteRtcpPort}</td><td>where it receives RTCP; 0 for {@code remotePort + 1} (RFC 3605 a=rtcp
 *       otherwise)</td></tr>
 *   <tr><td>{@code codec}</td><td>{@link #PCMU}, {@link #PCMA} or {@link #G722}</td></tr>
 *   <tr><td>{@code payloadType}</td><td>its payload type (0, 8, 9 static, RFC 3551; or what a=rtpmap said)</td></tr>
 *   <tr><td>{@code ptimeMs}</td><td>the packet interval (a=ptime), 10 to {@link #MAX_PTIME_MS} in steps of 10</td></tr>
 *   <tr><td>{@code telephoneEventPayloadType}</td><td>the payload type of RFC 4733 telephone-event/8000, or -1</td></tr>
 *   <tr><td>{@code send}, {@code receive}</td><td>the direction (a=sendrecv, sendonly, recvonly, inactive)</td></tr>
 * </table>
 */
public final class SessionConfig {

    /** G.711 µ-law, 8 kHz. */
    public static final int PCMU = 0;
    /** G.711 A-law, 8 kHz. */
    public static final int PCMA = 1;
    /** G.722, 16 kHz sampling with an 8000 Hz RTP clock (RFC 3551 §4.5.2). */
    public static final int G722 = 2;
    /** The longest packet interval. */
    public static final int MAX_PTIME_MS = 40;

    public int localPort;
    public final byte[] remoteAddress = new byte[Ip6Address.LENGTH];
    public int remotePort;
    public int remoteRtcpPort;
    public int codec = PCMU;
    public int payloadType;
    public int ptimeMs = 20;
    public int telephoneEventPayloadType = -1;
    public boolean send = true;
    public boolean receive = true;

    /** The static payload type of a codec (RFC 3551 Table 4). */
    public static int staticPayloadType(int codec) {
        return codec == PCMA ? 8 : codec == G722 ? 9 : 0;
    }

    /** The RTP clock rate of a codec: 8000 for all three (G.722's too, RFC 3551 §4.5.2). */
    public static int clockRate(int codec) {
        return 8000;
    }

    /** The rate a codec samples at. */
    public static int sampleRate(int codec) {
        return codec == G722 ? 16000 : 8000;
    }

    /** Octets of one packet interval of a codec: 8 per ms for all three at 64 kbit/s. */
    public static int payloadBytes(int codec, int ptimeMs) {
        return 8 * ptimeMs;
    }

    /** The direction as SDP names it (RFC 3264 §5.1): sendrecv, sendonly, recvonly or inactive. */
    public String directionName() {
        return send ? receive ? "sendrecv" : "sendonly" : receive ? "recvonly" : "inactive";
    }

    /** Whether the fields make a stream we can run. */
    public boolean isValid() {
        return localPort > 0 && localPort < 65535 && remotePort > 0 && remotePort < 65536
            && codec >= PCMU && codec <= G722 && payloadType >= 0 && payloadType < 128
            && ptimeMs >= 10 && ptimeMs <= MAX_PTIME_MS && ptimeMs % 10 == 0
            && telephoneEventPayloadType < 128 && telephoneEventPayloadType != payloadType;
    }

    /** Copies another configuration. */
    public void copyFrom(SessionConfig o) {
        localPort = o.localPort;
        System.arraycopy(o.remoteAddress, 0, remoteAddress, 0, remoteAddress.length);
        remotePort = o.remotePort;
        remoteRtcpPort = o.remoteRtcpPort;
        codec = o.codec;
        payloadType = o.payloadType;
        ptimeMs = o.ptimeMs;
        telephoneEventPayloadType = o.telephoneEventPayloadType;
        send = o.send;
        receive = o.receive;
    }
}
