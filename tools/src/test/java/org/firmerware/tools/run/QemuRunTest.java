package org.firmerware.tools.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.firmerware.boards.sim.world.HumanTrace;
import org.firmerware.boards.sim.world.Script;
import org.firmerware.bottom.display.SevenSegment;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.aot.Build;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import org.junit.jupiter.api.Test;

/**
 * The host side of the QEMU boards without QEMU: panel lines become the simulator's trace lines (also the kinds the
 * porting tests do not show: clock digits, bar, symbols), and the run file has the layout the board reads.
 */
class QemuRunTest {

    private static String line(String panel) {
        return HumanTrace.format(QemuRun.event(panel), false);
    }

    /** The 12 cells of a text as the board writes them: the BT200's glyphs, points at two cells (-1: none). */
    private static String cells(String text, int point1, int point2) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            int g = i < text.length() ? SevenSegment.glyph(text.charAt(i)) : 0;
            if (i == point1 || i == point2) {
                g |= SevenSegment.SYMBOL_BIT;
            }
            hex.append(String.format("%02x", g));
        }
        return hex.toString();
    }

    @Test
    void panelLinesReadAsTheSimulatorsTrace() {
        assertEquals("     0.500  led      message    on", line("@500 led 0 1"));
        assertEquals("     1.000  led      handset    off", line("@1000 led 1 0"));
        assertEquals("    12.345  display  text       ip6 link", line("@12345 text " + cells("ip6 link", -1, -1)));
        assertEquals("     2.000  display  text       192.168.0-1",
            line("@2000 text " + cells("1921680-1", 2, 5)));
        assertEquals("     3.000  display  time       12:05", line("@3000 time 12 5 1"));
        assertEquals("     3.001  display  time       9 30", line("@3001 time 9 30 0"));
        assertEquals("     4.000  display  time       off", line("@4000 time off"));
        assertEquals("     5.000  display  network    on", line("@5000 symbol 5 1"));
        assertEquals("     6.000  display  bar        4", line("@6000 bar 4"));
        assertEquals("     7.000  console  log        hello, world", line("@7000 log hello, world"));
        assertEquals("     8.000  board    garbled    @8000 led x", line("@8000 led x"));
        assertNull(QemuRun.event("@9000 end 12"));
        assertNull(QemuRun.event("panic: NullPointerException at X.y(X.java:1)"));
    }

    /** The board's profile numbers the panic sites; fw run prints a numbered panic with the site's text. */
    @Test
    void aNumberedPanicIsPrintedWithItsSitesText() {
        BoardProfile mps2 = BoardProfile.named("mps2-an385");
        Build b = Build.top(mps2, Tops.named("timer2led"), true);
        assertTrue(b.imageC().contains("/* #0: "), "mps2-an385 numbers its panic sites by default");
        String text = b.panicSite(0);
        assertTrue(text != null && text.contains("Exception at org.firmerware."), text);
        assertEquals("panic: #0 " + text, QemuRun.explainPanic("panic: #0", b));
        assertEquals("panic: #999999", QemuRun.explainPanic("panic: #999999", b), "no such site: as it is");
        assertEquals("panic: hard fault", QemuRun.explainPanic("panic: hard fault", b));
    }

    @Test
    void theRunFileHoldsTheInputsInBoardMilliseconds() {
        List<Script.Input> in = List.of(new Script.Input(1_000_000, "offhook", 0, 0),
            new Script.Input(1_500_400, "press", Buttons.DTMF, '7'), new Script.Input(1_600_000, "release", 0, 0),
            new Script.Input(2_000_000, "onhook", 0, 0));
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x4E52_5746).putInt(10_001).putInt(4);
        b.putInt(1000).putInt(1).putInt(1);
        b.putInt(1500).putInt(2).putInt(Buttons.DTMF << 8 | '7');
        b.putInt(1600).putInt(3).putInt(0);
        b.putInt(2000).putInt(1).putInt(0);
        assertArrayEquals(b.array(), QemuRun.runFile(in, 10_001));
        assertArrayEquals(new byte[] {0x46, 0x57, 0x52, 0x4E, -1, -1, -1, -1, 0, 0, 0, 0},
            QemuRun.runFile(List.of(), QemuRun.NO_END), "FWRN, no end, no steps");
    }
}
