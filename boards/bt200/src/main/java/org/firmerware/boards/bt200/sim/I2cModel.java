package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

/**
 * The C5501's I2C module in master mode, with the BT200's one slave on the bus (the codec, at 0x40). Transfers take no
 * virtual time: the module is ready for the next byte as soon as the firmware looks.
 *
 * <p>A START (STT in I2CMDR, with MST) sends the address in I2CSAR: a slave that does not answer (wrong address, or the
 * codec in reset) sets NACK. As transmitter (TRX) each write of I2CDXR sends a byte; as receiver the next byte waits in
 * I2CDRR (RRDY). After I2CCNT bytes the module sends STOP when STP is set (the bus is free, SCD set) or else sets ARDY
 * and holds the bus for a repeated START. Checks: a START on a busy bus, a byte written when none is expected, the
 * module used while in reset.
 */
final class I2cModel {

    private final Bt200Phone phone;
    private final Tlv320aic20kModel slave;
    private int oar, ier, clkl, clkh, cnt, sar, mdr, psc, drr;
    private int status;
    private int remaining;
    private boolean transmitting;
    private boolean addressed;

    I2cModel(Bt200Phone phone, Tlv320aic20kModel slave) {
        this.phone = phone;
        this.slave = slave;
    }

    void reset() {
        oar = ier = clkl = clkh = cnt = sar = mdr = psc = drr = 0;
        status = 0;
        remaining = 0;
        addressed = false;
    }

    int read(int address) {
        switch (address) {
            case IO_I2COAR: return oar;
            case IO_I2CIER: return ier;
            case IO_I2CSTR: return status;
            case IO_I2CCLKL: return clkl;
            case IO_I2CCLKH: return clkh;
            case IO_I2CCNT: return cnt;
            case IO_I2CSAR: return sar;
            case IO_I2CMDR: return mdr;
            case IO_I2CPSC: return psc;
            case IO_I2CDRR: return receive();
            default: return 0;
        }
    }

    void write(int address, int value) {
        switch (address) {
            case IO_I2COAR: oar = value; break;
            case IO_I2CIER: ier = value; break;
            case IO_I2CSTR: status &= ~(value & (I2CSTR_NACK | I2CSTR_AL | I2CSTR_ARDY | I2CSTR_SCD)); break;
            case IO_I2CCLKL: clkl = value; break;
            case IO_I2CCLKH: clkh = value; break;
            case IO_I2CCNT: cnt = value; break;
            case IO_I2CSAR: sar = value & 0x3FF; break;
            case IO_I2CPSC: psc = value; break;
            case IO_I2CDXR: transmit(value & 0xFF); break;
            case IO_I2CMDR: command(value); break;
            default: break;
        }
    }

    private void command(int value) {
        mdr = value;
        if ((value & I2CMDR_IRS) == 0) {
            status = 0;
            addressed = false;
            return;
        }
        if ((value & I2CMDR_STT) != 0) {
            if ((value & I2CMDR_MST) == 0) {
                phone.errors.report(phone.nowUs, "I2C START without master mode (I2CMDR %x)", value, 0, 0);
                return;
            }
            if (clkl == 0 || clkh == 0) {
                phone.errors.report(phone.nowUs, "I2C START with no SCL timing set (I2CCLKL %d, I2CCLKH %d)", clkl,
                    clkh, 0);
            }
            if ((status & I2CSTR_BB) != 0 && !addressed) {
                phone.errors.report(phone.nowUs, "I2C START while the bus is busy", 0, 0, 0);
            }
            start();
            return;
        }
        if ((value & I2CMDR_STP) != 0 && (status & I2CSTR_BB) != 0 && (remaining == 0 || (status & I2CSTR_NACK) != 0)) {
            stop();
        }
    }

    private void start() {
        mdr &= ~I2CMDR_STT;
        status = status & ~(I2CSTR_ARDY | I2CSTR_SCD | I2CSTR_NACK | I2CSTR_XRDY | I2CSTR_RRDY) | I2CSTR_BB;
        transmitting = (mdr & I2CMDR_TRX) != 0;
        remaining = cnt == 0 ? 0x10000 : cnt;
        addressed = slave.address(sar, !transmitting);
        if (!addressed) {
            status |= I2CSTR_NACK;
            return;
        }
        if (transmitting) {
            status |= I2CSTR_XRDY;
        } else {
            drr = slave.read();
            status |= I2CSTR_RRDY;
        }
    }

    private void transmit(int value) {
        if (!addressed || !transmitting || remaining == 0) {
            phone.errors.report(phone.nowUs, "I2CDXR written with %x when no byte is to be sent", value, 0, 0);
            return;
        }
        slave.write(value);
        remaining--;
        if (remaining == 0) {
            status &= ~I2CSTR_XRDY;
            countDone();
        }
    }

    private int receive() {
        if ((status & I2CSTR_RRDY) == 0) {
            phone.errors.report(phone.nowUs, "I2CDRR read with no byte received", 0, 0, 0);
            return drr;
        }
        int value = drr;
        status &= ~I2CSTR_RRDY;
        remaining--;
        if (remaining > 0) {
            drr = slave.read();
            status |= I2CSTR_RRDY;
        } else {
            countDone();
        }
        return value;
    }

    private void countDone() {
        if ((mdr & I2CMDR_STP) != 0) {
            stop();
        } else {
            status |= I2CSTR_ARDY;
        }
    }

    private void stop() {
        mdr &= ~(I2CMDR_STP | I2CMDR_MST);
        status = status & ~(I2CSTR_BB | I2CSTR_XRDY | I2CSTR_RRDY | I2CSTR_ARDY) | I2CSTR_SCD;
        addressed = false;
        slave.stop();
    }
}
