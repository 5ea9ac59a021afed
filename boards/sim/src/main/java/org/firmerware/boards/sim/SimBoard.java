package org.firmerware.boards.sim;

import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.bottom.hal.Board;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Display;
import org.firmerware.bottom.hal.Entropy;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Hook;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.bottom.hal.LogPort;
import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.bottom.hal.Sizes;
import org.firmerware.bottom.hal.Sound;
import org.firmerware.bottom.hal.Upcalls;
import org.firmerware.bottom.hal.WallClock;
import org.firmerware.bottom.hal.Watchdog;

/**
 * The board "sim": a virtual phone shaped like the BT200. This class only wires the simulated hardware of
 * {@link SimPhone} to the bottom contract; the hardware models live in {@code org.firmerware.boards.sim.hw} and the
 * virtual world (time, scripts, LAN, traces) in {@code org.firmerware.boards.sim.world}.
 */
public final class SimBoard implements Board {

    private final SimPhone phone;

    /** Wires a board over the phone's hardware; called at every power-up. */
    public SimBoard(SimPhone phone) {
        this.phone = phone;
    }

    @Override public String name() { return "sim"; }
    @Override public Sizes sizes() { return phone.sizes(); }
    @Override public Cpu cpu() { return phone.cpu(); }
    @Override public Clock clock() { return phone.clock(); }
    @Override public WallClock wallClock() { return phone.wallClock(); }
    @Override public Leds leds() { return phone.leds(); }
    @Override public Buttons buttons() { return phone.keys(); }
    @Override public Hook hook() { return phone.hook(); }
    @Override public Display display() { return phone.display(); }
    @Override public Sound sound() { return phone.sound(); }
    @Override public NetworkPort network() { return phone.network(); }
    @Override public Flash flash() { return phone.flash(); }
    @Override public Entropy entropy() { return phone.entropy(); }
    @Override public Watchdog watchdog() { return phone.watchdog(); }
    @Override public LogPort logPort() { return phone.logPort(); }

    @Override
    public void attach(Upcalls upcalls) {
        phone.attach(upcalls);
    }
}
