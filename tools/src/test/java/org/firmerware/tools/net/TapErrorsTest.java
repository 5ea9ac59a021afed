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
    void labTestsSkipWithoutWhatTheyNeedButFailOnCi() {
        NetnsLab.skipOrFail(null, true);
        assertThrows(org.opentest4j.TestAbortedException.class, () -> NetnsLab.skipOrFail("not root", false));
        org.opentest4j.AssertionFailedError e = assertThrows(org.opentest4j.AssertionFailedError.class,
            () -> NetnsLab.skipOrFail("not root", true));
        assertEquals("CI=true, but the network-namespace tests cannot run here: not root", e.getMessage());
    }

    @Test
    void theBeaconSendsOneLlcFramePerSecondAndAllocatesNothingPerBeacon() {
        try (Simulation sim = Simulation.of("sim")) {
            var phone = sim.addPhone("llcbeacon");
            // The first beacon may load classes on the firmware thread (the JVM allocates for that); after it, the
            // steady state must allocate nothing.
            sim.runMs(1_500);
            long warm = phone.missionAllocatedBytes();
            sim.runMs(2_000);
            List<TraceEvent> tx = sim.events("net", "tx");
            assertEquals(3, tx.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(1_000_000L * (i + 1), tx.get(i).timeUs());
                assertEquals("60 bytes 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff 802.3 length 27", tx.get(i).value());
            }
            assertEquals(warm, phone.missionAllocatedBytes(), "firmware rules: no allocation in the mission");
        }
    }
}
