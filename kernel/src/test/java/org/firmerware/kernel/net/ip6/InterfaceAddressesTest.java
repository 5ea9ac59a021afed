package org.firmerware.kernel.net.ip6;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Source address selection (RFC 6724 §5, the rules for one interface). */
class InterfaceAddressesTest {

    private final InterfaceAddresses table = new InterfaceAddresses(4);

    private int add(int slot, String address, int state) {
        table.set(slot, Ip6AddressTest.a(address), 0, 64);
        table.setState(slot, state);
        return slot;
    }

    @Test
    void scopeDeprecationAndLongestPrefixDecide() {
        int ll = add(0, "fe80::1", InterfaceAddresses.PREFERRED);
        int g1 = add(1, "2001:db8:1::1", InterfaceAddresses.PREFERRED);
        int g2 = add(2, "2001:db8:2::1", InterfaceAddresses.PREFERRED);
        add(3, "2001:db8:3::1", InterfaceAddresses.TENTATIVE);
        assertEquals(ll, table.selectSource(Ip6AddressTest.a("fe80::99"), 0), "rule 2: link-local for link-local");
        assertEquals(ll, table.selectSource(Ip6AddressTest.a("ff02::1"), 0), "rule 2: link scope group");
        assertEquals(g2, table.selectSource(Ip6AddressTest.a("2001:db8:2::99"), 0), "rule 8: longest prefix");
        assertEquals(g1, table.selectSource(Ip6AddressTest.a("2001:db8:1::99"), 0), "rule 8");
        assertEquals(g1, table.selectSource(Ip6AddressTest.a("2001:db8:1::1"), 0), "rule 1: the same address");
        assertEquals(g1, table.selectSource(Ip6AddressTest.a("2001:4860::1"), 0), "rule 2: global for global");
        table.setState(g1, InterfaceAddresses.DEPRECATED);
        assertEquals(g2, table.selectSource(Ip6AddressTest.a("2001:db8:1::99"), 0), "rule 3 beats rule 8");
        assertEquals(-1, table.find(Ip6AddressTest.a("2001:db8:9::1"), 0));
        assertEquals(3, table.find(Ip6AddressTest.a("2001:db8:3::1"), 0), "tentative addresses are found");
        table.setState(g1, InterfaceAddresses.DUPLICATE);
        table.setState(g2, InterfaceAddresses.DUPLICATE);
        assertEquals(ll, table.selectSource(Ip6AddressTest.a("2001:db8:1::99"), 0), "only usable addresses");
        assertEquals(-1, table.globalAddress());
    }
}
