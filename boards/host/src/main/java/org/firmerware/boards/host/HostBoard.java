package org.firmerware.boards.host;

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
 * The board "host": firmware drivers written with {@code Registers} against the small address map of {@link HostMap},
 * for AOT images that run as Linux processes. Its devices are the C models of the host target (host_devices.c): a
 * virtual millisecond clock with a one-shot alarm, four lights, a 12-character text display and a console, which print
 * what they show in the simulator's trace format, in virtual time (a run is deterministic).
 *
 * <p>The board has no keys, hook, sound, network or flash. It is the reference for how a board's devices reach C: the
 * AOT build constructs this class with the profile's sizes, runs init on the build host against a recording machine,
 * and the image replays the register stores of init at boot.
 */
public final class HostBoard implements Board {

    private final Sizes sizes;
    private final HostCpu cpu = new HostCpu();
    private final HostClock clock = new HostClock(cpu);
    private final HostLeds leds = new HostLeds();
    private final HostDisplay display = new HostDisplay();
    private final HostLogPort logPort = new HostLogPort();

    /** The board with the sizes of its profile. */
    public HostBoard(Sizes sizes) {
        this.sizes = sizes;
    }

    @Override public String name() { return "host"; }
    @Override public Sizes sizes() { return sizes; }
    @Override public Cpu cpu() { return cpu; }
    @Override public Clock clock() { return clock; }
    @Override public WallClock wallClock() { return null; }
    @Override public Leds leds() { return leds; }
    @Override public Buttons buttons() { return null; }
    @Override public Hook hook() { return null; }
    @Override public Display display() { return display; }
    @Override public Sound sound() { return null; }
    @Override public NetworkPort network() { return null; }
    @Override public Flash flash() { return null; }
    @Override public Entropy entropy() { return null; }
    @Override public Watchdog watchdog() { return null; }
    @Override public LogPort logPort() { return logPort; }

    @Override
    public void attach(Upcalls upcalls) {
        clock.attach(upcalls);
    }
}
