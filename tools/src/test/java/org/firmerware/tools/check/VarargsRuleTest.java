package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class VarargsRuleTest {

    public static final class VarargsTop extends TickingTop {
        private final int[] preallocated = {1, 2, 3};
        private int sum;

        static int sum(int... values) {
            int s = 0;
            for (int v : values) {
                s += v;
            }
            return s;
        }

        @Override
        protected void tick() {
            sum += sum(1, 2, 3); // planted: varargs
            sum += sum(preallocated);
        }
    }

    @Test
    void theHiddenArrayOfAVarargsCallIsCaughtAndNamed() {
        List<Violation> violations = Planted.check(VarargsTop.class);
        Violation v = Planted.only(violations, Kind.VARARGS);
        Planted.assertAt(v, VarargsTop.class, "tick", Planted.lineOf(VarargsTop.class, "// planted: varargs"));
        assertEquals("new int[] for the call to " + VarargsTop.class.getName() + ".sum", v.detail());
        assertEquals(1, violations.size(), Planted.text(violations));
    }
}
