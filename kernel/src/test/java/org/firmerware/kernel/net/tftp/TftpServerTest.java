package org.firmerware.kernel.net.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.PacketPool;
import org.firmerware.kernel.net.llc.Llc;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.testing.ManualClock;
import org.firmerware.kernel.time.TimerQueue;
import org.junit.jupiter.api.Test;

/** The TFTP server's protocol, frame by frame, against in-memory files. */
class TftpServerTest {

    static final byte[] PHONE = {2, 0, 0, 0, 0, 1};
    static final byte[] HOST = {2, 0, 0, 0, 0, 9};
    static final byte[] OTHER = {2, 0, 0, 0, 0, 8};

    /** Files in memory: "f" of 1300 bytes to read; writes collected; BUSY once per write call when asked. */
    static final class Memory implements TftpFiles {
        final byte[] file = new byte[1300];
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean busyOnce;
        boolean busyNext;
        int closedComplete;
        int closedCut;

        Memory() {
            for (int i = 0; i < file.length; i++) {
                file[i] = (byte) i;
            }
        }

        @Override public int openRead(byte[] n, int off, int len) {
            return len == 1 && n[off] == 'f' ? file.length : FAILED;
        }

        @Override public int read(int position, byte[] dst, int off, int len) {
            int k = Math.min(len, file.length - position);
            System.arraycopy(file, position, dst, off, k);
            return k;
        }

        @Override public int openWrite(byte[] n, int off, int len, int size) {
            written.reset();
            return size > 100_000 ? FAILED : 0;
        }

        @Override public int write(int position, byte[] src, int off, int len) {
            if (busyOnce && !busyNext) {
                busyNext = true;
                return BUSY;
            }
            busyNext = false;
            written.write(src, off, len);
            return 0;
        }

        @Override public int finish() {
            return 0;
        }

        @Override public void close(boolean complete) {
            if (complete) {
                closedComplete++;
            } else {
                closedCut++;
            }
        }

        @Override public int retryMs() {
            return 50;
        }

        @Override public int errorCode() {
            return Tftp.E_NOT_FOUND;
        }

        @Override public int errorMessage(byte[] dst, int off, int end) {
            byte[] t = "nope".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(t, 0, dst, off, t.length);
            return off + t.length;
        }
    }

    /** One phone with the server, and the frames it sends. */
    static final class Rig implements NetworkPort {
        final ManualClock clock = new ManualClock(1000);
        final Scheduler scheduler = new Scheduler(clock);
        final TimerQueue timers = new TimerQueue(clock, scheduler);
        final Ethernet ethernet = new Ethernet(this, new PacketPool(8, 1536), scheduler);
        final Llc llc = new Llc(ethernet, timers, 1, 7, 1024);
        final Memory files = new Memory();
        final List<String> logged = new ArrayList<>();
        final TftpServer server = new TftpServer(llc, files,
            new Log(clock, (t, off, len) -> logged.add(new String(t, off, len, StandardCharsets.US_ASCII)), 4096, 120),
            scheduler, timers);
        final List<byte[]> sent = new ArrayList<>();
        byte[] rx;

        @Override public int maxFrameLength() { return 1514; }
        @Override public void macAddress(byte[] dst, int off) { System.arraycopy(PHONE, 0, dst, off, 6); }
        @Override public boolean isOnline() { return true; }
        @Override public boolean canSend() { return true; }
        @Override public int droppedFrames() { return 0; }

        @Override public boolean send(byte[] frame, int off, int len) {
            byte[] f = new byte[len];
            System.arraycopy(frame, off, f, 0, len);
            sent.add(f);
            return true;
        }

        @Override public int receive(byte[] dst, int off, int max) {
            if (rx == null) {
                return 0;
            }
            System.arraycopy(rx, 0, dst, off, rx.length);
            int n = rx.length;
            rx = null;
            return n;
        }

        /** A TFTP packet from {@code from} arrives. */
        void from(byte[] from, byte[] tftp) {
            byte[] f = new byte[Math.max(60, 17 + tftp.length)];
            System.arraycopy(PHONE, 0, f, 0, 6);
            System.arraycopy(from, 0, f, 6, 6);
            Bytes.put16(f, 12, 3 + tftp.length);
            f[14] = 0x44;
            f[15] = 0x44;
            f[16] = 0x03;
            System.arraycopy(tftp, 0, f, 17, tftp.length);
            rx = f;
            ethernet.onFramesWaiting();
            settle();
        }

        void settle() {
            while (scheduler.runOne()) {
                // run what is pending
            }
        }

