package org.firmerware.tools.run.sip;

import static org.firmerware.tools.run.sip.PeersNetnsTest.LONG;
import static org.firmerware.tools.run.sip.PeersNetnsTest.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.firmerware.tools.net.NetnsLab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SIP phone compiled to C and run on a Cortex-M3 (the board mps2-an385 under qemu-system-arm, its LAN9118 on a TAP
 * in a network namespace, in real time): its configuration programmed into the config partition of the flash QEMU
 * starts with ({@code fw run --flash-file config=FILE}), which the image reads at the start of its main loop (its init
 * ran at build time), it forms its address from radvd's prefix, registers through kamailio with digest authentication,
 * baresip calls 100, the phone rings, the script lifts the handset (answered) and puts it down (BYE). The board has no
 * sound: this is the phone top's signalling as the AOT image runs it, in 256 KiB of RAM. Root only; fails (not skips)
 * when {@code CI=true}.
 */
class Mps2PhoneNetnsTest {

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("sh", "qemu-system-arm", "arm-none-eabi-gcc", "kamailio", "baresip", "radvd");
    }

    @Test
    void theAotPhoneOnACortexM3TakesItsConfigurationFromFlashRegistersAndAnswersBaresip() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            lab.runOk("ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
            lab.runOk("ip", "link", "set", "tap0", "up");
            Path config = lab.dir().resolve("phone.conf");
            Files.write(config, PeersNetnsTest.phoneConfig("secret-100"));
            Path script = lab.dir().resolve("answer.txt");
            Files.writeString(script, String.join("\n", "# board time from QEMU's start, in real time",
                "30s offhook", "40s onhook", ""));
            NetnsLab.Background board = lab.startFw("run", "--board", "mps2-an385", "--top", "phone", "--net",
                "tap:tap0", "--flash-file", "config=" + config, "--script", script.toString(), "--seconds", "50",
                "--out", lab.dir().resolve("phone").toString());
            PeersNetnsTest.servers(lab);
            NetnsLab.Background bob = PeersNetnsTest.baresip(lab, "PCMU");

            // Init ran at build time, without the configuration; the main loop reads it from the flash at once.
            board.awaitOutput("phone: 2 lines, 0 accounts, SIP port 5060", Duration.ofSeconds(180));
            board.awaitOutput("phone: configuration from flash: 2 lines, 1 accounts, SIP port 5060", LONG);
            board.awaitOutput("phone: account 1 100@example.test", LONG);
            board.awaitOutput("sip: registered 100@example.test for 300 s", Duration.ofSeconds(25));
            PeersNetnsTest.ctl(lab, "dial", "sip:100@example.test");
            board.awaitOutput("sip: line 1 incoming call from 200", LONG);
            board.awaitOutput("sip: line 1 answered 200", Duration.ofSeconds(40));
            bob.awaitOutput("Call established: sip:100@example.test", LONG);
            board.awaitOutput("sip: > \\[" + SERVER + "\\]:5060 BYE sip:200", Duration.ofSeconds(20));
            bob.awaitOutput("terminated|session closed", LONG);
            assertEquals(0, board.awaitExit(Duration.ofSeconds(30)), "fw run: " + board.stderr());
            PeersNetnsTest.ctl(lab, "quit", "");
        }
    }
}
