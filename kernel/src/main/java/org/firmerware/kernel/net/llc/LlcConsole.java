package org.firmerware.kernel.net.llc;

import org.firmerware.bottom.hal.Cpu;
import org.firmerware.kernel.console.Format;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.console.LogListener;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.PacketPool;
import org.firmerware.kernel.sched.Event;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.time.TimerQueue;

/**
 * The network console: the kernel log and a few commands over LLC type 2 on SAP {@value Llc#CONSOLE_SAP} (0x14), so
 * it works as soon as the Ethernet link is up, long before the phone has an IP address. The host side is
 * {@code fw console}.
 *
 * <h2>What a peer gets</h2>
 * <ul>
 *   <li>On connecting: a greeting line, then every line of the log ring from its first retained line onwards, then
 *       new lines as they are logged; each line once, in order, as {@code [seconds.millis] text\n}. The console
 *       follows the {@link Log} by line number and has no buffer of its own, so it costs nothing while nobody is
 *       connected. Lines that left the ring before they could be sent (the peer was too slow) are reported by one
 *       line {@code [... N lines lost]}.</li>
 *   <li>Commands, one per line, typed by the peer: {@code help}, {@code log} (replay the ring from its first line),
 *       {@code net} (MAC address, link state, frame counters and drops, LLC connections), {@code reboot}. Command
 *       lines are parsed in place from the received bytes; their answers go to the asking peer only, before further
 *       log lines.</li>
 * </ul>
 * Each connection of the LLC's table can carry a console session. While an answer waits to be sent, the session
 * refuses further command input (local busy, RNR) rather than buffering it.
 *
 * <p>Main loop only.
 */
public final class LlcConsole implements LlcConnectionHandler, LogListener, TimerHandler {

    /** The longest command line; longer lines are refused with a message. */
    public static final int COMMAND_BYTES = 80;
    /** Room for the answers to the commands of one received I-PDU. */
    public static final int REPLY_BYTES = 1024;
    /** How long after {@code reboot} the console disconnects its peers, and then reboots. */
    public static final int REBOOT_DELAY_MS = 300;

    private static final int REBOOT_IDLE = 0, REBOOT_DISCONNECT = 1, REBOOT_NOW = 2;

    private final Llc llc;
    private final Ethernet ethernet;
    private final Log log;
    private final Scheduler scheduler;
    private final TimerQueue timers;
    private final Cpu cpu;
    private final String boardName;
    private final Event pump;
    private final Timer rebootTimer;
    private int rebootPhase = REBOOT_IDLE;

    private final boolean[] active;
    private final boolean[] refused;
    private final int[] cursor;
    private final byte[][] reply;
    private final int[] replyLength;
    private final byte[][] command;
    private final int[] commandLength;
    private final boolean[] commandTooLong;
    private final byte[] chunk;
    private final byte[] line;
    private final byte[] peer = new byte[6];
    private ConsoleCommands commands;
    /** The session whose command runs now (for {@link #answer}), or -1. */
    private int answering = -1;

    /**
     * Starts the console on a network core's LLC: registers the console SAP and follows the kernel's log. Init only.
     */
    public LlcConsole(Network network, Llc llc) {
        this(llc, network.kernel().log(), network.kernel().scheduler(), network.kernel().timers(),
            network.kernel().board().cpu(), network.kernel().board().name());
    }

    /**
     * Starts the console from its parts. Init only.
     *
     * @param cpu what {@code reboot} reboots
     * @param boardName named in the greeting
     */
    public LlcConsole(Llc llc, Log log, Scheduler scheduler, TimerQueue timers, Cpu cpu, String boardName) {
        this.llc = llc;
        this.ethernet = llc.ethernet();
        this.log = log;
        this.scheduler = scheduler;
        this.timers = timers;
        this.cpu = cpu;
        this.boardName = boardName;
        int n = llc.linkCount();
        active = new boolean[n];
        refused = new boolean[n];
        cursor = new int[n];
        reply = new byte[n][REPLY_BYTES];
        replyLength = new int[n];
        command = new byte[n][COMMAND_BYTES];
        commandLength = new int[n];
        commandTooLong = new boolean[n];
        chunk = new byte[llc.infoBytes()];
        line = new byte[log.lineBytes() + 24];
        pump = new Event(Priority.LOW) {
            @Override
            protected void fire() {
                pump();
            }
        };
        rebootTimer = new Timer(Priority.NORMAL, this);
        llc.register(Llc.CONSOLE_SAP, null, this);
        log.addListener(this);
    }

