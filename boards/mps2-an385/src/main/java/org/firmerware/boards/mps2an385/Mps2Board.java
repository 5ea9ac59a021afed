package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.chip.cmsdk.CmsdkDualTimer;
import org.firmerware.bottom.chip.cmsdk.CmsdkTimerClock;
import org.firmerware.bottom.chip.cmsdk.CmsdkUart;
import org.firmerware.bottom.chip.cmsdk.CmsdkWatchdog;
import org.firmerware.bottom.chip.cortexm.CortexMCpu;
import org.firmerware.bottom.chip.lan9118.Lan9118;
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
import org.firmerware.bottom.machine.InterruptHandler;

/**
 * The board "mps2-an385": ARM's MPS2 with the AN385 FPGA image (a Cortex-M3 with CMSDK peripherals and a LAN9118),
 * as QEMU's {@code mps2-an385} models it. Wiring only: the chip drivers are {@link CortexMCpu}, {@link CmsdkUart},
 * {@link CmsdkTimerClock}, {@link CmsdkDualTimer}, {@link CmsdkWatchdog} and {@link Lan9118} (in {@code bottom}); the
 * addresses and lines are in {@link Mps2Map}. The watchdog's interrupt is the NMI, at which the board resets.
 *
 * <p>The MPS2 has no phone's front panel: the lights and the display are reported as panel lines on UART 0
 * ({@link Mps2Panel}), which {@code fw run} turns into the simulator's trace; the hook switch and the keys are played
 * from the run file that {@code fw run} loads next to the image ({@link Mps2Script}). There is no codec (no sound) and
 * no hardware source of randomness ({@link Mps2Entropy}).
 *
 * <p>Init runs at build time: every driver only stores to its registers, and what must read the hardware (the
 * LAN9118's bring-up, the run file) runs at the first interrupt of its line, which init makes pending.
 */
public final class Mps2Board implements Board {

    private final Sizes sizes;
    private final CortexMCpu cpu = new CortexMCpu();
    private final CmsdkUart uart = new CmsdkUart(new CmsdkUart.Config(Mps2Map.UART0, Mps2Map.PCLK_HZ, Mps2Map.BAUD,
        100_000));
    private final CmsdkTimerClock clock = new CmsdkTimerClock(new CmsdkTimerClock.Config(Mps2Map.TIMER0,
        Mps2Map.TIMER1, Mps2Map.PCLK_HZ));
    private final Mps2Panel panel = new Mps2Panel(uart, clock);
    private final Mps2Leds leds = new Mps2Leds(panel);
    private final Mps2Display display = new Mps2Display(panel);
    private final Mps2LogPort logPort = new Mps2LogPort(panel);
    private final Mps2Script script;
    private final Lan9118 ethernet = new Lan9118(new Lan9118.Config(Mps2Map.ETHERNET, 1514, 100_000, 4, true));
    private final Mps2Flash flash = new Mps2Flash(Mps2Map.partitions());
    private final Mps2Entropy entropy = new Mps2Entropy();
    private final CmsdkWatchdog watchdog = new CmsdkWatchdog(Mps2Map.WATCHDOG, Mps2Map.PCLK_HZ);

    /** The board with the sizes of its profile; its init (every driver configured, by register stores only). */
    public Mps2Board(Sizes sizes) {
        this.sizes = sizes;
        this.script = new Mps2Script(new CmsdkDualTimer(Mps2Map.DUAL_TIMER), clock, panel, cpu);
        cpu.configure();
        cpu.runImages(Mps2Map.FLASH_BASE, Mps2Map.FLASH_BLOCK_BYTES, Mps2Map.IMAGE_RUN_ADDRESS);
        uart.configure();
        clock.configure();
        script.configure();
        ethernet.useMacAddress(Mps2Map.MAC, 0);
        ethernet.configure();
    }

    @Override public String name() { return "mps2-an385"; }
    @Override public Sizes sizes() { return sizes; }
    @Override public Cpu cpu() { return cpu; }
    @Override public Clock clock() { return clock; }
    @Override public WallClock wallClock() { return null; }
    @Override public Leds leds() { return leds; }
    @Override public Buttons buttons() { return script.keys(); }
    @Override public Hook hook() { return script.hook(); }
    @Override public Display display() { return display; }
    @Override public Sound sound() { return null; }
    @Override public NetworkPort network() { return ethernet; }
    @Override public Flash flash() { return flash; }
    @Override public Entropy entropy() { return entropy; }
    @Override public Watchdog watchdog() { return watchdog; }
    @Override public LogPort logPort() { return logPort; }

    /**
     * The end of init: upcalls go to the kernel; the interrupt lines are enabled, the script's and the Ethernet
     * controller's made pending (their first interrupt reads the run file and brings the chip up), and interrupts are
     * unmasked.
     */
    @Override
    public void attach(Upcalls upcalls) {
        clock.attach(upcalls);
        script.attach(upcalls, upcalls);
        ethernet.attach(upcalls);
        CortexMCpu.enable(Mps2Map.IRQ_TIMER0);
        CortexMCpu.enable(Mps2Map.IRQ_TIMER1);
        CortexMCpu.enable(Mps2Map.IRQ_DUAL_TIMER);
        CortexMCpu.pend(Mps2Map.IRQ_DUAL_TIMER);
        CortexMCpu.enable(Mps2Map.IRQ_ETHERNET);
        CortexMCpu.pend(Mps2Map.IRQ_ETHERNET);
        cpu.start();
    }

    /** TIMER0: the millisecond clock's timebase wrapped (every 171 s). */
    @InterruptHandler(Mps2Map.IRQ_TIMER0)
    void onTimer0() {
        clock.onTimebaseInterrupt();
    }

    /** TIMER1: the kernel's alarm. */
    @InterruptHandler(Mps2Map.IRQ_TIMER1)
    void onTimer1() {
        if (clock.onAlarmInterrupt()) {
            cpu.noteUpcall();
        }
    }

    /** The dual timer: the run file's next input, or the end of the run. */
    @InterruptHandler(Mps2Map.IRQ_DUAL_TIMER)
    void onDualTimer() {
        if (script.onInterrupt()) {
            cpu.noteUpcall();
        }
    }

    /**
     * The NMI, on this board the watchdog's interrupt: its first expiry. A firmware on trial has not stopped it in time
     * (it hangs, or runs with interrupts masked): say so and reset now (its second expiry would reset the board anyway).
     * The NMI may cut a panel line the main loop was writing; nothing runs after this one.
     */
    @InterruptHandler(InterruptHandler.NMI)
    void onWatchdog() {
        panel.begin("log").text(" watchdog: reset").end();
        cpu.reboot();
    }

    /** The LAN9118: its bring-up the first time, then frames, link changes and room to send. */
    @InterruptHandler(Mps2Map.IRQ_ETHERNET)
    void onEthernet() {
        if (ethernet.onInterrupt()) {
            cpu.noteUpcall();
        }
        if (ethernet.failed()) {
            CortexMCpu.disable(Mps2Map.IRQ_ETHERNET);
        }
    }
}
