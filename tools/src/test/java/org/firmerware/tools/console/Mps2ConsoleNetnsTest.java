package org.firmerware.tools.console;

import static org.firmerware.tools.net.NetnsLab.fwShell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.firmerware.tools.net.NetnsLab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fw console} against {@code netconsole} on the board mps2-an385: {@code fw run --board mps2-an385 --net
 * tap:tap0} builds the image and runs it under qemu-system-arm with the board's LAN9118 on a TAP in a network
 * namespace (created beforehand: a TAP that QEMU creates drops the first frames), and {@code fw console}, a process of
 * its own on an AF_PACKET socket on that TAP, finds the board by its LLC test frame, connects over LLC type 2, receives
 * the log from its first line, and has a command answered. This runs the board's real LAN9118 driver (interrupts,
 * FIFOs, MAC and PHY registers) against QEMU's model of the chip. Root only; fails (not skips) when {@code CI=true}.
 */
class Mps2ConsoleNetnsTest {

    private static final String MAC = "02:00:00:00:00:01";

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("sh", "qemu-system-arm", "arm-none-eabi-gcc");
    }

    @Test
    void theConsoleFindsConnectsReceivesTheLogAndIsAnswered() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            lab.runOk("ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
            lab.runOk("ip", "link", "set", "tap0", "up");
            NetnsLab.Background board = lab.startFw("run", "--board", "mps2-an385", "--top", "netconsole", "--net",
                "tap:tap0", "--seconds", "120", "--out", lab.dir().resolve("image").toString());
            board.awaitOutput("netconsole: console on LLC SAP", Duration.ofSeconds(120));

            String cmd = "{ sleep 5; echo net; } | " + fwShell("console", "--if", "tap0", "--seconds", "12");
            NetnsLab.Background console = lab.start("sh", "-c", cmd);
            int status = console.awaitExit(Duration.ofSeconds(60));
            assertEquals(0, status, "fw console: " + console.stderr() + console.stdout());
            assertTrue(console.stderr().contains("found a console at " + MAC), console.stderr());
            assertTrue(console.stderr().contains("connected to " + MAC), console.stderr());
            assertTrue(console.stdout().contains("firmerware console on board mps2-an385, " + MAC),
                console.stdout());
            assertTrue(console.stdout().contains("[0.000] firmerware kernel on board mps2-an385\n"),
                "the log from its first line:\n" + console.stdout());
            assertTrue(console.stdout().contains("mac " + MAC + ", link up"), "the net command is answered:\n"
                + console.stdout());
            board.awaitOutput("console +log +console: [0-9a-f:]+ connected", Duration.ofSeconds(10));
            board.stop();
        }
    }
}
