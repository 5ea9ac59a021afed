package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class LambdaRuleTest {

    public static final class LambdaInMissionTop extends TickingTop {
        private TimerHandler handler;

        @Override
        protected void tick() {
            handler = t -> ticks++; // planted: lambda
        }
    }

    /** A callback of the test's own (a second TimerHandler would make the rapid type analysis see a cycle). */
    interface Counter {
        void count(int n);
    }

    /** The allowed way: created once during init, kept in a field, called in the mission. */
    public static final class LambdaFromInitTop extends TickingTop {
        private Counter counter;
        private int calls;

        @Override
        protected void setUp() {
            counter = n -> calls += n;
        }

        @Override
        protected void tick() {
            counter.count(1);
        }
    }

    @Test
    void aLambdaCreatedInMissionCodeIsCaught() {
        List<Violation> violations = Planted.check(LambdaInMissionTop.class);
        Violation v = Planted.only(violations, Kind.LAMBDA);
        Planted.assertAt(v, LambdaInMissionTop.class, "tick",
            Planted.lineOf(LambdaInMissionTop.class, "// planted: lambda"));
        assertTrue(v.format("t").contains("create it once during init and keep it in a field"), v.format("t"));
        assertEquals(1, violations.size(), Planted.text(violations));
    }

    @Test
    void aLambdaCreatedDuringInitIsAllowedAndItsBodyIsMissionCode() {
        ClosedWorld world = Planted.world(Planted.SIM, LambdaFromInitTop.class);
        assertEquals(List.of(), Checker.check(world));
        MethodRef body = world.methods().stream()
            .filter(m -> m.owner().endsWith("LambdaFromInitTop") && m.name().startsWith("lambda$"))
            .findFirst().orElseThrow();
        assertTrue(world.inMission(body), "the lambda's body runs when the mission calls the handler");
    }
}
