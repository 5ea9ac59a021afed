package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.sched.Scheduler;
import org.firmerware.kernel.time.Timer;
import org.firmerware.tools.check.Violation.Kind;
import org.firmerware.tools.check.planted.PlantedTop;
import org.junit.jupiter.api.Test;

class PlantedTopTest {

    @Test
    void theStringConcatenationInTheTimerHandlerIsCaughtWithItsChainToTheMainLoop() {
        ClosedWorld world = ClosedWorld.build(Planted.SIM,
            new org.firmerware.tools.profile.Tops.Entry("planted", PlantedTop.class.getName(), ""));
        List<Violation> violations = Checker.check(world);

        assertEquals(1, violations.size(), Planted.text(violations));
        Violation v = violations.get(0);
        assertEquals(Kind.STRING_CONCAT, v.kind());
        int line = Planted.lineOf(PlantedTop.class, "// planted: string concatenation");
        Planted.assertAt(v, PlantedTop.class, "onTimer", line);
        assertEquals("PlantedTop.java", v.sourceFile());

        List<String> chain = v.chain().stream().map(f -> f.method().display()).toList();
        assertEquals(List.of(PlantedTop.class.getName() + ".onTimer", Timer.class.getName() + ".fire",
            Scheduler.class.getName() + ".runOne", Kernel.class.getName() + ".run"), chain);
        assertEquals(ClosedWorld.KERNEL_RUN, v.root().method());

        String text = v.format(world.pair());
        String nl = System.lineSeparator();
        assertTrue(text.startsWith("sim/planted: string concatenation (invokedynamic StringConcatFactory)" + nl
            + "  at " + PlantedTop.class.getName() + ".onTimer(PlantedTop.java:" + line + ")" + nl), text);
        assertTrue(text.endsWith("[mission root: the main loop]"), text);
        assertTrue(text.contains("  called from " + Timer.class.getName() + ".fire(Timer.java:"), text);
    }
}
