package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.Board;

/**
 * The firmware a simulated phone runs: what a flash image is to a real one. The phone calls {@link #init} on its
 * firmware thread at every power-up and then runs the mission it returns, which never returns.
 */
public interface FirmwareImage {

    /**
     * Runs the init phase on the board and returns the mission (the kernel's main loop).
     *
     * @param board the board, freshly powered up
     */
    Runnable init(Board board);

    /**
     * Starts the image the bootloader chose ({@link org.firmerware.bottom.hal.Cpu#startImage}): what a jump to the
     * image at flash block {@code block} is on a real board. Runs its init phase and returns its mission.
     *
     * @throws IllegalStateException when this firmware cannot start images (it is not a bootloader chain)
     */
    default Runnable start(Board board, int block) {
        throw new IllegalStateException("this firmware is no bootloader: it cannot start the image at block "
            + block);
    }
}
