package org.firmerware.top.sip.phone;

import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Display;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.hal.Sound;
import org.firmerware.kernel.HookHandler;
import org.firmerware.kernel.KeyHandler;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.flash.Crc32;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.ip6.AddressListener;
import org.firmerware.kernel.net.ip6.Ip6;
import org.firmerware.kernel.net.llc.Llc;
import org.firmerware.kernel.net.llc.LlcConsole;
import org.firmerware.kernel.net.udp.Udp;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.ui.Lights;
import org.firmerware.kernel.ui.Screen;
import org.firmerware.top.sip.media.MediaEngine;
import org.firmerware.top.sip.media.tone.ToneGenerator;
import org.firmerware.top.sip.message.SipWriter;
import org.firmerware.top.sip.rtp.TelephoneEvent;
import org.firmerware.top.sip.rtp.TelephoneEventListener;
import org.firmerware.top.sip.ua.Account;
import org.firmerware.top.sip.ua.Call;
import org.firmerware.top.sip.ua.PhoneConfig;
import org.firmerware.top.sip.ua.Registration;
import org.firmerware.top.sip.ua.UaListener;
import org.firmerware.top.sip.ua.UserAgent;

/**
 * The SIP phone top {@code phone}: lines and accounts from the {@code config} partition, SIP over UDP/IPv6, the
 * BT200's keys, display and lights (docs/sip.md).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>handset off hook</td><td>answers a ringing call, takes over a hands-free call, or starts dialling</td></tr>
 *   <tr><td>handset on hook</td><td>hangs up the current call (unless hands-free)</td></tr>
 *   <tr><td>speaker</td><td>hands-free: starts dialling, answers, moves a call to the speaker, or hangs up a
 *       hands-free call</td></tr>
 *   <tr><td>digits</td><td>dial (before or after lifting); DTMF in a call (RFC 4733 events for as long as the key is
 *       down)</td></tr>
 *   <tr><td>send</td><td>dials what was typed, or answers</td></tr>
 *   <tr><td>hold</td><td>holds or resumes the current call</td></tr>
 *   <tr><td>flash</td><td>switches to the other line (the current call is held)</td></tr>
 *   <tr><td>mute, up, down</td><td>microphone mute, volume</td></tr>
 *   <tr><td>transfer</td><td>in a call: holds it; type the number and press send (or transfer again; transfer with
 *       nothing typed gives up): the other side is asked to call that number (REFER, RFC 3515) and our call ends when
 *       it answers. With a second call connected on another line: the held call's other side is connected to the
 *       current call's (attended transfer: REFER with Replaces, RFC 3891), and both our calls end</td></tr>
 *   <tr><td>conference</td><td>with the current call connected and another connected call on a second line: a local
 *       three-way conference (the held call resumed; both heard and mixed, each sent the microphone and the other's
 *       voice); again: splits it (the other call goes on hold); hanging up ends both calls</td></tr>
 * </table>
 * The display shows the state and the number at its call levels and the call's duration on the clock digits; line
 * lights (where the board has them) are green in a call, flash fast while ringing, slowly while held; the message
 * light flashes while a call rings.
 *
 * <p>Sound, from the state of the lines after every change ({@link #refresh}): the current line is heard when it is
 * connected (the media engine's selected line; every other connected line is on hold); off hook or hands-free with
 * nothing dialled yet, the dial tone; while the other side rings, the ringback tone; after a call ended busy, the busy
 * tone, after other failures the congestion tone; an incoming call rings on the speaker, or is announced by the
 * call-waiting tone over the call when one is going on. Sound goes to the speaker hands-free, else to the handset
 * while it is off hook. Digits received as RFC 4733 events are logged and shown.
 */
