package org.firmerware.bottom.chip.tms320vc5501;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.bottom.bus.I2cBus;
import org.firmerware.bottom.machine.Registers;

/**
 * The C5501's I2C module as a polled bus master (7-bit addresses, 8-bit data, no interrupts). Every wait for the module
 * is a bounded poll of I2CSTR: a stuck bus ends the transfer with {@code false} rather than hanging.
 *
 * <h2>A transfer</h2>
 * The count goes into I2CCNT and the slave address into I2CSAR; setting STT (with MST, and TRX to transmit) in I2CMDR
 * sends START and the address. Each byte is written to I2CDXR when XRDY is set (read from I2CDRR when RRDY is). With STP
 * set the module sends STOP after the count; without it, ARDY says the count is done and the bus is still held, for a
 * repeated START. NACK says the slave did not acknowledge.
 */
public final class I2cMaster implements I2cBus {

    /** Clock and address settings. Immutable. */
    public static final class Config {
        /** I2CPSC: divides the input clock down to the module clock (BT200: 5, 61.44 MHz / 6). */
        public final int prescale;
        /** I2CCLKL and I2CCLKH: low and high time of SCL in module clocks (BT200: 46 and 46, about 100 kHz). */
        public final int clockLow, clockHigh;
        /** I2COAR: the DSP's own address. */
        public final int ownAddress;
        /** How many times to poll I2CSTR before giving up on one step (a byte at 100 kHz takes about 90 µs). */
        public final int pollLimit;

        public Config(int prescale, int clockLow, int clockHigh, int ownAddress, int pollLimit) {
            this.prescale = prescale;
            this.clockLow = clockLow;
            this.clockHigh = clockHigh;
            this.ownAddress = ownAddress;
            this.pollLimit = pollLimit;
        }
    }

    private static final int BASE = I2CMDR_FREE | I2CMDR_IRS | I2CMDR_MST;

    private final Config config;
    private int failures;

    /** Wires the module; no I/O. */
    public I2cMaster(Config config) {
        this.config = config;
    }

    /** Resets the module, sets the clock and the own address, and takes it out of reset. */
    public void configure() {
        Registers.ioWrite16(IO_I2CMDR, 0);
        Registers.ioWrite16(IO_I2CPSC, config.prescale);
        Registers.ioWrite16(IO_I2CCLKL, config.clockLow);
        Registers.ioWrite16(IO_I2CCLKH, config.clockHigh);
        Registers.ioWrite16(IO_I2COAR, config.ownAddress);
        Registers.ioWrite16(IO_I2CIER, 0);
        Registers.ioWrite16(IO_I2CMDR, I2CMDR_FREE | I2CMDR_IRS);
    }

    @Override
    public boolean write(int address, byte[] data, int off, int len) {
        if (!idle()) {
            return fail();
        }
        Registers.ioWrite16(IO_I2CSAR, address);
        Registers.ioWrite16(IO_I2CCNT, len);
        Registers.ioWrite16(IO_I2CMDR, BASE | I2CMDR_TRX | I2CMDR_STT | I2CMDR_STP);
        if (!transmit(data, off, len)) {
            return abort();
        }
        return awaitStop();
    }

    @Override
    public boolean writeRead(int address, byte[] out, int outOff, int outLen, byte[] in, int inOff, int inLen) {
        if (!idle()) {
            return fail();
        }
        Registers.ioWrite16(IO_I2CSAR, address);
        Registers.ioWrite16(IO_I2CCNT, outLen);
        Registers.ioWrite16(IO_I2CMDR, BASE | I2CMDR_TRX | I2CMDR_STT);
        if (!transmit(out, outOff, outLen) || !await(I2CSTR_ARDY)) {
            return abort();
        }
        Registers.ioWrite16(IO_I2CCNT, inLen);
        Registers.ioWrite16(IO_I2CMDR, BASE | I2CMDR_STT | I2CMDR_STP);
        for (int i = 0; i < inLen; i++) {
            if (!await(I2CSTR_RRDY)) {
                return abort();
            }
            in[inOff + i] = (byte) Registers.ioRead16(IO_I2CDRR);
        }
        return awaitStop();
    }

    /** How many transfers failed since power-up. */
    public int failures() {
        return failures;
    }

    private boolean transmit(byte[] data, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (!await(I2CSTR_XRDY)) {
                return false;
            }
            Registers.ioWrite16(IO_I2CDXR, data[off + i] & 0xFF);
        }
        return true;
    }

    /** Waits until the bus is free. */
    private boolean idle() {
        for (int i = 0; i < config.pollLimit; i++) {
            if ((Registers.ioRead16(IO_I2CSTR) & I2CSTR_BB) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Waits for a status bit; false on NACK, arbitration loss or timeout. */
    private boolean await(int bit) {
        for (int i = 0; i < config.pollLimit; i++) {
            int status = Registers.ioRead16(IO_I2CSTR);
            if ((status & (I2CSTR_NACK | I2CSTR_AL)) != 0) {
                return false;
            }
            if ((status & bit) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Waits until STOP has gone out and the bus is free. */
    private boolean awaitStop() {
        for (int i = 0; i < config.pollLimit; i++) {
            int status = Registers.ioRead16(IO_I2CSTR);
            if ((status & I2CSTR_NACK) != 0) {
                return abort();
            }
            if ((status & I2CSTR_BB) == 0) {
                return true;
            }
        }
        return fail();
    }

    /** Ends a failed transfer: STOP, flags cleared. */
    private boolean abort() {
        Registers.ioWrite16(IO_I2CMDR, BASE | I2CMDR_STP);
        Registers.ioWrite16(IO_I2CSTR, I2CSTR_NACK | I2CSTR_AL | I2CSTR_ARDY);
        return fail();
    }

    private boolean fail() {
        failures++;
        return false;
    }
}
