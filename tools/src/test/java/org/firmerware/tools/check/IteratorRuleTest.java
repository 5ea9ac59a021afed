package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class IteratorRuleTest {

    public static final class IteratingTop extends TickingTop {
        private List<Object> items;
        private int count;

        @Override
        protected void tick() {
            for (Object o : items) { // planted: iterator
                count++;
            }
        }
    }

    @Test
    void anEnhancedForOverAnIterableIsCaughtAsTheIteratorItAllocates() {
        List<Violation> violations = Planted.check(IteratingTop.class);
        Violation v = Planted.only(violations, Kind.ITERATOR);
        Planted.assertAt(v, IteratingTop.class, "tick", Planted.lineOf(IteratingTop.class, "// planted: iterator"));
        assertEquals("java.util.List.iterator()", v.detail());
        // The field of type java.util.List is a JDK use too; the iterator's hasNext and next are not reported again.
        assertEquals(2, violations.size(), Planted.text(violations));
    }
}
