package org.firmerware.bottom.bus;

/**
 * An I2C bus in master mode, as chip drivers use it: whole transfers to a 7-bit slave address, blocking until done,
 * with a bounded wait (a stuck bus or a missing slave gives {@code false}, never a hang). Implemented by the CPU's I2C
 * controller driver; main loop only.
 */
public interface I2cBus {

    /**
     * Writes {@code len} bytes to a slave: START, address + W, the bytes, STOP.
     *
     * @param address the 7-bit slave address
     * @return false when the slave did not acknowledge (or the bus was stuck); STOP has then been sent
     */
    boolean write(int address, byte[] data, int off, int len);

    /**
     * Writes {@code outLen} bytes, then reads {@code inLen} bytes after a repeated START: START, address + W, the
     * bytes, START, address + R, the bytes read (the last one not acknowledged), STOP.
     *
     * @param address the 7-bit slave address
     * @return false when the slave did not acknowledge (or the bus was stuck); STOP has then been sent
     */
    boolean writeRead(int address, byte[] out, int outOff, int outLen, byte[] in, int inOff, int inLen);
}
