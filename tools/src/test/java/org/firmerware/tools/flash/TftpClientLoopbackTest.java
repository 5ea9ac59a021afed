package org.firmerware.tools.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fw dump --if lo}: the loopback interface hands the host every frame it sends. The client's LLC answers its
 * own TEST, and must not take that answer (or its own request) for a phone's: with no phone on the link it says that
 * no phone answered.
 */
class TftpClientLoopbackTest {

    /** The loopback interface's MAC address. */
    private static final byte[] LO = new byte[6];

    @Test
    void onTheLoopbackInterfaceTheHostDoesNotFindItself() {
        ArrayDeque<byte[]> looped = new ArrayDeque<>();
        List<String> status = new ArrayList<>();
        int[] frames = {0};
        TftpClient c = new TftpClient((frame, len) -> {
            looped.add(Arrays.copyOf(frame, len));
            frames[0]++;
        }, LO, null, new TftpClient.Listener() {
            @Override public void onProgress(long done, long total) { }
            @Override public void onStatus(String message) { status.add(message); }
        }, 0);
        int now = 0;
        c.startRead("flash", now);
        while (!c.isFinished() && now < 60_000) {
            while (!looped.isEmpty()) {
                c.onFrame(looped.poll(), now);
            }
            now = Math.max(now + 1, c.nextWakeMs());
            c.poll(now);
        }
        assertEquals(TftpClient.Outcome.NO_ANSWER, c.outcome(), c.message());
        assertTrue(c.message().startsWith("no phone answered on LLC SAP 0x44"), c.message());
        assertEquals(List.of(), status, "found nothing");
        assertEquals(TftpClient.FIND_TRIES, frames[0], "only the TESTs were sent; nothing answered them");
        assertEquals(TftpClient.FIND_TRIES * TftpClient.FIND_INTERVAL_MS, now);
    }
}
