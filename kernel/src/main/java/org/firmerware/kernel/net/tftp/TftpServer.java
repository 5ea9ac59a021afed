package org.firmerware.kernel.net.tftp;

import org.firmerware.kernel.console.Format;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.Packet;
import org.firmerware.kernel.net.llc.Llc;
import org.firmerware.kernel.net.llc.LlcHeader;
import org.firmerware.kernel.net.llc.LlcType1Handler;
import org.firmerware.kernel.sched.Event;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.time.TimerQueue;

/**
 * A TFTP server over LLC type 1 (UI frames on SAP {@value Llc#TFTP_SAP}, 0x44, as the 0cpm bootloader had it): read
 * and write requests by file name, served from a {@link TftpFiles}. One transfer at a time; the peer is known by its
 * MAC address and SAP, which play the part of RFC 1350's transfer identifiers.
 *
 * <h2>What it follows</h2>
 * <ul>
 *   <li>RFC 1350: octet mode only; blocks numbered from 1, wrapping after 65535; a DATA shorter than the block size
 *       ends the transfer; lock-step. The server retransmits its last DATA when the ACK does not come
 *       ({@value #FIRST_TIMEOUT_MS} ms, doubling to {@value #MAX_TIMEOUT_MS} ms, {@value #RETRIES} times), never on
 *       a duplicate ACK (the Sorcerer's Apprentice bug); it answers a DATA it has acknowledged already with that ACK
 *       again, and resends its last ACK after {@value #ACK_TIMEOUT_MS} ms of silence. After the final ACK of a write
 *       it dallies {@value #DALLY_MS} ms to acknowledge the last DATA again. A packet from another peer during a
 *       transfer gets ERROR 5 (unknown transfer ID), a request from another peer ERROR 0 (busy); a new request from
 *       the same peer replaces its transfer.</li>
 *   <li>RFC 2347 option negotiation: an OACK lists the options taken (a read then waits for ACK 0; a write's OACK
 *       stands for ACK 0); unknown options are left out.</li>
 *   <li>RFC 2348 {@code blksize}: 8 up to what one frame carries ({@link #maxBlockSize()}, 1493 bytes in a 1500-byte
 *       802.3 frame after the 3-byte LLC header and the 4-byte TFTP header); a larger request gets the largest.</li>
 *   <li>RFC 2349 {@code tsize}: a read request's tsize is answered with the file's length; a write request's is
 *       handed to the files, which may refuse a file too large (ERROR 3).</li>
 * </ul>
 * Requests to a group MAC address are ignored: a write is always meant for one phone.
 *
 * <p>Main loop only.
 */
public final class TftpServer implements LlcType1Handler, TimerHandler {

    /** First retransmission timeout of a DATA, in ms. */
    public static final int FIRST_TIMEOUT_MS = 100;
    /** The longest retransmission timeout, in ms. */
    public static final int MAX_TIMEOUT_MS = 2000;
    /** Timeouts in a row without progress before the transfer is given up. */
    public static final int RETRIES = 8;
    /** How long a write waits for the next DATA before resending its last ACK. */
    public static final int ACK_TIMEOUT_MS = 1000;
    /**
     * How long after the final ACK of a write a duplicate last DATA is acknowledged again: longer than a client's
     * retransmissions take to give up, so that a lost final ACK never turns a complete write into a failed one.
     */
    public static final int DALLY_MS = 20_000;
    /** At most this much of a peer's ERROR text goes into the log. */
    static final int PEER_TEXT_BYTES = 60;
    /** The longest file name kept. */
    public static final int NAME_BYTES = 64;

    private static final int IDLE = 0, OPEN_READ = 1, READ_OACK = 2, FETCH = 3, READING = 4, OPEN_WRITE = 5,
        WRITING = 6, STORE = 7, FINISH = 8, DALLY = 9;
    private static final int ERROR_BYTES = 4 + 120 + 1;

    private final Llc llc;
    private final TftpFiles files;
    private final Log log;
    private final Scheduler scheduler;
    private final TimerQueue timers;
    private final Timer timer;
    private final Event work;
    private final int maxBlockSize;

    private final byte[] peerMac = new byte[EthernetHeader.MAC_LENGTH];
    private int peerSap;
    private int state = IDLE;
    private boolean writing;
    private final byte[] name = new byte[NAME_BYTES];
    private int nameLength;
    private int blockSize;
    private int optionBlockSize;
    private int optionSize;
    private boolean optionSizeAsked;
    private int fileLength;
    /** Reads: the block being sent or fetched. Writes: the blocks acknowledged. */
    private int block;
    private boolean lastBlock;
    private int bytes;
    private int retries;
    private int timeoutMs;