        /** Moves time on by {@code ms}, firing timers. */
        void after(int ms) {
            clock.nowMs += ms;
            if (clock.armed && clock.alarmAtMs - clock.nowMs <= 0) {
                clock.armed = false;
                timers.onAlarmFromUpcall();
            }
            settle();
        }

        /** The TFTP packets sent since the last call, to whom: "opcode block-or-code [text]". */
        List<String> take() {
            List<String> out = new ArrayList<>();
            for (byte[] f : sent) {
                int len = Bytes.u16(f, 12) - 3;
                int op = Bytes.u16(f, 17);
                String to = f[5] == 9 ? "" : "to " + f[5] + " ";
                String rest = op == Tftp.OACK ? new String(f, 19, len - 2, StandardCharsets.US_ASCII).replace('\0', ' ')
                    : op == Tftp.ERROR ? Bytes.u16(f, 19) + " " + new String(f, 21, len - 5, StandardCharsets.US_ASCII)
                    : Bytes.u16(f, 19) + (op == Tftp.DATA ? " +" + (len - 4) : "");
                out.add(to + name(op) + " " + rest.trim());
            }
            sent.clear();
            return out;
        }
    }

    static String name(int op) {
        return new String[] {"?", "RRQ", "WRQ", "DATA", "ACK", "ERROR", "OACK"}[op];
    }

    static byte[] request(int op, String name, String... options) {
        StringBuilder b = new StringBuilder("xx").append(name).append('\0').append("octet").append('\0');
        for (String o : options) {
            b.append(o).append('\0');
        }
        byte[] p = b.toString().getBytes(StandardCharsets.US_ASCII);
        Bytes.put16(p, 0, op);
        return p;
    }

    static byte[] ack(int block) {
        byte[] p = new byte[4];
        Bytes.put16(p, 0, Tftp.ACK);
        Bytes.put16(p, 2, block);
        return p;
    }

    static byte[] data(int block, int len) {
        byte[] p = new byte[4 + len];
        Bytes.put16(p, 0, Tftp.DATA);
        Bytes.put16(p, 2, block);
        for (int i = 0; i < len; i++) {
            p[4 + i] = (byte) (block + i);
        }
        return p;
    }

    @Test
    void aPlainReadIsLockStepAndRetransmitsOnlyOnTimeout() {
        Rig r = new Rig();
        r.from(HOST, request(Tftp.RRQ, "f"));
        assertEquals(List.of("DATA 1 +512"), r.take());
        r.from(HOST, ack(0));
        assertEquals(List.of(), r.take(), "a duplicate (stale) ACK is not answered: no Sorcerer's Apprentice");
        r.after(TftpServer.FIRST_TIMEOUT_MS);
        assertEquals(List.of("DATA 1 +512"), r.take(), "the timer retransmits");
        r.from(HOST, ack(1));
        r.from(HOST, ack(2));
        assertEquals(List.of("DATA 2 +512", "DATA 3 +276"), r.take());
        r.from(HOST, ack(3));
        assertEquals(List.of(), r.take());
        assertEquals(1, r.files.closedComplete);
        assertEquals(1, r.server.completedCount());
    }

    @Test
    void optionsAreNegotiatedAndTheBlockSizeIsCutToOneFrame() {
        Rig r = new Rig();
        r.from(HOST, request(Tftp.RRQ, "f", "BLKSIZE", "9000", "tsize", "0", "windowsize", "8"));
        assertEquals(List.of("OACK blksize 1493 tsize 1300"), r.take(), "unknown options are left out");
        r.from(HOST, ack(0));
        assertEquals(List.of("DATA 1 +1300"), r.take());
        r.from(HOST, ack(1));
        assertEquals(1, r.files.closedComplete);
        assertEquals(1493, r.server.maxBlockSize());
    }

    @Test
    void aWriteAcknowledgesEachBlockOnceStoredAndDalliesAfterTheLast() {
        Rig r = new Rig();
        r.files.busyOnce = true;
        r.from(HOST, request(Tftp.WRQ, "x", "blksize", "100", "tsize", "250"));
        assertEquals(List.of("OACK blksize 100 tsize 250"), r.take());
        r.from(HOST, data(1, 100));
        assertEquals(List.of(), r.take(), "the files are busy: no ACK yet");
        r.from(HOST, data(1, 100));
        assertEquals(List.of(), r.take(), "a repeat of the DATA being stored is ignored");
        r.after(50);
        assertEquals(List.of("ACK 1"), r.take());
        r.from(HOST, data(1, 100));
        assertEquals(List.of("ACK 1"), r.take(), "a DATA acknowledged already is acknowledged again");
        r.from(HOST, data(2, 100));
        r.after(50);
        r.from(HOST, data(3, 50));
        r.after(50);
        assertEquals(List.of("ACK 2", "ACK 3"), r.take());
        assertEquals(250, r.files.written.size());
        r.from(HOST, data(3, 50));
        assertEquals(List.of("ACK 3"), r.take(), "dallying: the last DATA is acknowledged again");
        r.after(TftpServer.DALLY_MS);
        assertTrue(!r.server.isActive());
        assertEquals(1, r.files.closedComplete);
    }

