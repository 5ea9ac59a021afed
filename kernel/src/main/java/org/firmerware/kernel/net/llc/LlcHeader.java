package org.firmerware.kernel.net.llc;

/**
 * The IEEE 802.2 (ISO/IEC 8802-2) LLC header, as offsets into a frame: two SAP addresses and a control field of one
 * octet (U format) or two octets (I and S formats, modulo-128 sequence numbers).
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     DSAP    |G|     SSAP    |R|   control 1   |  control 2    |   control 2: I and S formats only
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  information ...                                                 (the 802.3 length says how long)
 *
 *   G: the I/G bit (1 = group DSAP);  R: the C/R bit (1 = response)
 *
 *   control, most significant bit first (the standard numbers bits from 1 = least significant):
 *     I format   | N(S) 7 bits |0|   | N(R) 7 bits |P/F|
 *     S format   |0 0 0 0|S S|0 1|   | N(R) 7 bits |P/F|      RR 0x01, RNR 0x05, REJ 0x09
 *     U format   |M M M|P/F|M M|1 1|                          UI 0x03, SABME 0x6F, UA 0x63, DISC 0x43, DM 0x0F,
 *                                                             FRMR 0x87, XID 0xAF, TEST 0xE3 (P/F = 0x10)
 * </pre>
 * A SAP address is written here with its low bit clear ({@code 0x14}); the I/G and C/R bits are separate arguments
 * (a DSAP given with its I/G bit set, such as the global {@code 0xFF}, keeps it).
 * Fields are read and written in place; all offsets are relative to the start of the LLC header ({@code llcOffset}),
 * which follows the Ethernet header.
 */
public final class LlcHeader {

    public static final int DSAP_OFFSET = 0;
    public static final int SSAP_OFFSET = 1;
    public static final int CONTROL_OFFSET = 2;
    /** The header with a one-octet control field (U format). */
    public static final int U_HEADER_LENGTH = 3;
    /** The header with a two-octet control field (I and S formats). */
    public static final int IS_HEADER_LENGTH = 4;

    /** The I/G bit of the DSAP: a group address. */
    public static final int GROUP_BIT = 0x01;
    /** The C/R bit of the SSAP: a response. */
    public static final int RESPONSE_BIT = 0x01;
    /** The null SAP: the station itself; answers XID and TEST. */
    public static final int NULL_SAP = 0x00;
    /** The global DSAP: every SAP of the station. */
    public static final int GLOBAL_SAP = 0xFF;

    /** U-format codes with the P/F bit clear. */
    public static final int UI = 0x03, SABME = 0x6F, UA = 0x63, DISC = 0x43, DM = 0x0F, FRMR = 0x87, XID = 0xAF,
        TEST = 0xE3;
    /** The P/F bit of a U-format control octet. */
    public static final int U_PF = 0x10;
    /** S-format codes (the first control octet). */
    public static final int RR = 0x01, RNR = 0x05, REJ = 0x09;
    /** The P/F bit of the second control octet of the I and S formats. */
    public static final int IS_PF = 0x01;
    /** Sequence numbers count modulo this (extended mode). */
    public static final int MODULUS = 128;

    /** The basic XID information field: format identifier, LLC class, receive window (3 octets). */
    public static final int XID_INFO_LENGTH = 3;
    /** XID format identifier: the basic format. */
    public static final int XID_FORMAT_BASIC = 0x81;
    /** XID class: type 1 only (class I). */
    public static final int XID_CLASS_1 = 0x01;
    /** XID class: types 1 and 2 (class II). */
    public static final int XID_CLASS_2 = 0x03;

    /** The FRMR information field in extended mode (5 octets). */
    public static final int FRMR_INFO_LENGTH = 5;
    /** FRMR reason bits (fifth octet): W control field invalid or not implemented. */
    public static final int FRMR_W = 0x01;
    /** FRMR reason: X an information field where none is allowed (sent with W). */
    public static final int FRMR_X = 0x02;
    /** FRMR reason: Y the information field is too long. */
    public static final int FRMR_Y = 0x04;
    /** FRMR reason: Z an invalid N(R). */
    public static final int FRMR_Z = 0x08;

    private LlcHeader() {
    }

    /** The DSAP with its I/G bit clear. */
    public static int dsap(byte[] b, int llcOffset) {
        return b[llcOffset + DSAP_OFFSET] & 0xFE;
    }

    /** The whole DSAP octet (0xFF is the global SAP). */
    public static int dsapOctet(byte[] b, int llcOffset) {
        return b[llcOffset + DSAP_OFFSET] & 0xFF;
    }

    /** Whether the DSAP is a group address. */
    public static boolean isGroup(byte[] b, int llcOffset) {
        return (b[llcOffset + DSAP_OFFSET] & GROUP_BIT) != 0;
    }

