package org.firmerware.kernel.net.ip6;

/**
 * The unicast addresses of the interface (RFC 4291), each in a slot with its state (RFC 4862 §2) and lifetimes, and
 * source address selection among them (RFC 6724 §5). Slot 0 is the link-local address; the others are formed by
 * SLAAC. {@link AddressAutoconfiguration} changes the states; this class only keeps and compares.
 *
 * <pre>
 *   FREE --form--> TENTATIVE --DAD passed--> PREFERRED --preferred lifetime--> DEPRECATED --valid lifetime--> FREE
 *                      |
 *                      +--NA for it, or a DAD NS from another node--> DUPLICATE (never used)
 * </pre>
 *
 * <p>Main loop only.
 */
public final class InterfaceAddresses {

    /** Address states. */
    public static final int FREE = 0, TENTATIVE = 1, PREFERRED = 2, DEPRECATED = 3, DUPLICATE = 4;
    /** Lifetime end meaning "never" (seconds). */
    public static final int NEVER = Integer.MAX_VALUE;
    /** The slot of the link-local address. */
    public static final int LINK_LOCAL = 0;

    private final int capacity;
    private final byte[] address;
    private final int[] state;
    private final int[] prefixLength;
    final int[] validUntilS;
    final int[] preferredUntilS;

    /** @param capacity how many addresses, link-local included (at least 1) */
    public InterfaceAddresses(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.address = new byte[this.capacity * Ip6Address.LENGTH];
        this.state = new int[this.capacity];
        this.prefixLength = new int[this.capacity];
        this.validUntilS = new int[this.capacity];
        this.preferredUntilS = new int[this.capacity];
    }

    /** How many slots there are. */
    public int capacity() {
        return capacity;
    }

    /** The state of a slot ({@code FREE} ... {@code DUPLICATE}). */
    public int state(int index) {
        return state[index];
    }

    void setState(int index, int s) {
        state[index] = s;
    }

    /** The array holding the address of slot {@code index} at {@link #offset(int)}. */
    public byte[] bytes() {
        return address;
    }

    /** Where slot {@code index}'s address starts in {@link #bytes()}. */
    public int offset(int index) {
        return index * Ip6Address.LENGTH;
    }

    /** Copies an address out. */
    public void copy(int index, byte[] dst, int dstOff) {
        System.arraycopy(address, offset(index), dst, dstOff, Ip6Address.LENGTH);
    }

    /** The prefix length the address was formed with (64). */
    public int prefixLength(int index) {
        return prefixLength[index];
    }

    /** When the valid lifetime ends, in {@link Ip6#nowSeconds()} (or {@link #NEVER}). */
    public int validUntilSeconds(int index) {
        return validUntilS[index];
    }

    /** When the preferred lifetime ends, in {@link Ip6#nowSeconds()} (or {@link #NEVER}). */
    public int preferredUntilSeconds(int index) {
        return preferredUntilS[index];
    }

    /** Whether a slot holds an address we may use as a source (preferred or deprecated). */
    public boolean isUsable(int index) {
        return state[index] == PREFERRED || state[index] == DEPRECATED;
    }

    /** The slot of an address (in any state but {@code FREE}), or -1. */
    public int find(byte[] a, int off) {
        for (int i = 0; i < capacity; i++) {
            if (state[i] != FREE && Ip6Address.equal(address, offset(i), a, off)) {
                return i;
            }
        }
        return -1;
    }

    /** A free slot other than the link-local one, or -1. */
    int freeSlot() {
        for (int i = 1; i < capacity; i++) {
            if (state[i] == FREE) {
                return i;
            }
        }
        return -1;
    }

    void set(int index, byte[] a, int off, int prefixLen) {
        System.arraycopy(a, off, address, offset(index), Ip6Address.LENGTH);
        prefixLength[index] = prefixLen;
    }

    /** The first usable global-scope address, or -1. */
    public int globalAddress() {
        for (int i = 1; i < capacity; i++) {
            if (isUsable(i) && Ip6Address.scope(address, offset(i)) == Ip6Address.SCOPE_GLOBAL) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The best source address for a destination (RFC 6724 §5), or -1 when none is usable. The rules that matter on one
     * interface without temporary addresses or labels: 1 the destination itself; 2 an appropriate scope; 3 not
     * deprecated; 8 the longest matching prefix.
     */
    public int selectSource(byte[] dst, int dstOff) {
        int best = -1;
        int dstScope = Ip6Address.scope(dst, dstOff);
        for (int i = 0; i < capacity; i++) {
            if (!isUsable(i)) {
                continue;
            }
            if (best < 0 || better(i, best, dst, dstOff, dstScope)) {
                best = i;
            }
        }
        return best;
    }

    /** Whether candidate {@code a} is preferred over {@code b} as the source for {@code dst} (RFC 6724 §5). */
    private boolean better(int a, int b, byte[] dst, int dstOff, int dstScope) {
        int aOff = offset(a);
        int bOff = offset(b);
        // Rule 1: prefer the same address.
        boolean aSame = Ip6Address.equal(address, aOff, dst, dstOff);
        boolean bSame = Ip6Address.equal(address, bOff, dst, dstOff);
        if (aSame != bSame) {
            return aSame;
        }
        // Rule 2: prefer the appropriate scope.
        int aScope = Ip6Address.scope(address, aOff);
        int bScope = Ip6Address.scope(address, bOff);
        if (aScope < bScope) {
            return aScope >= dstScope;
        }
        if (bScope < aScope) {
            return bScope < dstScope;
        }
        // Rule 3: avoid deprecated addresses.
        boolean aDeprecated = state[a] == DEPRECATED;
        boolean bDeprecated = state[b] == DEPRECATED;
        if (aDeprecated != bDeprecated) {
            return bDeprecated;
        }
        // Rule 8: the longest matching prefix (up to the source's prefix length, RFC 6724 §2.2).
        int aMatch = Math.min(Ip6Address.commonPrefixLength(address, aOff, dst, dstOff), Math.max(prefixLength[a], 64));
        int bMatch = Math.min(Ip6Address.commonPrefixLength(address, bOff, dst, dstOff), Math.max(prefixLength[b], 64));
        return aMatch > bMatch;
    }
}
