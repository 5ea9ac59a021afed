package org.firmerware.tools.check;

import java.util.List;
import org.firmerware.tools.profile.BoardProfile;

/**
 * What the check needs to know about a board: its name, its wiring class, the packages that model its hardware (a
 * boundary the check does not walk) and whether its firmware may use {@code float} and {@code double}.
 *
 * @param board the board's name, for messages
 * @param boardClass the binary name of the board's wiring class
 * @param hardwarePackages packages (with their subpackages) that model hardware
 * @param floatAllowed whether mission code may use {@code float} and {@code double}
 */
public record CheckTarget(String board, String boardClass, List<String> hardwarePackages, boolean floatAllowed) {

    public CheckTarget {
        hardwarePackages = List.copyOf(hardwarePackages);
    }

    /** The target a board profile describes. */
    public static CheckTarget of(BoardProfile profile) {
        return new CheckTarget(profile.name(), profile.boardClass(), profile.hardwarePackages(),
            profile.floatAllowed());
    }

    /** The same target with floats allowed or forbidden. */
    public CheckTarget withFloatAllowed(boolean allowed) {
        return new CheckTarget(board, boardClass, hardwarePackages, allowed);
    }

    /** Whether a class (internal name) belongs to the hardware packages. */
    boolean isHardware(String internalName) {
        String binary = internalName.replace('/', '.');
        for (String p : hardwarePackages) {
            if (binary.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }
}
