package org.firmerware.top.budgettest.hw;

/** Stands for simulated hardware in the heap-walk tests. */
public final class Device {

    public byte[] registers = new byte[64];
}