    private final byte[] out;
    private int outLength;
    private final byte[] pending;
    private int pendingLength;
    private final byte[] error = new byte[ERROR_BYTES];

    private int transfers;
    private int completed;
    private int failed;
    private int retransmissions;

    /**
     * Creates the server and registers its SAP with the LLC. Init only.
     *
     * @param log where transfers are logged
     */
    public TftpServer(Llc llc, TftpFiles files, Log log, Scheduler scheduler, TimerQueue timers) {
        this.llc = llc;
        this.files = files;
        this.log = log;
        this.scheduler = scheduler;
        this.timers = timers;
        int frame = Math.min(EthernetHeader.MAX_802_3_LENGTH,
            llc.ethernet().pool().capacity() - EthernetHeader.HEADER_LENGTH);
        this.maxBlockSize = Math.min(Tftp.MAX_BLOCK_SIZE, frame - LlcHeader.U_HEADER_LENGTH - Tftp.HEADER_LENGTH);
        this.out = new byte[Tftp.HEADER_LENGTH + maxBlockSize];
        this.pending = new byte[maxBlockSize];
        this.timer = new Timer(Priority.NORMAL, this);
        this.work = new Event(Priority.LOW) {
            @Override
            protected void fire() {
                step();
            }
        };
        llc.register(Llc.TFTP_SAP, this, null);
    }

    /** The largest block size this server takes: what one frame carries. */
    public int maxBlockSize() {
        return maxBlockSize;
    }

    /** Whether a transfer is under way (dallying after a write counts as done). */
    public boolean isActive() {
        return state != IDLE && state != DALLY;
    }

    /** Whether the transfer under way is a write. */
    public boolean isWriting() {
        return isActive() && writing;
    }

    /** Transfers started, completed and failed; DATA and ACK packets sent again after a timeout. */
    public int transferCount() {
        return transfers;
    }

    public int completedCount() {
        return completed;
    }

    public int failedCount() {
        return failed;
    }

    public int retransmissionCount() {
        return retransmissions;
    }

