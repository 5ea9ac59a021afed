package org.firmerware.top.sip.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RtcpPacketTest {

    @Test
    void reportBlockFieldsRoundTrip() {
        byte[] b = new byte[32];
        RtcpPacket.writeHeader(b, 0, 1, RtcpPacket.RR, 32, 0x11223344);
        RtcpPacket.writeBlock(b, 8, 0xCAFEBABE, 25, -3, 0x0001FFFF, 123, 0x12345678, 0x00020000);
        assertEquals(0x81, b[0] & 0xFF);
        assertEquals(201, RtcpPacket.type(b, 0));
        assertEquals(32, RtcpPacket.length(b, 0));
        assertEquals(7, b[3]);
        assertEquals(0x11223344, RtcpPacket.ssrc(b, 0));
        assertEquals(25, RtcpPacket.blockFractionLost(b, 8));
        assertEquals(-3, RtcpPacket.blockCumulativeLost(b, 8));
        RtcpPacket.writeBlock(b, 8, 0, 0, 0x7FFFFF, 0, 0, 0, 0);
        assertEquals(0x7FFFFF, RtcpPacket.blockCumulativeLost(b, 8));
    }

    @Test
    void ntpMiddleIsSixteenDotSixteenSeconds() {
        assertEquals(0, RtpSession.ntpMiddle(0));
        assertEquals(1 << 16, RtpSession.ntpMiddle(1000));
        assertEquals((3 << 16) + 32768, RtpSession.ntpMiddle(3500));
        assertEquals(65, RtpSession.ntpMiddle(1), "1 ms = 65.536 units");
    }

    @Test
    void rtpHeaderWithCsrcsExtensionAndPadding() {
        byte[] b = new byte[64];
        RtpHeader.write(b, 0, true, 9, 0xBEEF, 0x01020304, 0x55667788);
        assertEquals(0x80, b[0] & 0xFF);
        assertEquals(0x89, b[1] & 0xFF);
        assertEquals(12, RtpHeader.payloadOffset(b, 0, 20));
        assertEquals(8, RtpHeader.payloadLength(b, 0, 20));
        // Two CSRCs, an extension of one word, three octets of padding.
        b[0] = (byte) 0xB2;
        b[12 + 8 + 2] = 0;
        b[12 + 8 + 3] = 1;
        b[39] = 3;
        assertEquals(12 + 8 + 8, RtpHeader.payloadOffset(b, 0, 40));
        assertEquals(40 - 28 - 3, RtpHeader.payloadLength(b, 0, 40));
        b[0] = (byte) 0x40;
        assertEquals(-1, RtpHeader.payloadOffset(b, 0, 40), "version 1");
        assertEquals(-1, RtpHeader.payloadOffset(b, 0, 11), "too short");
    }
}