    /** The SSAP with its C/R bit clear. */
    public static int ssap(byte[] b, int llcOffset) {
        return b[llcOffset + SSAP_OFFSET] & 0xFE;
    }

    /** Whether the PDU is a response (C/R bit set). */
    public static boolean isResponse(byte[] b, int llcOffset) {
        return (b[llcOffset + SSAP_OFFSET] & RESPONSE_BIT) != 0;
    }

    /** The first control octet. */
    public static int control(byte[] b, int llcOffset) {
        return b[llcOffset + CONTROL_OFFSET] & 0xFF;
    }

    /** The second control octet (I and S formats only). */
    public static int control2(byte[] b, int llcOffset) {
        return b[llcOffset + CONTROL_OFFSET + 1] & 0xFF;
    }

    /** Whether a first control octet is of the I format. */
    public static boolean isI(int control) {
        return (control & 0x01) == 0;
    }

    /** Whether a first control octet is of the S format. */
    public static boolean isS(int control) {
        return (control & 0x03) == 0x01;
    }

    /** Whether a first control octet is of the U format. */
    public static boolean isU(int control) {
        return (control & 0x03) == 0x03;
    }

    /** The header length for a first control octet: 3 for U, 4 for I and S. */
    public static int headerLength(int control) {
        return isU(control) ? U_HEADER_LENGTH : IS_HEADER_LENGTH;
    }

    /** The U-format code of a control octet with its P/F bit cleared ({@link #SABME}, {@link #UA}, ...). */
    public static int uCode(int control) {
        return control & ~U_PF & 0xFF;
    }

    /** The P/F bit of a U-format control octet. */
    public static boolean uPollFinal(int control) {
        return (control & U_PF) != 0;
    }

    /** N(S) of an I-format PDU. */
    public static int ns(byte[] b, int llcOffset) {
        return (b[llcOffset + CONTROL_OFFSET] & 0xFF) >>> 1;
    }

    /** N(R) of an I- or S-format PDU. */
    public static int nr(byte[] b, int llcOffset) {
        return (b[llcOffset + CONTROL_OFFSET + 1] & 0xFF) >>> 1;
    }

    /** The P/F bit of an I- or S-format PDU. */
    public static boolean isPollFinal(byte[] b, int llcOffset) {
        return (b[llcOffset + CONTROL_OFFSET + 1] & IS_PF) != 0;
    }

    /** Writes both SAP octets. */
    public static void writeSaps(byte[] b, int llcOffset, int dsap, boolean groupDsap, int ssap, boolean response) {
        b[llcOffset + DSAP_OFFSET] = (byte) (dsap | (groupDsap ? GROUP_BIT : 0));
        b[llcOffset + SSAP_OFFSET] = (byte) (ssap & 0xFE | (response ? RESPONSE_BIT : 0));
    }

    /**
     * Writes a U-format header.
     *
     * @param code {@link #UI}, {@link #SABME}, ... (P/F clear)
     * @return the header length, {@link #U_HEADER_LENGTH}
     */
    public static int writeU(byte[] b, int llcOffset, int dsap, int ssap, boolean response, int code,
        boolean pollFinal) {
        writeSaps(b, llcOffset, dsap, false, ssap, response);
        b[llcOffset + CONTROL_OFFSET] = (byte) (code | (pollFinal ? U_PF : 0));
        return U_HEADER_LENGTH;
    }

    /**
     * Writes an S-format header.
     *
     * @param code {@link #RR}, {@link #RNR} or {@link #REJ}
     * @return the header length, {@link #IS_HEADER_LENGTH}
     */
    public static int writeS(byte[] b, int llcOffset, int dsap, int ssap, boolean response, int code, int nr,
        boolean pollFinal) {
        writeSaps(b, llcOffset, dsap, false, ssap, response);
        b[llcOffset + CONTROL_OFFSET] = (byte) code;
        b[llcOffset + CONTROL_OFFSET + 1] = (byte) ((nr & 0x7F) << 1 | (pollFinal ? IS_PF : 0));
        return IS_HEADER_LENGTH;
    }

    /**
     * Writes an I-format header.
     *
     * @return the header length, {@link #IS_HEADER_LENGTH}
     */
    public static int writeI(byte[] b, int llcOffset, int dsap, int ssap, boolean response, int ns, int nr,
        boolean pollFinal) {
        writeSaps(b, llcOffset, dsap, false, ssap, response);
        b[llcOffset + CONTROL_OFFSET] = (byte) ((ns & 0x7F) << 1);
        b[llcOffset + CONTROL_OFFSET + 1] = (byte) ((nr & 0x7F) << 1 | (pollFinal ? IS_PF : 0));
        return IS_HEADER_LENGTH;
    }
}
