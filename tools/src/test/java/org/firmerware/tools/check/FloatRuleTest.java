package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class FloatRuleTest {

    public static final class FloatTop extends TickingTop {
        private int level = 100;

        @Override
        protected void tick() {
            level = (int) (level * 0.9f); // planted: float
        }
    }

    @Test
    void floatIsCaughtWhenTheProfileForbidsIt() {
        List<Violation> violations = Planted.check(FloatTop.class);
        Violation v = Planted.only(violations, Kind.FLOAT);
        Planted.assertAt(v, FloatTop.class, "tick", Planted.lineOf(FloatTop.class, "// planted: float"));
        assertEquals(1, violations.size(), Planted.text(violations));
    }

    @Test
    void floatPassesWhenTheProfileAllowsIt() {
        CheckTarget floats = Planted.SIM.withFloatAllowed(true);
        assertEquals(List.of(), Checker.check(Planted.world(floats, FloatTop.class)));
    }
}
