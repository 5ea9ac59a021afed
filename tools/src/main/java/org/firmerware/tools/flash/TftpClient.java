package org.firmerware.tools.flash;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.net.llc.Llc;
import org.firmerware.kernel.net.llc.LlcHeader;
import org.firmerware.kernel.net.llc.LlcType1Handler;
import org.firmerware.kernel.net.tftp.Tftp;
import org.firmerware.tools.console.FrameTransport;
import org.firmerware.tools.console.HostStack;

/**
 * The host side of TFTP over LLC type 1 (SAP 0x44): one read or one write of a file on a phone, with RFC 2347 option
 * negotiation ({@code blksize}, {@code tsize}), lock-step retransmission after a timeout, doubling to
 * {@value #MAX_TIMEOUT_MS} ms, {@value #RETRIES} times without progress, and never a retransmission on a duplicate (RFC
 * 1350's Sorcerer's Apprentice rule). The LLC is the firmware's own, run by a {@link HostStack}.
 *
 * <h2>The timeout</h2>
 * {@value #FIRST_TIMEOUT_MS} ms until the phone has answered once; then it follows the measured round trip as TCP's
 * does (RFC 6298: smoothed round trip plus four times its variation, from packets answered without a retransmission
 * only, Karn's rule), but not below {@value #MIN_TIMEOUT_MS} ms. On a LAN a phone answers within milliseconds, so a
 * lost frame costs tens of milliseconds instead of the fixed first timeout; a phone that holds its answer while it
 * erases is sent the packet again a few times meanwhile, which it answers once it is done.
 *
 * <h2>Driving it</h2>
 * As {@link org.firmerware.tools.console.ConsoleClient}: one thread calls {@link #start}, {@link #onFrame} for every
 * frame received, and {@link #poll} at {@link #nextWakeMs()} at the latest, with the time in milliseconds, until
 * {@link #isFinished()}. The transport may be a raw socket in real time ({@code fw flash}, {@code fw dump}) or a peer
 * on the simulator's LAN in virtual time (tests).
 *
 * <h2>Finding the phone</h2>
 * Without its MAC address, a TEST command goes to the broadcast address on SAP 0x44 ({@value #FIND_TRIES} times,
 * {@value #FIND_INTERVAL_MS} ms apart) and the first station that echoes it is taken. When a request gets no answer,
 * a TEST on the console SAP tells "the phone runs, but not the bootloader" from "nothing answers".
 */
public final class TftpClient {

    /** What the client tells its user. */
    public interface Listener {
        /** {@code done} bytes of {@code total} (-1 when not known yet) are through. */
        void onProgress(long done, long total);

        /** A status message ("found ..."). */
        void onStatus(String message);
    }

    public static final int FIRST_TIMEOUT_MS = 150;
    /** The shortest timeout once the round trip is measured. */
    public static final int MIN_TIMEOUT_MS = 40;
    public static final int MAX_TIMEOUT_MS = 2000;
    public static final int RETRIES = 12;
    /** Tries of a request before the client asks whether anything answers at all: a phone answers at once. */
    public static final int REQUEST_RETRIES = 4;
    public static final int FIND_TRIES = 5;
    public static final int FIND_INTERVAL_MS = 1000;
    /** The block size asked for: the most one 1500-byte 802.3 frame carries after the LLC and TFTP headers. */
    public static final int BLOCK_SIZE = 1493;

    /** How a transfer ended. */
    public enum Outcome {
        /** Still running. */
        RUNNING,
        /** Done. */
        OK,
        /** The phone refused with an ERROR packet ({@link #errorCode()}, {@link #message()}). */
        REFUSED,
        /** No answer (see {@link #message()}). */
        NO_ANSWER,
        /** The phone answered against the protocol. */
        PROTOCOL,
        /** Given up by the user ({@link #cancel}). */
        CANCELLED
    }

    private static final int SAP = Llc.TFTP_SAP;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final int FINDING = 0, REQUESTED = 1, SENDING = 2, RECEIVING = 3, PROBING = 4, DONE = 5;

