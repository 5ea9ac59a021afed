package org.firmerware.boards.sim.hw;

/**
 * Makes the simulated phones of a board: what a board profile's {@code "simulator"} names (a class with a public
 * constructor without arguments). The board {@code sim} needs none: its phones are {@link SimPhone}s.
 */
public interface PhoneFactory {

    /**
     * A phone of the board, powered off.
     *
     * @param config the phone's name, MAC address, clock origin, seed, sizes, flash partitions, watchdog and link
     * @param image the firmware it runs
     */
    Phone create(SimPhone.Config config, FirmwareImage image);
}
