package org.firmerware.tools.flash;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.firmerware.tools.UserError;
import org.firmerware.tools.UserFiles;
import org.firmerware.tools.console.RawSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fw flash}: writes a file into a partition of a phone in bootloader mode, then reads it back. */
@Command(name = "flash", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write FILE into PARTITION of a phone in bootloader mode (handset off the hook at power-up), over "
        + "TFTP on IEEE 802.2 LLC type 1 (SAP 0x44): no IP needed. Then read it back and compare.",
        "PARTITION 'firmware' writes an image (made by 'fw image') into the slot that is not active (or over an update "
            + "that has not confirmed itself yet: the firmware known to run is kept); the phone checks it before it "
            + "becomes active, and boots it when the handset is put down. Other partitions by name: "
            + "firmware-a, firmware-b, config, media, bootloader (after 'unlock bootloader' on the console).",
        "Needs Linux and root or CAP_NET_RAW (an AF_PACKET socket)."},
    footer = {"", "Exit status: 0 written and verified; 1 the read-back differs; 2 bad options or file, no such "
        + "interface, no permission; 3 no answer; 4 the phone refused (the reason is printed); 130 interrupted "
        + "(Ctrl-C: the phone is told to end the transfer).",
        "", "Examples:", "  fw image --board sim --top netconsole --version 2.0.0 -o nc.img",
        "  sudo fw flash --if eth0 --mac 02:00:00:00:00:01 firmware nc.img"})
public final class FlashCommand extends Transfers implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PARTITION", description = "where to write: firmware, or a partition name")
    String partition;

    @Parameters(index = "1", paramLabel = "FILE", description = "what to write")
    Path file;

    @Option(names = "--force", description = "send a firmware image even when it fails the local check (to see the "
        + "phone refuse it), or an image to the bootloader partition")
    boolean force;

    @Option(names = "--no-verify", description = "do not read the partition back")
    boolean noVerify;

    @Override
    public Integer call() throws IOException, InterruptedException {
        checkOptions();
        byte[] phone = phoneMac();
        byte[] content = UserFiles.read(file, "the file");
        boolean image = partition.equals("firmware") || partition.startsWith("firmware-");
        if (partition.equals("bootloader") && !force && ImageFile.problem(content, null) == null) {
            // The likeliest slip after 'unlock bootloader', and it would leave a phone that no longer starts.
            throw new UserError(file + " is a firmware image (" + ImageFile.describe(content) + "), not a "
                + "bootloader: the bootloader partition holds the bootloader's binary as the CPU runs it, and a "
                + "firmware image goes to 'firmware' (--force writes it there anyway)");
        }
        if (image) {
            String problem = ImageFile.problem(content, null);
            if (problem != null && !force) {
                throw new UserError(file + ": " + problem + " (the phone would refuse it; --force sends it anyway)");
            }
            if (problem == null && !force && ImageFile.notAFirmware(ImageFile.top(content)) != null) {
                throw new UserError(file + ": " + ImageFile.notAFirmware(ImageFile.top(content))
                    + " (--force sends it anyway)");
            }
            if (problem == null) {
                err.println("fw flash: " + file + ": " + ImageFile.describe(content));
            }
        }
        try (RawSocket socket = RawSocket.open(interfaceName); RealtimeTftp rt = new RealtimeTftp(socket)) {
            Thread hook = new Thread(() -> rt.interruptAndWait(HOOK_WAIT_MS));
            Runtime.getRuntime().addShutdownHook(hook);
            long start = System.nanoTime();
            Progress progress = new Progress(err, "fw flash", terminal);
            Done w = transfer(rt, socket, phone, "writing " + partition, c -> c.startWrite(partition, content,
                rt.nowMs()), progress);
            if (!w.ok()) {
                return w.exitCode();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf("fw flash: wrote %d bytes to %s on %s in %.1f s (%.1f KiB/s, block size %d, %d "
                + "retransmissions)%n", content.length, partition, TftpClient.mac(w.client().phoneMac()), seconds,
                content.length / 1024.0 / seconds, w.client().blockSize(), w.client().retransmissions());
            if (noVerify) {
                return EXIT_OK;
            }
            long verifyStart = System.nanoTime();
            Done r = transfer(rt, socket, w.client().phoneMac(), "reading " + partition + " back",
                c -> c.startRead(partition, rt.nowMs()), new Progress(err, "fw flash: read-back", terminal));
            if (!r.ok()) {
                return r.exitCode();
            }
            byte[] back = r.client().data();
            int differs = firstDifference(content, back, image);
            if (differs >= 0) {
                err.println("fw flash: verification failed: what the phone holds in " + partition
                    + (differs < content.length ? " differs from " + file + " at byte " + differs
                    : back.length <= content.length || image ? " differs from " + file + " in length (" + back.length
                    + " bytes, the file has " + content.length + ")" : " is not erased after the file's end: byte "
                    + differs + " is " + String.format("0x%02x", back[differs] & 0xFF)));
                return EXIT_VERIFY;
            }
            err.printf("fw flash: read back and verified in %.1f s%s%n", (System.nanoTime() - verifyStart) / 1e9,
                image ? "" : " (the file's " + content.length + " bytes, then " + (back.length - content.length)
                + " erased)");
            if (image) {
                err.printf("fw flash: it starts when the handset goes down (or 'boot' on the console), on trial"
                    + " until it has run %d s: started %d times without that, the phone goes back to the older"
                    + " firmware%n",
                    org.firmerware.kernel.flash.TrialBoot.TRIAL_MS / 1000,
                    org.firmerware.kernel.flash.SlotRecord.MAX_STARTS);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // Ctrl-C came in the meantime.
            }
            return EXIT_OK;
        }
    }

    /**
     * Where the read-back differs from what was written: -1 when it does not. An image must come back exactly; other
     * partitions come back whole, the file at their start and the rest erased (0xFF), as the bootloader leaves them.
     */
    static int firstDifference(byte[] file, byte[] back, boolean exact) {
        int n = Math.min(file.length, back.length);
        for (int i = 0; i < n; i++) {
            if (file[i] != back[i]) {
                return i;
            }
        }
        if (back.length < file.length || exact && back.length != file.length) {
            return n;
        }
        for (int i = n; i < back.length; i++) {
            if (back[i] != (byte) 0xFF) {
                return i;
            }
        }
        return -1;
    }
}