    private final HostStack stack;
    private final Listener listener;
    private final byte[] phone = new byte[EthernetHeader.MAC_LENGTH];
    private boolean phoneKnown;
    private final byte[] nonce;

    private boolean write;
    private String file;
    private byte[] data;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int requestedBlockSize = BLOCK_SIZE;
    private int blockSize;
    private long total = -1;
    private int state = FINDING;
    private int block;
    private boolean lastSent;
    private final byte[] out = new byte[Tftp.HEADER_LENGTH + Tftp.MAX_BLOCK_SIZE];
    private int outLength;
    private int deadlineMs;
    private int timeoutMs = FIRST_TIMEOUT_MS;
    /** The smoothed round trip and its variation in ms (RFC 6298's SRTT and RTTVAR); -1 before the first sample. */
    private double srttMs = -1;
    private double rttvarMs;
    /** When the packet in {@link #out} was first sent, and whether it was sent again since. */
    private int sentAtMs;
    private boolean resent;
    private int retries;
    private int tries;
    private boolean consoleAnswered;
    private Outcome outcome = Outcome.RUNNING;
    private int errorCode = -1;
    private String message = "";
    private int retransmissions;
    private int nowMs;

    /**
     * @param hostMac the MAC address of the host's interface
     * @param phoneMac the phone's MAC address, or null to find it
     */
    public TftpClient(FrameTransport transport, byte[] hostMac, byte[] phoneMac, Listener listener, int nowMs) {
        this.stack = new HostStack(transport, hostMac, nowMs, 1, 128);
        this.listener = listener;
        this.nowMs = nowMs;
        if (phoneMac != null) {
            System.arraycopy(phoneMac, 0, phone, 0, EthernetHeader.MAC_LENGTH);
            phoneKnown = true;
        }
        nonce = new byte[] {'t', 'f', (byte) (nowMs >> 24), (byte) (nowMs >> 16), (byte) (nowMs >> 8), (byte) nowMs};
        stack.llc.register(SAP, new Handler(), null);
        stack.llc.register(Llc.CONSOLE_SAP, new Prober(), null);
    }

    /** Asks for a smaller block size than {@value #BLOCK_SIZE} (8 to 65464; the phone may take less). */
    public void setBlockSize(int size) {
        requestedBlockSize = size;
    }

    /** Starts writing {@code content} to the phone's file {@code name}. */
    public void startWrite(String name, byte[] content, int now) {
        write = true;
        file = name;
        data = content;
        total = content.length;
        begin(now);
    }

    /** Starts reading the phone's file {@code name}. */
    public void startRead(String name, int now) {
        write = false;
        file = name;
        received.reset();
        total = -1;
        begin(now);
    }

    private void begin(int now) {
        stack.advance(now);
        nowMs = now;
        outcome = Outcome.RUNNING;
        errorCode = -1;
        message = "";
        retries = 0;
        timeoutMs = retransmissionTimeout();
        if (phoneKnown) {
            request();
        } else {
            state = FINDING;
            tries = 0;
            find();
        }
        stack.settle();
    }

    /** A frame arrived from the transport (the array becomes the client's). */
    public void onFrame(byte[] frame, int now) {
        stack.advance(now);
        nowMs = now;
        stack.arrive(frame);
    }

    /** Runs what is due at {@code now}. */
    public void poll(int now) {
        stack.advance(now);
        nowMs = now;
        if (state != DONE && now - deadlineMs >= 0) {
            timeout();
        }
        stack.settle();
    }

    /** When {@link #poll} must be called next at the latest. */
    public int nextWakeMs() {
        return state == DONE ? nowMs + 1000 : deadlineMs;
    }

    /** Whether the transfer is a write. */
    public boolean isWrite() {
        return write;
    }

