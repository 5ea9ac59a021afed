package org.firmerware.bottom.chip.lan9118;

import static org.firmerware.bottom.chip.lan9118.Lan9118Registers.*;

import org.firmerware.bottom.hal.NetworkListener;
import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.bottom.machine.Registers;

/**
 * The LAN9118 as the board's {@link NetworkPort}, in 32-bit mode at a memory-mapped base address. The MAC filter
 * passes unicast to our address, broadcast and all multicast; the transmitter pads short frames; the TX status FIFO is
 * allowed to overrun (no status is read).
 *
 * <h2>Bring-up at the first interrupt</h2>
 * The chip's init waits for it: the soft reset and the PMT ready bit, every MAC and PHY register access (the
 * MAC_CSR_CMD and MII_ACC busy bits). Init cannot wait (on AOT images it runs on the build host, and the image replays
 * only its stores), so {@link #configure()} does nothing to the chip and the board makes the chip's interrupt line
 * pending during init: the first {@link #onInterrupt()} brings the chip up (BYTE_TEST, soft reset, the interrupt pin
 * active high and push-pull, MAC address, PHY interrupt mask, transmitter, receiver, interrupt enables) and reads the
 * link. Until then {@link #send} refuses frames (and {@link NetworkListener#onCanSend()} follows the bring-up) and
 * {@link #receive} has none. The link is reported as {@link Config#linkAtBoot} until the PHY has been read.
 *
 * <h2>Interrupts</h2>
 * The handler acknowledges every enabled cause (INT_STS is write-1-to-clear; the PHY's cause is cleared by reading its
 * source register) and reports link changes (PHY), received frames (RX status FIFO level above 0) and, only while a
 * refused send waits, room in the TX data FIFO (its level interrupt). Every wait for the chip is bounded by
 * {@link Config#pollLimit}; a chip that does not answer is given up ({@link #failed()}), and the board masks its line.
 *
 * <p>Main loop only, except {@link #onInterrupt()} (upcall context) and {@link #macAddress} (anywhere).
 */
public final class Lan9118 implements NetworkPort {

    /** Where the chip is and how it is used. Immutable. */
    public static final class Config {
        /** The chip's base address. */
        public final int base;
        /** The longest frame sent or received, without FCS (1514). */
        public final int maxFrame;
        /** How many times a wait for the chip polls before the chip is given up. */
        public final int pollLimit;
        /** How many bad frames {@link #receive} drops in one call before it returns 0. */
        public final int dropsPerReceive;
        /** The link state reported before the bring-up has read the PHY (a board's cable is usually plugged). */
        public final boolean linkAtBoot;

        public Config(int base, int maxFrame, int pollLimit, int dropsPerReceive, boolean linkAtBoot) {
            this.base = base;
            this.maxFrame = maxFrame;
            this.pollLimit = pollLimit;
            this.dropsPerReceive = dropsPerReceive;
            this.linkAtBoot = linkAtBoot;
        }
    }

    private static final int MIN_FRAME = 14;
    private static final int PADDED_FRAME = 60;
    private static final int ENABLED = INT_RSFL | INT_PHY | INT_RXE | INT_TXE;

    private final Config config;
    private final byte[] mac = new byte[6];
    private NetworkListener listener;
    private boolean started;
    private boolean failed;
    private boolean online;
    private boolean waitingForRoom;
    private int dropped;
    private int sent;
    private int errors;
    private int tag;

    /** Wires the driver; no I/O. */
    public Lan9118(Config config) {
        this.config = config;
        this.online = config.linkAtBoot;
    }

    /** Sets the MAC address the bring-up programs and {@link #macAddress} reports. Init only. */
    public void useMacAddress(byte[] src, int off) {
        System.arraycopy(src, off, mac, 0, 6);
    }

    /** The chip's part of init: nothing (see the class comment: the bring-up runs at the first interrupt). */
    public void configure() {
    }

    /** Where upcalls go; called by the board's attach. */
    public void attach(NetworkListener target) {
        listener = target;
    }

    /** Whether the chip did not answer at its bring-up (or later) and was given up. */
    public boolean failed() {
        return failed;
    }

    @Override
    public int maxFrameLength() {
        return config.maxFrame;
    }

    @Override
    public void macAddress(byte[] dst, int off) {
        System.arraycopy(mac, 0, dst, off, 6);
    }

    @Override
    public boolean isOnline() {
        return online;
    }

    @Override
    public boolean canSend() {
        return started && online && room(config.maxFrame);
    }

