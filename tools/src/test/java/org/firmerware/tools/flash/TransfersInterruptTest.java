package org.firmerware.tools.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.firmerware.tools.console.RawLink;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C during {@code fw flash}: the transfer ends at once, the phone is told with a TFTP ERROR, nothing is started
 * again (a broken-off transfer would be), and the exit status is 130. The phone is played by hand: it acknowledges
 * each DATA 10 ms after it came.
 */
class TransfersInterruptTest {

    private static final byte[] HOST = {2, 0, 0, 0, (byte) 0xff, 1};
    private static final byte[] PHONE = {2, 0, 0, 0, 0, 1};

    /** The phone: what it was sent (TFTP opcodes, with the ERROR's text), and its answers, each due at a time. */
    private static final class Phone implements RawLink {
        final List<String> seen = new ArrayList<>();
        final LinkedBlockingQueue<byte[]> answers = new LinkedBlockingQueue<>();

        @Override public byte[] mac() { return HOST.clone(); }

        @Override
        public synchronized void send(byte[] frame, int len) {
            if ((frame[14] & 0xFF) != 0x44 || frame[16] != 0x03) {
                return;
            }
            int op = (frame[17] & 0xFF) << 8 | frame[18] & 0xFF;
            int block = (frame[19] & 0xFF) << 8 | frame[20] & 0xFF;
            switch (op) {
                case 2 -> {
                    seen.add("WRQ");
                    answers.add(fromPhone("\0\6blksize\0" + 512 + "\0"));
                }
                case 3 -> {
                    seen.add("DATA");
                    answers.add(fromPhone(new String(new char[] {0, 4, (char) (block >> 8), (char) (block & 0xFF)})));
                }
                case 5 -> {
                    int end = 21;
                    while (frame[end] != 0) {
                        end++;
                    }
                    seen.add("ERROR " + new String(frame, 21, end - 21, StandardCharsets.US_ASCII));
                }
                default -> seen.add("opcode " + op);
            }
        }

        @Override
        public int receive(byte[] buf) throws java.io.IOException {
            try {
                byte[] f = answers.poll(200, TimeUnit.MILLISECONDS);
                if (f == null) {
                    return 0;
                }
                Thread.sleep(10);
                System.arraycopy(f, 0, buf, 0, f.length);
                return f.length;
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override public void close() { }

        synchronized List<String> seen() {
            return new ArrayList<>(seen);
        }
    }

    /** A UI frame on SAP 0x44 from the phone to the host carrying {@code tftp} (chars as bytes). */
    private static byte[] fromPhone(String tftp) {
        byte[] t = tftp.getBytes(StandardCharsets.ISO_8859_1);
        byte[] f = new byte[Math.max(60, 17 + t.length)];
        System.arraycopy(HOST, 0, f, 0, 6);
        System.arraycopy(PHONE, 0, f, 6, 6);
        f[12] = (byte) ((3 + t.length) >> 8);
        f[13] = (byte) (3 + t.length);
        f[14] = 0x44;
        f[15] = 0x44;
        f[16] = 0x03;
        System.arraycopy(t, 0, f, 17, t.length);
        return f;
    }

    @Test
    void ctrlCEndsTheTransferTellsThePhoneAndStartsNothingAgain() throws Exception {
        Phone phone = new Phone();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Transfers t = new Transfers() { };
        t.blockSize = 512;
        t.retries = 3;
        t.err = err;
        t.terminal = false;
        byte[] image = new byte[200 * 512];
        Transfers.Done[] done = new Transfers.Done[1];
        try (RealtimeTftp rt = new RealtimeTftp(phone)) {
            Thread command = new Thread(() -> {
                try {
                    done[0] = t.transfer(rt, phone, PHONE, "writing firmware",
                        c -> c.startWrite("firmware", image, rt.nowMs()), new Progress(err, "fw flash", false));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            command.start();
            while (phone.seen().size() < 10) {
                Thread.sleep(5);
            }
            // What the shutdown hook does on Ctrl-C; the command finishes while it waits.
            Thread hook = new Thread(() -> rt.interruptAndWait(Transfers.HOOK_WAIT_MS));
            hook.start();
            command.join(5000);
            assertFalse(command.isAlive());
        }
        String said = printed.toString(StandardCharsets.UTF_8);
        assertEquals(Transfers.EXIT_INTERRUPTED, done[0].exitCode(), said);
        assertTrue(said.contains("fw: writing firmware: interrupted; the phone was told to end the transfer"), said);
        assertFalse(said.contains("starting again"), said);
        List<String> seen = phone.seen();
        assertEquals("WRQ", seen.get(0));
        assertEquals(1, seen.stream().filter("WRQ"::equals).count(), "not requested again: " + seen);
        assertEquals("ERROR interrupted", seen.get(seen.size() - 1), seen.toString());
        assertTrue(seen.size() < 100, "ended early: " + seen.size() + " frames");
    }
}
