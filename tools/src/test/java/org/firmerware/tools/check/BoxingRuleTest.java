package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class BoxingRuleTest {

    public static final class BoxingTop extends TickingTop {
        private Object last;

        @Override
        protected void tick() {
            last = ticks; // planted: boxing
        }
    }

    @Test
    void boxingInMissionCodeIsCaught() {
        List<Violation> violations = Planted.check(BoxingTop.class);
        Violation v = Planted.only(violations, Kind.BOXING);
        Planted.assertAt(v, BoxingTop.class, "tick", Planted.lineOf(BoxingTop.class, "// planted: boxing"));
        assertEquals("java.lang.Integer.valueOf", v.detail());
        assertEquals(1, violations.size(), Planted.text(violations));
    }
}