    /** Whether the TX data FIFO takes a frame of {@code len} bytes with its command words now. */
    private boolean room(int len) {
        int free = read(TX_FIFO_INF) & TX_FIFO_INF_TDFREE_MASK;
        return free >= (Math.max(len, PADDED_FRAME) + 3 & ~3) + TX_COMMAND_BYTES;
    }

    @Override
    public boolean send(byte[] frame, int off, int len) {
        if (len < MIN_FRAME || len > config.maxFrame || failed) {
            return true;
        }
        if (!started) {
            waitingForRoom = true;
            return false;
        }
        if (!online) {
            return true;
        }
        if (!room(len)) {
            askForRoom();
            if (!room(len)) {
                return false;
            }
            stopAskingForRoom();
        }
        int padded = Math.max(len, PADDED_FRAME);
        tag = tag + 1 & 0xFFFF;
        write(TX_DATA_FIFO, TX_CMD_A_FIRST_SEG | TX_CMD_A_LAST_SEG | padded);
        write(TX_DATA_FIFO, tag << TX_CMD_B_TAG_SHIFT | padded);
        for (int i = 0; i < padded; i += 4) {
            write(TX_DATA_FIFO, byteAt(frame, off, len, i) | byteAt(frame, off, len, i + 1) << 8
                | byteAt(frame, off, len, i + 2) << 16 | byteAt(frame, off, len, i + 3) << 24);
        }
        sent++;
        return true;
    }

    private static int byteAt(byte[] frame, int off, int len, int i) {
        return i < len ? frame[off + i] & 0xFF : 0;
    }

    /** Enables the TX data available interrupt, at a level that means room for a frame of full length. */
    private void askForRoom() {
        waitingForRoom = true;
        int level = (config.maxFrame + TX_COMMAND_BYTES + 63) / 64;
        write(FIFO_INT, read(FIFO_INT) & ~(0xFF << FIFO_INT_TDAL_SHIFT) | level << FIFO_INT_TDAL_SHIFT);
        write(INT_STS, INT_TDFA);
        write(INT_EN, ENABLED | INT_TDFA);
    }

    private void stopAskingForRoom() {
        waitingForRoom = false;
        write(INT_EN, ENABLED);
    }

    @Override
    public int receive(byte[] dst, int off, int max) {
        if (!started) {
            return 0;
        }
        for (int attempt = 0; attempt <= config.dropsPerReceive; attempt++) {
            if ((read(RX_FIFO_INF) >>> RX_FIFO_INF_RXSUSED_SHIFT & 0xFF) == 0) {
                return 0;
            }
            int status = read(RX_STATUS_FIFO);
            int withFcs = status >>> RX_STS_LENGTH_SHIFT & RX_STS_LENGTH_MASK;
            int len = withFcs - FCS_BYTES;
            boolean fits = (status & RX_STS_ES) == 0 && len >= MIN_FRAME && len <= max && len <= config.maxFrame;
            // Every word of the frame is read, the FCS too: that is what frees it in the RX data FIFO.
            for (int i = 0; i < withFcs; i += 4) {
                int w = read(RX_DATA_FIFO);
                if (fits) {
                    for (int k = 0; k < 4 && i + k < len; k++) {
                        dst[off + i + k] = (byte) (w >>> 8 * k);
                    }
                }
            }
            if (fits) {
                return len;
            }
            dropped++;
        }
        return 0;
    }

    @Override
    public int droppedFrames() {
        return dropped;
    }

    /** Frames handed to the chip since power-up. */
    public int sentFrames() {
        return sent;
    }

    /** Receiver and transmitter errors the chip reported. */
    public int errors() {
        return errors;
    }

    /**
     * The chip's interrupt: the bring-up the first time, then every enabled cause (see the class comment). Upcall
     * context.
     *
     * @return whether it made an upcall
     */
    public boolean onInterrupt() {
        if (failed) {
            return false;
        }
        if (!started) {
            return bringUp();
        }
        int causes = read(INT_STS) & read(INT_EN);
        boolean upcall = false;
        if ((causes & INT_PHY) != 0) {
            phyRead(PHY_INT_SRC);
            upcall |= link(phyRead(PHY_BSR));
        }
        write(INT_STS, causes);
        if ((causes & (INT_RXE | INT_TXE)) != 0) {
            errors++;
        }
        if ((causes & INT_TDFA) != 0) {
            write(INT_EN, ENABLED);
            if (waitingForRoom) {
                waitingForRoom = false;
                if (listener != null) {
                    listener.onCanSend();
                    upcall = true;
                }
            }
        }
        if ((causes & INT_RSFL) != 0 && listener != null) {
            listener.onCanReceive();
            upcall = true;
        }
        return upcall && !failed;
    }

