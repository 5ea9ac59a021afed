package org.firmerware.boards.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptTest {

    private static Script parse(String... lines) throws ScriptException {
        return Script.parse(Path.of("test.script"), List.of(lines));
    }

    private static String error(String... lines) {
        return assertThrows(ScriptException.class, () -> parse(lines)).getMessage();
    }

    @Test
    void timesUnitsRelativeStepsPhonesAndComments() throws ScriptException {
        Script s = parse("# a comment", "", "1500 offhook", "+200ms press #  # the hash key, then a comment",
            "2.5s @phone2 key 5 300ms", "1min link down", "250us release");
        assertEquals(5, s.steps().size());
        assertEquals(1_500_000, s.steps().get(0).timeUs());
        assertEquals(1_700_000, s.steps().get(1).timeUs());
        assertEquals(List.of("#"), s.steps().get(1).args());
        assertEquals("phone2", s.steps().get(2).phone());
        assertEquals(List.of("5", "300ms"), s.steps().get(2).args());
        assertEquals(60_000_000, s.steps().get(3).timeUs());
        assertEquals(250, s.steps().get(4).timeUs());
        assertEquals(4, s.steps().get(1).line());
    }

    @Test
    void errorsNameTheFileTheLineAndWhatIsExpected() {
        assertEquals("test.script:2: unknown key 'foo' (keys: 0-9 * # called callers conference down flash hold "
            + "menu message mute send speaker transfer up)", error("1s offhook", "2s press foo"));
        assertEquals("test.script:1: 'soon' is not a time (examples: 1500, 1500ms, 1.5s, +200ms)",
            error("soon offhook"));
        assertEquals("test.script:1: unknown action 'dance' (actions: press release key type offhook onhook mic "
            + "frame link)", error("1s dance"));
        assertEquals("test.script:1: offhook: expected 0 argument(s), got 1", error("1s offhook now"));
        assertEquals("test.script:1: frame: 'zz' is not hex", error("1s frame ffffffffffff0200000000010800zz"));
        assertEquals("test.script:1: frame: 4 bytes is shorter than an Ethernet header (14)", error("1 frame 01020304"));
        assertEquals("test.script:1: link: expected 'up' or 'down', not 'sideways'", error("1 link sideways"));
        assertEquals("test.script:1: expected a time and an action, such as '1.5s offhook'", error("1s"));
    }
}