    /**
     * Ends the transfer under way, if any: the peer gets ERROR 0 with {@code reason}, the files are closed as cut
     * off.
     */
    public void abort(String reason) {
        if (state == IDLE) {
            return;
        }
        if (state != DALLY) {
            int n = Format.text(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1, reason);
            sendError(peerMac, 0, peerSap, Tftp.E_UNDEFINED, n);
            end(false, reason);
            return;
        }
        end(true, null);
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public void onUnitData(Packet p, int llcOffset, int infoOffset, int infoLength) {
        byte[] f = p.data;
        if (EthernetHeader.isGroup(f)) {
            return;
        }
        int sap = LlcHeader.ssap(f, llcOffset) & 0xFE;
        int op = Tftp.opcode(f, infoOffset, infoLength);
        boolean samePeer = state != IDLE && sap == peerSap
            && Bytes.equal(f, EthernetHeader.SOURCE_OFFSET, peerMac, 0, EthernetHeader.MAC_LENGTH);
        if (op == Tftp.RRQ || op == Tftp.WRQ) {
            request(f, sap, op == Tftp.WRQ, samePeer, infoOffset, infoLength);
            return;
        }
        if (state == IDLE) {
            if (op != Tftp.ERROR) {
                int n = Format.text(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1, "no transfer under way");
                sendError(f, EthernetHeader.SOURCE_OFFSET, sap, Tftp.E_UNKNOWN_TID, n);
            }
            return;
        }
        if (!samePeer) {
            if (op != Tftp.ERROR) {
                int n = Format.text(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1, "another peer's transfer");
                sendError(f, EthernetHeader.SOURCE_OFFSET, sap, Tftp.E_UNKNOWN_TID, n);
            }
            return;
        }
        if (op == Tftp.ERROR) {
            // Its text says why (fw flash: "interrupted"): printable ASCII up to the NUL, at most a log line's worth.
            int t = infoOffset + Tftp.DATA_OFFSET;
            int e = t;
            int limit = infoOffset + Math.min(infoLength, Tftp.DATA_OFFSET + PEER_TEXT_BYTES);
            while (e < limit && f[e] >= 0x20 && f[e] < 0x7F) {
                e++;
            }
            log.begin().text("tftp: ").bytes(name, 0, nameLength).text(" ended by the peer: ").bytes(f, t, e - t).end();
            end(false, null);
            return;
        }
        if (infoLength < Tftp.HEADER_LENGTH) {
            return;
        }
        int number = Bytes.u16(f, infoOffset + Tftp.BLOCK_OFFSET);
        if (op == Tftp.ACK) {
            ack(number);
        } else if (op == Tftp.DATA) {
            data(f, number, infoOffset + Tftp.DATA_OFFSET, infoLength - Tftp.HEADER_LENGTH);
        }
    }

    @Override
    public void onType1Response(Packet p, int llcOffset, int code, int infoOffset, int infoLength) {
        // TEST and XID answers are not the server's business.
    }

    private void request(byte[] f, int sap, boolean write, boolean samePeer, int off, int len) {
        int end = off + Math.min(len, Tftp.MAX_REQUEST);
        int nameStart = off + 2;
        int nameEnd = Tftp.stringEnd(f, nameStart, end);
        int modeEnd = nameEnd < 0 ? -1 : Tftp.stringEnd(f, nameEnd + 1, end);
        if (state != IDLE && !samePeer && state != DALLY) {
            int n = Format.text(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1, "busy: another transfer is under way");
            sendError(f, EthernetHeader.SOURCE_OFFSET, sap, Tftp.E_UNDEFINED, n);
            return;
        }
        if (samePeer && write == writing && nameEnd - nameStart == nameLength
            && Bytes.equal(f, nameStart, name, 0, nameLength) && isAtStart()) {
            // The peer repeats its request: our answer was lost, or is still being prepared.
            if (outLength > 0 && (state == READ_OACK || state == READING || state == WRITING)) {
                resend();
            }
            return;
        }
        if (state != IDLE) {
            end(state == DALLY, state == DALLY ? null : "replaced by a new request");
        }
        if (nameEnd <= nameStart || modeEnd < 0 || nameEnd - nameStart > NAME_BYTES) {
            int n = Format.text(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1, "malformed request");
            sendError(f, EthernetHeader.SOURCE_OFFSET, sap, Tftp.E_ILLEGAL, n);
            return;
        }
        if (!Tftp.equalsIgnoreCase(f, nameEnd + 1, modeEnd, Tftp.OCTET)) {
            int n = Format.text(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1, "only octet mode");
            sendError(f, EthernetHeader.SOURCE_OFFSET, sap, Tftp.E_ILLEGAL, n);
            return;
        }
        optionBlockSize = 0;
        optionSize = -1;
        optionSizeAsked = false;
        int pos = modeEnd + 1;
        for (int i = 0; i < 8 && pos < end; i++) {
            int keyEnd = Tftp.stringEnd(f, pos, end);
            int valueEnd = keyEnd < 0 ? -1 : Tftp.stringEnd(f, keyEnd + 1, end);
            if (valueEnd < 0) {
                break;
            }
            int value = Tftp.decimal(f, keyEnd + 1, valueEnd);
            if (Tftp.equalsIgnoreCase(f, pos, keyEnd, Tftp.BLKSIZE) && value >= Tftp.MIN_BLOCK_SIZE
                && value <= Tftp.MAX_BLOCK_SIZE) {
                optionBlockSize = Math.min(value, maxBlockSize);
            } else if (Tftp.equalsIgnoreCase(f, pos, keyEnd, Tftp.TSIZE) && value >= 0) {
                optionSizeAsked = true;
                optionSize = value;
            }
            pos = valueEnd + 1;
        }
        System.arraycopy(f, EthernetHeader.SOURCE_OFFSET, peerMac, 0, EthernetHeader.MAC_LENGTH);
        peerSap = sap;
        nameLength = nameEnd - nameStart;
        System.arraycopy(f, nameStart, name, 0, nameLength);
        writing = write;
        blockSize = optionBlockSize > 0 ? optionBlockSize : Tftp.DEFAULT_BLOCK_SIZE;
        block = 0;
        bytes = 0;
        lastBlock = false;
        outLength = 0;
        retries = 0;
        timeoutMs = FIRST_TIMEOUT_MS;
        transfers++;
        state = write ? OPEN_WRITE : OPEN_READ;
        log.begin().text(write ? "tftp: write " : "tftp: read ").bytes(name, 0, nameLength).text(" by ")
            .mac(peerMac, 0).text(", blksize ").decimal(blockSize).end();
        step();
    }

    /** Whether the transfer has not moved past its first answer yet (so a repeated request is a duplicate). */
    private boolean isAtStart() {
        return state == OPEN_READ || state == READ_OACK || state == OPEN_WRITE
            || (state == FETCH || state == READING) && block <= 1 || state == WRITING && block == 0;
    }

    private void ack(int number) {
        if (state == READ_OACK && number == 0) {
            block = 1;
            progress();
            state = FETCH;
            step();
        } else if (state == READING && number == (block & 0xFFFF)) {
            progress();
            if (lastBlock) {
                end(true, null);
                return;
            }
            block++;
            state = FETCH;
            step();
        }
        // A duplicate ACK is ignored: only the timer retransmits.
    }

    private void data(byte[] f, int number, int off, int len) {
        if (state == WRITING && number == (block + 1 & 0xFFFF)) {
            if (len > blockSize) {
                int n = Format.text(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1, "DATA longer than the block size");
                sendError(peerMac, 0, peerSap, Tftp.E_ILLEGAL, n);
                end(false, "DATA longer than the block size");
                return;
            }
            System.arraycopy(f, off, pending, 0, len);
            pendingLength = len;
            progress();
            state = STORE;
            step();
        } else if ((state == WRITING || state == DALLY) && number == (block & 0xFFFF) && outLength > 0) {
            resend();
        }
        // A DATA that is being stored is ignored: its ACK follows when it is.
    }

    // ------------------------------------------------------------------ the steps

    @Override
    public void onTimer(Timer t) {
        switch (state) {
            case READ_OACK:
            case READING:
            case WRITING:
                if (++retries > RETRIES) {
                    int n = Format.text(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1, "timed out");
                    sendError(peerMac, 0, peerSap, Tftp.E_UNDEFINED, n);
                    end(false, "timed out");
                    return;
                }
                retransmissions++;
                resend();
                timeoutMs = Math.min(timeoutMs * 2, MAX_TIMEOUT_MS);
                return;
            case DALLY:
                end(true, null);
                return;
            default:
                step();
        }
    }

    /** Does what the state asks of the files, moving on while it can; on BUSY, comes back later. */
    private void step() {
        int r = 0;
        for (int guard = 0; guard < 4; guard++) {
            r = stepOnce();
            if (r != MOVED_ON) {
                break;
            }
        }
        if (r >= 0 || r == MOVED_ON) {
            return;
        }
        if (r == TftpFiles.BUSY) {
            int ms = files.retryMs();
            timers.stop(timer);
            if (ms <= 0) {
                scheduler.post(work);
            } else {
                timers.start(timer, ms);
            }
            return;
        }
        int n = files.errorMessage(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1);
        sendError(peerMac, 0, peerSap, files.errorCode(), n);
        log.begin().text("tftp: refused ").bytes(name, 0, nameLength).text(": ")
            .bytes(error, Tftp.DATA_OFFSET, n - Tftp.DATA_OFFSET).end();
        end(false, null);
    }

    /** What {@link #stepOnce} answers when it moved to a state that has work of its own at once. */
    private static final int MOVED_ON = -100;

    /**
     * One step of the state: 0 when it is done (a packet sent, waiting for the peer), {@link #MOVED_ON}, or what the
     * files answered ({@link TftpFiles#BUSY}, {@link TftpFiles#FAILED}).
     */
    private int stepOnce() {
        int r;
        switch (state) {
            case OPEN_READ:
                r = files.openRead(name, 0, nameLength);
                if (r < 0) {
                    return r;
                }
                fileLength = r;
                if (optionBlockSize > 0 || optionSizeAsked) {
                    sendOack(fileLength);
                    state = READ_OACK;
                    armRetransmit(timeoutMs);
                    return 0;
                }
                block = 1;
                state = FETCH;
                return MOVED_ON;
            case FETCH:
                int position = (block - 1) * blockSize;
                int want = Math.min(blockSize, fileLength - position);
                r = want <= 0 ? 0 : files.read(position, out, Tftp.DATA_OFFSET, want);
                if (r < 0) {
                    return r;
                }
                if (r != Math.max(0, want)) {
                    int n = Format.text(error, Tftp.DATA_OFFSET, ERROR_BYTES - 1, "short read");
                    sendError(peerMac, 0, peerSap, Tftp.E_UNDEFINED, n);
                    end(false, "short read");
                    return 0;
                }
                Bytes.put16(out, Tftp.OPCODE_OFFSET, Tftp.DATA);
                Bytes.put16(out, Tftp.BLOCK_OFFSET, block & 0xFFFF);
                outLength = Tftp.HEADER_LENGTH + r;
                lastBlock = r < blockSize;
                bytes += r;
                send();
                state = READING;
                armRetransmit(timeoutMs);
                return 0;
            case OPEN_WRITE:
                r = files.openWrite(name, 0, nameLength, optionSize);
                if (r < 0) {
                    return r;
                }
                if (optionBlockSize > 0 || optionSizeAsked) {
                    sendOack(optionSize);
                } else {
                    sendAck();
                }
                state = WRITING;
                armRetransmit(ACK_TIMEOUT_MS);
                return 0;
            case STORE:
                r = files.write(block * blockSize, pending, 0, pendingLength);
                if (r < 0) {
                    return r;
                }
                block++;
                bytes += pendingLength;
                if (pendingLength < blockSize) {
                    state = FINISH;
                    return MOVED_ON;
                }
                sendAck();
                state = WRITING;
                armRetransmit(ACK_TIMEOUT_MS);
                return 0;
            case FINISH:
                r = files.finish();
                if (r < 0) {
                    return r;
                }
                sendAck();
                completed++;
                files.close(true);
                log.begin().text("tftp: wrote ").decimal(bytes).text(" bytes to ").bytes(name, 0, nameLength).end();
                state = DALLY;
                timers.start(timer, DALLY_MS);
                return 0;
            default:
                return 0;
        }
    }

    private void progress() {
        retries = 0;
        timeoutMs = FIRST_TIMEOUT_MS;
    }

    private void armRetransmit(int ms) {
        timers.start(timer, ms);
    }

    /** Ends the transfer; logs a reason when it failed (null: already logged). */
    private void end(boolean complete, String reason) {
        timers.stop(timer);
        scheduler.cancel(work);
        int was = state;
        state = IDLE;
        outLength = 0;
        if (was == DALLY) {
            return;
        }
        if (!complete) {
            failed++;
            if (reason != null) {
                log.begin().text("tftp: ").bytes(name, 0, nameLength).text(" ended: ").text(reason).end();
            }
        } else if (!writing) {
            completed++;
            log.begin().text("tftp: read ").decimal(bytes).text(" bytes of ").bytes(name, 0, nameLength).end();
        }
        files.close(complete);
    }

    // ------------------------------------------------------------------ sending

    private void sendAck() {
        Bytes.put16(out, Tftp.OPCODE_OFFSET, Tftp.ACK);
        Bytes.put16(out, Tftp.BLOCK_OFFSET, block & 0xFFFF);
        outLength = Tftp.HEADER_LENGTH;
        send();
    }

    private void sendOack(int size) {
        Bytes.put16(out, Tftp.OPCODE_OFFSET, Tftp.OACK);
        int n = 2;
        int end = out.length;
        if (optionBlockSize > 0) {
            n = Format.text(out, n, end, Tftp.BLKSIZE);
            out[n++] = 0;
            n = Format.decimal(out, n, end, optionBlockSize);
            out[n++] = 0;
        }
        if (optionSizeAsked) {
            n = Format.text(out, n, end, Tftp.TSIZE);
            out[n++] = 0;
            n = Format.decimal(out, n, end, Math.max(0, size));
            out[n++] = 0;
        }
        outLength = n;
        send();
    }

    private void send() {
        llc.sendUnitData(peerMac, 0, peerSap, Llc.TFTP_SAP, out, 0, outLength);
    }

    private void resend() {
        send();
        if (state == READ_OACK || state == READING || state == WRITING) {
            armRetransmit(state == WRITING ? ACK_TIMEOUT_MS : timeoutMs);
        }
    }

    /** Sends an ERROR whose message already stands in {@link #error} from the data offset up to {@code end}. */
    private void sendError(byte[] mac, int macOff, int sap, int code, int end) {
        Bytes.put16(error, Tftp.OPCODE_OFFSET, Tftp.ERROR);
        Bytes.put16(error, Tftp.CODE_OFFSET, code);
        error[end] = 0;
        llc.sendUnitData(mac, macOff, sap, Llc.TFTP_SAP, error, 0, end + 1);
    }
}