    /** Adds a top's own commands (one set). Init only. */
    public void setCommands(ConsoleCommands extra) {
        commands = extra;
    }

    /** The number of peers connected now. */
    public int sessionCount() {
        int count = 0;
        for (int i = 0; i < active.length; i++) {
            if (active[i]) {
                count++;
            }
        }
        return count;
    }

    // ------------------------------------------------------------------ LLC and log events

    @Override
    public void onConnected(LlcType2Link link) {
        int i = link.index();
        active[i] = true;
        refused[i] = false;
        cursor[i] = log.firstSeq();
        commandLength[i] = 0;
        commandTooLong[i] = false;
        replyLength[i] = 0;
        reply(i, "firmerware console on board ");
        reply(i, boardName);
        reply(i, ", ");
        replyMac(i, llc.mac());
        reply(i, "; type help\n");
        link.peerMac(peer, 0);
        log.begin().text("console: ").mac(peer, 0).text(" connected").end();
        scheduler.post(pump);
    }

    @Override
    public void onDisconnected(LlcType2Link link, int reason) {
        int i = link.index();
        if (!active[i]) {
            return;
        }
        active[i] = false;
        replyLength[i] = 0;
        link.peerMac(peer, 0);
        log.begin().text("console: ").mac(peer, 0).text(" disconnected: ").text(LlcType2Link.reasonName(reason)).end();
    }

    @Override
    public boolean onData(LlcType2Link link, byte[] buf, int off, int len) {
        int i = link.index();
        if (!active[i]) {
            return true;
        }
        if (replyLength[i] > 0) {
            refused[i] = true;
            return false;
        }
        for (int k = 0; k < len; k++) {
            byte b = buf[off + k];
            if (b == '\n' || b == '\r') {
                if (commandTooLong[i]) {
                    reply(i, "command too long\n");
                } else if (commandLength[i] > 0) {
                    execute(i, link);
                }
                commandLength[i] = 0;
                commandTooLong[i] = false;
            } else if (commandLength[i] < COMMAND_BYTES) {
                command[i][commandLength[i]++] = b;
            } else {
                commandTooLong[i] = true;
            }
        }
        if (replyLength[i] > 0) {
            scheduler.post(pump);
        }
        return true;
    }

    @Override
    public void onSendRoom(LlcType2Link link) {
        scheduler.post(pump);
    }

    @Override
    public void onLogLine(int seq) {
        for (int i = 0; i < active.length; i++) {
            if (active[i]) {
                scheduler.post(pump);
                return;
            }
        }
    }

    @Override
    public void onTimer(Timer timer) {
        if (rebootPhase == REBOOT_DISCONNECT) {
            for (int i = 0; i < active.length; i++) {
                if (active[i]) {
                    llc.link(i).disconnect();
                }
            }
            rebootPhase = REBOOT_NOW;
            timers.start(rebootTimer, REBOOT_DELAY_MS);
        } else if (rebootPhase == REBOOT_NOW) {
            cpu.reboot();
        }
    }

    // ------------------------------------------------------------------ sending

    /** Fills the free slots of every session's window: answers first, then log lines. */
    private void pump() {
        for (int i = 0; i < active.length; i++) {
            if (!active[i]) {
                continue;
            }
            LlcType2Link link = llc.link(i);
            for (int k = 0; k < llc.window() && link.canSend(); k++) {
                int n = fill(i);
                if (n == 0) {
                    break;
                }
                link.send(chunk, 0, n);
            }
            if (refused[i] && replyLength[i] == 0) {
                refused[i] = false;
                link.resumeReceiving();
            }
        }
    }

    /** Builds the next I-PDU of session {@code i} in {@link #chunk}: pending answer, then whole log lines. */
    private int fill(int i) {
        int n = 0;
        if (replyLength[i] > 0) {
            n = Math.min(replyLength[i], chunk.length);
            System.arraycopy(reply[i], 0, chunk, 0, n);
            System.arraycopy(reply[i], n, reply[i], 0, replyLength[i] - n);
            replyLength[i] -= n;
        }
        // Bounded: every pass adds at least one byte to the chunk or stops.
        while (n < chunk.length) {
            int lineLength;
            if (cursor[i] - log.firstSeq() < 0) {
                lineLength = lostLine(log.firstSeq() - cursor[i]);
            } else if (cursor[i] != log.nextSeq()) {
                lineLength = logLine(cursor[i]);
            } else {
                break;
            }
            if (n + lineLength > chunk.length) {
                if (n > 0) {
                    break;
                }
                lineLength = chunk.length;
                line[lineLength - 1] = '\n';
            }
            System.arraycopy(line, 0, chunk, n, lineLength);
            n += lineLength;
            cursor[i] = cursor[i] - log.firstSeq() < 0 ? log.firstSeq() : cursor[i] + 1;
        }
        return n;
    }