    @Test
    void otherPeersAreToldTheServerIsBusyAndTheirPacketsAreNotOurs() {
        Rig r = new Rig();
        r.from(HOST, request(Tftp.RRQ, "f"));
        r.take();
        r.from(OTHER, request(Tftp.RRQ, "f"));
        r.from(OTHER, ack(1));
        assertEquals(List.of("to 8 ERROR 0 busy: another transfer is under way",
            "to 8 ERROR 5 another peer's transfer"), r.take());
        r.from(HOST, ack(1));
        assertEquals(List.of("DATA 2 +512"), r.take(), "the transfer went on undisturbed");
    }

    @Test
    void refusalsAndTimeoutsEndTheTransferWithAnError() {
        Rig r = new Rig();
        r.from(HOST, request(Tftp.RRQ, "nothing"));
        assertEquals(List.of("ERROR 1 nope"), r.take());
        r.from(HOST, request(Tftp.WRQ, "big", "tsize", "200000"));
        assertEquals(List.of("ERROR 1 nope"), r.take());
        byte[] netascii = "xxf\0netascii\0".getBytes(StandardCharsets.US_ASCII);
        Bytes.put16(netascii, 0, Tftp.RRQ);
        r.from(HOST, netascii);
        assertEquals(List.of("ERROR 4 only octet mode"), r.take());
        r.from(HOST, request(Tftp.RRQ, "f"));
        r.take();
        for (int i = 0; i <= TftpServer.RETRIES; i++) {
            r.after(TftpServer.MAX_TIMEOUT_MS);
        }
        List<String> last = r.take();
        assertEquals("ERROR 0 timed out", last.get(last.size() - 1));
        assertEquals(TftpServer.RETRIES, last.size() - 1, "retransmitted RETRIES times, then gave up");
        assertEquals(3, r.files.closedCut, "two refusals and the timeout");
    }

    @Test
    void anErrorFromThePeerEndsTheTransferAndItsTextIsLogged() {
        Rig r = new Rig();
        r.from(HOST, request(Tftp.WRQ, "firmware"));
        r.from(HOST, data(1, 512));
        assertEquals(List.of("ACK 0", "ACK 1"), r.take());
        byte[] error = "xxxxinterrupted\0".getBytes(StandardCharsets.US_ASCII);
        Bytes.put16(error, 0, Tftp.ERROR);
        Bytes.put16(error, 2, Tftp.E_UNDEFINED);
        r.from(HOST, error);
        assertTrue(!r.server.isActive());
        assertEquals(1, r.files.closedCut);
        assertEquals(List.of(), r.take(), "an ERROR is not answered");
        assertTrue(r.logged.get(r.logged.size() - 1).endsWith("tftp: firmware ended by the peer: interrupted"),
            r.logged.toString());

        // A text without its NUL, or with bytes that are not printable, is cut there; a long one at 60 bytes.
        r.from(HOST, request(Tftp.RRQ, "f"));
        byte[] odd = new byte[4 + 100];
        Bytes.put16(odd, 0, Tftp.ERROR);
        java.util.Arrays.fill(odd, 4, odd.length, (byte) 'z');
        r.from(HOST, odd);
        assertTrue(r.logged.get(r.logged.size() - 1).endsWith("tftp: f ended by the peer: " + "z".repeat(60)),
            r.logged.toString());
        r.from(HOST, request(Tftp.RRQ, "f"));
        r.from(HOST, new byte[] {0, 5, 0, 0, 'o', 'k', 10, 'x', 0});
        assertTrue(r.logged.get(r.logged.size() - 1).endsWith("tftp: f ended by the peer: ok"), r.logged.toString());
    }

    @Test
    void blockNumbersWrapAfter65535() {
        Rig r = new Rig();
        r.from(HOST, request(Tftp.WRQ, "x", "blksize", "8"));
        r.take();
        for (int b = 1; b <= 65537; b++) {
            r.from(HOST, data(b & 0xFFFF, 8));
            if (b == 65535 || b == 65536 || b == 65537) {
                assertEquals(List.of("ACK " + (b & 0xFFFF)), r.take());
            } else {
                r.sent.clear();
            }
        }
        assertEquals(65537 * 8, r.files.written.size());
    }
}
