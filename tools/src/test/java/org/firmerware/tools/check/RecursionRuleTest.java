package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class RecursionRuleTest {

    public static final class RecursiveTop extends TickingTop {
        private int depth;

        int factorial(int n) {
            return n <= 1 ? 1 : n * factorial(n - 1); // planted: self
        }

        boolean even(int n) {
            return n == 0 || odd(n - 1); // planted: mutual
        }

        boolean odd(int n) {
            return n != 0 && even(n - 1);
        }

        @Override
        protected void tick() {
            depth = factorial(5) + (even(ticks) ? 1 : 0);
        }
    }

    @Test
    void everyCycleOfTheMissionCallGraphIsCaughtOnce() {
        List<Violation> violations = Planted.check(RecursiveTop.class);
        assertEquals(2, violations.size(), Planted.text(violations));
        String top = RecursiveTop.class.getName();

        Violation self = violations.stream().filter(v -> v.method().name().equals("factorial")).findFirst()
            .orElseThrow();
        assertEquals(Kind.RECURSION, self.kind());
        Planted.assertAt(self, RecursiveTop.class, "factorial", Planted.lineOf(RecursiveTop.class, "// planted: self"));
        assertEquals(top + ".factorial -> " + top + ".factorial", self.detail());

        Violation mutual = violations.stream().filter(v -> v.method().name().equals("even")).findFirst().orElseThrow();
        assertEquals(Kind.RECURSION, mutual.kind());
        Planted.assertAt(mutual, RecursiveTop.class, "even", Planted.lineOf(RecursiveTop.class, "// planted: mutual"));
        assertEquals(top + ".even -> " + top + ".odd -> " + top + ".even", mutual.detail());
        assertEquals(ClosedWorld.KERNEL_RUN, mutual.root().method());
    }
}
