package org.firmerware.kernel.net;

/** Told when the Ethernet link comes up or goes down. Runs in the main loop. */
public interface LinkListener {

    /** @param online whether the link is now up */
    void onLinkChanged(boolean online);
}
