package org.firmerware.kernel.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.bottom.hal.Display;
import org.junit.jupiter.api.Test;

class ScreenTest {

    private final List<String> shown = new ArrayList<>();
    private final Display display = new Display() {
        @Override public int textWidth() { return 12; }
        @Override public void showText(byte[] text, int off, int len) {
            shown.add(new String(text, off, len, StandardCharsets.US_ASCII));
        }
        @Override public boolean hasPoint(int position) { return false; }
        @Override public void showTime(int first, int second, boolean colon) { }
        @Override public void clearTime() { }
        @Override public boolean hasSymbol(int symbol) { return false; }
        @Override public void setSymbol(int symbol, boolean on) { }
        @Override public int barSteps() { return 0; }
        @Override public void showBar(int level) { }
    };
    private final Screen screen = new Screen(display);

    @Test
    void aHigherLevelOverlaysALowerOneAndClosingRevealsIt() {
        screen.show(Screen.IDLE, "ready");
        screen.show(Screen.DIALING, "0612");
        screen.show(Screen.RINGING, "ringing");
        screen.show(Screen.DIALING, "06123"); // changes the hidden level: nothing shown
        assertEquals(List.of("ready", "0612", "ringing"), shown);
        screen.close(Screen.RINGING);
        screen.close(Screen.DIALING);
        screen.close(Screen.IDLE);
        assertEquals(List.of("ready", "0612", "ringing", "06123", "ready", ""), shown);
        assertEquals(-1, screen.shownLevel());
    }

    @Test
    void closingAHiddenLevelChangesNothingVisible() {
        screen.show(Screen.IDLE, "ready");
        screen.show(Screen.TALKING, "talking");
        screen.close(Screen.IDLE);
        screen.close(Screen.MENU);
        assertEquals(List.of("ready", "talking"), shown);
        assertEquals(Screen.TALKING, screen.shownLevel());
        assertTrue(screen.isOpen(Screen.TALKING));
    }

    @Test
    void textIsCopiedSoTheCallerMayReuseItsBuffer() {
        byte[] buf = "12345".getBytes(StandardCharsets.US_ASCII);
        screen.show(Screen.DIALING, buf, 0, 3);
        buf[0] = 'x';
        screen.show(Screen.RINGING, "ring");
        screen.close(Screen.RINGING);
        assertEquals(List.of("123", "ring", "123"), shown);
    }

    @Test
    void withoutADisplayEverythingIsIgnored() {
        Screen none = new Screen(null);
        none.show(Screen.IDLE, "x");
        none.close(Screen.IDLE);
        assertEquals(0, none.width());
    }
}
