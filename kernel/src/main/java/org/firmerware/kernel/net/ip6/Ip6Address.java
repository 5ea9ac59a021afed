package org.firmerware.kernel.net.ip6;

/**
 * IPv6 addresses (RFC 4291) as 16 bytes at an offset in an array: tests, the derived addresses of a node (modified
 * EUI-64 interface identifier, solicited-node group, the Ethernet group address of a multicast group) and the scopes
 * of RFC 6724. Addresses never become objects.
 */
public final class Ip6Address {

    /** Bytes in an address. */
    public static final int LENGTH = 16;

    /** Scopes (RFC 4291 §2.7, RFC 6724 §3.1). */
    public static final int SCOPE_INTERFACE_LOCAL = 0x1, SCOPE_LINK_LOCAL = 0x2, SCOPE_SITE_LOCAL = 0x5,
        SCOPE_GLOBAL = 0xE;

    /** The unspecified address {@code ::}. */
    public static final byte[] UNSPECIFIED = new byte[LENGTH];
    /** The link-local all-nodes group {@code ff02::1}. */
    public static final byte[] ALL_NODES = {(byte) 0xFF, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    /** The link-local all-routers group {@code ff02::2}. */
    public static final byte[] ALL_ROUTERS = {(byte) 0xFF, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    /** The group of all MLDv2-capable routers {@code ff02::16} (RFC 3810 §5.2.14). */
    public static final byte[] ALL_MLD2_ROUTERS = {(byte) 0xFF, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16};

    private Ip6Address() {
    }

    /** Whether the address is {@code ::}. */
    public static boolean isUnspecified(byte[] a, int off) {
        for (int i = 0; i < LENGTH; i++) {
            if (a[off + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the address is a multicast group ({@code ff00::/8}). */
    public static boolean isMulticast(byte[] a, int off) {
        return a[off] == (byte) 0xFF;
    }

    /** Whether the address is link-local unicast ({@code fe80::/10}). */
    public static boolean isLinkLocal(byte[] a, int off) {
        return a[off] == (byte) 0xFE && (a[off + 1] & 0xC0) == 0x80;
    }

    /** Whether the address is the loopback address {@code ::1}. */
    public static boolean isLoopback(byte[] a, int off) {
        for (int i = 0; i < LENGTH - 1; i++) {
            if (a[off + i] != 0) {
                return false;
            }
        }
        return a[off + LENGTH - 1] == 1;
    }

    /** Whether two addresses are equal. */
    public static boolean equal(byte[] a, int aOff, byte[] b, int bOff) {
        for (int i = 0; i < LENGTH; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether two 6-byte MAC addresses are equal. */
    public static boolean equalMac(byte[] a, int aOff, byte[] b, int bOff) {
        for (int i = 0; i < 6; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }

    /** Copies an address. */
    public static void copy(byte[] src, int srcOff, byte[] dst, int dstOff) {
        System.arraycopy(src, srcOff, dst, dstOff, LENGTH);
    }

    /**
     * The scope of an address (RFC 6724 §3.1): the scope field of a multicast group; link-local for {@code fe80::/10}
     * and the loopback address; site-local for the deprecated {@code fec0::/10}; global for all others (unique local
     * addresses included).
     */
    public static int scope(byte[] a, int off) {
        if (isMulticast(a, off)) {
            return a[off + 1] & 0x0F;
        }
        if (isLinkLocal(a, off) || isLoopback(a, off)) {
            return SCOPE_LINK_LOCAL;
        }
        if (a[off] == (byte) 0xFE && (a[off + 1] & 0xC0) == 0xC0) {
            return SCOPE_SITE_LOCAL;
        }
        return SCOPE_GLOBAL;
    }

    /** How many leading bits two addresses share (0 to 128). */
    public static int commonPrefixLength(byte[] a, int aOff, byte[] b, int bOff) {
        for (int i = 0; i < LENGTH; i++) {
            int x = (a[aOff + i] ^ b[bOff + i]) & 0xFF;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return 128;
    }

    /** Whether the first {@code prefixLength} bits of two addresses are equal. */
    public static boolean matchesPrefix(byte[] a, int aOff, byte[] prefix, int prefixOff, int prefixLength) {
        return commonPrefixLength(a, aOff, prefix, prefixOff) >= prefixLength;
    }

    /**
     * Writes the modified EUI-64 interface identifier of a 48-bit MAC address (RFC 4291 Appendix A, RFC 2464 §4): the
     * MAC split in the middle by {@code ff:fe}, with the universal/local bit inverted.
     *
     * @param dst receives 8 bytes at {@code dstOff}
     */
    public static void interfaceIdFromMac(byte[] mac, int macOff, byte[] dst, int dstOff) {
        dst[dstOff] = (byte) (mac[macOff] ^ 0x02);
        dst[dstOff + 1] = mac[macOff + 1];
        dst[dstOff + 2] = mac[macOff + 2];
        dst[dstOff + 3] = (byte) 0xFF;
        dst[dstOff + 4] = (byte) 0xFE;
        dst[dstOff + 5] = mac[macOff + 3];
        dst[dstOff + 6] = mac[macOff + 4];
        dst[dstOff + 7] = mac[macOff + 5];
    }

    /** Writes the link-local address {@code fe80::/64} with the modified EUI-64 of a MAC (RFC 4862 §5.3). */
    public static void linkLocalFromMac(byte[] mac, int macOff, byte[] dst, int dstOff) {
        for (int i = 0; i < 8; i++) {
            dst[dstOff + i] = 0;
        }
        dst[dstOff] = (byte) 0xFE;
        dst[dstOff + 1] = (byte) 0x80;
        interfaceIdFromMac(mac, macOff, dst, dstOff + 8);
    }

    /** Writes the solicited-node group {@code ff02::1:ffXX:XXXX} of an address (RFC 4291 §2.7.1). */
    public static void solicitedNode(byte[] a, int off, byte[] dst, int dstOff) {
        for (int i = 0; i < LENGTH; i++) {
            dst[dstOff + i] = 0;
        }
        dst[dstOff] = (byte) 0xFF;
        dst[dstOff + 1] = 0x02;
        dst[dstOff + 11] = 0x01;
        dst[dstOff + 12] = (byte) 0xFF;
        dst[dstOff + 13] = a[off + 13];
        dst[dstOff + 14] = a[off + 14];
        dst[dstOff + 15] = a[off + 15];
    }

    /** Whether {@code group} is the solicited-node group of {@code a}. */
    public static boolean isSolicitedNodeOf(byte[] group, int gOff, byte[] a, int aOff) {
        if (group[gOff] != (byte) 0xFF || group[gOff + 1] != 0x02 || group[gOff + 11] != 0x01
            || group[gOff + 12] != (byte) 0xFF) {
            return false;
        }
        for (int i = 2; i < 11; i++) {
            if (group[gOff + i] != 0) {
                return false;
            }
        }
        return group[gOff + 13] == a[aOff + 13] && group[gOff + 14] == a[aOff + 14] && group[gOff + 15] == a[aOff + 15];
    }

    /** Writes the Ethernet group address {@code 33:33:} + the low 32 bits of a multicast group (RFC 2464 §7). */
    public static void multicastMac(byte[] group, int gOff, byte[] mac, int macOff) {
        mac[macOff] = 0x33;
        mac[macOff + 1] = 0x33;
        mac[macOff + 2] = group[gOff + 12];
        mac[macOff + 3] = group[gOff + 13];
        mac[macOff + 4] = group[gOff + 14];
        mac[macOff + 5] = group[gOff + 15];
    }
}
