package org.firmerware.boards.bt200.sim;

import org.firmerware.boards.sim.hw.FirmwareImage;
import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.boards.sim.hw.PhoneFactory;
import org.firmerware.boards.sim.hw.SimPhone;

/** The simulator of the board {@code bt200}, as its profile names it: makes {@link Bt200Phone}s. */
public final class Bt200Simulator implements PhoneFactory {

    @Override
    public Phone create(SimPhone.Config config, FirmwareImage image) {
        return new Bt200Phone(config, image);
    }
}
