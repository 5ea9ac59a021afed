package org.firmerware.top.bootloader;

import org.firmerware.bottom.hal.Board;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.hal.Watchdog;
import org.firmerware.kernel.HookHandler;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.console.Format;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.flash.ImageHeader;
import org.firmerware.kernel.flash.SlotRecord;
import org.firmerware.kernel.flash.TrialBoot;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.llc.ConsoleCommands;
import org.firmerware.kernel.net.llc.Llc;
import org.firmerware.kernel.net.llc.LlcConsole;
import org.firmerware.kernel.net.tftp.TftpServer;
import org.firmerware.kernel.sched.Event;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.ui.Lights;
import org.firmerware.kernel.ui.Screen;

/**
 * The bootloader: the top that runs first after every reset.
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li><b>Handset on the hook at power-up</b>: checks every firmware slot (record, header, payload CRC-32, read from
 *       the flash) and starts the newest valid one ({@link org.firmerware.bottom.hal.Cpu#startImage}), falling back to
 *       an older valid slot when the newest is not valid or failed its trial boot (started
 *       {@value SlotRecord#MAX_STARTS} times without confirming itself, see {@link SlotRecord}); a firmware on trial
 *       is started with the board's watchdog counting ({@link TrialBoot#WATCHDOG_MS}). With no valid
 *       firmware at all it stays in bootloader mode and shows "no firmware".</li>
 *   <li><b>Handset off the hook at power-up</b>: bootloader mode. The display shows "bootload" (at the
 *       {@link Screen#ALERT} level) and the message light flashes; it serves TFTP over LLC type 1 on SAP 0x44 (read and
 *       write requests by partition name, see {@link BootloaderFiles}; {@code fw flash} and {@code fw dump}) and the
 *       network console over LLC type 2 on SAP 0x14 ({@code fw console}) with three more commands: {@code slots},
 *       {@code unlock bootloader}, {@code boot}.</li>
 *   <li><b>Handset put down in bootloader mode</b> (or {@code boot} on the console): any transfer is ended with an
 *       error, the slots are checked again, and the newest valid firmware starts.</li>
 * </ul>
 * The decision is taken in the main loop, not in {@link #init}: init only allocates (on AOT images it runs on the build
 * host), and the hook and the flash are read when the phone runs.
 *
 * <p>A firmware update writes the slot that is not active and makes it active only once it is checked, so that a power
 * cut at any moment leaves a bootable phone; see {@link BootloaderFiles} and {@link SlotRecord}.
 */
public final class Bootloader implements Top, HookHandler, ConsoleCommands, TimerHandler {

    /** How long the console's peers get to see the answer to {@code boot} before the firmware starts. */
    static final int BOOT_DELAY_MS = 300;

    private static final int STARTING = 0, SCANNING = 1, BOOTLOADER = 2, BOOTING = 3;

    private Kernel kernel;
    private Log log;
    private Screen screen;
    private Lights lights;
    private Flash flash;
    private Watchdog watchdog;
    private String board;
    private Slots slots;
    private BootloaderFiles files;
    private TftpServer server;
    private LlcConsole console;
    private Event scan;
    private Timer later;
    private int mode = STARTING;
    private int scanning;
    /** Whether {@code boot} was asked on the console: boot even though the handset is off the hook. */
    private boolean bootAsked;
    private boolean noFirmware;
    private final byte[] text = new byte[120];

    @Override
    public void init(Kernel k) {
        kernel = k;
        log = k.log();
        screen = k.screen();
        lights = k.lights();
        Board b = k.board();
        board = b.name();
        flash = b.flash();
        // A reset need not stop the watchdog (the CMSDK's is often reset at power-up only): the bootloader does, so
        // that it is never reset in bootloader mode for a count meant for a firmware on trial.
        watchdog = b.watchdog();
        if (watchdog != null) {
            watchdog.stop();
        }
        if (flash == null) {
            throw new IllegalStateException("the bootloader needs a board with flash");
        }
        if (flash.blockSize() < ImageHeader.LENGTH) {
            throw new IllegalStateException("flash blocks must hold an image header (128 bytes)");
        }
        Partition[] table = flash.partitions();
        for (int i = 0; i < table.length; i++) {
            if ((table[i].flags & Partition.READ_ONLY) == 0 && table[i].firstBlock % flash.eraseUnitBlocks() != 0) {
                throw new IllegalStateException("every writable partition must start on an erase unit");
            }
        }
        slots = new Slots(flash, board);
        files = new BootloaderFiles(this, flash, slots, log, board);
        if (b.network() != null) {
            Network network = new Network(k);
            Llc llc = new Llc(network);
            console = new LlcConsole(network, llc);
            console.setCommands(this);
            server = new TftpServer(llc, files, log, k.scheduler(), k.timers());
        }
        scan = new Event(Priority.NORMAL) {
            @Override
            protected void fire() {
                scanStep();
            }
        };
        later = new Timer(Priority.NORMAL, this);
        k.setHookHandler(this);
        k.runsBootloader();
        log.begin().text("bootloader on board ").text(board).end();
        k.scheduler().post(scan);
    }

