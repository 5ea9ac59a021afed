package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.ksz8842.Ksz8842Registers.*;

import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.boards.sim.hw.SimNetworkPort;
import org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers;

/**
 * The BT200's KSZ8842-16 as its host bus and its jacks see it (see {@code Ksz8842Registers}): banked 16-bit registers,
 * the MAC filter, the transmit and receive memories of the queue management unit, the interrupt status and its line to
 * the DSP's INT0, and the link of the two jacks, which the world plugs into the virtual LAN.
 *
 * <h2>The host bus of the BT200</h2>
 * The DSP reads and writes each 16-bit register as 32 bits at {@code 4 * (offset / 2)} from the window's start: the low
 * half carries the register with its two bytes swapped (the chip is little-endian, the DSP big-endian), the high half is
 * garbage on reads (the model returns 0xDEAD there, to catch a driver that forgets to mask it).
 *
 * <h2>Frames</h2>
 * Transmit memory holds {@value #TX_MEMORY} bytes; a frame enqueued with TXETF leaves when the world next drains the
 * port (at the same virtual time), padded to 60 bytes, which frees its memory and, when its control word asked for it,
 * sets TXIS. Received frames that pass the filter wait in receive memory ({@value #RX_MEMORY} bytes) and set RXIS.
 * Checks: the QMU used in an order the chip does not follow, a byte count that differs from the data written, frames
 * sent before the transmitter is enabled or the switch started, accesses of 16 bits.
 */
public final class Ksz8842Model implements Phone.Port {

    static final int TX_MEMORY = 4096;
    static final int RX_MEMORY = 12 * 1024;
    private static final int GARBAGE = 0xDEAD;
    private static final int FRAME_BYTES = 1536;
    private static final int BANKS = 64;

    private static final int TX_IDLE = 0, TX_LENGTH = 1, TX_DATA_LOW = 2, TX_DATA_HIGH = 3;
    private static final int RX_STATUS_LOW = 0, RX_STATUS_HIGH = 1, RX_DATA_LOW = 2, RX_DATA_HIGH = 3;

    private final Bt200Phone phone;
    private final byte[] mac;
    private final int[][] banks = new int[BANKS][8];
    private int bank;
    private int isr;
    private boolean line;
    private boolean online;

    // Transmit: the frame being written, then a queue the world drains.
    private final byte[] txFrame = new byte[FRAME_BYTES];
    private int txState = TX_IDLE;
    private int txControl;
    private int txLength;
    private int txWritten;
    private final byte[][] txQueue;
    private final int[] txQueueLength;
    private final boolean[] txQueueInterrupt;
    private int txHead;
    private int txCount;
    private int txUsed;

    // Receive: a queue the world fills.
    private final byte[][] rxQueue;
    private final int[] rxQueueLength;
    private int rxHead;
    private int rxCount;
    private int rxUsed;
    private int rxState = RX_STATUS_LOW;
    private int rxRead;
    private int dropped;

    Ksz8842Model(Bt200Phone phone, byte[] mac, int slots) {
        this.phone = phone;
        this.mac = mac.clone();
        txQueue = new byte[slots][FRAME_BYTES];
        txQueueLength = new int[slots];
        txQueueInterrupt = new boolean[slots];
        rxQueue = new byte[2 * slots][FRAME_BYTES];
        rxQueueLength = new int[2 * slots];
    }

    void reset(boolean linkUp) {
        for (int b = 0; b < BANKS; b++) {
            for (int r = 0; r < 8; r++) {
                banks[b][r] = 0;
            }
        }
        bank = 0;
        isr = 0;
        line = false;
        online = linkUp;
        txState = TX_IDLE;
        txHead = txCount = txUsed = 0;
        rxHead = rxCount = rxUsed = 0;
        rxState = RX_STATUS_LOW;
    }

    // ------------------------------------------------------------------ the host bus (firmware thread)

    /** A 32-bit read at {@code offset} bytes into the window. */
    int hostRead(int offset) {
        return GARBAGE << 16 | swap(read(offset / 4 * 2));
    }

    /** A 32-bit write at {@code offset} bytes into the window. */
    void hostWrite(int offset, int value) {
        write(offset / 4 * 2, swap(value & 0xFFFF));
    }

    private static int swap(int v) {
        return (v & 0xFF) << 8 | v >> 8 & 0xFF;
    }

