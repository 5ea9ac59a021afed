package org.firmerware.kernel.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.bottom.hal.LogPort;
import org.firmerware.kernel.testing.ManualClock;
import org.junit.jupiter.api.Test;

class LogTest {

    private final ManualClock clock = new ManualClock(5000);
    private final List<String> port = new ArrayList<>();
    private final LogPort logPort = (text, off, len) -> port.add(new String(text, off, len, StandardCharsets.US_ASCII));

    private static String line(Log log, int seq) {
        byte[] buf = new byte[200];
        int n = log.read(seq, buf, 0, buf.length);
        return n < 0 ? null : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void linesAreBuiltInPlaceNumberedAndCopiedToThePort() {
        Log log = new Log(clock, logPort, 256, 40);
        log.begin().text("answer ").decimal(42).character(' ').hex(0xbeef, 4).end();
        clock.nowMs = 6000;
        log.line("second");
        assertEquals(List.of("answer 42 beef", "second"), port);
        assertEquals(0, log.firstSeq());
        assertEquals(2, log.nextSeq());
        assertEquals("answer 42 beef", line(log, 0));
        assertEquals("second", line(log, 1));
        assertEquals(5000, log.timeOf(0));
        assertEquals(6000, log.timeOf(1));
        assertEquals(null, line(log, 2));
        assertEquals(null, line(log, -1));
    }

    @Test
    void theOldestLinesAreDroppedWhenTheRingIsFullAndReadersSeeTheGap() {
        Log log = new Log(clock, null, 64, 20);
        for (int i = 0; i < 20; i++) {
            log.begin().text("line ").decimal(i).end();
        }
        // Each record takes 6 header bytes plus 6 or 7 text bytes; 64 bytes hold the last 4 or 5 lines.
        assertEquals(20, log.nextSeq());
        int first = log.firstSeq();
        assertEquals(first, log.droppedLines());
        assertEquals(null, line(log, first - 1));
        for (int s = first; s < 20; s++) {
            assertEquals("line " + s, line(log, s), "line " + s + " survives intact across the ring's wrap");
        }
    }

    @Test
    void longLinesAreCutToTheLineBuffer() {
        Log log = new Log(clock, logPort, 128, 10);
        log.begin().text("0123456789abcdef").end();
        assertEquals("0123456789", line(log, 0));
        assertEquals(List.of("0123456789"), port);
    }

    @Test
    void anUnfinishedLineIsDiscardedByTheNextBegin() {
        Log log = new Log(clock, null, 128, 20);
        log.begin().text("lost");
        log.begin().text("kept").end();
        log.end();
        assertEquals(1, log.nextSeq());
        assertEquals("kept", line(log, 0));
    }

    @Test
    void aRingSmallerThanOneLineIsRefusedAtInit() {
        assertThrows(IllegalArgumentException.class, () -> new Log(clock, null, 20, 20));
    }
}
