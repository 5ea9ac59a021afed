package org.firmerware.bottom.chip.ksz8842;

/**
 * The registers of the Micrel (Microchip) KSZ8842-16 two-port switch with a MAC, as the host sees them on its 16-bit
 * bus: 16-bit registers at byte offsets 0..14 of the selected bank, with the bank select register at offset 14 in every
 * bank. Values are the chip's little-endian 16-bit registers. Sources: the KSZ8842-16MQL data sheet, "Register Map",
 * and the 0cpm port to the Grandstream BT200, which used the registers marked "(BT200)" on real hardware.
 *
 * <h2>The queue management unit (QMU)</h2>
 * Frames go through two FIFOs, reached through the 32-bit data register QDR as two 16-bit halves (low, then high). To
 * send, the host writes a control word and the byte count, then the frame 4 bytes at a time (little-endian: frame byte 0
 * is bits 7:0 of the low half), then sets TXETF. To receive, RXSR says a frame is waiting and RXBC its byte count
 * (including the 4-byte FCS); the host reads a status word and the byte count from QDR, then the frame, and releases it
 * with RXRRF.
 */
public final class Ksz8842Registers {

    private Ksz8842Registers() {
    }

    /** Bank select register, at this offset in every bank. */
    public static final int BSR = 0x0E;

    /** Bank 2: MAC address, low, middle and high 16 bits (MARH holds bytes 0 and 1). (BT200) */
    public static final int BANK_MAC = 2, MARL = 0x00, MARM = 0x02, MARH = 0x04;

    /** Bank 16: transmit control, receive control, free transmit and receive memory. (BT200) */
    public static final int BANK_CONTROL = 16, TXCR = 0x00, RXCR = 0x04, TXMIR = 0x08, RXMIR = 0x0A;
    /** TXCR: pad short frames, add the CRC, enable the transmitter. (BT200) */
    public static final int TXCR_TXPE = 0x0004, TXCR_TXCE = 0x0002, TXCR_TXE = 0x0001;
    /** RXCR: receive enable, unicast to our address, all multicast, broadcast, flow control. (BT200) */
    public static final int RXCR_RXE = 0x0001, RXCR_RXUE = 0x0020, RXCR_RXME = 0x0040, RXCR_RXBE = 0x0080,
        RXCR_RXFCE = 0x0400;
    /** RXCR: the bit the 0cpm port called RXSCE (0x0008); its meaning is to be checked in the data sheet. */
    public static final int RXCR_RXSCE = 0x0008;
    /** RXCR as the BT200 sets it: 0x04E9. (BT200) */
    public static final int RXCR_VALUE = RXCR_RXFCE | RXCR_RXBE | RXCR_RXME | RXCR_RXUE | RXCR_RXSCE | RXCR_RXE;
    /** TXMIR/RXMIR: the field of free bytes. */
    public static final int MIR_MASK = 0x1FFF;

    /** Bank 17: queue command registers, frame data pointers and the data register. (BT200) */
    public static final int BANK_QMU = 17, TXQCR = 0x00, RXQCR = 0x02, TXFDPR = 0x04, RXFDPR = 0x06, QDRL = 0x08,
        QDRH = 0x0A;
    /** TXQCR: enqueue the frame just written. (BT200) */
    public static final int TXQCR_TXETF = 0x0001;
    /** RXQCR: release the frame just read. (BT200) */
    public static final int RXQCR_RXRRF = 0x0001;
    /** TXFDPR/RXFDPR: the pointer increments by itself. (BT200) */
    public static final int FDPR_AUTO_INCREMENT = 0x4000;
    /** Transmit control word: interrupt when this frame has gone out. (BT200) */
    public static final int TX_CONTROL_TXIC = 0x8000;

    /** Bank 18: interrupt enable, interrupt status (write 1 to clear), receive status, receive byte count. (BT200) */
    public static final int BANK_INTERRUPT = 18, IER = 0x00, ISR = 0x02, RXSR = 0x04, RXBC = 0x06;
    /** IER/ISR: link change, transmit done, frame received. (BT200) */
    public static final int INT_LCIS = 0x8000, INT_TXIS = 0x4000, INT_RXIS = 0x2000;
    /** RXSR: a valid frame is waiting. (BT200) */
    public static final int RXSR_RXFV = 0x8000;
    /** RXBC: the byte count field. (BT200) */
    public static final int RXBC_MASK = 0x07FF;

    /** Bank 32: switch enable (bit 0). (BT200) */
    public static final int BANK_SWITCH = 32, SIDER = 0x00, SIDER_START = 0x0001;

    /** Banks 45 and 46: the PHY status of ports 1 and 2; link up is bit 2. (BT200) */
    public static final int BANK_PORT1 = 45, BANK_PORT2 = 46, PMBSR = 0x02, PMBSR_LINK = 0x0004;

    /** Bytes of the FCS at the end of a received frame, included in RXBC. */
    public static final int FCS_BYTES = 4;
    /** Bytes of transmit memory the chip needs besides the frame (control word and byte count). */
    public static final int TX_OVERHEAD = 4;
}
