package org.firmerware.boards.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.World;
import org.firmerware.bottom.hal.Board;
import org.firmerware.bottom.hal.Cpu;
import org.junit.jupiter.api.Test;

/** The simulated watchdog: a reset at its deadline, asleep or crashed; stopped, nothing; the simulator's own errors. */
class SimWatchdogTest {

    private static void sleepForEver(Board board) {
        for (;;) {
            board.cpu().prepareSleep();
            board.cpu().commitSleep(Cpu.HIBERNATE);
        }
    }

    private static List<String> cpu(List<TraceEvent> events) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.kind().equals("cpu") && !e.name().equals("sleep") && !e.name().equals("wake")
                || e.kind().equals("console")) {
                out.add((e.timeUs() / 1000 + " " + e.name() + " " + e.value()).strip());
            }
        }
        return out;
    }

    /**
     * At the first power-up the firmware starts the watchdog for {@code ms} and then does {@code then}; at later ones
     * it only sleeps.
     */
    private static List<String> run(int ms, boolean stopIt, boolean crash) {
        World world = new World();
        List<TraceEvent> events = new ArrayList<>();
        world.addSink(events::add);
        SimPhone[] phone = new SimPhone[1];
        phone[0] = world.addPhone(new SimPhone.Config(), board -> {
            board.attach(new SimFlashPowerCutTest.Quiet());
            return () -> {
                if (phone[0].bootCount() == 1) {
                    board.watchdog().start(ms);
                    if (stopIt) {
                        board.watchdog().stop();
                    }
                    if (crash) {
                        throw new IllegalStateException("a firmware bug");
                    }
                }
                sleepForEver(board);
            };
        });
        world.runMicros(2_000_000);
        assertFalse(phone[0].isHalted());
        return cpu(events);
    }

    @Test
    void aSleepingFirmwareIsResetAtTheDeadline() {
        assertEquals(List.of("700 watchdog reset", "700 reboot"), run(700, false, false));
    }

    @Test
    void aStoppedWatchdogResetsNothing() {
        assertEquals(List.of(), run(700, true, false));
    }

    @Test
    void aCrashWhileItCountsHaltsThePhoneUntilTheReset() {
        List<String> seen = run(300, false, true);
        assertEquals(List.of("300 watchdog reset", "300 reboot"), seen.subList(1, seen.size()));
        assertTrue(seen.get(0).startsWith("0 log panic: java.lang.IllegalStateException: a firmware bug at "
            + SimWatchdogTest.class.getName() + ".lambda$"), seen.get(0));
        assertTrue(seen.get(0).contains("(SimWatchdogTest.java:"), seen.get(0));
    }

    @Test
    void aCrashWithoutItEndsTheSimulation() {
        World world = new World();
        world.addPhone(new SimPhone.Config(), board -> {
            board.attach(new SimFlashPowerCutTest.Quiet());
            return () -> {
                throw new IllegalStateException("a firmware bug");
            };
        });
        SimulationException e = assertThrows(SimulationException.class, () -> world.runMicros(1_000_000));
        assertTrue(e.getMessage().contains("a firmware bug"), e.getMessage());
    }

    @Test
    void theSimulatorsOwnErrorsEndTheSimulationWhileItCounts() {
        World world = new World();
        world.addPhone(new SimPhone.Config(), new FirmwareImage() {
            @Override
            public Runnable init(Board board) {
                board.attach(new SimFlashPowerCutTest.Quiet());
                return () -> {
                    board.watchdog().start(500);
                    board.cpu().startImage(5);
                };
            }

            @Override
            public Runnable start(Board board, int block) {
                throw new SimulationException("the image at block " + block + " is not valid");
            }
        });
        SimulationException e = assertThrows(SimulationException.class, () -> world.runMicros(1_000_000));
        assertTrue(e.getMessage().contains("is not valid"), e.getMessage());
    }
}
