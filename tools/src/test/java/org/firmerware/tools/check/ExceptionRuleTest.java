package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class ExceptionRuleTest {

    public static final class ThrowingTop extends TickingTop {
        @Override
        protected void setUp() {
            if (kernel.board() == null) {
                throw new IllegalArgumentException("init may throw new exceptions");
            }
        }

        @Override
        protected void tick() {
            if (ticks == Integer.MAX_VALUE) {
                throw new IllegalStateException("too many ticks"); // planted: exception
            }
        }
    }

    @Test
    void creatingAnExceptionInMissionCodeIsCaughtButNotInInit() {
        List<Violation> violations = Planted.check(ThrowingTop.class);
        Violation v = Planted.only(violations, Kind.EXCEPTION);
        Planted.assertAt(v, ThrowingTop.class, "tick", Planted.lineOf(ThrowingTop.class, "// planted: exception"));
        assertEquals("new java.lang.IllegalStateException", v.detail());
        assertEquals(1, violations.size(), Planted.text(violations));
    }
}