    /** Formats log line {@code seq} into {@link #line}: {@code [12.345] text\n}. */
    private int logLine(int seq) {
        int end = line.length - 1;
        int n = 0;
        line[n++] = '[';
        n = Format.millisAsSeconds(line, n, end, log.timeOf(seq));
        n = Format.text(line, n, end, "] ");
        int got = log.read(seq, line, n, end - n);
        n += Math.max(0, got);
        line[n++] = '\n';
        return n;
    }

    private int lostLine(int count) {
        int end = line.length - 1;
        int n = Format.text(line, 0, end, "[... ");
        n = Format.decimal(line, n, end, count);
        n = Format.text(line, n, end, count == 1 ? " line lost]" : " lines lost]");
        line[n++] = '\n';
        return n;
    }

    // ------------------------------------------------------------------ commands

    private void execute(int i, LlcType2Link link) {
        byte[] c = command[i];
        int start = 0;
        int end = commandLength[i];
        while (start < end && c[start] == ' ') {
            start++;
        }
        while (end > start && c[end - 1] == ' ') {
            end--;
        }
        if (start == end) {
            return;
        }
        if (isWord(c, start, end, "help")) {
            reply(i, "commands: help; log (replay the log ring); net (addresses, link, counters, LLC links);"
                + " reboot");
            if (commands != null) {
                reply(i, "; ");
                reply(i, commands.help());
            }
            reply(i, "\n");
        } else if (isWord(c, start, end, "log")) {
            cursor[i] = log.firstSeq();
            reply(i, "log: lines ");
            replyDecimal(i, log.firstSeq());
            reply(i, " to ");
            replyDecimal(i, log.nextSeq() - 1);
            reply(i, " follow\n");
        } else if (isWord(c, start, end, "net")) {
            net(i);
        } else if (isWord(c, start, end, "reboot")) {
            reply(i, "rebooting\n");
            link.peerMac(peer, 0);
            log.begin().text("console: reboot asked by ").mac(peer, 0).end();
            if (rebootPhase == REBOOT_IDLE) {
                rebootPhase = REBOOT_DISCONNECT;
                timers.start(rebootTimer, REBOOT_DELAY_MS);
            }
        } else if (commands != null && runExtra(i, c, start, end)) {
            return;
        } else {
            reply(i, "unknown command '");
            replyBytes(i, c, start, Math.min(end - start, 20));
            reply(i, "'; try help\n");
        }
    }

    private boolean runExtra(int i, byte[] c, int start, int end) {
        answering = i;
        boolean known = commands.execute(c, start, end, this);
        answering = -1;
        return known;
    }

    /** Answers a command of {@link ConsoleCommands}: text for the asking peer (during its execute only). */
    public void answer(String text) {
        if (answering >= 0) {
            reply(answering, text);
        }
    }

    /** Answers a decimal number (see {@link #answer}). */
    public void answerDecimal(int value) {
        if (answering >= 0) {
            replyDecimal(answering, value);
        }
    }

    /** Answers {@code digits} hexadecimal digits (see {@link #answer}). */
    public void answerHex(int value, int digits) {
        if (answering >= 0) {
            replyLength[answering] = Format.hex(reply[answering], replyLength[answering], REPLY_BYTES, value, digits);
        }
    }

    /** Answers bytes as they are (see {@link #answer}). */
    public void answerBytes(byte[] src, int off, int len) {
        if (answering >= 0) {
            replyBytes(answering, src, off, len);
        }
    }

