package org.firmerware.kernel.net.tftp;

import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.llc.Llc;

/**
 * Publishes the flash partitions the board marks {@link Partition#PUBLISHED} read-only over TFTP on LLC type 1 (SAP
 * {@value Llc#TFTP_SAP}), so that {@code fw dump} can read them from a running phone: the reverse-engineering use,
 * and a way to check what is installed. Any top with a network includes it with one line during init:
 *
 * <pre>
 *   new FlashPublisher(network, llc);
 * </pre>
 *
 * It costs a few kilobytes of RAM (the server's frame buffers and a flash block) and nothing while nobody reads. On a
 * board without flash, or without published partitions, it serves nothing. Writes are refused: they belong to the
 * bootloader.
 */
public final class FlashPublisher {

    private final TftpServer server;
    private final FlashFiles files;

    /** Registers the TFTP SAP on {@code llc} when the board has flash with published partitions. Init only. */
    public FlashPublisher(Network network, Llc llc) {
        Kernel k = network.kernel();
        Flash flash = k.board().flash();
        boolean any = false;
        if (flash != null) {
            for (Partition p : flash.partitions()) {
                any |= p.has(Partition.PUBLISHED);
            }
        }
        if (!any) {
            files = null;
            server = null;
            return;
        }
        files = new FlashFiles(flash, Partition.PUBLISHED);
        server = new TftpServer(llc, files, k.log(), k.scheduler(), k.timers());
        k.log().begin().text("tftp: flash published read-only on LLC SAP 44").end();
    }

    /** The server, or null when there is nothing to publish. */
    public TftpServer server() {
        return server;
    }
}