    /** The TFTP server, or null on a board without network. */
    public TftpServer server() {
        return server;
    }

    /** The network console, or null on a board without network. */
    public LlcConsole console() {
        return console;
    }

    // ------------------------------------------------------------------ boot decision

    private void scanStep() {
        if (mode == STARTING) {
            mode = SCANNING;
            scanning = 0;
            slots.check.begin(slots.slots[0], true);
            screen.show(Screen.ALERT, "check");
        }
        if (mode != SCANNING) {
            return;
        }
        for (;;) {
            int r = slots.check.step();
            if (r == SlotCheck.MORE) {
                kernel.scheduler().post(scan);
                return;
            }
            if (r == SlotCheck.BUSY) {
                kernel.timers().start(later, 20);
                return;
            }
            slots.remember(scanning);
            logSlot(scanning);
            scanning++;
            if (scanning == slots.count()) {
                break;
            }
            slots.check.begin(slots.slots[scanning], true);
        }
        if (kernel.isOffHook() && !bootAsked) {
            enterBootloaderMode();
        } else {
            boot();
        }
    }

    /** Logs what the check just found about slot {@code i}. */
    private void logSlot(int i) {
        int n = Format.text(text, 0, text.length, slots.slots[i].name);
        n = Format.text(text, n, text.length, ": ");
        if (slots.valid[i]) {
            n = ImageHeader.describe(slots.header[i], 0, text, n, text.length);
            n = Format.text(text, n, text.length, ", sequence ");
            n = Format.decimal(text, n, text.length, slots.sequence[i]);
            n = state(i, n);
            log.begin().bytes(text, 0, n).end();
        } else {
            n = Format.text(text, n, text.length, "invalid: ");
            n = slots.check.reason(text, n, text.length);
            log.begin().bytes(text, 0, n).end();
        }
    }

    /**
     * Writes slot {@code i}'s trial-boot state at {@code text[n]} (see {@link SlotRecord}); returns the new end.
     */
    private int state(int i, int n) {
        if (slots.confirmed[i]) {
            return Format.text(text, n, text.length, ", confirmed");
        }
        if (slots.starts[i] == 0) {
            return Format.text(text, n, text.length, ", pending");
        }
        if (slots.failed(i)) {
            n = Format.text(text, n, text.length, ", failed: started ");
            n = Format.decimal(text, n, text.length, slots.starts[i]);
            return Format.text(text, n, text.length, " times without confirming itself");
        }
        n = Format.text(text, n, text.length, ", on trial: started ");
        n = Format.decimal(text, n, text.length, slots.starts[i]);
        n = Format.text(text, n, text.length, " of ");
        n = Format.decimal(text, n, text.length, SlotRecord.MAX_STARTS);
        return Format.text(text, n, text.length, " times");
    }

    private void enterBootloaderMode() {
        mode = BOOTLOADER;
        bootAsked = false;
        noFirmware = slots.active() < 0;
        showIdle();
        lights.flash(Leds.MESSAGE, Leds.GREEN, Leds.OFF, noFirmware ? Lights.FAST : Lights.MEDIUM);
        log.begin().text("bootloader mode: tftp on LLC SAP 44, console on SAP 14; put the handset down to boot").end();
    }

    private void showIdle() {
        screen.show(Screen.ALERT, noFirmware && !kernel.isOffHook() ? "no firmware" : "bootload");
    }

    /** Starts the newest valid firmware; stays in bootloader mode when there is none. */
    private void boot() {
        int s = slots.active();
        if (s < 0) {
            log.begin().text("bootloader: no valid firmware in any slot; staying in bootloader mode").end();
            enterBootloaderMode();
            return;
        }
        // A firmware that has not confirmed itself gets one start fewer left: counted before the jump, so that a
        // crash, a hang or a power cut before it confirms itself still counts.
        if (!slots.countStart(s)) {
            if (flash.isBusy()) {
                mode = BOOTING;
                kernel.timers().start(later, 20);
                return;
            }
            log.begin().text("bootloader: could not count the start of ").text(slots.slots[s].name).end();
        }
        mode = BOOTING;
        Partition p = slots.slots[s];
        int n = Format.text(text, 0, text.length, "boot ");
        n = shortName(p, n);
        screen.show(Screen.ALERT, text, 0, Math.min(n, screen.width()));
        n = Format.text(text, 0, text.length, "bootloader: starting ");
        n = Format.text(text, n, text.length, p.name);
        n = Format.text(text, n, text.length, ": ");
        n = ImageHeader.describe(slots.header[s], 0, text, n, text.length);
        if (!slots.confirmed[s]) {
            n = Format.text(text, n, text.length, ", on trial (start ");
            n = Format.decimal(text, n, text.length, slots.starts[s]);
            n = Format.text(text, n, text.length, " of ");
            n = Format.decimal(text, n, text.length, SlotRecord.MAX_STARTS);
            n = Format.text(text, n, text.length, ")");
            if (watchdog != null) {
                // Reset unless it confirms itself in time: a firmware that hangs fails its start on its own.
                int ms = Math.min(TrialBoot.WATCHDOG_MS, watchdog.maxMs());
                watchdog.start(ms);
                n = Format.text(text, n, text.length, ", watchdog ");
                n = Format.decimal(text, n, text.length, ms / 1000);
                n = Format.text(text, n, text.length, " s");
            }
        }
        log.begin().bytes(text, 0, n).end();
        kernel.board().cpu().startImage(p.firstBlock + SlotRecord.IMAGE_BLOCK);
    }