    private boolean bringUp() {
        if (read(BYTE_TEST) != BYTE_TEST_VALUE) {
            failed = true;
            return false;
        }
        write(HW_CFG, HW_CFG_SRST);
        if (!waitClear(HW_CFG, HW_CFG_SRST) || !waitSet(PMT_CTRL, PMT_CTRL_READY)) {
            failed = true;
            return false;
        }
        write(IRQ_CFG, IRQ_CFG_IRQ_EN | IRQ_CFG_IRQ_POL | IRQ_CFG_IRQ_TYPE);
        write(INT_EN, 0);
        write(INT_STS, 0xFFFF_FFFF);
        macWrite(ADDRH, (mac[5] & 0xFF) << 8 | mac[4] & 0xFF);
        macWrite(ADDRL, (mac[3] & 0xFF) << 24 | (mac[2] & 0xFF) << 16 | (mac[1] & 0xFF) << 8 | mac[0] & 0xFF);
        phyWrite(PHY_INT_MASK, PHY_INT_AN_COMPLETE | PHY_INT_LINK_DOWN);
        phyRead(PHY_INT_SRC);
        write(TX_CFG, TX_CFG_TX_ON | TX_CFG_TXSAO);
        macWrite(MAC_CR, MAC_CR_TXEN | MAC_CR_RXEN | MAC_CR_MCPAS);
        int bsr = phyRead(PHY_BSR);
        write(INT_STS, 0xFFFF_FFFF);
        write(INT_EN, ENABLED);
        if (failed) {
            return false;
        }
        started = true;
        boolean upcall = link(bsr);
        if (waitingForRoom && listener != null) {
            waitingForRoom = false;
            listener.onCanSend();
            upcall = true;
        }
        return upcall;
    }

    /** Reports a change of the link that the PHY's basic status shows; whether it made an upcall. */
    private boolean link(int bsr) {
        boolean up = (bsr & PHY_BSR_LINK) != 0;
        if (up == online || failed) {
            return false;
        }
        online = up;
        if (listener == null) {
            return false;
        }
        if (up) {
            listener.onOnline();
        } else {
            listener.onOffline();
        }
        return true;
    }

    private int macRead(int index) {
        write(MAC_CSR_CMD, MAC_CSR_CMD_BUSY | MAC_CSR_CMD_READ | index);
        waitClear(MAC_CSR_CMD, MAC_CSR_CMD_BUSY);
        return read(MAC_CSR_DATA);
    }

    private void macWrite(int index, int value) {
        write(MAC_CSR_DATA, value);
        write(MAC_CSR_CMD, MAC_CSR_CMD_BUSY | index);
        waitClear(MAC_CSR_CMD, MAC_CSR_CMD_BUSY);
    }

    private int phyRead(int index) {
        macWrite(MII_ACC, MII_ACC_PHY | index << MII_ACC_INDEX_SHIFT | MII_ACC_BUSY);
        waitMii();
        return macRead(MII_DATA) & 0xFFFF;
    }

    private void phyWrite(int index, int value) {
        macWrite(MII_DATA, value);
        macWrite(MII_ACC, MII_ACC_PHY | index << MII_ACC_INDEX_SHIFT | MII_ACC_WRITE | MII_ACC_BUSY);
        waitMii();
    }

    private void waitMii() {
        for (int i = 0; i < config.pollLimit; i++) {
            if ((macRead(MII_ACC) & MII_ACC_BUSY) == 0) {
                return;
            }
        }
        failed = true;
    }

    /** Polls until the bits are clear; false (and the chip given up) when they stay set. */
    private boolean waitClear(int register, int bits) {
        for (int i = 0; i < config.pollLimit; i++) {
            if ((read(register) & bits) == 0) {
                return true;
            }
        }
        failed = true;
        return false;
    }

    private boolean waitSet(int register, int bits) {
        for (int i = 0; i < config.pollLimit; i++) {
            if ((read(register) & bits) == bits) {
                return true;
            }
        }
        failed = true;
        return false;
    }

    private int read(int register) {
        return Registers.read32(config.base + register);
    }

    private void write(int register, int value) {
        Registers.write32(config.base + register, value);
    }
}
