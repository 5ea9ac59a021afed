package org.firmerware.bottom.chip.ksz8842;

import static org.firmerware.bottom.chip.ksz8842.Ksz8842Registers.*;

import org.firmerware.bottom.hal.NetworkListener;
import org.firmerware.bottom.hal.NetworkPort;

/**
 * The Micrel KSZ8842-16 two-port Ethernet switch with an internal MAC, as the board's {@link NetworkPort} (see
 * {@link Ksz8842Registers} for the register map and the QMU). The host's port of the switch is the phone's port: the
 * switch forwards between the LAN and PC jacks by itself, and the MAC filter passes unicast to our address, broadcast
 * and all multicast. The link is up when either jack has a link.
 *
 * <h2>Interrupts</h2>
 * The chip's interrupt line goes to a CPU interrupt whose handler calls {@link #onInterrupt()}. It saves the bank,
 * acknowledges every enabled cause (ISR is write-1-to-clear, so the line goes high again and a new event makes a new
 * edge), reports link changes and received frames, and restores the bank; so main-loop code may be interrupted between
 * selecting a bank and using it. The transmit-done cause is enabled only while a refused send waits for room (every
 * frame asks for it, so that it comes when one goes out).
 *
 * <p>Main loop only, except {@link #onInterrupt()}.
 */
public final class Ksz8842 implements NetworkPort {

    /** The host bus to the chip, provided by the board: 16-bit registers of the selected bank by byte offset. */
    public interface Bus {

        /** Reads the 16-bit register at {@code offset} (0..14) of the selected bank. */
        int read(int offset);

        /** Writes the 16-bit register at {@code offset} (0..14) of the selected bank. */
        void write(int offset, int value);
    }

    /** How the chip is used. Immutable. */
    public static final class Config {
        /** The longest frame sent or received, without FCS (1514, or 1518 with a VLAN tag). */
        public final int maxFrame;
        /** How many interrupt causes the handler takes in one call before it returns. */
        public final int interruptRounds;
        /** How many bad frames {@link #receive} drops in one call before it returns 0. */
        public final int dropsPerReceive;

        public Config(int maxFrame, int interruptRounds, int dropsPerReceive) {
            this.maxFrame = maxFrame;
            this.interruptRounds = interruptRounds;
            this.dropsPerReceive = dropsPerReceive;
        }
    }

    private static final int MIN_FRAME = 14;
    private static final int PADDED_FRAME = 60;

    private final Bus bus;
    private final Config config;
    private final byte[] mac = new byte[6];
    private NetworkListener listener;
    private boolean online;
    private boolean waitingForRoom;
    private int dropped;
    private int sent;

    /** Wires the driver; no I/O. */
    public Ksz8842(Bus bus, Config config) {
        this.bus = bus;
        this.config = config;
    }

    /**
     * Sets the MAC address that {@link #configure()} programs and {@link #macAddress} reports (a board reads it from
     * its flash or EEPROM first). Init only.
     */
    public void useMacAddress(byte[] src, int off) {
        System.arraycopy(src, off, mac, 0, 6);
    }

    /**
     * The chip's init: MAC address, transmitter (padding, CRC), receiver (unicast to us, broadcast, all multicast),
     * auto-incrementing frame pointers, the switch started, old interrupt causes cleared, link change and receive
     * interrupts enabled. Reads the link state.
     */
    public void configure() {
        bank(BANK_MAC);
        bus.write(MARL, (mac[4] & 0xFF) << 8 | mac[5] & 0xFF);
        bus.write(MARM, (mac[2] & 0xFF) << 8 | mac[3] & 0xFF);
        bus.write(MARH, (mac[0] & 0xFF) << 8 | mac[1] & 0xFF);
        bank(BANK_CONTROL);
        bus.write(TXCR, TXCR_TXPE | TXCR_TXCE | TXCR_TXE);
        bus.write(RXCR, RXCR_VALUE);
        bank(BANK_QMU);
        bus.write(TXFDPR, FDPR_AUTO_INCREMENT);
        bus.write(RXFDPR, FDPR_AUTO_INCREMENT);
        bank(BANK_SWITCH);
        bus.write(SIDER, SIDER_START);
        bank(BANK_INTERRUPT);
        bus.write(ISR, 0xFFFF);
        bus.write(IER, INT_LCIS | INT_RXIS);
        online = linkUp();
    }

    /** Where upcalls go; called by the board's attach. */
    public void attach(NetworkListener target) {
        listener = target;
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
        return online && room(config.maxFrame);
    }

