package org.firmerware.bottom.chip.lan9118;

/**
 * The LAN9118's system control and status registers (byte offsets from the chip's base, 32-bit accesses), the MAC
 * control and status registers behind MAC_CSR_CMD/MAC_CSR_DATA, the PHY registers behind MII_ACC/MII_DATA, and the
 * bits the driver uses, with the data sheet's names (SMSC LAN9118 data sheet rev. 1.5, sections 5.3 to 5.5).
 */
public final class Lan9118Registers {

    private Lan9118Registers() {
    }

    // ------------------------------------------------------------------ FIFO ports
    /** Read: the next word of the received frame (offsets 0x00 to 0x1C are the same port). */
    public static final int RX_DATA_FIFO = 0x00;
    /** Write: the next word of the frame to send: command A, command B, then the data (0x20 to 0x3C). */
    public static final int TX_DATA_FIFO = 0x20;
    /** Read: the status word of the next received frame. */
    public static final int RX_STATUS_FIFO = 0x40;

    // ------------------------------------------------------------------ system control and status registers
    public static final int ID_REV = 0x50;
    public static final int IRQ_CFG = 0x54;
    public static final int INT_STS = 0x58;
    public static final int INT_EN = 0x5C;
    /** Reads {@link #BYTE_TEST_VALUE} when the bus works (and is not byte-swapped). */
    public static final int BYTE_TEST = 0x64;
    public static final int FIFO_INT = 0x68;
    public static final int RX_CFG = 0x6C;
    public static final int TX_CFG = 0x70;
    public static final int HW_CFG = 0x74;
    public static final int RX_FIFO_INF = 0x7C;
    public static final int TX_FIFO_INF = 0x80;
    public static final int PMT_CTRL = 0x84;
    public static final int MAC_CSR_CMD = 0xA4;
    public static final int MAC_CSR_DATA = 0xA8;

    public static final int BYTE_TEST_VALUE = 0x8765_4321;

    /** IRQ_CFG: the IRQ pin is enabled. */
    public static final int IRQ_CFG_IRQ_EN = 1 << 8;
    /** IRQ_CFG: the IRQ pin is active high. */
    public static final int IRQ_CFG_IRQ_POL = 1 << 4;
    /** IRQ_CFG: the IRQ pin is push-pull (not open drain). */
    public static final int IRQ_CFG_IRQ_TYPE = 1 << 0;

    /** INT_STS/INT_EN: the RX status FIFO holds more entries than FIFO_INT's RX status level. */
    public static final int INT_RSFL = 1 << 3;
    /** INT_STS/INT_EN: the TX data FIFO has more free space than FIFO_INT's TX data available level. */
    public static final int INT_TDFA = 1 << 9;
    /** INT_STS/INT_EN: transmitter error. */
    public static final int INT_TXE = 1 << 13;
    /** INT_STS/INT_EN: receiver error. */
    public static final int INT_RXE = 1 << 14;
    /** INT_STS/INT_EN: the PHY's interrupt (its source register says which). */
    public static final int INT_PHY = 1 << 18;

    /** FIFO_INT: the TX data available level, in units of 64 bytes (bits 31:24). */
    public static final int FIFO_INT_TDAL_SHIFT = 24;

    /** TX_CFG: the transmitter is on. */
    public static final int TX_CFG_TX_ON = 1 << 1;
    /** TX_CFG: the TX status FIFO may overrun (the driver does not read it). */
    public static final int TX_CFG_TXSAO = 1 << 2;

    /** HW_CFG: soft reset; reads 1 until it is done. */
    public static final int HW_CFG_SRST = 1 << 0;
    /** PMT_CTRL: the chip is ready after power-up or reset. */
    public static final int PMT_CTRL_READY = 1 << 0;

    /** RX_FIFO_INF: entries used in the RX status FIFO (bits 23:16). */
    public static final int RX_FIFO_INF_RXSUSED_SHIFT = 16;
    /** TX_FIFO_INF: free bytes in the TX data FIFO (bits 15:0). */
    public static final int TX_FIFO_INF_TDFREE_MASK = 0xFFFF;

    /** RX status: the frame's length including the FCS (bits 29:16). */
    public static final int RX_STS_LENGTH_SHIFT = 16;
    public static final int RX_STS_LENGTH_MASK = 0x3FFF;
    /** RX status: error summary (CRC, runt, too long, collision, ...). */
    public static final int RX_STS_ES = 1 << 15;
    /** Bytes of FCS at the end of every received frame. */
    public static final int FCS_BYTES = 4;

    /** TX command A: first and last segment of a frame, buffer size in bits 10:0. */
    public static final int TX_CMD_A_FIRST_SEG = 1 << 13;
    public static final int TX_CMD_A_LAST_SEG = 1 << 12;
    /** TX command B: the packet tag in bits 31:16, the frame length in bits 10:0. */
    public static final int TX_CMD_B_TAG_SHIFT = 16;
    /** Bytes of the two command words before a frame's data in the TX data FIFO. */
    public static final int TX_COMMAND_BYTES = 8;

    /** MAC_CSR_CMD: busy (write 1 to start an access, reads 1 until it is done). */
    public static final int MAC_CSR_CMD_BUSY = 1 << 31;
    /** MAC_CSR_CMD: the access is a read. */
    public static final int MAC_CSR_CMD_READ = 1 << 30;

    // ------------------------------------------------------------------ MAC CSRs (MAC_CSR_CMD index)
    public static final int MAC_CR = 1;
    public static final int ADDRH = 2;
    public static final int ADDRL = 3;
    public static final int MII_ACC = 6;
    public static final int MII_DATA = 7;

    /** MAC_CR: pass all multicast frames. */
    public static final int MAC_CR_MCPAS = 1 << 19;
    /** MAC_CR: transmitter and receiver enabled. */
    public static final int MAC_CR_TXEN = 1 << 3;
    public static final int MAC_CR_RXEN = 1 << 2;

    /** MII_ACC: the internal PHY's address (bits 15:11 = 1), the register index in bits 10:6. */
    public static final int MII_ACC_PHY = 1 << 11;
    public static final int MII_ACC_INDEX_SHIFT = 6;
    public static final int MII_ACC_WRITE = 1 << 1;
    public static final int MII_ACC_BUSY = 1 << 0;

    // ------------------------------------------------------------------ PHY registers (MII_ACC index)
    /** Basic status: link status in bit 2. */
    public static final int PHY_BSR = 1;
    public static final int PHY_BSR_LINK = 1 << 2;
    /** Interrupt source flags (read clears). */
    public static final int PHY_INT_SRC = 29;
    /** Interrupt mask. */
    public static final int PHY_INT_MASK = 30;
    /** PHY interrupt: auto-negotiation complete (the link came up). */
    public static final int PHY_INT_AN_COMPLETE = 1 << 6;
    /** PHY interrupt: the link went down. */
    public static final int PHY_INT_LINK_DOWN = 1 << 4;
}
