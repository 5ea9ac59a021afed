package org.firmerware.tools.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.tools.Fw;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Test;

/** What needs no privileges: the messages of the TAP errors, {@code --net} parsing, and the test top itself. */
class TapErrorsTest {

    @Test
    void interfaceNamesAreCheckedBeforeTheKernelSeesThem() {
        for (String bad : new String[] {"", "a/b", "has space", "sixteen-chars-xx", "eth0:1", ".."}) {
            TapException e = assertThrows(TapException.class, () -> Tap.checkName(bad), bad);
            assertTrue(e.getMessage().contains("is not an interface name"), e.getMessage());
        }
        assertThrowsNothing(() -> Tap.checkName("fifteen-chars-x"));
        assertThrowsNothing(() -> Tap.checkName("tap%d"));
    }

    private static void assertThrowsNothing(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aMissingTunDeviceSaysWhatToDo() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "Linux only");
        TapException e = assertThrows(TapException.class, () -> Tap.open("tap0", null, "/nonexistent/net/tun"));
        assertEquals(LinuxC.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("no /nonexistent/net/tun: this kernel has no TUN/TAP driver loaded"),
            e.getMessage());
    }

    @Test
    void attachErrorsNameTheCauseAndTheCure() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "Linux only");
        assertTrue(Tap.attachError("fw0", LinuxC.EPERM).getMessage()
            .startsWith("creating or attaching TAP fw0 needs root or CAP_NET_ADMIN"));
        assertEquals("interface fw0 is busy: another program has its TAP open",
            Tap.attachError("fw0", LinuxC.EBUSY).getMessage());
        assertTrue(Tap.attachError("fw0", LinuxC.EINVAL).getMessage().contains("is not a TAP"));
    }

    @Test
    void netTakesTapColonInterface() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Fw.execute("run", "--top", "timer2led", "--net", "eth0");
        } finally {
            System.setErr(old);
        }
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--net takes tap:IF"), err.toString());
    }

    @Test
    void theLabSaysWhatIsMissing() {
        String why = NetnsLab.whyUnavailable("no-such-command-for-the-lab");
        assertTrue(why != null && (why.startsWith("command 'no-such-command-for-the-lab' not found")
            || why.startsWith("not ")), why);
    }

    @Test
    void theBeaconSendsOneLlcFramePerSecondAndAllocatesNothingAfterInit() {
        try (Simulation sim = Simulation.of("sim")) {
            var phone = sim.addPhone("llcbeacon");
            sim.runMs(3_500);
            List<TraceEvent> tx = sim.events("net", "tx");
            assertEquals(3, tx.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(1_000_000L * (i + 1), tx.get(i).timeUs());
                assertEquals("60 bytes 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff 802.3 length 27", tx.get(i).value());
            }
            assertEquals(0, phone.missionAllocatedBytes(), "firmware rules: no allocation after init");
        }
    }
}