    /** Whether the transmit memory takes a frame of {@code len} bytes now and the last one is enqueued. */
    private boolean room(int len) {
        bank(BANK_CONTROL);
        int free = bus.read(TXMIR) & MIR_MASK;
        bank(BANK_QMU);
        boolean enqueueing = (bus.read(TXQCR) & TXQCR_TXETF) != 0;
        return !enqueueing && free >= (Math.max(len, PADDED_FRAME) + TX_OVERHEAD + 3 & ~3);
    }

    @Override
    public boolean send(byte[] frame, int off, int len) {
        if (len < MIN_FRAME || len > config.maxFrame || !online) {
            return true;
        }
        if (!room(len)) {
            askForRoom();
            if (!room(len)) {
                return false;
            }
            stopAskingForRoom();
        }
        bank(BANK_QMU);
        bus.write(QDRL, TX_CONTROL_TXIC);
        bus.write(QDRH, len);
        for (int i = 0; i < len; i += 4) {
            bus.write(QDRL, byteAt(frame, off, len, i) | byteAt(frame, off, len, i + 1) << 8);
            bus.write(QDRH, byteAt(frame, off, len, i + 2) | byteAt(frame, off, len, i + 3) << 8);
        }
        bus.write(TXQCR, TXQCR_TXETF);
        sent++;
        return true;
    }

    private static int byteAt(byte[] frame, int off, int len, int i) {
        return i < len ? frame[off + i] & 0xFF : 0;
    }

    /** Enables the transmit-done interrupt (its old status cleared) to learn when there is room. */
    private void askForRoom() {
        waitingForRoom = true;
        bank(BANK_INTERRUPT);
        bus.write(ISR, INT_TXIS);
        bus.write(IER, INT_LCIS | INT_RXIS | INT_TXIS);
    }

    private void stopAskingForRoom() {
        waitingForRoom = false;
        bank(BANK_INTERRUPT);
        bus.write(IER, INT_LCIS | INT_RXIS);
    }

    @Override
    public int receive(byte[] dst, int off, int max) {
        for (int attempt = 0; attempt <= config.dropsPerReceive; attempt++) {
            bank(BANK_INTERRUPT);
            if ((bus.read(RXSR) & RXSR_RXFV) == 0) {
                return 0;
            }
            int len = (bus.read(RXBC) & RXBC_MASK) - FCS_BYTES;
            bank(BANK_QMU);
            bus.read(QDRL);
            bus.read(QDRH);
            boolean fits = len >= MIN_FRAME && len <= max && len <= config.maxFrame;
            if (fits) {
                for (int i = 0; i < len; i += 4) {
                    int low = bus.read(QDRL);
                    int high = bus.read(QDRH);
                    dst[off + i] = (byte) low;
                    if (i + 1 < len) {
                        dst[off + i + 1] = (byte) (low >> 8);
                    }
                    if (i + 2 < len) {
                        dst[off + i + 2] = (byte) high;
                    }
                    if (i + 3 < len) {
                        dst[off + i + 3] = (byte) (high >> 8);
                    }
                }
            }
            bus.write(RXQCR, RXQCR_RXRRF);
            for (int i = 0; i < 16 && (bus.read(RXQCR) & RXQCR_RXRRF) != 0; i++) {
                // The chip clears RXRRF once the frame is released; a few reads at most.
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

    /** The chip's interrupt: see the class comment. Upcall context. */
    public void onInterrupt() {
        int saved = bus.read(BSR);
        for (int round = 0; round < config.interruptRounds; round++) {
            bank(BANK_INTERRUPT);
            int causes = bus.read(ISR) & bus.read(IER);
            if (causes == 0) {
                break;
            }
            bus.write(ISR, causes);
            if ((causes & INT_LCIS) != 0) {
                boolean up = linkUp();
                if (up != online) {
                    online = up;
                    if (listener != null) {
                        if (up) {
                            listener.onOnline();
                        } else {
                            listener.onOffline();
                        }
                    }
                }
            }
            if ((causes & INT_TXIS) != 0) {
                bank(BANK_INTERRUPT);
                bus.write(IER, INT_LCIS | INT_RXIS);
                if (waitingForRoom) {
                    waitingForRoom = false;
                    if (listener != null) {
                        listener.onCanSend();
                    }
                }
            }
            if ((causes & INT_RXIS) != 0 && listener != null) {
                listener.onCanReceive();
            }
        }
        bus.write(BSR, saved);
    }

    private boolean linkUp() {
        bank(BANK_PORT1);
        boolean one = (bus.read(PMBSR) & PMBSR_LINK) != 0;
        bank(BANK_PORT2);
        boolean two = (bus.read(PMBSR) & PMBSR_LINK) != 0;
        return one || two;
    }

    private void bank(int bank) {
        bus.write(BSR, bank);
    }
}
