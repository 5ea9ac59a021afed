package org.firmerware.tools.console;

import java.util.concurrent.Callable;
import org.firmerware.tools.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fw console}: the phone's network console over LLC type 2, from a host on the same Ethernet link. */
@Command(name = "console", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Connect to a phone's network console over IEEE 802.2 LLC type 2 (SAP 0x14) on an Ethernet "
        + "interface: no IP needed. Prints the phone's log from its first retained line, then new lines as they "
        + "come; each line typed is sent as a command (help, log, net, reboot). Reconnects when the phone reboots "
        + "or the link drops; recovers lost frames. At the end of input it delivers what was typed, prints the answers "
        + "for one second more, and disconnects.",
        "Needs Linux and root or CAP_NET_RAW (an AF_PACKET socket)."},
    footer = {"", "Exit status: 0 done; 2 bad options, no such interface, no permission; 3 no phone answered; 130 "
        + "interrupted (Ctrl-C: it disconnects first).",
        "", "Examples:", "  sudo fw console --if eth0", "  echo net | sudo fw console --if eth0",
        "  sudo fw console --if tap0 --mac 02:00:00:00:00:01 --seconds 30 </dev/null"})
public final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--if", required = true, paramLabel = "IF", description = "the Ethernet interface the phone is on")
    String interfaceName;

    @Option(names = "--mac", paramLabel = "MAC",
        description = "the phone's MAC address (default: find it with a TEST to the broadcast address)")
    String mac;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "0",
        description = "disconnect and exit after S seconds; then the end of input does not end the console "
            + "(default: run until the end of input)")
    double seconds;

    @Override
    public Integer call() throws InterruptedException {
        byte[] phone = null;
        if (mac != null) {
            phone = parseMac(mac);
            if (phone == null) {
                throw new UserError("--mac: '" + mac + "' is not a MAC address such as 02:00:00:00:00:01");
            }
        }
        if (seconds < 0) {
            throw new UserError("--seconds must not be negative");
        }
        try (RawSocket socket = RawSocket.open(interfaceName)) {
            RealtimeConsole console = new RealtimeConsole(socket, phone, System.in, System.out, System.err);
            Thread hook = new Thread(() -> console.interruptAndWait(ConsoleClient.CLOSE_TIMEOUT_MS + 500));
            Runtime.getRuntime().addShutdownHook(hook);
            int status = console.run(seconds);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // Ctrl-C came in the meantime.
            }
            return status;
        }
    }

    /** Six hexadecimal bytes separated by colons or dashes, or null when it is not that. */
    public static byte[] parseMac(String text) {
        String[] parts = text.trim().split("[:-]");
        if (parts.length != 6) {
            return null;
        }
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 2) {
                return null;
            }
            try {
                mac[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return mac;
    }
}
