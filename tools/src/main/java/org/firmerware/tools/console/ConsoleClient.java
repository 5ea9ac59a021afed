package org.firmerware.tools.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.net.llc.Llc;
import org.firmerware.kernel.net.llc.LlcConnectionHandler;
import org.firmerware.kernel.net.llc.LlcHeader;
import org.firmerware.kernel.net.llc.LlcType1Handler;
import org.firmerware.kernel.net.llc.LlcType2Link;
import org.firmerware.kernel.sched.Priority;

/**
 * The host side of the network console: finds the phone, connects to its console SAP over LLC type 2, prints what it
 * sends and sends the lines typed, and reconnects whenever the connection drops (the phone rebooted, the cable was
 * out). The LLC is the firmware's own ({@link org.firmerware.kernel.net.llc.LlcType2Link}) run by a {@link HostStack},
 * so retransmission after frame loss is exactly the phone's.
 *
 * <h2>Driving it</h2>
 * One thread calls everything, with the time in milliseconds: {@link #start}, then {@link #onFrame} for every frame
 * received, {@link #onInputLine} for every line typed, {@link #poll} at {@link #nextWakeMs()} at the latest, and
 * {@link #close} at the end of input (or {@link #disconnect} to stop at once). It is finished when
 * {@link #isFinished()}; {@link #exitCode()} says how. The
 * transport can be a raw socket in real time ({@code fw console}) or a peer on the simulator's LAN in virtual time.
 *
 * <h2>Finding the phone</h2>
 * Without a MAC address the client sends a TEST command with a random-looking nonce to the broadcast address on the
 * console SAP and takes the first station that echoes it ({@value #FIND_TRIES} tries, {@value #FIND_INTERVAL_MS} ms
 * apart). The first connection that fails with no answer at all ends the client with "is the phone on this link?";
 * once connected, it retries for ever, {@value #RECONNECT_DELAY_MS} ms after each loss.
 */
public final class ConsoleClient {

    /** What the client tells its user. */
    public interface Listener {
        /** Console text from the phone (log lines, answers), as it arrives. */
        void onText(byte[] text, int off, int len);

        /** A status message for the user ("connected to ..."). */
        void onStatus(String message);
    }

    public static final int FIND_TRIES = 5;
    public static final int FIND_INTERVAL_MS = 1000;
    public static final int RECONNECT_DELAY_MS = 1000;
    /** The client polls an idle connection this often, so it notices a rebooted phone quickly. */
    public static final int IDLE_POLL_MS = 3000;
    /** How long {@link #close} waits for the phone's answer to DISC. */
    public static final int CLOSE_TIMEOUT_MS = 2000;
    /** After the end of input, how long the client still prints what comes (the answers) before it disconnects. */
    public static final int LINGER_MS = 1000;

    /** Exit codes. */
    public static final int EXIT_OK = 0, EXIT_NO_ANSWER = 3;

    private static final int IDLE = 0, FINDING = 1, CONNECTING = 2, CONNECTED = 3, WAITING = 4, CLOSING = 5, DONE = 6;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final int SAP = Llc.CONSOLE_SAP;

    private final HostStack stack;
    private final Listener listener;
    private final byte[] phone = new byte[EthernetHeader.MAC_LENGTH];
    private boolean phoneKnown;
    private final byte[] nonce;
    private final ArrayDeque<byte[]> input = new ArrayDeque<>();
    private final org.firmerware.kernel.time.Timer retry;
    private final org.firmerware.kernel.time.Timer linger;
    private boolean inputEnded;
    private int state = IDLE;
    private int tries;
    private boolean everConnected;
    private int exitCode = EXIT_OK;
    private LlcType2Link link;
    private int closeDeadlineMs;
    private int connections;

