package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.firmerware.tools.check.Violation.Kind;
import org.junit.jupiter.api.Test;

class EnumValuesRuleTest {

    enum Colour { RED, GREEN, AMBER }

    public static final class ValuesTop extends TickingTop {
        private Colour[] colours;
        private int sum;

        @Override
        protected void setUp() {
            colours = Colour.values(); // allowed: init may allocate
        }

        @Override
        protected void tick() {
            for (Colour c : Colour.values()) { // planted: values
                sum += c.ordinal();
            }
            for (Colour c : colours) {
                sum += c.ordinal();
            }
        }
    }

    /** A switch on an enum: javac's switch map (a synthetic class) is built in init; the switch allocates nothing. */
    public static final class SwitchTop extends TickingTop {
        private Colour colour = Colour.RED;

        @Override
        protected void tick() {
            switch (colour) {
                case RED -> colour = Colour.GREEN;
                case GREEN -> colour = Colour.AMBER;
                default -> colour = Colour.RED;
            }
        }
    }

    @Test
    void aSwitchOnAnEnumPasses() {
        List<Violation> violations = Planted.check(SwitchTop.class);
        assertEquals(List.of(), violations, Planted.text(violations));
    }

    @Test
    void valuesInMissionCodeIsCaughtButNotInInit() {
        List<Violation> violations = Planted.check(ValuesTop.class);
        Violation v = Planted.only(violations, Kind.ENUM_VALUES);
        Planted.assertAt(v, ValuesTop.class, "tick", Planted.lineOf(ValuesTop.class, "// planted: values"));
        assertEquals(Colour.class.getName() + ".values()", v.detail());
        assertEquals(1, violations.size(), Planted.text(violations));
    }
}