    private int read(int reg) {
        if (reg == BSR) {
            return bank;
        }
        switch (bank << 8 | reg) {
            case BANK_CONTROL << 8 | TXMIR: return TX_MEMORY - txUsed & MIR_MASK;
            case BANK_CONTROL << 8 | RXMIR: return RX_MEMORY - rxUsed & MIR_MASK;
            case BANK_QMU << 8 | TXQCR: return 0;
            case BANK_QMU << 8 | RXQCR: return 0;
            case BANK_QMU << 8 | QDRL: return rxData(false);
            case BANK_QMU << 8 | QDRH: return rxData(true);
            case BANK_INTERRUPT << 8 | ISR: return isr;
            case BANK_INTERRUPT << 8 | RXSR: return rxCount > 0 ? RXSR_RXFV : 0;
            case BANK_INTERRUPT << 8 | RXBC: return rxCount > 0 ? rxQueueLength[rxHead] + FCS_BYTES : 0;
            case BANK_PORT1 << 8 | PMBSR:
            case BANK_PORT2 << 8 | PMBSR:
                return bank == BANK_PORT1 && online ? PMBSR_LINK : 0;
            default:
                return bank < BANKS ? banks[bank][reg >> 1] : 0;
        }
    }

    private void write(int reg, int value) {
        if (reg == BSR) {
            if (value >= BANKS) {
                phone.errors.report(phone.nowUs, "KSZ8842: bank %d does not exist", value, 0, 0);
            }
            bank = value & (BANKS - 1);
            return;
        }
        switch (bank << 8 | reg) {
            case BANK_QMU << 8 | QDRL: txData(false, value); return;
            case BANK_QMU << 8 | QDRH: txData(true, value); return;
            case BANK_QMU << 8 | TXQCR:
                if ((value & TXQCR_TXETF) != 0) {
                    enqueue();
                }
                return;
            case BANK_QMU << 8 | RXQCR:
                if ((value & RXQCR_RXRRF) != 0) {
                    release();
                }
                return;
            case BANK_INTERRUPT << 8 | ISR:
                isr &= ~value;
                updateLine();
                return;
            default:
                banks[bank][reg >> 1] = value;
                if (bank == BANK_INTERRUPT && reg == IER) {
                    updateLine();
                }
        }
    }

    private void txData(boolean high, int value) {
        switch (txState) {
            case TX_IDLE:
                if (high) {
                    phone.errors.report(phone.nowUs, "KSZ8842: QDRH written before the control word in QDRL", 0, 0, 0);
                    return;
                }
                txControl = value;
                txState = TX_LENGTH;
                return;
            case TX_LENGTH:
                if (!high) {
                    phone.errors.report(phone.nowUs, "KSZ8842: QDRL written where the byte count (QDRH) goes", 0, 0, 0);
                    return;
                }
                txLength = value & 0x7FF;
                txWritten = 0;
                txState = TX_DATA_LOW;
                return;
            default:
                if (high != (txState == TX_DATA_HIGH)) {
                    phone.errors.report(phone.nowUs, "KSZ8842: frame data written out of order (low, high, low, ...)",
                        0, 0, 0);
                }
                if (txWritten + 2 <= FRAME_BYTES) {
                    txFrame[txWritten] = (byte) value;
                    txFrame[txWritten + 1] = (byte) (value >> 8);
                }
                txWritten += 2;
                txState = high ? TX_DATA_LOW : TX_DATA_HIGH;
        }
    }

    private void enqueue() {
        if (txState != TX_DATA_LOW || txWritten < txLength || txWritten > (txLength + 3 & ~3)) {
            phone.errors.report(phone.nowUs, "KSZ8842: TXETF with %d data bytes written for a frame of %d", txWritten,
                txLength, 0);
            txState = TX_IDLE;
            return;
        }
        txState = TX_IDLE;
        int txcr = banks[BANK_CONTROL][TXCR >> 1];
        if ((txcr & TXCR_TXE) == 0 || (banks[BANK_SWITCH][SIDER >> 1] & SIDER_START) == 0) {
            phone.errors.report(phone.nowUs, "KSZ8842: frame enqueued with the transmitter (TXCR %x) or the switch "
                + "off; it does not leave", txcr, 0, 0);
            return;
        }
        int need = Math.max(txLength, 60) + TX_OVERHEAD + 3 & ~3;
        if (need > TX_MEMORY - txUsed || txCount == txQueue.length) {
            phone.errors.report(phone.nowUs, "KSZ8842: frame of %d bytes enqueued with only %d bytes of transmit "
                + "memory free", txLength, TX_MEMORY - txUsed, 0);
            return;
        }
        int slot = (txHead + txCount) % txQueue.length;
        int len = txLength;
        System.arraycopy(txFrame, 0, txQueue[slot], 0, len);
        if ((txcr & TXCR_TXPE) != 0) {
            while (len < 60) {
                txQueue[slot][len++] = 0;
            }
        }
        txQueueLength[slot] = len;
        txQueueInterrupt[slot] = (txControl & TX_CONTROL_TXIC) != 0;
        txCount++;
        txUsed += need;
    }

