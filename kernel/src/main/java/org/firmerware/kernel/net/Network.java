package org.firmerware.kernel.net;

import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.kernel.Kernel;

/**
 * The network core of one firmware: the packet pool and the Ethernet layer over the board's port, created during
 * init by a top that wants networking. Protocols attach to it (LLC, IPv6, ...) during init; a top that needs no
 * protocol of a kind does not create it, and the AOT build leaves it out.
 */
public final class Network {

    private final Kernel kernel;
    private final PacketPool pool;
    private final Ethernet ethernet;

    /**
     * Creates the pool ({@code netFrames} × {@code netFrameBytes} from the board's sizes) and the Ethernet layer, and
     * becomes the kernel's network handler. Init only.
     *
     * @throws IllegalStateException when the board has no network port
     */
    public Network(Kernel kernel) {
        NetworkPort port = kernel.board().network();
        if (port == null) {
            throw new IllegalStateException("the board has no network port");
        }
        this.kernel = kernel;
        this.pool = new PacketPool(kernel.board().sizes().netFrames(), kernel.board().sizes().netFrameBytes());
        this.ethernet = new Ethernet(port, pool, kernel.scheduler());
        kernel.setNetworkHandler(ethernet);
    }

    /** The kernel. */
    public Kernel kernel() {
        return kernel;
    }

    /** The packet pool. */
    public PacketPool pool() {
        return pool;
    }

    /** The Ethernet layer. */
    public Ethernet ethernet() {
        return ethernet;
    }
}
