package org.firmerware.kernel.net.ip6;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class Ip6AddressTest {

    static byte[] a(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static byte[] mac(int... b) {
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) b[i];
        }
        return m;
    }

    @Test
    void modifiedEui64InvertsTheUniversalLocalBitAndInsertsFffe() {
        byte[] iid = new byte[8];
        Ip6Address.interfaceIdFromMac(mac(0x00, 0x0b, 0x82, 0x19, 0xa0, 0xf4), 0, iid, 0);
        assertArrayEquals(new byte[] {0x02, 0x0b, (byte) 0x82, (byte) 0xff, (byte) 0xfe, 0x19, (byte) 0xa0,
            (byte) 0xf4}, iid);
        byte[] ll = new byte[16];
        Ip6Address.linkLocalFromMac(mac(0x02, 0, 0, 0, 0, 1), 0, ll, 0);
        assertArrayEquals(a("fe80::ff:fe00:1"), ll, "a locally administered MAC loses its 0x02 bit");
    }

    @Test
    void solicitedNodeGroupTakesTheLow24Bits() {
        byte[] g = new byte[16];
        Ip6Address.solicitedNode(a("2001:db8::1:2:3456:789a"), 0, g, 0);
        assertArrayEquals(a("ff02::1:ff56:789a"), g);
        assertTrue(Ip6Address.isSolicitedNodeOf(g, 0, a("fe80::56:789a"), 0));
        assertFalse(Ip6Address.isSolicitedNodeOf(g, 0, a("fe80::56:789b"), 0));
        assertFalse(Ip6Address.isSolicitedNodeOf(a("ff02::2:ff56:789a"), 0, a("fe80::56:789a"), 0));
        byte[] m = new byte[6];
        Ip6Address.multicastMac(g, 0, m, 0);
        assertArrayEquals(mac(0x33, 0x33, 0xff, 0x56, 0x78, 0x9a), m);
    }

    @Test
    void classesAndScopes() {
        assertTrue(Ip6Address.isUnspecified(a("::"), 0));
        assertTrue(Ip6Address.isLoopback(a("::1"), 0));
        assertTrue(Ip6Address.isLinkLocal(a("fe80::1"), 0));
        assertTrue(Ip6Address.isLinkLocal(a("febf::1"), 0));
        assertFalse(Ip6Address.isLinkLocal(a("fec0::1"), 0));
        assertTrue(Ip6Address.isMulticast(a("ff02::1"), 0));
        assertEquals(Ip6Address.SCOPE_LINK_LOCAL, Ip6Address.scope(a("ff02::1"), 0));
        assertEquals(Ip6Address.SCOPE_INTERFACE_LOCAL, Ip6Address.scope(a("ff01::1"), 0));
        assertEquals(Ip6Address.SCOPE_GLOBAL, Ip6Address.scope(a("ff0e::1"), 0));
        assertEquals(Ip6Address.SCOPE_LINK_LOCAL, Ip6Address.scope(a("fe80::1"), 0));
        assertEquals(Ip6Address.SCOPE_SITE_LOCAL, Ip6Address.scope(a("fec0::1"), 0));
        assertEquals(Ip6Address.SCOPE_GLOBAL, Ip6Address.scope(a("fd00::1"), 0), "ULAs are global (RFC 6724 3.1)");
        assertEquals(Ip6Address.SCOPE_GLOBAL, Ip6Address.scope(a("2001:db8::1"), 0));
    }

    @Test
    void commonPrefixLengthCountsLeadingEqualBits() {
        assertEquals(128, Ip6Address.commonPrefixLength(a("2001:db8::1"), 0, a("2001:db8::1"), 0));
        assertEquals(127, Ip6Address.commonPrefixLength(a("2001:db8::1"), 0, a("2001:db8::"), 0));
        assertEquals(64, Ip6Address.commonPrefixLength(a("2001:db8:1:2::"), 0, a("2001:db8:1:2:8000::"), 0));
        assertEquals(0, Ip6Address.commonPrefixLength(a("8000::"), 0, a("::"), 0));
        assertTrue(Ip6Address.matchesPrefix(a("2001:db8:1::5"), 0, a("2001:db8:1::"), 0, 64));
        assertFalse(Ip6Address.matchesPrefix(a("2001:db8:2::5"), 0, a("2001:db8:1::"), 0, 64));
    }
}
