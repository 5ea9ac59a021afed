package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.firmerware.boards.sim.SimBoard;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.sched.Event;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.ui.Lights;
import org.firmerware.porting.timer2led.Timer2Led;
import org.firmerware.tools.UserError;
import org.firmerware.tools.check.ClosedWorld.Phase;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import org.junit.jupiter.api.Test;

class ClosedWorldTest {

    private static final Tops.Entry TIMER2LED = Tops.named("timer2led");

    @Test
    void thePhasesSplitInitFromTheMainLoopAndTheUpcalls() {
        ClosedWorld world = ClosedWorld.build(Planted.SIM, TIMER2LED);
        MethodRef topInit = new MethodRef("org/firmerware/porting/timer2led/Timer2Led", "init",
            ClosedWorld.TOP_INIT_DESC);
        MethodRef onTimer = new MethodRef("org/firmerware/porting/timer2led/Timer2Led", "onTimer",
            "(Lorg/firmerware/kernel/time/Timer;)V");
        MethodRef onAlarm = new MethodRef(ClosedWorld.KERNEL, "onAlarm", "()V");
        assertTrue(world.inInit(topInit));
        assertFalse(world.inMission(topInit));
        assertTrue(world.inMission(onTimer));
        assertFalse(world.inInit(onTimer));
        assertEquals("an upcall", world.rootOf(onAlarm, Phase.MISSION).why());
        assertEquals(List.of(), world.chain(onAlarm, Phase.MISSION));
        // Timer2Led's timer handler is reached through the TimerHandler interface, from the main loop.
        assertEquals(ClosedWorld.KERNEL_RUN, world.rootOf(onTimer, Phase.MISSION).method());
    }

    @Test
    void preloadListsTheFirmwareClassesSupertypesFirstAndTheirStrings() {
        ClosedWorld.Preload p = ClosedWorld.preload(BoardProfile.named("sim"), TIMER2LED);
        List<String> classes = p.classNames();
        assertTrue(classes.containsAll(List.of(Kernel.class.getName(), Timer2Led.class.getName(),
            SimBoard.class.getName(), Lights.class.getName())), classes.toString());
        assertTrue(classes.indexOf(Event.class.getName()) < classes.indexOf(Timer.class.getName()), classes.toString());
        assertTrue(classes.stream().noneMatch(c -> c.startsWith("java.")
            || c.startsWith("org.firmerware.boards.sim.hw")), classes.toString());
        assertTrue(p.strings().contains("timer2led"), p.strings().toString());
        assertTrue(p.strings().contains("firmerware kernel on board "), p.strings().toString());
    }

    @Test
    void aTopOutsideTheClassPathIsOneLineOfError() {
        UserError e = assertThrows(UserError.class, () -> ClosedWorld.build(Planted.SIM,
            new Tops.Entry("ghost", "org.example.Ghost", "")));
        assertEquals("top ghost: class org.example.Ghost is not on the class path", e.getMessage());
    }

    @Test
    void aBoardClassOutsideTheClassPathIsOneLineOfError() {
        CheckTarget ghost = new CheckTarget("ghost", "org.example.GhostBoard", List.of(), false);
        UserError e = assertThrows(UserError.class, () -> ClosedWorld.build(ghost, TIMER2LED));
        assertEquals("board ghost: class org.example.GhostBoard is not on the class path", e.getMessage());
    }

    @Test
    void aClassThatIsNoTopIsRefused() {
        UserError e = assertThrows(UserError.class, () -> ClosedWorld.build(Planted.SIM,
            new Tops.Entry("kernel", Kernel.class.getName(), "")));
        assertEquals("top kernel: org.firmerware.kernel.Kernel does not implement org.firmerware.kernel.Top",
            e.getMessage());
    }
}
