package org.firmerware.tools.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's retransmission timeout against a phone played by hand: the first timeout before any answer, then one
 * that follows the measured round trip, never below the minimum, doubling while nothing comes, and back once the
 * phone answers again (round trips of retransmitted packets not counted).
 */
class TftpClientTimeoutTest {

    private static final byte[] HOST = {2, 0, 0, 0, (byte) 0xff, 1};
    private static final byte[] PHONE = {2, 0, 0, 0, 0, 1};

    private final List<byte[]> sent = new ArrayList<>();

    /** A UI frame on SAP 0x44 from the phone to the host carrying {@code tftp}. */
    private static byte[] fromPhone(byte[] tftp) {
        byte[] f = new byte[Math.max(60, 17 + tftp.length)];
        System.arraycopy(HOST, 0, f, 0, 6);
        System.arraycopy(PHONE, 0, f, 6, 6);
        int len = 3 + tftp.length;
        f[12] = (byte) (len >> 8);
        f[13] = (byte) len;
        f[14] = 0x44;
        f[15] = 0x44;
        f[16] = 0x03;
        System.arraycopy(tftp, 0, f, 17, tftp.length);
        return f;
    }

    private static byte[] oack(int blockSize) {
        byte[] text = ("\0\6blksize\0" + blockSize + "\0").getBytes(StandardCharsets.US_ASCII);
        return fromPhone(text);
    }

    private static byte[] ack(int block) {
        return fromPhone(new byte[] {0, 4, (byte) (block >> 8), (byte) block});
    }

    /** The TFTP opcode and block number of the last frame the client sent. */
    private String last() {
        byte[] f = sent.get(sent.size() - 1);
        int op = f[18] & 0xFF;
        return op == 3 ? "DATA " + ((f[19] & 0xFF) << 8 | f[20] & 0xFF) : op == 2 ? "WRQ" : "opcode " + op;
    }

    @Test
    void theTimeoutFollowsTheRoundTrip() {
        TftpClient c = new TftpClient((frame, len) -> sent.add(Arrays.copyOf(frame, len)), HOST, PHONE,
            new TftpClient.Listener() {
                @Override public void onProgress(long done, long total) { }
                @Override public void onStatus(String message) { }
            }, 1000);
        byte[] data = new byte[5 * 512];
        c.startWrite("firmware", data, 1000);
        assertEquals("WRQ", last());
        assertEquals(1000 + TftpClient.FIRST_TIMEOUT_MS, c.nextWakeMs(), "nothing measured yet");

        c.onFrame(oack(512), 1004);
        assertEquals("DATA 1", last());
        // Round trip 4 ms: SRTT 4, RTTVAR 2, 4 + 8 = 12 ms, raised to the minimum.
        assertEquals(1004 + TftpClient.MIN_TIMEOUT_MS, c.nextWakeMs());
        int frames = sent.size();
        c.poll(1004 + TftpClient.MIN_TIMEOUT_MS - 1);
        assertEquals(frames, sent.size(), "not sent again before the timeout");
        c.poll(1004 + TftpClient.MIN_TIMEOUT_MS);
        assertEquals(frames + 1, sent.size());
        assertEquals("DATA 1", last(), "sent again after the timeout");
        assertEquals(1044 + 2 * TftpClient.MIN_TIMEOUT_MS, c.nextWakeMs(), "doubled");
        assertEquals(1, c.retransmissions());

        // The answer to a retransmitted DATA is no sample (Karn): 100 ms since the first send would be one.
        c.onFrame(ack(1), 1104);
        assertEquals("DATA 2", last());
        assertEquals(1104 + TftpClient.MIN_TIMEOUT_MS, c.nextWakeMs());

        // A phone that takes 150 ms for a block (erasing, say) pushes the timeout up: SRTT 22.25, RTTVAR 38.
        c.onFrame(ack(2), 1254);
        assertEquals("DATA 3", last());
        assertEquals(1254 + 174, c.nextWakeMs());
        c.onFrame(ack(3), 1256);
        assertEquals("DATA 4", last());
        // 2 ms now: SRTT 19.72, RTTVAR 33.56: 154 ms, coming down with every quick answer.
        assertEquals(1256 + 154, c.nextWakeMs());
    }
}
