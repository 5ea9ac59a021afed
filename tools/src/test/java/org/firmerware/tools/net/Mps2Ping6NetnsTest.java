package org.firmerware.tools.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IPv6 on the board mps2-an385 against the Linux kernel: {@code fw run --board mps2-an385 --top ping6 --net tap:tap0}
 * runs the image under qemu-system-arm with its LAN9118 on a TAP in a network namespace; once the firmware's
 * link-local address has passed DAD, the kernel pings it (ICMPv6 echo, after neighbour discovery both ways) and every
 * echo must come back. Prints the round trip. Root only; fails (not skips) when {@code CI=true}.
 */
class Mps2Ping6NetnsTest {

    private static final String PHONE_LL = "fe80::ff:fe00:1";

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("ping", "qemu-system-arm", "arm-none-eabi-gcc");
    }

    @Test
    void theKernelPingsTheFirmwaresLinkLocalAddress() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            lab.runOk("ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
            lab.runOk("ip", "link", "set", "tap0", "up");
            NetnsLab.Background board = lab.startFw("run", "--board", "mps2-an385", "--top", "ping6", "--net",
                "tap:tap0", "--seconds", "120", "--out", lab.dir().resolve("image").toString());
            board.awaitOutput("ip6: address formed " + PHONE_LL, Duration.ofSeconds(120));
            lab.awaitLinkLocal("tap0", Duration.ofSeconds(20));

            NetnsLab.Result ping = lab.run(Duration.ofSeconds(60), "ping", "-6", "-c", "20", "-i", "0.2", "-W", "2",
                PHONE_LL + "%tap0");
            assertTrue(ping.ok() && ping.stdout().contains("20 packets transmitted, 20 received"),
                ping + "\n--- the board\n" + board.stdout() + board.stderr());
            Matcher rtt = Pattern.compile("rtt min/avg/max/mdev = (\\S+) ms").matcher(ping.stdout());
            assertTrue(rtt.find(), ping.stdout());
            System.out.println("Mps2Ping6NetnsTest: ping6 on mps2-an385 under QEMU (real time), 20 echoes, "
                + "min/avg/max/mdev " + rtt.group(1) + " ms");
            board.stop();
        }
    }
}
