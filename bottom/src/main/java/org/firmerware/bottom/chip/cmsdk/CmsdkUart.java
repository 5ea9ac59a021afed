package org.firmerware.bottom.chip.cmsdk;

import static org.firmerware.bottom.chip.cmsdk.CmsdkRegisters.*;

import org.firmerware.bottom.machine.Registers;

/**
 * The CMSDK APB UART as a polled byte output (8N1): the transmitter only. Each byte waits, a bounded number of polls,
 * for the one-byte transmit buffer to be free; a byte that still finds it full is dropped and counted. At the board's
 * baud rate a line of 60 characters takes about 5 ms at 115200 baud; under an emulator it goes out at once.
 *
 * <p>Main loop, or any context that owns the UART (the board makes sure a line is not interleaved).
 */
public final class CmsdkUart {

    /** Where the UART is and how fast it sends. Immutable. */
    public static final class Config {
        /** The UART's base address. */
        public final int base;
        /** The APB clock in Hz. */
        public final int pclkHz;
        /** The baud rate. */
        public final int baud;
        /** How many times a byte polls the TX-full flag before it is dropped. */
        public final int pollLimit;

        public Config(int base, int pclkHz, int baud, int pollLimit) {
            if (pclkHz / baud < UART_MIN_BAUDDIV) {
                throw new IllegalArgumentException("CmsdkUart: the baud rate needs a divider of at least 16");
            }
            this.base = base;
            this.pclkHz = pclkHz;
            this.baud = baud;
            this.pollLimit = pollLimit;
        }
    }

    private final Config config;
    private int dropped;

    /** Wires the driver; no I/O. */
    public CmsdkUart(Config config) {
        this.config = config;
    }

    /** The UART's init: the baud rate divider, then the transmitter on. */
    public void configure() {
        Registers.write32(config.base + UART_BAUDDIV, config.pclkHz / config.baud);
        Registers.write32(config.base + UART_CTRL, UART_CTRL_TXEN);
    }

    /** Sends one byte; false when the transmitter stayed busy and the byte was dropped. */
    public boolean write(int b) {
        for (int i = 0; i < config.pollLimit; i++) {
            if ((Registers.read32(config.base + UART_STATE) & UART_STATE_TXFULL) == 0) {
                Registers.write32(config.base + UART_DATA, b & 0xFF);
                return true;
            }
        }
        dropped++;
        return false;
    }

    /** Sends {@code len} bytes of {@code b} from {@code off}. */
    public void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            write(b[off + i]);
        }
    }

    /** Bytes dropped because the transmitter stayed busy. */
    public int dropped() {
        return dropped;
    }
}
