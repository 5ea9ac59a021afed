package org.firmerware.kernel.net;

/**
 * The Ethernet header (Ethernet II and IEEE 802.3), as offsets into a frame.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                 destination MAC (6 bytes) ...                 |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  ... destination MAC          |   source MAC (6 bytes) ...    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     ... source MAC                            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  EtherType, or 802.3 length   |  payload ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * A type/length value of at most {@link #MAX_802_3_LENGTH} is an IEEE 802.3 length (an 802.2 LLC frame follows);
 * {@link #TYPE_VLAN} starts a 4-byte 802.1Q tag whose last two bytes are the inner type.
 */
public final class EthernetHeader {

    public static final int DESTINATION_OFFSET = 0;
    public static final int SOURCE_OFFSET = 6;
    public static final int TYPE_OFFSET = 12;
    public static final int HEADER_LENGTH = 14;
    public static final int VLAN_TAG_LENGTH = 4;
    /** The shortest frame on the wire (without FCS); shorter ones are padded. */
    public static final int MIN_FRAME = 60;
    /** Type/length values up to this are 802.3 lengths. */
    public static final int MAX_802_3_LENGTH = 1500;

    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_VLAN = 0x8100;
    public static final int TYPE_IPV6 = 0x86DD;

    /** The MAC address length. */
    public static final int MAC_LENGTH = 6;

    private EthernetHeader() {
    }

    /** The type/length field. */
    public static int type(byte[] frame) {
        return Bytes.u16(frame, TYPE_OFFSET);
    }

    /** Whether the destination is a group (multicast or broadcast) address. */
    public static boolean isGroup(byte[] frame) {
        return (frame[DESTINATION_OFFSET] & 1) != 0;
    }

    /** Whether the destination is the broadcast address. */
    public static boolean isBroadcast(byte[] frame) {
        for (int i = 0; i < MAC_LENGTH; i++) {
            if (frame[DESTINATION_OFFSET + i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Writes the header: destination, source and type (or 802.3 length). */
    public static void write(byte[] frame, byte[] dst, int dstOff, byte[] src, int srcOff, int typeOrLength) {
        System.arraycopy(dst, dstOff, frame, DESTINATION_OFFSET, MAC_LENGTH);
        System.arraycopy(src, srcOff, frame, SOURCE_OFFSET, MAC_LENGTH);
        Bytes.put16(frame, TYPE_OFFSET, typeOrLength);
    }
}