    /**
     * @param transport where frames go
     * @param hostMac the MAC address of the host's interface
     * @param phoneMac the phone's MAC address, or null to find it
     * @param nowMs the time now
     */
    public ConsoleClient(FrameTransport transport, byte[] hostMac, byte[] phoneMac, Listener listener, int nowMs) {
        this.stack = new HostStack(transport, hostMac, nowMs, 7, 1024);
        this.listener = listener;
        stack.llc.setTimers(Llc.DEFAULT_T1_MS, Llc.DEFAULT_T2_MS, IDLE_POLL_MS, Llc.DEFAULT_N2);
        if (phoneMac != null) {
            System.arraycopy(phoneMac, 0, phone, 0, EthernetHeader.MAC_LENGTH);
            phoneKnown = true;
        }
        nonce = new byte[] {'f', 'w', (byte) (nowMs >> 24), (byte) (nowMs >> 16), (byte) (nowMs >> 8), (byte) nowMs};
        retry = new org.firmerware.kernel.time.Timer(Priority.NORMAL, t -> onRetry());
        linger = new org.firmerware.kernel.time.Timer(Priority.NORMAL, t -> onLingered());
        stack.llc.register(SAP, new Finder(), new Connection());
    }

    /** Starts finding or connecting. */
    public void start(int nowMs) {
        stack.advance(nowMs);
        if (phoneKnown) {
            connect();
        } else {
            state = FINDING;
            tries = 0;
            onRetry();
        }
        stack.settle();
    }

    /** A frame arrived from the transport; the array becomes the client's. */
    public void onFrame(byte[] frame, int nowMs) {
        stack.advance(nowMs);
        stack.arrive(frame);
    }

    /** The user typed a line (without its line end); it is sent as soon as the console is connected. */
    public void onInputLine(String line, int nowMs) {
        stack.advance(nowMs);
        input.add((line + "\n").getBytes(StandardCharsets.UTF_8));
        if (state != CONNECTED) {
            listener.onStatus("not connected: the line is sent when the console is back");
        }
        sendInput();
        stack.settle();
    }

    /**
     * Input ended: once the console is connected and every line typed is acknowledged, the client prints what comes
     * for {@value #LINGER_MS} ms more (the answers), then disconnects and finishes. So {@code echo net | fw console}
     * prints the log and the answer to {@code net}.
     */
    public void close(int nowMs) {
        stack.advance(nowMs);
        inputEnded = true;
        lingerIfDone();
        stack.settle();
    }

    /** Disconnects now and finishes when the phone answered (or after {@value #CLOSE_TIMEOUT_MS} ms). */
    public void disconnect(int nowMs) {
        stack.advance(nowMs);
        if (state == CONNECTED || state == CONNECTING) {
            state = CLOSING;
            closeDeadlineMs = nowMs + CLOSE_TIMEOUT_MS;
            link.disconnect();
        } else if (state != CLOSING) {
            finish(EXIT_OK);
        }
        stack.settle();
    }

    /** Lets time pass: fires due timers. */
    public void poll(int nowMs) {
        stack.advance(nowMs);
        if (state == CLOSING && Clock.beforeOrAt(closeDeadlineMs, nowMs)) {
            finish(EXIT_OK);
        }
    }

    /** When {@link #poll} must be called next at the latest. */
    public int nextWakeMs() {
        int next = stack.nextWakeMs(60_000);
        if (state == CLOSING && Clock.before(closeDeadlineMs, next)) {
            next = closeDeadlineMs;
        }
        return next;
    }

    /** Whether the client is done (closed, or gave up). */
    public boolean isFinished() {
        return state == DONE;
    }

    /** How it ended: {@link #EXIT_OK} or {@link #EXIT_NO_ANSWER}. */
    public int exitCode() {
        return exitCode;
    }

    /** Whether the console is connected now. */
    public boolean isConnected() {
        return state == CONNECTED;
    }

    /** How many times a connection came up. */
    public int connectionCount() {
        return connections;
    }

    /** The link, for statistics (null before the first connect). */
    public LlcType2Link link() {
        return link;
    }

    /** The phone's MAC address as {@code 02:00:00:00:00:01}, or null while unknown. */
    public String phoneMac() {
        return phoneKnown ? macText(phone) : null;
    }

    // ------------------------------------------------------------------ inside

    private void connect() {
        state = CONNECTING;
        link = stack.llc.connect(SAP, phone, 0, SAP);
    }

