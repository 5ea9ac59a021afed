package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Upcalls;

/**
 * The 5×5 keys and the hook switch share one input ring, so the firmware sees them in the order they happened.
 * Both raise interrupts (the simulated phone needs no polling).
 */
public final class SimKeys implements Buttons, Phone.Keypad {

    static final int PRESS = 1, RELEASE = 2, HOOK = 3;
    private static final int RING = 64;

    private final SimPhone phone;
    private final int[] kind = new int[RING];
    private final int[] keyClass = new int[RING];
    private final int[] code = new int[RING];
    private int head;
    private int tail;
    private int lost;

    SimKeys(SimPhone phone) {
        this.phone = phone;
    }

    @Override
    public int pollIntervalMs() {
        return 0;
    }

    @Override
    public void poll() {
    }

    /** World side: a key goes down (any other is released). */
    @Override
    public void press(int buttonClass, int keyCode) {
        add(PRESS, buttonClass, keyCode);
    }

    /** World side: all keys go up. */
    @Override
    public void release() {
        add(RELEASE, 0, 0);
    }

    void add(int k, int c, int v) {
        int next = (head + 1) % RING;
        if (next == tail) {
            lost++;
            return;
        }
        kind[head] = k;
        keyClass[head] = c;
        code[head] = v;
        head = next;
        phone.raise(SimPhone.P_INPUT);
    }

    /** Input events lost because the ring was full. */
    public int lost() {
        return lost;
    }

    void deliver(Upcalls target) {
        while (tail != head) {
            int k = kind[tail];
            int c = keyClass[tail];
            int v = code[tail];
            tail = (tail + 1) % RING;
            if (k == PRESS) {
                target.onButtonPress(c, v);
            } else if (k == RELEASE) {
                target.onButtonRelease();
            } else {
                target.onHookChanged(v != 0);
            }
        }
    }

    void reset() {
        head = 0;
        tail = 0;
    }
}
