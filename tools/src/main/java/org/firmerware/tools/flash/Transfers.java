package org.firmerware.tools.flash;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Consumer;
import org.firmerware.tools.UserError;
import org.firmerware.tools.console.ConsoleCommand;
import org.firmerware.tools.console.RawLink;
import picocli.CommandLine.Option;

/**
 * What {@code fw flash} and {@code fw dump} share: the options, finding the phone, and transfers with whole-transfer
 * retries (a transfer that broke off after it started is run again from the start, up to {@code --retries} times; a
 * refusal by the phone is final).
 */
abstract class Transfers {

    /** Exit codes. */
    static final int EXIT_OK = 0, EXIT_VERIFY = 1, EXIT_NO_ANSWER = 3, EXIT_REFUSED = 4;
    /** How long Ctrl-C waits for the transfer to be ended cleanly. */
    static final long HOOK_WAIT_MS = 2000;
    /** Ctrl-C, as a shell reports a command ended by SIGINT. */
    static final int EXIT_INTERRUPTED = 130;

    @Option(names = "--if", required = true, paramLabel = "IF", description = "the Ethernet interface the phone is on")
    String interfaceName;

    @Option(names = "--mac", paramLabel = "MAC",
        description = "the phone's MAC address (default: find it with a TEST to the broadcast address on SAP 0x44)")
    String mac;

    @Option(names = "--blksize", paramLabel = "N", defaultValue = "" + TftpClient.BLOCK_SIZE,
        description = "TFTP block size to ask for, 8 to 65464 (default: ${DEFAULT-VALUE}, what one frame carries)")
    int blockSize;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
        description = "run a transfer that broke off again, up to N times (default: ${DEFAULT-VALUE})")
    int retries;

    /** Where messages and the progress bar go. */
    PrintStream err = System.err;
    /** Whether standard error is a terminal (the bar is redrawn in place). */
    boolean terminal = System.console() != null;

    byte[] phoneMac() {
        if (mac == null) {
            return null;
        }
        byte[] m = ConsoleCommand.parseMac(mac);
        if (m == null) {
            throw new UserError("--mac: '" + mac + "' is not a MAC address such as 02:00:00:00:00:01");
        }
        return m;
    }

    void checkOptions() {
        if (blockSize < 8 || blockSize > 65464) {
            throw new UserError("--blksize must be 8 to 65464 (RFC 2348), not " + blockSize);
        }
        if (retries < 0) {
            throw new UserError("--retries must not be negative");
        }
    }

    /** The result of {@link #transfer}: the finished client, and the exit code when it failed. */
    record Done(TftpClient client, int exitCode) {
        boolean ok() {
            return exitCode == EXIT_OK;
        }
    }

    /**
     * Runs one transfer, again from the start when it broke off after it started, up to {@code --retries} times.
     *
     * @param what for messages: "writing firmware"
     */
    Done transfer(RealtimeTftp rt, RawLink link, byte[] phone, String what, Consumer<TftpClient> start,
        Progress progress) throws IOException, InterruptedException {
        byte[] known = phone;
        for (int attempt = 0; ; attempt++) {
            TftpClient client = new TftpClient(rt::send, link.mac(), known, progress, rt.nowMs());
            client.setBlockSize(blockSize);
            progress.follow(client);
            rt.run(client, start);
            progress.end();
            switch (client.outcome()) {
                case OK:
                    return new Done(client, EXIT_OK);
                case CANCELLED:
                    err.println("fw: " + what + ": interrupted; the phone was told to end the transfer"
                        + (client.isWrite() ? " (a firmware slot written only in part stays invalid)" : ""));
                    return new Done(client, EXIT_INTERRUPTED);
                case REFUSED:
                    err.println("fw: the phone refused " + what + ": " + client.message() + " (TFTP error "
                        + client.errorCode() + ")");
                    return new Done(client, EXIT_REFUSED);
                default:
                    boolean started = client.blockSize() > 0;
                    if (!started || attempt >= retries) {
                        err.println("fw: " + what + ": " + client.message());
                        return new Done(client, EXIT_NO_ANSWER);
                    }
                    err.println("fw: " + what + " broke off (" + client.message() + "); starting again, attempt "
                        + (attempt + 2) + " of " + (retries + 1));
                    known = client.phoneMac();
            }
        }
    }
}
