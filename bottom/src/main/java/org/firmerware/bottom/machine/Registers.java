package org.firmerware.bottom.machine;

/**
 * Volatile register access at constant addresses: the only way firmware touches memory-mapped hardware. Addresses are
 * byte addresses in the CPU's data space ({@code io*}: the C55x I/O space, 16-bit words). Values are the register's
 * bits in the low end of an {@code int}, zero-extended.
 *
 * <p>AOT images compile each call to a single volatile access, e.g. {@code *(volatile uint32_t *) 0x40004000 = v}; on
 * the host JVM the call goes to the {@link Machine} bound to the thread.
 */
public final class Registers {

    /** The simulated machine of each firmware thread (host JVM only). */
    static final ThreadLocal<Machine> CURRENT = new ThreadLocal<>();

    private Registers() {
    }

    /** Loads a 32-bit register. */
    public static int read32(int address) {
        return Machine.current().load(address, 32);
    }

    /** Stores a 32-bit register. */
    public static void write32(int address, int value) {
        Machine.current().store(address, 32, value);
    }

    /** Loads a 16-bit register. */
    public static int read16(int address) {
        return Machine.current().load(address, 16) & 0xFFFF;
    }

    /** Stores a 16-bit register. */
    public static void write16(int address, int value) {
        Machine.current().store(address, 16, value & 0xFFFF);
    }

    /** Loads an 8-bit register. */
    public static int read8(int address) {
        return Machine.current().load(address, 8) & 0xFF;
    }

    /** Stores an 8-bit register. */
    public static void write8(int address, int value) {
        Machine.current().store(address, 8, value & 0xFF);
    }

    /** Loads a 16-bit register of the I/O space (TI C55x). */
    public static int ioRead16(int address) {
        return Machine.current().ioLoad(address) & 0xFFFF;
    }

    /** Stores a 16-bit register of the I/O space (TI C55x). */
    public static void ioWrite16(int address, int value) {
        Machine.current().ioStore(address, value & 0xFFFF);
    }
}
