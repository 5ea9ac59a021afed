package org.firmerware.tools.flash;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.firmerware.tools.UserError;
import org.firmerware.tools.UserFiles;
import org.firmerware.tools.aot.Build;
import org.firmerware.tools.aot.BuildCommand;
import org.firmerware.tools.aot.CToolchain;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fw image}: wraps a firmware payload into the image format the bootloader takes, or shows an image. */
@Command(name = "image", sortOptions = false,
    description = {"Wrap a firmware payload into a Firmerware image (a 128-byte header: magic, board, top, version, "
        + "payload length and CRC-32, header CRC-32), which 'fw flash --if IF firmware FILE' writes and the bootloader "
        + "checks. For a simulator (the board sim, or --simulated) the payload names the top and version to run (see "
        + "docs/bootloader.md); --size pads it to a realistic size.",
        "With --show, check an image file and describe it."},
    footer = {"", "Examples:", "  fw image --board sim --top netconsole --version 2.0.0 --size 300000 -o nc.img",
        "  fw image --board mps2-an385 --top netconsole --version 2.0.0 -o nc.img    (builds it first)",
        "  fw image --board bt200 --top phone --version 1.0 --payload phone.bin -o phone.img",
        "  fw image --board bt200 --top netconsole --version 1.0 --simulated -o nc.img    (for fw run --board bt200)",
        "  fw image --show nc.img"})
public final class ImageCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--board", defaultValue = "sim", description = "the board (default: ${DEFAULT-VALUE})")
    String board;

    @Option(names = "--top", description = "the top the image holds")
    String top;

    @Option(names = "--version", paramLabel = "V", description = "its version, such as 1.2.0 (at most 16 characters)")
    String version;

    @Option(names = "--payload", paramLabel = "FILE", description = "the payload: the compiled firmware (by default, "
        + "on the sim a description of the top; on a board whose profile names an objcopy, such as mps2-an385, the "
        + "top is built as fw build does and its raw binary taken)")
    Path payload;

    @Option(names = "--simulated", description = "a payload for the board's simulator: a description of the top, "
        + "which the simulator boots when the bootloader starts the image (the default on the sim; on bt200 for "
        + "fw run --board bt200 --image)")
    boolean simulated;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "65536",
        description = "simulated payloads only: the payload's size, filled with pseudo-random bytes (default: "
            + "${DEFAULT-VALUE})")
    int size;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "the image file to write")
    Path output;

    @Option(names = "--show", paramLabel = "FILE", description = "check and describe an image instead")
    Path show;

    @Option(names = "--build-dir", paramLabel = "DIR",
        description = "where the top is built when no --payload is given (default: build/<board>-<top>)")
    Path buildDir;

    @Override
    public Integer call() throws IOException {
        if (show != null) {
            byte[] image = UserFiles.read(show, "the image");
            String problem = ImageFile.problem(image, null);
            if (problem != null) {
                System.out.println(show + ": " + problem);
                return 1;
            }
            System.out.println(show + ": " + ImageFile.describe(image));
            return 0;
        }
        if (top == null || version == null || output == null) {
            throw new UserError("give --top, --version and -o FILE (or --show FILE)");
        }
        if (ImageFile.notAFirmware(top) != null) {
            throw new UserError("--top " + top + ": " + ImageFile.notAFirmware(top));
        }
        UserFiles.checkWritable(output, "the image");
        BoardProfile profile = BoardProfile.named(board);
        boolean sim = profile.boardClass().equals("org.firmerware.boards.sim.SimBoard");
        byte[] body;
        if (simulated && payload != null) {
            throw new UserError("give --payload FILE or --simulated, not both");
        }
        if (simulated && !org.firmerware.tools.run.Simulation.supports(profile)) {
            throw new UserError("--simulated: board " + board + " has no simulator on this host");
        }
        if (payload != null) {
            body = UserFiles.read(payload, "the payload");
        } else if (sim || simulated) {
            Tops.named(top);
            if (size < 0) {
                throw new UserError("--size must not be negative");
            }
            body = ImageFile.simPayload(top, version, size);
        } else if (CToolchain.of(profile).objcopy() != null) {
            body = build(profile);
        } else {
            throw new UserError("board " + board + " needs --payload FILE (the compiled firmware)"
                + (org.firmerware.tools.run.Simulation.supports(profile) ? ", or --simulated for its simulator" : ""));
        }
        byte[] image;
        try {
            image = ImageFile.wrap(board, top, version, body);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        UserFiles.write(output, image, "the image");
        System.out.println(output + ": " + ImageFile.describe(image));
        return 0;
    }

    /** Without --payload on a board that compiles to a binary: builds the top as fw build does, and takes that. */
    private byte[] build(BoardProfile profile) {
        Tops.Entry entry = Tops.named(top);
        Path dir = buildDir != null ? buildDir : Path.of("build", board + "-" + top);
        System.err.println("fw image: no --payload: building " + top + " for " + board + " in " + dir);
        if (BuildCommand.run(Build.top(profile, entry, true), dir, true, System.err) != 0) {
            throw new UserError("the build of " + top + " for " + board + " failed (above); no image written");
        }
        return UserFiles.read(dir.resolve(BuildCommand.BINARY), "the built binary");
    }
}
