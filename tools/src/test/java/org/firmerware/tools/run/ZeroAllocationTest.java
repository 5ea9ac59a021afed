package org.firmerware.tools.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.boards.sim.world.WavFile;
import org.firmerware.bottom.hal.Buttons;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dynamic proof of the firmware-Java rules: each top runs for a long virtual time after init, with every input the
 * phone has (hook, keys, microphone, frames, the link), and its firmware thread must have allocated zero bytes
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, measured by the simulated phone at every
 * sleep).
 *
 * <p>Maven runs this class in a JVM of its own, interpreted ({@code -Xint}, see tools/pom.xml): the interpreter
 * performs every allocation of the firmware's bytecode and no other, while a JIT compiler may optimise one away
 * (hiding it) or allocate a few bytes of its own on the thread when it installs or deoptimises code (at moments that
 * depend on the machine's load). Before the mission, the simulation initialises every reachable class and interns
 * every string constant, as the AOT build does at build time ({@link Simulation}).
 *
 * <p>On the board {@code bt200} the firmware thread also runs the register-level models of the chips (every register
 * access), which allocate nothing after power-up either; so zero bytes there proves the BT200's drivers and the
 * models alike. The register-level simulation is slower (the keys are polled 20 times a second, and the interpreter
 * runs every model), so it runs ten virtual minutes of each top (echo: three).
 */
@Tag("zero-allocation")
class ZeroAllocationTest {

    private static final long MINUTE_US = 60_000_000L;

    static Stream<Arguments> pairs() {
        Stream.Builder<Arguments> out = Stream.builder();
        for (String board : List.of("sim", "bt200")) {
            for (String top : List.of("switch2led", "timer2led", "keys2display", "echo", "netconsole")) {
                out.add(Arguments.of(board, top));
            }
        }
        out.add(Arguments.of("sim", "bootloader"));
        return out.build();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("pairs")
    void theFirmwareThreadAllocatesNothingAfterInit(String board, String top) {
        // Sound runs one wake-up per 8 ms block, the bootloader without firmware flashes its light ten times a second,
        // the BT200 polls its keys: shorter runs of those are plenty and keep the suite fast.
        boolean busy = top.equals("echo") || top.equals("bootloader");
        long minutes = board.equals("sim") ? (busy ? 10 : 60) : (busy ? 3 : 10);
        try (Simulation sim = Simulation.of(board)) {
            Phone phone = sim.addPhone(top);
            // A collection between the preparation and the mission must not matter (interned constants are kept).
            System.gc();
            short[] tone = new short[16000];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (6000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
            }
            byte[] broadcast = new byte[60];
            java.util.Arrays.fill(broadcast, 0, 6, (byte) 0xFF);
            broadcast[6] = 2;
            broadcast[11] = 0x77;
            broadcast[12] = 0x00;
            broadcast[13] = 0x03; // 802.3, 3 bytes of LLC
            broadcast[14] = 0x14;
            broadcast[15] = 0x14;
            broadcast[16] = 0x03;
            for (long m = 0; m < minutes; m++) {
                long t = m * MINUTE_US;
                sim.world().at(t + 1_000_000, () -> phone.hook().set(true));
                for (int k = 0; k < 12; k++) {
                    int code = "0123456789*#".charAt(k);
                    sim.world().at(t + 2_000_000 + k * 300_000L, () -> phone.keys().press(Buttons.DTMF, code));
                    sim.world().at(t + 2_100_000 + k * 300_000L, () -> phone.keys().release());
                }
                for (int code : List.of(Buttons.KEY_UP, Buttons.KEY_DOWN, Buttons.KEY_HOLD, Buttons.KEY_MENU)) {
                    sim.world().at(t + 7_000_000, () -> phone.keys().press(Buttons.FIXED_FUNCTION, code));
                    sim.world().at(t + 7_200_000, () -> phone.keys().release());
                }
                sim.world().feedMicrophone(phone, t + 8_000_000, new WavFile(8000, tone));
                sim.world().at(t + 12_000_000, () -> sim.world().lan().send((f, u) -> { }, broadcast));
                sim.world().at(t + 13_000_000, () -> phone.network().setLink(false));
                sim.world().at(t + 14_000_000, () -> phone.network().setLink(true));
                sim.world().at(t + 30_000_000, () -> phone.hook().set(false));
            }
            sim.runMs(minutes * 60_000);
            assertTrue(phone.sleepCount() > 10 * minutes, "the phone really ran: " + phone.sleepCount() + " sleeps");
            assertEquals(0, phone.missionAllocatedBytes(),
                board + "/" + top + ": bytes allocated by the firmware thread after init, over " + minutes
                    + " virtual minutes");
            assertEquals(List.of(), phone.hardwareErrors(), board + "/" + top + ": hardware model errors");
        }
    }
}