    private int rxData(boolean high) {
        if (rxCount == 0) {
            phone.errors.report(phone.nowUs, "KSZ8842: QDR read with no frame waiting", 0, 0, 0);
            return 0;
        }
        int expected = rxState == RX_STATUS_LOW || rxState == RX_DATA_LOW ? 0 : 1;
        if ((high ? 1 : 0) != expected) {
            phone.errors.report(phone.nowUs, "KSZ8842: frame read out of order (low, high, low, ...)", 0, 0, 0);
        }
        int len = rxQueueLength[rxHead];
        switch (rxState) {
            case RX_STATUS_LOW:
                rxState = RX_STATUS_HIGH;
                return RXSR_RXFV;
            case RX_STATUS_HIGH:
                rxState = RX_DATA_LOW;
                rxRead = 0;
                return len + FCS_BYTES;
            default:
                byte[] f = rxQueue[rxHead];
                int lo = rxRead < len ? f[rxRead] & 0xFF : 0;
                int hi = rxRead + 1 < len ? f[rxRead + 1] & 0xFF : 0;
                rxRead += 2;
                rxState = high ? RX_DATA_LOW : RX_DATA_HIGH;
                return lo | hi << 8;
        }
    }

    private void release() {
        if (rxCount == 0) {
            phone.errors.report(phone.nowUs, "KSZ8842: RXRRF with no frame waiting", 0, 0, 0);
            return;
        }
        rxUsed -= rxQueueLength[rxHead] + FCS_BYTES + 3 & ~3;
        rxHead = (rxHead + 1) % rxQueue.length;
        rxCount--;
        rxState = RX_STATUS_LOW;
    }

    /** Asserts the interrupt line while an enabled cause is set; its falling edge raises INT0. */
    void updateLine() {
        boolean now = (isr & banks[BANK_INTERRUPT][IER >> 1]) != 0;
        if (now && !line) {
            phone.raise(Vc5501Registers.VECTOR_INT0);
        }
        line = now;
    }

    // ------------------------------------------------------------------ the jacks (world thread)

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public void drainSent(SimNetworkPort.FrameSink sink) {
        boolean done = false;
        while (txCount > 0) {
            sink.frame(txQueue[txHead], 0, txQueueLength[txHead]);
            txUsed -= Math.max(txQueueLength[txHead], 60) + TX_OVERHEAD + 3 & ~3;
            done |= txQueueInterrupt[txHead];
            txHead = (txHead + 1) % txQueue.length;
            txCount--;
        }
        if (done) {
            isr |= INT_TXIS;
            updateLine();
        }
    }

    @Override
    public boolean arrive(byte[] frame, int off, int len) {
        if (!online || len < 14) {
            return false;
        }
        int rxcr = banks[BANK_CONTROL][RXCR >> 1];
        boolean multicast = (frame[off] & 1) != 0;
        boolean broadcast = multicast && (frame[off] & 0xFF) == 0xFF && (frame[off + 1] & 0xFF) == 0xFF;
        if ((rxcr & RXCR_RXE) == 0) {
            return false;
        }
        if (!multicast) {
            if ((rxcr & RXCR_RXUE) == 0) {
                return false;
            }
            for (int i = 0; i < 6; i++) {
                if (frame[off + i] != macRegisterByte(i)) {
                    return false;
                }
            }
        } else if (broadcast ? (rxcr & RXCR_RXBE) == 0 : (rxcr & RXCR_RXME) == 0) {
            return false;
        }
        int need = len + FCS_BYTES + 3 & ~3;
        if (rxCount == rxQueue.length || need > RX_MEMORY - rxUsed || len > FRAME_BYTES) {
            dropped++;
            return false;
        }
        int slot = (rxHead + rxCount) % rxQueue.length;
        System.arraycopy(frame, off, rxQueue[slot], 0, len);
        rxQueueLength[slot] = len;
        rxCount++;
        rxUsed += need;
        isr |= INT_RXIS;
        updateLine();
        return true;
    }

    /** Byte {@code i} of the MAC address as the firmware programmed MARH, MARM, MARL. */
    private byte macRegisterByte(int i) {
        int word = banks[BANK_MAC][(i < 2 ? MARH : i < 4 ? MARM : MARL) >> 1];
        return (byte) ((i & 1) == 0 ? word >> 8 : word);
    }

    @Override
    public void setLink(boolean up) {
        if (up != online) {
            online = up;
            isr |= INT_LCIS;
            updateLine();
        }
    }

    /** Frames the receive memory had no room for. */
    public int dropped() {
        return dropped;
    }
}