    /** Whether {@code buf[start..end)} is {@code word}, ignoring ASCII case. */
    public static boolean isWord(byte[] buf, int start, int end, String word) {
        if (end - start != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            int b = buf[start + k];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private void net(int i) {
        reply(i, "mac ");
        replyMac(i, llc.mac());
        reply(i, ethernet.isOnline() ? ", link up\n" : ", link down\n");
        reply(i, "ethernet: received ");
        replyDecimal(i, ethernet.receivedCount());
        reply(i, ", sent ");
        replyDecimal(i, ethernet.sentCount());
        reply(i, ", queued ");
        replyDecimal(i, ethernet.queuedCount());
        reply(i, "; drops: short ");
        replyDecimal(i, ethernet.drops(Ethernet.DROP_TOO_SHORT));
        reply(i, ", length ");
        replyDecimal(i, ethernet.drops(Ethernet.DROP_BAD_LENGTH));
        reply(i, ", no handler ");
        replyDecimal(i, ethernet.drops(Ethernet.DROP_NO_HANDLER));
        reply(i, ", offline ");
        replyDecimal(i, ethernet.drops(Ethernet.DROP_OFFLINE));
        reply(i, ", pool ");
        replyDecimal(i, ethernet.drops(Ethernet.DROP_POOL_EMPTY));
        reply(i, ", port ");
        replyDecimal(i, ethernet.portDroppedFrames());
        PacketPool pool = ethernet.pool();
        reply(i, "\npackets: ");
        replyDecimal(i, pool.freeCount());
        reply(i, " of ");
        replyDecimal(i, pool.size());
        reply(i, " free, fewest ");
        replyDecimal(i, pool.lowWater());
        reply(i, "\nllc: received ");
        replyDecimal(i, llc.receivedCount());
        reply(i, ", sent ");
        replyDecimal(i, llc.sentCount());
        reply(i, ", test ");
        replyDecimal(i, llc.testsAnswered());
        reply(i, ", xid ");
        replyDecimal(i, llc.xidsAnswered());
        reply(i, "; drops: not for us ");
        replyDecimal(i, llc.drops(Llc.DROP_NOT_FOR_US));
        reply(i, ", malformed ");
        replyDecimal(i, llc.drops(Llc.DROP_MALFORMED));
        reply(i, ", no sap ");
        replyDecimal(i, llc.drops(Llc.DROP_NO_SAP));
        reply(i, ", no link ");
        replyDecimal(i, llc.drops(Llc.DROP_NO_LINK));
        reply(i, ", no free link ");
        replyDecimal(i, llc.drops(Llc.DROP_NO_FREE_LINK));
        reply(i, ", pool ");
        replyDecimal(i, llc.drops(Llc.DROP_POOL_EMPTY));
        reply(i, "\n");
        for (int k = 0; k < llc.linkCount(); k++) {
            LlcType2Link l = llc.link(k);
            reply(i, "llc2 link ");
            replyDecimal(i, k);
            if (l.state() == LlcType2Link.ADM) {
                reply(i, ": free\n");
                continue;
            }
            reply(i, ": ");
            l.peerMac(peer, 0);
            replyMac(i, peer);
            reply(i, " sap ");
            replyHex(i, l.localSap());
            reply(i, "<>");
            replyHex(i, l.peerSap());
            reply(i, " ");
            reply(i, LlcType2Link.stateName(l.state()));
            reply(i, l.isLocalBusy() ? " local-busy" : "");
            reply(i, l.isRemoteBusy() ? " remote-busy" : "");
            reply(i, ", vs ");
            replyDecimal(i, l.vs());
            reply(i, " vr ");
            replyDecimal(i, l.vr());
            reply(i, ", unacked ");
            replyDecimal(i, l.unacknowledged());
            reply(i, ", i sent ");
            replyDecimal(i, l.iFramesSent());
            reply(i, " resent ");
            replyDecimal(i, l.iFramesResent());
            reply(i, " received ");
            replyDecimal(i, l.iFramesReceived());
            reply(i, ", polls ");
            replyDecimal(i, l.pollCount());
            reply(i, ", rej sent ");
            replyDecimal(i, l.rejectsSent());
            reply(i, " received ");
            replyDecimal(i, l.rejectsReceived());
            reply(i, "\n");
        }
    }

    private void reply(int i, String text) {
        replyLength[i] = Format.text(reply[i], replyLength[i], REPLY_BYTES, text);
    }

    private void replyDecimal(int i, int value) {
        replyLength[i] = Format.decimal(reply[i], replyLength[i], REPLY_BYTES, value);
    }

    private void replyHex(int i, int value) {
        replyLength[i] = Format.hex(reply[i], replyLength[i], REPLY_BYTES, value, 2);
    }

    private void replyMac(int i, byte[] mac) {
        replyLength[i] = Format.mac(reply[i], replyLength[i], REPLY_BYTES, mac, 0);
    }

    private void replyBytes(int i, byte[] src, int off, int len) {
        replyLength[i] = Format.bytes(reply[i], replyLength[i], REPLY_BYTES, src, off, len);
    }
}