    private void onRetry() {
        if (state == FINDING) {
            if (tries == FIND_TRIES) {
                listener.onStatus("no station answered a TEST on the console SAP (0x14) of the broadcast address: "
                    + "is the phone on this link?");
                finish(EXIT_NO_ANSWER);
                return;
            }
            tries++;
            stack.llc.sendTest(BROADCAST, 0, SAP, SAP, nonce, 0, nonce.length);
            stack.timers.start(retry, FIND_INTERVAL_MS);
        } else if (state == WAITING) {
            connect();
        }
    }

    private void lingerIfDone() {
        if (inputEnded && state == CONNECTED && input.isEmpty() && link.unacknowledged() == 0 && !linger.isRunning()) {
            stack.timers.start(linger, LINGER_MS);
        }
    }

    private void onLingered() {
        if (state == CONNECTED) {
            disconnect(stack.nowMs());
        }
    }

    private void sendInput() {
        // Bounded by the window: send() takes nothing once it is full.
        while (state == CONNECTED && !input.isEmpty() && link.canSend()) {
            byte[] line = input.peek();
            int taken = link.send(line, 0, line.length);
            if (taken == line.length) {
                input.poll();
            } else {
                byte[] rest = new byte[line.length - taken];
                System.arraycopy(line, taken, rest, 0, rest.length);
                input.poll();
                input.addFirst(rest);
            }
        }
    }

    private void finish(int code) {
        state = DONE;
        exitCode = code;
        if (retry.isRunning()) {
            stack.timers.stop(retry);
        }
        if (linger.isRunning()) {
            stack.timers.stop(linger);
        }
    }

    static String macText(byte[] mac) {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    }

    /** Takes the first echo of our TEST. */
    private final class Finder implements LlcType1Handler {
        @Override
        public void onUnitData(Packet p, int llcOffset, int infoOffset, int infoLength) {
        }

        @Override
        public void onType1Response(Packet p, int llcOffset, int code, int infoOffset, int infoLength) {
            if (state != FINDING || code != LlcHeader.TEST || infoLength != nonce.length
                || !java.util.Arrays.equals(p.data, infoOffset, infoOffset + infoLength, nonce, 0, nonce.length)) {
                return;
            }
            System.arraycopy(p.data, EthernetHeader.SOURCE_OFFSET, phone, 0, EthernetHeader.MAC_LENGTH);
            phoneKnown = true;
            stack.timers.stop(retry);
            listener.onStatus("found a console at " + macText(phone));
            connect();
        }
    }

    /** The console connection. */
    private final class Connection implements LlcConnectionHandler {
        @Override
        public void onConnected(LlcType2Link l) {
            state = CONNECTED;
            everConnected = true;
            connections++;
            listener.onStatus("connected to " + macText(phone) + " (LLC2, SAP 0x14)");
            sendInput();
            lingerIfDone();
        }

        @Override
        public void onDisconnected(LlcType2Link l, int reason) {
            if (state == CLOSING || state == DONE) {
                finish(EXIT_OK);
                return;
            }
            if (reason == LlcType2Link.REASON_RESET) {
                return;
            }
            if (!everConnected && reason == LlcType2Link.REASON_RETRIES) {
                listener.onStatus("no answer from " + macText(phone) + " on the console SAP (0x14): "
                    + "is the phone on this link?");
                finish(EXIT_NO_ANSWER);
                return;
            }
            if (state == CONNECTED) {
                listener.onStatus("disconnected: " + LlcType2Link.reasonName(reason) + "; trying again");
            } else if (reason == LlcType2Link.REASON_DM) {
                listener.onStatus("the phone refused the connection (are all its console connections in use?); "
                    + "trying again");
            } else {
                listener.onStatus("could not connect: " + LlcType2Link.reasonName(reason) + "; trying again");
            }
            state = WAITING;
            stack.timers.start(retry, RECONNECT_DELAY_MS);
        }

        @Override
        public boolean onData(LlcType2Link l, byte[] buf, int off, int len) {
            listener.onText(buf, off, len);
            return true;
        }

        @Override
        public void onSendRoom(LlcType2Link l) {
            sendInput();
            lingerIfDone();
        }
    }
}
