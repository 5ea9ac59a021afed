package org.firmerware.tools.flash;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.firmerware.tools.UserError;
import org.firmerware.tools.UserFiles;
import org.firmerware.tools.console.RawSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fw dump}: reads a partition of a phone into a file. */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Read PARTITION of a phone into FILE over TFTP on IEEE 802.2 LLC type 1 (SAP 0x44): from the "
        + "bootloader (every partition), or from a running firmware that publishes its flash (the partitions its "
        + "board marks published).",
        "'firmware' is the active slot's image; 'firmware-a' and 'firmware-b' the image in that slot; 'flash' the "
            + "whole flash, raw. FILE '-' is standard output (not a terminal).",
        "Needs Linux and root or CAP_NET_RAW (an AF_PACKET socket)."},
    footer = {"", "Exit status: 0 done; 1 --verify found the two reads different; 2 bad options, no such interface, "
        + "no permission; 3 no answer; 4 the phone refused (the reason is printed); 130 interrupted (Ctrl-C: the "
        + "phone is told to end the transfer).",
        "", "Example:", "  sudo fw dump --if eth0 --mac 02:00:00:00:00:01 flash flash.bin"})
public final class DumpCommand extends Transfers implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PARTITION", description = "what to read")
    String partition;

    @Parameters(index = "1", paramLabel = "FILE", description = "where to write it ('-': standard output)")
    String file;

    @Option(names = "--verify", description = "read the partition twice and compare")
    boolean verify;

    /** Whether standard output is a terminal (then '-' is refused). */
    boolean stdoutIsTerminal = System.console() != null;

    @Override
    public Integer call() throws IOException, InterruptedException {
        checkOptions();
        byte[] phone = phoneMac();
        Path out = file.equals("-") ? null : Path.of(file);
        if (out != null) {
            UserFiles.checkWritable(out, "the dump");
        } else if (stdoutIsTerminal) {
            throw new UserError("standard output is a terminal, and " + partition + " is binary: give a file, or "
                + "redirect it ('fw dump ... " + partition + " - > " + partition + ".bin', or '| xxd | less')");
        }
        try (RawSocket socket = RawSocket.open(interfaceName); RealtimeTftp rt = new RealtimeTftp(socket)) {
            Thread hook = new Thread(() -> rt.interruptAndWait(HOOK_WAIT_MS));
            Runtime.getRuntime().addShutdownHook(hook);
            long start = System.nanoTime();
            Done d = transfer(rt, socket, phone, "reading " + partition, c -> c.startRead(partition, rt.nowMs()),
                new Progress(err, "fw dump", terminal));
            if (!d.ok()) {
                return d.exitCode();
            }
            byte[] data = d.client().data();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (verify) {
                Done again = transfer(rt, socket, d.client().phoneMac(), "reading " + partition + " again",
                    c -> c.startRead(partition, rt.nowMs()), new Progress(err, "fw dump: again", terminal));
                if (!again.ok()) {
                    return again.exitCode();
                }
                if (!Arrays.equals(data, again.client().data())) {
                    err.println("fw dump: the two reads of " + partition + " differ");
                    return EXIT_VERIFY;
                }
            }
            if (file.equals("-")) {
                System.out.write(data);
                System.out.flush();
            } else {
                UserFiles.write(out, data, "the dump");
            }
            err.printf("fw dump: read %d bytes of %s from %s in %.1f s (%.1f KiB/s, block size %d, %d "
                + "retransmissions)%s%n", data.length, partition, TftpClient.mac(d.client().phoneMac()), seconds,
                data.length / 1024.0 / seconds, d.client().blockSize(), d.client().retransmissions(),
                verify ? "; read twice, the same" : "");
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // Ctrl-C came in the meantime.
            }
            return EXIT_OK;
        }
    }
}