    public boolean isFinished() {
        return state == DONE;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The phone's TFTP error code after {@link Outcome#REFUSED}, else -1. */
    public int errorCode() {
        return errorCode;
    }

    /** Why the transfer failed, in words. */
    public String message() {
        return message;
    }

    /** What a read received. */
    public byte[] data() {
        return received.toByteArray();
    }

    /** The block size the phone took. */
    public int blockSize() {
        return blockSize;
    }

    /** Packets sent again after a timeout. */
    public int retransmissions() {
        return retransmissions;
    }

    /** The phone's MAC address (once found). */
    public byte[] phoneMac() {
        return phone.clone();
    }

    // ------------------------------------------------------------------ the protocol

    private void find() {
        if (tries == FIND_TRIES) {
            finish(Outcome.NO_ANSWER, "no phone answered on LLC SAP 0x44 (TFTP): is the phone on this link, and "
                + "off-hook in bootloader mode (lift the handset, then power it up)?");
            return;
        }
        tries++;
        stack.llc.sendTest(BROADCAST, 0, SAP, SAP, nonce, 0, nonce.length);
        deadlineMs = nowMs + FIND_INTERVAL_MS;
    }

    private void request() {
        state = REQUESTED;
        byte[] name = file.getBytes(StandardCharsets.US_ASCII);
        Bytes.put16(out, Tftp.OPCODE_OFFSET, write ? Tftp.WRQ : Tftp.RRQ);
        int n = 2;
        n = put(n, name);
        n = put(n, Tftp.OCTET.getBytes(StandardCharsets.US_ASCII));
        n = put(n, Tftp.BLKSIZE.getBytes(StandardCharsets.US_ASCII));
        n = put(n, Integer.toString(requestedBlockSize).getBytes(StandardCharsets.US_ASCII));
        n = put(n, Tftp.TSIZE.getBytes(StandardCharsets.US_ASCII));
        n = put(n, Long.toString(write ? data.length : 0).getBytes(StandardCharsets.US_ASCII));
        outLength = n;
        block = 0;
        sendNew();
    }

    private int put(int n, byte[] text) {
        System.arraycopy(text, 0, out, n, text.length);
        out[n + text.length] = 0;
        return n + text.length + 1;
    }

    /** Sends the packet in {@link #out} for the first time. */
    private void sendNew() {
        sentAtMs = nowMs;
        resent = false;
        send();
    }

    private void send() {
        stack.llc.sendUnitData(phone, 0, SAP, SAP, out, 0, outLength);
        deadlineMs = nowMs + timeoutMs;
    }

    private void timeout() {
        switch (state) {
            case FINDING:
                find();
                return;
            case PROBING:
                finish(Outcome.NO_ANSWER, consoleAnswered
                    ? "the phone " + mac(phone) + " runs, but its firmware offers no TFTP: put it in bootloader mode "
                        + "(lift the handset, then power it up)"
                    : "no answer from " + mac(phone) + ": is the phone on this link, and " + (write
                        ? "off-hook in bootloader mode (lift the handset, then power it up)?"
                        : "in bootloader mode (handset off-hook at power-up) or running a firmware that publishes its "
                            + "flash?"));
                return;
            default:
                break;
        }
        if (++retries > (state == REQUESTED ? REQUEST_RETRIES : RETRIES)) {
            if (state == REQUESTED) {
                state = PROBING;
                consoleAnswered = false;
                stack.llc.sendTest(phone, 0, Llc.CONSOLE_SAP, Llc.CONSOLE_SAP, nonce, 0, nonce.length);
                deadlineMs = nowMs + FIND_INTERVAL_MS;
                return;
            }
            finish(Outcome.NO_ANSWER, "the phone " + mac(phone) + " stopped answering after "
                + (write ? block - 1 : block) + " blocks");
            return;
        }
        retransmissions++;
        resent = true;
        timeoutMs = Math.min(timeoutMs * 2, MAX_TIMEOUT_MS);
        send();
    }

    /** The phone answered the packet in {@link #out}. */
    private void progress() {
        if (!resent) {
            double r = nowMs - sentAtMs;
            if (srttMs < 0) {
                srttMs = r;
                rttvarMs = r / 2;
            } else {
                rttvarMs = 0.75 * rttvarMs + 0.25 * Math.abs(srttMs - r);
                srttMs = 0.875 * srttMs + 0.125 * r;
            }
        }
        retries = 0;
        timeoutMs = retransmissionTimeout();
    }

    /** The timeout of a packet sent for the first time. */
    private int retransmissionTimeout() {
        if (srttMs < 0) {
            return FIRST_TIMEOUT_MS;
        }
        long rto = Math.round(srttMs + Math.max(1, 4 * rttvarMs));
        return (int) Math.max(MIN_TIMEOUT_MS, Math.min(MAX_TIMEOUT_MS, rto));
    }

    private void packet(byte[] f, int off, int len) {
        int op = Tftp.opcode(f, off, len);
        if (op == Tftp.ERROR && len >= 4) {
            int end = Tftp.stringEnd(f, off + 4, off + len);
            String text = new String(f, off + 4, (end < 0 ? off + len : end) - off - 4, StandardCharsets.US_ASCII);
            errorCode = Bytes.u16(f, off + 2);
            finish(Outcome.REFUSED, text);
            return;
        }
        if (op == Tftp.OACK && state == REQUESTED) {
            if (!options(f, off + 2, off + len)) {
                return;
            }
            progress();
            if (write) {
                sendData(1);
            } else {
                block = 0;
                state = RECEIVING;
                sendAck(0);
            }
            return;
        }
        if (len < 4) {
            return;
        }
        int number = Bytes.u16(f, off + 2);
        if (write && op == Tftp.ACK) {
            if (state == REQUESTED && number == 0) {
                blockSize = Tftp.DEFAULT_BLOCK_SIZE;
                progress();
                sendData(1);
            } else if (state == SENDING && number == (block & 0xFFFF)) {
                progress();
                listener.onProgress(Math.min(data.length, (long) block * blockSize), total);
                if (lastSent) {
                    finish(Outcome.OK, "");
                } else {
                    sendData(block + 1);
                }
            }
        } else if (!write && op == Tftp.DATA) {
            if (state == REQUESTED && number == 1) {
                blockSize = Tftp.DEFAULT_BLOCK_SIZE;
                block = 0;
                state = RECEIVING;
            }
            if (state == RECEIVING && number == (block + 1 & 0xFFFF)) {
                int n = len - 4;
                if (n > blockSize) {
                    finish(Outcome.PROTOCOL, "the phone sent a DATA longer than the block size");
                    return;
                }
                received.write(f, off + 4, n);
                block++;
                progress();
                sendAck(block);
                listener.onProgress(received.size(), total);
                if (n < blockSize) {
                    finish(Outcome.OK, "");
                    if (total >= 0 && received.size() != total) {
                        finish(Outcome.PROTOCOL, "the phone announced " + total + " bytes and sent "
                            + received.size());
                    }
                }
            } else if ((state == RECEIVING || state == DONE) && number == (block & 0xFFFF) && block > 0) {
                sendAck(block);
            }
        }
    }

    /** Takes the phone's OACK; false (and finished) when it is not acceptable. */
    private boolean options(byte[] f, int pos, int end) {
        blockSize = Tftp.DEFAULT_BLOCK_SIZE;
        while (pos < end) {
            int keyEnd = Tftp.stringEnd(f, pos, end);
            int valueEnd = keyEnd < 0 ? -1 : Tftp.stringEnd(f, keyEnd + 1, end);
            if (valueEnd < 0) {
                break;
            }
            int value = Tftp.decimal(f, keyEnd + 1, valueEnd);
            if (Tftp.equalsIgnoreCase(f, pos, keyEnd, Tftp.BLKSIZE)) {
                if (value < Tftp.MIN_BLOCK_SIZE || value > requestedBlockSize) {
                    sendError(Tftp.E_OPTIONS, "unacceptable blksize");
                    finish(Outcome.PROTOCOL, "the phone offered block size " + value);
                    return false;
                }
                blockSize = value;
            } else if (Tftp.equalsIgnoreCase(f, pos, keyEnd, Tftp.TSIZE) && value >= 0 && !write) {
                total = value;
            }
            pos = valueEnd + 1;
        }
        return true;
    }

    private void sendData(int number) {
        state = SENDING;
        block = number;
        int from = (int) Math.min(data.length, (long) (number - 1) * blockSize);
        int n = Math.min(blockSize, data.length - from);
        Bytes.put16(out, Tftp.OPCODE_OFFSET, Tftp.DATA);
        Bytes.put16(out, Tftp.BLOCK_OFFSET, number & 0xFFFF);
        System.arraycopy(data, from, out, Tftp.DATA_OFFSET, n);
        outLength = Tftp.HEADER_LENGTH + n;
        lastSent = n < blockSize;
        sendNew();
    }

    private void sendAck(int number) {
        Bytes.put16(out, Tftp.OPCODE_OFFSET, Tftp.ACK);
        Bytes.put16(out, Tftp.BLOCK_OFFSET, number & 0xFFFF);
        outLength = Tftp.HEADER_LENGTH;
        sendNew();
    }

    private void sendError(int code, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] e = new byte[5 + t.length];
        Bytes.put16(e, 0, Tftp.ERROR);
        Bytes.put16(e, 2, code);
        System.arraycopy(t, 0, e, 4, t.length);
        stack.llc.sendUnitData(phone, 0, SAP, SAP, e, 0, e.length);
    }