public final class Phone implements Top, KeyHandler, HookHandler, UaListener, AddressListener, TimerHandler,
    TelephoneEventListener {

    /** The partition the configuration is read from. */
    public static final String CONFIG_PARTITION = "config";
    /** The network console's LLC: one connection at a time, its window and the longest information field. */
    static final int CONSOLE_LINKS = 1, CONSOLE_WINDOW = 4, CONSOLE_INFO_BYTES = 1024;
    /** Seconds of no key after the last digit before an off-hook phone dials by itself. */
    public static final int DIAL_TIMEOUT_MS = 5000;
    /** How long the end of a call stays on the display. */
    public static final int ENDED_SHOW_MS = 3000;
    /** The most digits one dialling holds. */
    public static final int MAX_DIGITS = 64;
    /** How long received digits stay on the display. */
    public static final int DTMF_SHOW_MS = 2000;

    private Kernel kernel;
    private Ip6 ip6;
    private UserAgent ua;
    private PhoneConfig config;
    private MediaEngine media;
    private ConfigStore store;
    private LlcConsole console;
    private Sound sound;
    private final Dialler dialler = new Dialler();
    private final SipWriter writer = new SipWriter();
    private final byte[] uriBuffer = new byte[200];
    private final byte[] digits = new byte[MAX_DIGITS];
    private int digitCount;
    private final byte[] text = new byte[32];
    private boolean dialling;
    /** Typing the number a connected call is transferred to (blind transfer), on {@link #transferLine}. */
    private boolean transferring;
    private int transferLine;
    /** A local three-way conference: the current line and {@link #confLine} heard and spoken into together. */
    private boolean conference;
    private int confLine;
    private boolean offHook;
    private boolean handsFree;
    private boolean muted;
    private boolean failed;
    private final byte[] received = new byte[12];
    private int receivedCount;
    private int current;
    private Timer clockTimer;
    private Timer dialTimer;
    private Timer endedTimer;
    private Timer noticeTimer;
    private Timer dtmfTimer;
    /** Fires once, at the start of the main loop: the configuration is read again there (see readConfigAgain). */
    private Timer startTimer;
    private int initTextLength;
    private int initTextCrc;

    /** Creates the top; {@link #init} does the work. */
    public Phone() {
    }

    @Override
    public void init(Kernel k) {
        kernel = k;
        store = new ConfigStore(k.board().flash(), CONFIG_PARTITION, k.log(), k.timers());
        config = store.isTooLong() ? readConfig(k) : store.hasPartition()
            ? PhoneConfig.parse(store.text(), 0, store.length()) : readConfig(k);
        k.setKeyHandler(this);
        k.setHookHandler(this);
        clockTimer = new Timer(Priority.NORMAL, this);
        dialTimer = new Timer(Priority.NORMAL, this);
        endedTimer = new Timer(Priority.NORMAL, this);
        noticeTimer = new Timer(Priority.NORMAL, this);
        dtmfTimer = new Timer(Priority.NORMAL, this);
        sound = k.board().sound();
        k.screen().show(Screen.IDLE, "ready");
        if (k.board().network() == null) {
            k.screen().show(Screen.ALERT, "no network");
            k.log().line("phone: this board has no network port");
            return;
        }
        // Each line's RTP session takes two UDP sockets, SIP one.
        int maxLines = (k.board().sizes().udpSockets() - 1) / 2;
        if (config.lines > maxLines) {
            k.log().begin().text("phone: config: ").decimal(config.lines).text(" lines, but this board has UDP ")
                .text("sockets for ").decimal(maxLines).end();
            config.lines = maxLines;
        }
        Network network = new Network(k);
        // The network console (fw console): the log, and the configuration's commands. One connection with a small
        // window (4 KiB of copies, not the board's default of two links with seven frames each).
        Llc llc = new Llc(network.ethernet(), k.timers(), CONSOLE_LINKS, CONSOLE_WINDOW, CONSOLE_INFO_BYTES);
        console = new LlcConsole(network, llc);
        console.setCommands(store);
        ip6 = new Ip6(network);
        Udp udp = new Udp(ip6);
        media = new MediaEngine(k, udp, ip6.random(), config.lines);
        media.setEventListener(this);
        if (sound != null) {
            sound.setVolume(MediaEngine.CHANNEL, sound.maxVolume() / 2);
        }
        ua = new UserAgent(k, ip6, udp, config, media);
        ua.setListener(this);
        ip6.setAddressListener(this);
        k.log().begin().text("phone: ").decimal(config.lines).text(" lines, ").decimal(config.accountCount)
            .text(" accounts, SIP port ").decimal(config.sipPort).end();
        for (int a = 0; a < config.accountCount; a++) {
            Account acc = config.accounts[a];
            k.log().begin().text("phone: account ").decimal(a + 1).text(" ").bytes(acc.user, 0, acc.userLen).text("@")
                .bytes(acc.domain, 0, acc.domainLen).end();
        }
        if (config.errorCount > 0) {
            k.log().begin().text("phone: config: ").decimal(config.errorCount).text(" lines not understood, the first ")
                .text("is line ").decimal(config.firstErrorLine).end();
        }
        startTimer = new Timer(Priority.NORMAL, this);
        initTextLength = store.length();
        initTextCrc = Crc32.of(store.text(), 0, store.length());
        k.timers().start(startTimer, 0);
        showStatus();
    }

    /**
     * At the start of the main loop the config partition is read again. On the simulator init read the same text and
     * nothing changes; on an AOT image init ran at build time against the build host's flash, and this is where the
     * device's own configuration is taken: lines (at most as many as init allocated), SIP and RTP ports, accounts.
     */
    private void readConfigAgain() {
        store.reload();
        if (!store.hasPartition() || store.isTooLong() || store.length() == initTextLength
            && Crc32.of(store.text(), 0, store.length()) == initTextCrc) {
            return;
        }
        config.parseInto(store.text(), 0, store.length());
        if (!ua.reconfigure()) {
            kernel.log().begin().text("phone: config: SIP port taken; staying on ").decimal(config.sipPort).end();
        }
        kernel.log().begin().text("phone: configuration from flash: ").decimal(config.lines).text(" lines, ")
            .decimal(config.accountCount).text(" accounts, SIP port ").decimal(config.sipPort).end();
        for (int a = 0; a < config.accountCount; a++) {
            Account acc = config.accounts[a];
            kernel.log().begin().text("phone: account ").decimal(a + 1).text(" ").bytes(acc.user, 0, acc.userLen)
                .text("@").bytes(acc.domain, 0, acc.domainLen).end();
        }
        if (config.errorCount > 0) {
            kernel.log().begin().text("phone: config: ").decimal(config.errorCount)
                .text(" lines not understood, the first is line ").decimal(config.firstErrorLine).end();
        }
        ua.addressesChanged();
        showStatus();
    }

    /** Reads the configuration text from the {@code config} partition (the defaults when there is none). Init only. */
    static PhoneConfig readConfig(Kernel k) {
        Flash flash = k.board().flash();
        Partition part = null;
        if (flash != null) {
            Partition[] parts = flash.partitions();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].name.equals(CONFIG_PARTITION)) {
                    part = parts[i];
                }
            }
        }
        if (part == null) {
            k.log().line("phone: no config partition; no accounts");
            return PhoneConfig.parse(new byte[0], 0, 0);
        }
        int blockSize = flash.blockSize();
        // Read only as far as the text goes: up to the first erased or NUL byte.
        byte[] block = new byte[blockSize];
        int blocks = 0;
        boolean end = false;
        while (blocks < part.blockCount && !end && flash.read(part.firstBlock + blocks, block, 0)) {
            blocks++;
            for (int i = 0; i < blockSize; i++) {
                if (block[i] == (byte) 0xFF || block[i] == 0) {
                    end = true;
                }
            }
        }
        byte[] textBytes = new byte[blocks * blockSize];
        for (int b = 0; b < blocks; b++) {
            flash.read(part.firstBlock + b, textBytes, b * blockSize);
        }
        return PhoneConfig.parse(textBytes, 0, textBytes.length);
    }

    /** The configuration in the flash and its console commands. */
    public ConfigStore configStore() {
        return store;
    }

    /** The network console (null on a board without network). */
    public LlcConsole console() {
        return console;
    }

    /** The user agent (null on a board without network). */
    public UserAgent userAgent() {
        return ua;
    }

    /** The configuration read at init. */
    public PhoneConfig config() {
        return config;
    }

    /** The line the keys act on. */
    public int currentLine() {
        return current;
    }

    // ------------------------------------------------------------------ the network

    @Override
    public void onAddressChanged(int index, int state) {
        ua.addressesChanged();
        showStatus();
    }

    @Override
    public void onRegistrationChanged(int account) {
        showStatus();
    }

    /** The status level: the first account's registration trouble, if any. */
    private void showStatus() {
        Screen s = kernel.screen();
        if (ua == null || ua.accountCount() == 0) {
            s.close(Screen.STATUS);
            kernel.board().display().setSymbol(Display.SYMBOL_NETWORK, ip6 != null && ip6.addresses().globalAddress()
                >= 0);
            return;
        }
        boolean anyRegistered = false;
        int worst = Registration.IDLE;
        for (int a = 0; a < ua.accountCount(); a++) {
            int st = ua.registration(a).state();
            if (st == Registration.REGISTERED) {
                anyRegistered = true;
            } else if (st > worst) {
                worst = st;
            }
        }
        Display d = kernel.board().display();
        if (d != null) {
            d.setSymbol(Display.SYMBOL_NETWORK, anyRegistered);
        }
        if (worst == Registration.AUTH_FAILED) {
            s.show(Screen.STATUS, "auth fail");
        } else if (worst == Registration.FAILED) {
            s.show(Screen.STATUS, "reg fail");
        } else if (!anyRegistered) {
            s.show(Screen.STATUS, "no reg");
        } else {
            s.close(Screen.STATUS);
        }
    }

    // ------------------------------------------------------------------ calls

    @Override
    public void onCallChanged(int line) {
        Call c = ua.call(line);
        int st = c.state();
        if (transferring && line == transferLine && st != Call.CONNECTED) {
            endTransferDialling();
        }
        if (conference && (line == current || line == confLine) && st != Call.CONNECTED) {
            // One party left the conference: the other stays, heard.
            int other = line == current ? confLine : current;
            conference = false;
            if (ua.call(other).state() == Call.CONNECTED) {
                current = other;
            }
        }
        if (c.transferState() == Call.XFER_FAILED) {
            c.transferFailureShown();
            notice("xfer fail");
        } else if (c.transferState() == Call.XFER_DONE && st == Call.ENDING) {
            notice("transferred");
        }
        if ((st == Call.CALLING && c.isReferred() || st == Call.CONNECTED && c.isReplacement()) && line != current) {
            // The other side of a call asked us to call someone (REFER), or a call came in to replace ours (Replaces):
            // the new call is the one heard.
            if (dialling) {
                stopDialling();
            }
            current = line;
        }
        if (st == Call.INCOMING) {
            if (otherActiveLine(line) < 0 && !dialling) {
                current = line;
            }
        } else if (st == Call.CONNECTED && line == current) {
            receivedCount = 0;
        } else if (st == Call.ENDED) {
            kernel.timers().start(endedTimer, ENDED_SHOW_MS);
        } else if (st == Call.IDLE && line == current) {
            int other = activeLine();
            if (other >= 0) {
                current = other;
            }
        }
        refresh();
    }

    /** A line other than idle/ended, the current one first, or -1. */
    private int activeLine() {
        int n = ua.lineCount();
        for (int k = 0; k < n; k++) {
            int l = (current + k) % n;
            int st = ua.call(l).state();
            if (st != Call.IDLE && st != Call.ENDED) {
                return l;
            }
        }
        return -1;
    }

    /** A line other than {@code line} that is neither idle nor ended, or -1. */
    private int otherActiveLine(int line) {
        for (int l = 0; l < ua.lineCount(); l++) {
            int st = ua.call(l).state();
            if (l != line && st != Call.IDLE && st != Call.ENDED) {
                return l;
            }
        }
        return -1;
    }

    private int ringingLine() {
        for (int l = 0; l < ua.lineCount(); l++) {
            if (ua.call(l).state() == Call.INCOMING) {
                return l;
            }
        }
        return -1;
    }

    /** Redraws the call levels, the clock and the lights from the state of the lines. */
    private void refresh() {
        Screen s = kernel.screen();
        Lights lights = kernel.lights();
        int ringing = ringingLine();
        if (ringing >= 0) {
            Call c = ua.call(ringing);
            int n = put(0, "call ");
            n = putTail(n, c.number(), c.numberLength());
            s.show(Screen.RINGING, text, 0, n);
            lights.flash(Leds.MESSAGE, Leds.RED, Leds.OFF, Lights.FAST);
        } else {
            s.close(Screen.RINGING);
            lights.set(Leds.MESSAGE, Leds.OFF);
        }
        for (int l = 0; l < ua.lineCount(); l++) {
            Call c = ua.call(l);
            int st = c.state();
            int led = Leds.LINE1 + l;
            if (st == Call.INCOMING) {
                lights.flash(led, Leds.GREEN, Leds.OFF, Lights.FAST);
            } else if (st == Call.CONNECTED && (c.isOnHold() || l != current && !(conference && l == confLine))) {
                lights.flash(led, Leds.GREEN, Leds.OFF, Lights.SLOW);
            } else if (st != Call.IDLE && st != Call.ENDED) {
                lights.set(led, Leds.GREEN);
            } else {
                lights.set(led, Leds.OFF);
            }
        }
        Call c = ua.call(current);
        int st = c.state();
        s.close(Screen.CONNECTING);
        s.close(Screen.TALKING);
        boolean clock = false;
        switch (st) {
            case Call.CALLING:
                s.show(Screen.CONNECTING, "calling");
                break;
            case Call.RINGBACK:
                s.show(Screen.CONNECTING, "ringing");
                break;
            case Call.CANCELLING:
            case Call.ENDING:
                s.show(Screen.CONNECTING, "bye");
                break;
            case Call.ENDED:
                showEnd(c.endStatus());
                break;
            case Call.CONNECTED: {
                if (transferring && current == transferLine) {
                    // The number the call goes to, typed over the call (which is on hold).
                    int n = digitCount == 0 ? put(0, "xfer") : putTail(put(0, "x"), digits, digitCount);
                    s.show(Screen.TALKING, text, 0, n);
                    clock = true;
                    break;
                }
                int n = conference ? put(0, "conf ") : c.transferState() == Call.XFER_TRYING ? put(0, "xfer ")
                    : c.isOnHold() ? put(0, "hold ")
                    : c.isHeldByRemote() ? put(0, "held ") : 0;
                n = putTail(n, c.number(), c.numberLength());
                if (n == 0) {
                    n = put(0, "talk");
                }
                s.show(Screen.TALKING, text, 0, n);
                clock = true;
                break;
            }
            default:
                break;
        }
        if (st != Call.IDLE && st != Call.ENDED) {
            s.close(Screen.DIALING);
        } else if (dialling) {
            showDigits();
        }
        Display d = kernel.board().display();
        if (clock) {
            if (!clockTimer.isRunning()) {
                kernel.timers().startPeriodic(clockTimer, 1000, 1000);
            }
            showDuration();
        } else {
            if (clockTimer.isRunning()) {
                kernel.timers().stop(clockTimer);
            }
            if (d != null) {
                d.clearTime();
            }
        }
        updateMedia();
        lights.set(Leds.HANDSET, offHook && !handsFree && inUse() ? Leds.GREEN : Leds.OFF);
        lights.set(Leds.SPEAKER, handsFree ? Leds.GREEN : Leds.OFF);
        lights.set(Leds.MUTE, muted ? Leds.RED : Leds.OFF);
    }

    /**
     * The sound from the state of the lines: the current line heard when connected, the device, the tone; mute ends
     * with the last call.
     */
    private void updateMedia() {
        Call c = ua.call(current);
        media.select(c.state() == Call.CONNECTED ? current : MediaEngine.NO_LINE);
        if (conference && !media.join(confLine)) {
            conference = false;
        }
        media.setDevice(device());
        media.playTone(tone());
        if (muted && !inUse()) {
            muted = false;
            media.setMute(false);
        }
    }

    /** The tone the user should hear now. */
    private int tone() {
        boolean listening = offHook || handsFree;
        Call c = ua.call(current);
        int st = c.state();
        int ringing = ringingLine();
        if (dialling || transferring && current == transferLine) {
            return listening && digitCount == 0 ? ToneGenerator.DIAL : ToneGenerator.NONE;
        }
        if (failed && listening && (st == Call.IDLE || st == Call.ENDED)) {
            return ToneGenerator.CONGESTION;
        }
        if (st == Call.RINGBACK) {
            return ToneGenerator.RINGBACK;
        }
        if (st == Call.ENDED && listening) {
            int why = c.endStatus();
            return why == 486 || why == 600 ? ToneGenerator.BUSY
                : why == Call.END_LOCAL || why == Call.END_REMOTE || why == Call.END_TRANSFERRED || why == 487
                ? ringingTone(ringing)
                : ToneGenerator.CONGESTION;
        }
        if (st == Call.CONNECTED || st == Call.CALLING || st == Call.CANCELLING || st == Call.ENDING) {
            return ringing >= 0 ? ToneGenerator.CALL_WAITING : ToneGenerator.NONE;
        }
        return ringingTone(ringing);
    }

    /** While a line rings and nothing else is heard: the ringer when the phone is not in use, else call waiting. */
    private int ringingTone(int ringing) {
        if (ringing < 0) {
            return ToneGenerator.NONE;
        }
        return ringing == current && otherActiveLine(ringing) < 0 ? ToneGenerator.RINGING
            : ToneGenerator.CALL_WAITING;
    }

    /** Hands-free: the speaker; else the handset while it is off hook; a call that rings on the speaker. */
    private int device() {
        int device = handsFree ? Sound.DEVICE_SPEAKER : offHook ? Sound.DEVICE_HANDSET : Sound.DEVICE_NONE;
        if (device == Sound.DEVICE_NONE && ringingLine() >= 0) {
            device = Sound.DEVICE_SPEAKER;
        }
        return device;
    }

    // ------------------------------------------------------------------ digits received

    @Override
    public void onEventStart(int line, int event) {
        char ch = TelephoneEvent.toChar(event);
        if (ch == 0) {
            return;
        }
        kernel.log().begin().text("phone: line ").decimal(line + 1).text(" received DTMF ").character(ch).end();
        if (line != current) {
            return;
        }
        if (receivedCount == received.length) {
            System.arraycopy(received, 1, received, 0, received.length - 1);
            receivedCount--;
        }
        received[receivedCount++] = (byte) ch;
        int n = put(0, "dtmf ");
        n = putTail(n, received, receivedCount);
        kernel.screen().show(Screen.ALERT, text, 0, n);
        kernel.timers().start(dtmfTimer, DTMF_SHOW_MS);
    }

    @Override
    public void onEventEnd(int line, int event, int durationTicks) {
    }

    private void showEnd(int why) {
        Screen s = kernel.screen();
        switch (why) {
            case 486:
            case 600:
                s.show(Screen.CONNECTING, "busy");
                break;
            case 404:
            case 604:
                s.show(Screen.CONNECTING, "not found");
                break;
            case 401:
            case 407:
            case 403:
                s.show(Screen.CONNECTING, "auth fail");
                break;
            case 408:
            case 480:
                s.show(Screen.CONNECTING, "no answer");
                break;
            case Call.END_NO_ROUTE:
                s.show(Screen.CONNECTING, "no route");
                break;
            case Call.END_UNREACHABLE:
                s.show(Screen.CONNECTING, "unreachable");
                break;
            case Call.END_LOCAL:
            case Call.END_REMOTE:
            case 487:
                s.show(Screen.CONNECTING, "ended");
                break;
            case Call.END_TRANSFERRED:
                s.show(Screen.CONNECTING, "transferred");
                break;
            default: {
                int n = put(0, "failed ");
                n = writeDecimal(n, why);
                s.show(Screen.CONNECTING, text, 0, n);
                break;
            }
        }
    }

    private void showDuration() {
        Display d = kernel.board().display();
        Call c = ua.call(current);
        if (d == null || c.state() != Call.CONNECTED) {
            return;
        }
        int seconds = (kernel.clock().now() - c.connectedAtMs()) / 1000;
        int minutes = seconds / 60;
        if (minutes < 20) {
            d.showTime(minutes, seconds % 60, true);
        } else {
            d.showTime(Math.min(19, minutes / 60), minutes % 60, false);
        }
    }

    private boolean inUse() {
        return activeLine() >= 0 || dialling;
    }

    private int put(int at, String s) {
        int n = Math.min(s.length(), text.length - at);
        for (int i = 0; i < n; i++) {
            text[at + i] = (byte) s.charAt(i);
        }
        return at + n;
    }

    /** Appends the last characters of a number that fit on the 12-character line. */
    private int putTail(int at, byte[] b, int len) {
        int room = Math.max(0, kernel.screen().width() - at);
        if (room == 0) {
            room = text.length - at;
        }
        int n = Math.min(len, room);
        System.arraycopy(b, len - n, text, at, n);
        return at + n;
    }

    private int writeDecimal(int at, int v) {
        int digitsNeeded = v >= 100 ? 3 : v >= 10 ? 2 : 1;
        int p = at + digitsNeeded;
        int x = v;
        for (int i = p - 1; i >= at; i--) {
            text[i] = (byte) ('0' + x % 10);
            x /= 10;
        }
        return p;
    }

    // ------------------------------------------------------------------ keys and hook

    @Override
    public void onHook(boolean lifted) {
        offHook = lifted;
        if (ua == null) {
            return;
        }
        if (lifted) {
            handsFree = false;
            int ringing = ringingLine();
            Call c = ua.call(current);
            if (ringing >= 0 && (ringing == current || c.state() == Call.IDLE || c.state() == Call.ENDED)) {
                answer(ringing);
            } else if (c.state() == Call.IDLE || c.state() == Call.ENDED) {
                startDialling();
            }
        } else if (!handsFree) {
            hangUpCurrent();
        }
        refresh();
    }

    @Override
    public void onKeyPressed(int buttonClass, int code) {
        if (ua == null) {
            return;
        }
        if (buttonClass == Buttons.DTMF) {
            digit(code);
        } else if (buttonClass == Buttons.LINE) {
            splitConference();
            switchTo(code - '1');
        } else if (buttonClass == Buttons.FIXED_FUNCTION) {
            if (transferring && code != Buttons.KEY_TRANSFER && code != Buttons.KEY_SEND && code != Buttons.KEY_UP
                && code != Buttons.KEY_DOWN && code != Buttons.KEY_MUTE) {
                // Any other key leaves the transfer: the call stays on hold (hold itself resumes it).
                endTransferDialling();
            }
            if (code == Buttons.KEY_HOLD || code == Buttons.KEY_FLASH || code == Buttons.KEY_TRANSFER) {
                // These act on the current call alone: the conference splits first (the other call is held).
                splitConference();
            }
            switch (code) {
                case Buttons.KEY_SEND:
                    send();
                    break;
                case Buttons.KEY_SPEAKER:
                    speaker();
                    break;
                case Buttons.KEY_HOLD: {
                    Call c = ua.call(current);
                    c.hold(!c.isOnHold());
                    break;
                }
                case Buttons.KEY_FLASH:
                    switchTo((current + 1) % ua.lineCount());
                    break;
                case Buttons.KEY_MUTE:
                    if (inUse()) {
                        muted = !muted;
                        media.setMute(muted);
                    }
                    break;
                case Buttons.KEY_UP:
                case Buttons.KEY_DOWN:
                    volume(code == Buttons.KEY_UP ? 1 : -1);
                    break;
                case Buttons.KEY_TRANSFER:
                    transferKey();
                    break;
                case Buttons.KEY_CONFERENCE:
                    conferenceKey();
                    break;
                default:
                    break;
            }
        }
        refresh();
    }

    @Override
    public void onKeysReleased() {
        media.keyUp();
    }

    private void digit(int code) {
        Call c = ua.call(current);
        if (transferring) {
            if (digitCount < MAX_DIGITS) {
                digits[digitCount++] = (byte) code;
            }
            return;
        }
        if (c.state() == Call.CONNECTED) {
            media.keyDown(code);
            return;
        }
        if (c.state() != Call.IDLE && c.state() != Call.ENDED) {
            return;
        }
        if (c.state() == Call.ENDED) {
            c.clear();
        }
        if (!dialling) {
            startDialling();
        }
        if (digitCount < MAX_DIGITS) {
            digits[digitCount++] = (byte) code;
        }
        showDigits();
        if (offHook || handsFree) {
            kernel.timers().start(dialTimer, DIAL_TIMEOUT_MS);
        }
    }

    private void startDialling() {
        int line = ua.call(current).state() == Call.IDLE || ua.call(current).state() == Call.ENDED ? current
            : ua.freeLine();
        if (line < 0) {
            notice("no line");
            return;
        }
        if (ua.call(line).state() == Call.ENDED) {
            ua.call(line).clear();
        }
        current = line;
        dialling = true;
        failed = false;
        digitCount = 0;
        showDigits();
    }

    private void showDigits() {
        if (digitCount == 0) {
            kernel.screen().show(Screen.DIALING, "dial");
        } else {
            int n = putTail(0, digits, digitCount);
            kernel.screen().show(Screen.DIALING, text, 0, n);
        }
    }

    private void stopDialling() {
        dialling = false;
        digitCount = 0;
        kernel.timers().stop(dialTimer);
        kernel.screen().close(Screen.DIALING);
    }

    private void send() {
        if (transferring) {
            if (digitCount > 0) {
                transferDialled();
            }
            return;
        }
        int ringing = ringingLine();
        if (ringing >= 0 && !dialling) {
            if (!offHook) {
                handsFree = true;
            }
            answer(ringing);
            return;
        }
        if (dialling && digitCount > 0) {
            if (!offHook) {
                handsFree = true;
            }
            dial();
        }
    }

    private void dial() {
        kernel.timers().stop(dialTimer);
        Account account = config.accountCount > 0 ? config.accounts[0] : null;
        SipWriter w = writer.reset(uriBuffer, 0, uriBuffer.length);
        int how = dialler.toUri(digits, 0, digitCount, account, w);
        if (how == Dialler.INVALID) {
            kernel.log().begin().text("phone: cannot dial ").bytes(digits, 0, digitCount).end();
            stopDialling();
            notice("bad number");
            failed = true;
            return;
        }
        kernel.log().begin().text("phone: line ").decimal(current + 1).text(" dials ").bytes(uriBuffer, 0, w.length())
            .end();
        Call c = ua.call(current);
        boolean ok = c.dial(how == Dialler.DIRECT ? -1 : 0, uriBuffer, 0, w.length(), digits, 0, digitCount);
        stopDialling();
        if (!ok) {
            notice("no route");
            failed = true;
        }
    }

    private void answer(int line) {
        splitConference();
        int other = activeLine();
        if (other >= 0 && other != line && ua.call(other).state() == Call.CONNECTED) {
            ua.call(other).hold(true);
        }
        stopDialling();
        current = line;
        ua.call(line).answer();
    }

    private void speaker() {
        int ringing = ringingLine();
        Call c = ua.call(current);
        if (handsFree) {
            if (offHook) {
                // The handset is up: the call moves back to it.
                handsFree = false;
            } else {
                handsFree = false;
                hangUpCurrent();
            }
        } else if (ringing >= 0 && (ringing == current || c.state() == Call.IDLE || c.state() == Call.ENDED)) {
            handsFree = true;
            answer(ringing);
        } else {
            handsFree = true;
            if (c.state() == Call.IDLE || c.state() == Call.ENDED) {
                if (!dialling) {
                    startDialling();
                } else if (digitCount > 0) {
                    dial();
                }
            }
        }
    }

    private void hangUpCurrent() {
        if (dialling) {
            stopDialling();
        }
        endTransferDialling();
        if (conference) {
            // Hanging up ends the conference: both calls.
            conference = false;
            Call other = ua.call(confLine);
            if (other.state() != Call.IDLE) {
                other.hangup(0);
            }
        }
        failed = false;
        Call c = ua.call(current);
        if (c.state() != Call.IDLE) {
            c.hangup(0);
        }
    }

    private void switchTo(int line) {
        if (line < 0 || line >= ua.lineCount() || line == current) {
            return;
        }
        Call from = ua.call(current);
        if (from.state() == Call.CONNECTED && !from.isOnHold()) {
            from.hold(true);
        }
        if (dialling) {
            stopDialling();
        }
        current = line;
        Call to = ua.call(line);
        if (to.state() == Call.CONNECTED && to.isOnHold()) {
            to.hold(false);
        } else if (to.state() == Call.INCOMING) {
            answer(line);
        }
    }

    /**
     * The transfer key. In a connected call while another line holds a connected call: an attended transfer (the held
     * call's other side is asked to call the current one's, replacing our call with them). In a connected call
     * otherwise: the call goes on hold and the number it is transferred to is typed, then sent with send (or this
     * key again); this key with nothing typed gives up.
     */
    private void transferKey() {
        if (transferring) {
            if (digitCount > 0) {
                transferDialled();
            } else {
                endTransferDialling();
            }
            return;
        }
        Call c = ua.call(current);
        if (c.state() != Call.CONNECTED || c.transferState() == Call.XFER_TRYING) {
            notice("no call");
            return;
        }
        for (int l = 0; l < ua.lineCount(); l++) {
            Call held = ua.call(l);
            if (l != current && held.state() == Call.CONNECTED) {
                if (!held.transferTo(c)) {
                    notice("xfer fail");
                }
                return;
            }
        }
        if (!c.isOnHold()) {
            c.hold(true);
        }
        transferring = true;
        transferLine = current;
        digitCount = 0;
    }

    /**
     * The conference key: with the current call connected and another connected call (on hold) on a second line, the
     * two are joined in a local conference (the held one resumed); in a conference, it splits it again.
     */
    private void conferenceKey() {
        if (conference) {
            splitConference();
            return;
        }
        Call c = ua.call(current);
        int other = -1;
        for (int l = 0; l < ua.lineCount(); l++) {
            if (l != current && ua.call(l).state() == Call.CONNECTED) {
                other = l;
            }
        }
        // The media engine says whether the two can be mixed (both running, one packet interval).
        if (c.state() != Call.CONNECTED || other < 0 || !media.join(other)) {
            notice("no conf");
            return;
        }
        conference = true;
        confLine = other;
        if (c.isOnHold()) {
            c.hold(false);
        }
        if (ua.call(other).isOnHold()) {
            ua.call(other).hold(false);
        }
        kernel.log().begin().text("phone: conference of lines ").decimal(current + 1).text(" and ").decimal(other + 1)
            .end();
    }

    /** Ends the conference, if any: the current call stays, the other goes on hold. */
    private void splitConference() {
        if (!conference) {
            return;
        }
        conference = false;
        media.join(MediaEngine.NO_LINE);
        Call other = ua.call(confLine);
        if (other.state() == Call.CONNECTED && !other.isOnHold()) {
            other.hold(true);
        }
        kernel.log().begin().text("phone: conference split, line ").decimal(confLine + 1).text(" on hold").end();
    }

    /** Sends the transfer of {@link #transferLine} to the number typed (REFER). */
    private void transferDialled() {
        Account account = config.accountCount > 0 ? config.accounts[0] : null;
        SipWriter w = writer.reset(uriBuffer, 0, uriBuffer.length);
        int how = dialler.toUri(digits, 0, digitCount, account, w);
        Call c = ua.call(transferLine);
        endTransferDialling();
        if (how == Dialler.INVALID) {
            notice("bad number");
            return;
        }
        if (!c.transfer(uriBuffer, 0, w.length())) {
            notice("xfer fail");
        }
    }

    private void endTransferDialling() {
        transferring = false;
        digitCount = 0;
    }

    private void volume(int step) {
        if (sound == null) {
            return;
        }
        sound.setVolume(0, sound.volume(0) + step);
        Display d = kernel.board().display();
        if (d != null && d.barSteps() > 0) {
            int max = Math.max(1, sound.maxVolume());
            d.showBar((sound.volume(0) * d.barSteps() + max - 1) / max);
        }
    }

    /** A short message at the alert level that goes away by itself. */
    private void notice(String message) {
        kernel.screen().show(Screen.ALERT, message);
        kernel.timers().start(noticeTimer, 2000);
    }

    @Override
    public void onTimer(Timer timer) {
        if (timer == startTimer) {
            readConfigAgain();
        } else if (timer == clockTimer) {
            showDuration();
        } else if (timer == dialTimer) {
            if (dialling && digitCount > 0) {
                dial();
                refresh();
            }
        } else if (timer == endedTimer) {
            for (int l = 0; l < ua.lineCount(); l++) {
                if (ua.call(l).state() == Call.ENDED) {
                    ua.call(l).clear();
                }
            }
            if (handsFree && !offHook && activeLine() < 0 && !dialling) {
                // A hands-free call that the other side ended: the speaker goes off with it.
                handsFree = false;
            }
            failed = false;
            kernel.screen().close(Screen.CONNECTING);
            refresh();
        } else if (timer == noticeTimer || timer == dtmfTimer) {
            kernel.screen().close(Screen.ALERT);
        }
    }
}
