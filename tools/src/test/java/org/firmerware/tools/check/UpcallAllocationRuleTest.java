package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.firmerware.bottom.hal.Upcalls;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class UpcallAllocationRuleTest {

    /** An upcall receiver that records key presses, allocating one record each: wrong in upcall context. */
    static final class KeyRecorder implements Upcalls {
        private int[] last;

        @Override public void onAlarm() { }
        @Override public void onButtonRelease() { }
        @Override public void onHookChanged(boolean offHook) { }
        @Override public void onCanReceive() { }
        @Override public void onCanSend() { }
        @Override public void onOnline() { }
        @Override public void onOffline() { }
        @Override public void onCanPlay(int channel) { }
        @Override public void onCanRecord(int channel) { }

        @Override
        public void onButtonPress(int buttonClass, int code) {
            last = new int[] {buttonClass, code}; // planted: upcall
        }
    }

    public static final class RecorderTop implements Top {
        private KeyRecorder recorder;

        @Override
        public void init(Kernel kernel) {
            recorder = new KeyRecorder();
        }
    }

    @Test
    void allocationInAnUpcallIsCaught() {
        List<Violation> violations = Planted.check(RecorderTop.class);
        Violation v = Planted.only(violations, Kind.ALLOCATION);
        Planted.assertAt(v, KeyRecorder.class, "onButtonPress",
            Planted.lineOf(KeyRecorder.class, "// planted: upcall"));
        assertEquals("new int[]", v.detail());
        assertEquals("an upcall", v.root().why());
        assertEquals(1, v.chain().size(), "the upcall is its own root");
        assertEquals(1, violations.size(), Planted.text(violations));
    }
}