    /** Leaves bootloader mode: ends any transfer, checks the slots again, boots. */
    private void leave(String why) {
        if (mode != BOOTLOADER) {
            return;
        }
        if (server != null) {
            server.abort("leaving bootloader mode");
        }
        log.begin().text("bootloader: ").text(why).end();
        mode = STARTING;
        lights.set(Leds.MESSAGE, Leds.OFF);
        scanStep();
    }

    @Override
    public void onTimer(Timer t) {
        if (mode == SCANNING) {
            scanStep();
        } else if (mode == BOOTING) {
            boot();
        } else if (mode == BOOTLOADER) {
            bootAsked = true;
            leave("boot asked on the console");
        }
    }

    @Override
    public void onHook(boolean offHook) {
        if (mode == BOOTLOADER && !offHook) {
            leave("the handset was put down: booting");
        } else if (mode == BOOTLOADER) {
            showIdle();
        }
    }

    // ------------------------------------------------------------------ for the files

    /** A transfer started: show it. */
    void transferStarted(boolean write, Partition p) {
        int n = Format.text(text, 0, text.length, write ? "write " : "read ");
        n = shortName(p, n);
        screen.show(Screen.ALERT, text, 0, Math.min(n, screen.width()));
    }

    /** Writes a partition's name for the display at {@code text[n]}: what follows its last '-' ("b" of firmware-b). */
    private int shortName(Partition p, int n) {
        int from = 0;
        for (int i = 0; i < p.name.length(); i++) {
            if (p.name.charAt(i) == '-') {
                from = i + 1;
            }
        }
        int o = n;
        for (int i = from; i < p.name.length() && o < text.length; i++) {
            text[o++] = (byte) p.name.charAt(i);
        }
        return o;
    }

    /** The transfer ended: back to "bootload". */
    void transferEnded() {
        if (mode == BOOTLOADER) {
            noFirmware = slots.active() < 0;
            showIdle();
            lights.flash(Leds.MESSAGE, Leds.GREEN, Leds.OFF, noFirmware ? Lights.FAST : Lights.MEDIUM);
        }
    }

    // ------------------------------------------------------------------ console commands

    @Override
    public String help() {
        return "slots (the firmware slots); unlock bootloader (allow writing it until reset); boot";
    }

    @Override
    public boolean execute(byte[] line, int start, int end, LlcConsole c) {
        if (LlcConsole.isWord(line, start, end, "slots")) {
            slotsAnswer(c);
            return true;
        }
        if (LlcConsole.isWord(line, start, end, "boot")) {
            if (mode != BOOTLOADER) {
                c.answer("not in bootloader mode\n");
            } else {
                c.answer("booting\n");
                kernel.timers().start(later, BOOT_DELAY_MS);
            }
            return true;
        }
        if (end - start > 7 && LlcConsole.isWord(line, start, start + 6, "unlock") && line[start + 6] == ' ') {
            int nameStart = start + 7;
            while (nameStart < end && line[nameStart] == ' ') {
                nameStart++;
            }
            Partition p = Partition.find(flash.partitions(), line, nameStart, end - nameStart);
            if (p == null || (p.flags & Partition.WRITE_PROTECT) == 0) {
                c.answer("unlock what? only a write-protected partition (unlock bootloader)\n");
            } else {
                files.unlock(p);
                log.begin().text("bootloader: ").text(p.name).text(" unlocked until reset").end();
                c.answer(p.name);
                c.answer(" may be written until the next reset\n");
            }
            return true;
        }
        return false;
    }

    private void slotsAnswer(LlcConsole c) {
        int active = slots.active();
        for (int i = 0; i < slots.count(); i++) {
            c.answer(slots.slots[i].name);
            if (slots.valid[i]) {
                c.answer(": ");
                int n = ImageHeader.describe(slots.header[i], 0, text, 0, text.length);
                c.answerBytes(text, 0, n);
                c.answer(", ");
                c.answerDecimal(slots.imageLength[i]);
                c.answer(" bytes, sequence ");
                c.answerDecimal(slots.sequence[i]);
                n = state(i, 0);
                c.answerBytes(text, 0, n);
                c.answer(i == active ? ", active\n" : "\n");
            } else {
                c.answer(": invalid\n");
            }
        }
        if (files.unlocked() != null) {
            c.answer(files.unlocked().name);
            c.answer(" is unlocked\n");
        }
    }
}
