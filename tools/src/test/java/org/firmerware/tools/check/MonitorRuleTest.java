package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.firmerware.tools.check.ClosedWorld.Phase;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class MonitorRuleTest {

    public static final class MonitorTop extends TickingTop {
        private int count;

        @Override
        protected void setUp() {
            synchronized (this) { // planted: block
                count = 1;
            }
        }

        synchronized void add() { // planted: method
            count++;
        }

        @Override
        protected void tick() {
            add();
        }
    }

    @Test
    void monitorsAreCaughtInInitAndMissionCode() {
        List<Violation> violations = Planted.check(MonitorTop.class);
        assertEquals(2, violations.size(), Planted.text(violations));

        Violation block = violations.stream().filter(v -> v.method().name().equals("setUp")).findFirst().orElseThrow();
        assertEquals(Kind.MONITOR, block.kind());
        Planted.assertAt(block, MonitorTop.class, "setUp", Planted.lineOf(MonitorTop.class, "// planted: block"));
        assertEquals(Phase.INIT, block.root().phase());
        assertEquals("the top's init", block.root().why());

        Violation method = violations.stream().filter(v -> v.method().name().equals("add")).findFirst().orElseThrow();
        assertEquals(Kind.MONITOR, method.kind());
        assertEquals("synchronized method", method.detail());
        // A method's first line is that of its first statement.
        assertEquals(Planted.lineOf(MonitorTop.class, "// planted: method") + 1, method.line());
        assertEquals(Phase.MISSION, method.root().phase());
    }
}
