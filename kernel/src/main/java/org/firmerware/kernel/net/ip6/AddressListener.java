package org.firmerware.kernel.net.ip6;

/** Told when an address of the interface changes state (see {@link InterfaceAddresses}). Runs in the main loop. */
public interface AddressListener {

    /**
     * @param index the address's slot in {@link InterfaceAddresses}
     * @param state its new state: {@code TENTATIVE}, {@code PREFERRED}, {@code DEPRECATED}, {@code DUPLICATE} or
     *     {@code FREE} (expired or removed)
     */
    void onAddressChanged(int index, int state);
}