    /**
     * Gives up now (the user pressed Ctrl-C): tells the phone with an ERROR, if a transfer runs, so that it ends its
     * side at once instead of after its timeouts.
     */
    public void cancel(String why) {
        if (state == REQUESTED || state == SENDING || state == RECEIVING) {
            sendError(Tftp.E_UNDEFINED, why);
            stack.settle();
        }
        finish(Outcome.CANCELLED, why);
    }

    private void finish(Outcome how, String why) {
        state = DONE;
        outcome = how;
        message = why;
    }

    /** A MAC address as text. */
    public static String mac(byte[] m) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(i > 0 ? ":" : "").append(String.format("%02x", m[i] & 0xFF));
        }
        return b.toString();
    }

    /** Frames on the TFTP SAP: the phone's answers and the echo of the TEST that finds it. */
    private final class Handler implements LlcType1Handler {
        @Override
        public void onUnitData(Packet p, int llcOffset, int infoOffset, int infoLength) {
            if (!phoneKnown || state == FINDING || state == PROBING) {
                return;
            }
            if (!Arrays.equals(p.data, EthernetHeader.SOURCE_OFFSET, EthernetHeader.SOURCE_OFFSET + 6, phone, 0, 6)
                || (LlcHeader.ssap(p.data, llcOffset) & 0xFE) != SAP) {
                return;
            }
            packet(p.data, infoOffset, infoLength);
        }

        @Override
        public void onType1Response(Packet p, int llcOffset, int code, int infoOffset, int infoLength) {
            if (state != FINDING || code != LlcHeader.TEST || infoLength != nonce.length
                || !Arrays.equals(p.data, infoOffset, infoOffset + infoLength, nonce, 0, nonce.length)) {
                return;
            }
            System.arraycopy(p.data, EthernetHeader.SOURCE_OFFSET, phone, 0, EthernetHeader.MAC_LENGTH);
            phoneKnown = true;
            listener.onStatus("found a phone with TFTP (LLC SAP 0x44) at " + mac(phone));
            request();
        }
    }

    /** The console SAP's answer to the probe after a request went unanswered. */
    private final class Prober implements LlcType1Handler {
        @Override
        public void onUnitData(Packet p, int llcOffset, int infoOffset, int infoLength) {
        }

        @Override
        public void onType1Response(Packet p, int llcOffset, int code, int infoOffset, int infoLength) {
            if (state == PROBING && code == LlcHeader.TEST
                && Arrays.equals(p.data, EthernetHeader.SOURCE_OFFSET, EthernetHeader.SOURCE_OFFSET + 6, phone, 0, 6)) {
                consoleAnswered = true;
                deadlineMs = nowMs;
            }
        }
    }
}
