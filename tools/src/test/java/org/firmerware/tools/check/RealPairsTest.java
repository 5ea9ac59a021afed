package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.firmerware.tools.check.ClosedWorld.Phase;
import org.firmerware.tools.profile.Tops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RealPairsTest {

    static Stream<Tops.Entry> tops() {
        return Tops.all().values().stream();
    }

    @ParameterizedTest
    @MethodSource("tops")
    void everyPortingTestPassesOnTheSimulatedBoard(Tops.Entry top) {
        ClosedWorld world = ClosedWorld.build(Planted.SIM, top);
        List<Violation> violations = Checker.check(world);
        assertEquals(List.of(), violations, Planted.text(violations));
        assertTrue(world.inMission(ClosedWorld.KERNEL_RUN));
        assertTrue(world.roots(Phase.MISSION).stream().anyMatch(r -> r.why().equals("an upcall")));
    }

    @ParameterizedTest
    @MethodSource("tops")
    void everyPortingTestPassesOnTheBt200WithItsInterruptHandlersAsMissionRoots(Tops.Entry top) {
        ClosedWorld world = ClosedWorld.build(CheckTarget.of(org.firmerware.tools.profile.BoardProfile.named("bt200")),
            top);
        List<Violation> violations = Checker.check(world);
        assertEquals(List.of(), violations, Planted.text(violations));
        List<String> handlers = world.roots(Phase.MISSION).stream()
            .filter(r -> r.why().equals("an interrupt handler"))
            .map(r -> r.method().owner().substring(r.method().owner().lastIndexOf('/') + 1) + "." + r.method().name())
            .sorted().toList();
        assertEquals(List.of("ExternalInterrupt0.onInt0", "McbspDmaStream.onPlayBlock", "TimerClock.onTimer0"),
            handlers);
        assertTrue(world.target().isHardware("org/firmerware/bottom/machine/Registers"),
            "the machine intrinsics are the hardware boundary");
        assertTrue(world.target().isHardware("org/firmerware/boards/bt200/sim/Bt200Phone"),
            "the simulator's models are hardware");
    }

    @Test
    void theFourPortingTestsAndNoPlantedTopAreChecked() {
        // The planted violators are handed to the checker directly, never registered, so "fw check --all" (which
        // mvn verify runs) cannot see them; other test-only tops (the budget's hog) are registered and clean.
        assertTrue(Tops.all().keySet().containsAll(List.of("echo", "keys2display", "switch2led", "timer2led")));
        assertTrue(Tops.all().values().stream().noneMatch(t -> t.className().contains(".check.")),
            Tops.all().toString());
    }
}
