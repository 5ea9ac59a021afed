package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.tools.check.ClosedWorld.Phase;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class JavaUtilRuleTest {

    public static final class CollectionTop extends TickingTop {
        private ArrayList<Object> seen;
        private long started;

        @Override
        protected void setUp() {
            seen = new ArrayList<>(); // planted: collection
        }

        @Override
        protected void tick() {
            started = System.currentTimeMillis(); // planted: time
        }
    }

    @Test
    void javaUtilAndTheHostClockAreCaughtInInitAndMissionCode() {
        List<Violation> violations = Planted.check(CollectionTop.class);
        assertTrue(violations.stream().allMatch(v -> v.kind() == Kind.JDK), Planted.text(violations));

        Violation collection = violations.stream().filter(v -> v.detail().equals("new java.util.ArrayList"))
            .findFirst().orElseThrow(() -> new AssertionError(Planted.text(violations)));
        Planted.assertAt(collection, CollectionTop.class, "setUp",
            Planted.lineOf(CollectionTop.class, "// planted: collection"));
        assertEquals(Phase.INIT, collection.root().phase());

        Violation time = violations.stream().filter(v -> v.detail().startsWith("java.lang.System.currentTimeMillis"))
            .findFirst().orElseThrow(() -> new AssertionError(Planted.text(violations)));
        Planted.assertAt(time, CollectionTop.class, "tick", Planted.lineOf(CollectionTop.class, "// planted: time"));
        assertEquals(Phase.MISSION, time.root().phase());
    }
}
