package org.firmerware.kernel.net.ip6;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.firmerware.kernel.net.udp.UdpHeader;
import org.junit.jupiter.api.Test;

/** The wire-format descriptors and the Internet checksum, against hand-written bytes. */
class DescriptorsTest {

    @Test
    void ip6HeaderFieldsSitWhereRfc8200SaysAtAnyOffset() {
        byte[] b = new byte[60];
        byte[] src = Ip6AddressTest.a("2001:db8::1");
        byte[] dst = Ip6AddressTest.a("ff02::16");
        Ip6Header.write(b, 6, 1234, 58, 255, src, 0, dst, 0);
        assertEquals(0x60, b[6] & 0xFF);
        assertEquals(6, Ip6Header.version(b, 6));
        assertEquals(1234, Ip6Header.payloadLength(b, 6));
        assertEquals(0x04, b[10] & 0xFF);
        assertEquals(0xD2, b[11] & 0xFF);
        assertEquals(58, Ip6Header.nextHeader(b, 6));
        assertEquals(255, Ip6Header.hopLimit(b, 6));
        assertEquals(0x20, b[6 + 8] & 0xFF);
        assertEquals(0xFF, b[6 + 24] & 0xFF);
        assertEquals(0x16, b[6 + 39] & 0xFF);
        assertEquals(40, Ip6Header.HEADER_LENGTH);
    }

    @Test
    void icmpAndUdpHeaders() {
        byte[] b = new byte[16];
        b[3] = 0x55;
        Icmp6Header.write(b, 2, 136, 0);
        assertEquals(136, Icmp6Header.type(b, 2));
        assertEquals(0, Icmp6Header.code(b, 2));
        assertEquals(0, b[4] | b[5]);
        assertTrue(Icmp6Header.isError(Icmp6Header.TYPE_PARAMETER_PROBLEM));
        assertFalse(Icmp6Header.isError(Icmp6Header.TYPE_ECHO_REQUEST));
        UdpHeader.write(b, 4, 5060, 7, 20);
        assertEquals(5060, UdpHeader.sourcePort(b, 4));
        assertEquals(7, UdpHeader.destinationPort(b, 4));
        assertEquals(20, UdpHeader.length(b, 4));
        assertEquals(0, UdpHeader.checksum(b, 4));
        assertArrayEquals(new byte[] {0x13, (byte) 0xC4, 0, 7, 0, 20, 0, 0}, java.util.Arrays.copyOfRange(b, 4, 12));
    }

    @Test
    void checksumOfTheRfc1071Example() {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2; the checksum is its complement.
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0xddf2, fold(InternetChecksum.add(0, b, 0, 8)));
        assertEquals(~0xddf2 & 0xFFFF, InternetChecksum.finish(InternetChecksum.add(0, b, 0, 8)));
        // An odd length pads with a zero byte.
        assertEquals(InternetChecksum.add(0, new byte[] {1, 2, 3, 0}, 0, 4), InternetChecksum.add(0,
            new byte[] {1, 2, 3}, 0, 3));
    }

    private static int fold(int sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    /** An ICMPv6 echo request whose checksum was computed by hand from the pseudo-header. */
    @Test
    void pseudoHeaderChecksumOfAnEchoRequest() {
        byte[] p = new byte[40 + 8];
        byte[] src = Ip6AddressTest.a("fe80::1");
        byte[] dst = Ip6AddressTest.a("fe80::2");
        Ip6Header.write(p, 0, 8, 58, 64, src, 0, dst, 0);
        p[40] = (byte) 128;
        p[44] = 0x12;
        p[45] = 0x34;
        p[47] = 0x01;
        // Words: fe80 + 0001 + fe80 + 0002 (addresses) + 0008 (length) + 003a (next header) + 8000 + 1234 + 0001.
        int sum = 0xfe80 + 0x0001 + 0xfe80 + 0x0002 + 0x0008 + 0x003a + 0x8000 + 0x1234 + 0x0001;
        int expected = ~fold(sum) & 0xFFFF;
        InternetChecksum.setUpperLayer(p, 0, 40, 8, 58, 42, false);
        assertEquals(expected, (p[42] & 0xFF) << 8 | p[43] & 0xFF);
        assertTrue(InternetChecksum.isValid(p, 0, 40, 8, 58));
        p[47] ^= 1;
        assertFalse(InternetChecksum.isValid(p, 0, 40, 8, 58));
    }

    @Test
    void aUdpChecksumOfZeroIsSentAsAllOnes() {
        // Find a payload whose checksum is 0, then check it goes out as ffff (RFC 768, RFC 8200 8.1).
        byte[] p = new byte[40 + 10];
        Ip6Header.write(p, 0, 10, 17, 64, Ip6Address.UNSPECIFIED, 0, Ip6Address.UNSPECIFIED, 0);
        UdpHeader.write(p, 40, 0, 0, 10);
        InternetChecksum.setUpperLayer(p, 0, 40, 10, 17, 46, false);
        int c = (p[46] & 0xFF) << 8 | p[47] & 0xFF;
        p[46] = 0;
        p[47] = 0;
        // Add c as data: the sum becomes ffff and the checksum 0.
        p[48] = (byte) (c >> 8);
        p[49] = (byte) c;
        InternetChecksum.setUpperLayer(p, 0, 40, 10, 17, 46, true);
        assertEquals(0xFFFF, (p[46] & 0xFF) << 8 | p[47] & 0xFF);
        assertTrue(InternetChecksum.isValid(p, 0, 40, 10, 17));
    }
}
