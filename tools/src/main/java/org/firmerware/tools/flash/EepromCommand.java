package org.firmerware.tools.flash;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.firmerware.tools.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fw eeprom}: splits a BT200 boot image into one file per I2C EEPROM of its boot stack. */
@Command(name = "eeprom", sortOptions = false,
    description = {"Split a BT200 boot image (image.bin of 'fw build --board bt200': hex55's boot table for the "
        + "C5501's ROM bootloader) for the I2C EEPROM stack the phone boots from through header J402: up to 8 chips "
        + "of 64 KiB (24LC512 class). Chip k holds image bytes k*64 KiB up to (k+1)*64 KiB, unchanged and in order; "
        + "its address pins A2..A0 carry the Gray code of k, so its I2C address is 0x50 + gray(k) (0x50, 0x51, 0x53, "
        + "0x52, 0x56, 0x57, 0x55, 0x54). Writes eeprom-<k>-0x<address>.bin per chip to the out directory (the last "
        + "one as long as the rest of the image) and prints which file goes to which chip. Program each file from "
        + "the chip's address 0.",
        "Exit status: 0 written; 2 on an error (no such file, an empty image, an image over 512 KiB)."},
    footer = {"", "Example: fw eeprom build/bt200-switch2led/image.bin --out build/bt200-switch2led/eeprom"})
public final class EepromCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "the boot image (image.bin)")
    Path image;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where to write the chips' files")
    Path out;

    @Override
    public Integer call() throws IOException {
        split(image, out, System.out);
        return 0;
    }

    /**
     * Splits {@code image} into {@code dir}, one file per chip, and prints the table.
     *
     * @return the chips written
     * @throws UserError when the image is missing, empty or too large
     */
    public static List<EepromStack.Chip> split(Path image, Path dir, PrintStream out) throws IOException {
        if (!Files.exists(image)) {
            throw new UserError(image + ": no such file (give the boot image, image.bin of fw build --board bt200)");
        }
        if (!Files.isRegularFile(image)) {
            throw new UserError(image + " is not a file (give the boot image, image.bin of fw build --board bt200)");
        }
        long size = Files.size(image);
        if (size == 0) {
            throw new UserError(image + " is empty (0 bytes): there is no boot image to split");
        }
        if (size > EepromStack.MAX_BYTES) {
            throw new UserError(image + " is " + size + " bytes; the BT200's I2C EEPROM stack holds at most "
                + EepromStack.MAX_BYTES + " bytes (" + EepromStack.MAX_CHIPS + " chips of " + EepromStack.CHIP_BYTES
                + "), " + (size - EepromStack.MAX_BYTES) + " bytes too many");
        }
        byte[] bytes = Files.readAllBytes(image);
        List<EepromStack.Chip> chips = EepromStack.layout(bytes.length);
        Files.createDirectories(dir);
        Set<String> names = new HashSet<>();
        for (EepromStack.Chip c : chips) {
            Files.write(dir.resolve(c.fileName()),
                Arrays.copyOfRange(bytes, c.offset(), c.offset() + c.length()));
            names.add(c.fileName());
        }
        // Files of an earlier, longer image would look like chips of this one.
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "eeprom-[0-7]-0x5[0-7].bin")) {
            for (Path p : old) {
                if (!names.contains(p.getFileName().toString())) {
                    Files.delete(p);
                    out.println("fw eeprom: removed " + p + " (a chip of an earlier image)");
                }
            }
        }
        out.printf("fw eeprom: %s, %d bytes, on %d I2C EEPROM%s of 64 KiB (24LC512 class):%n", image, size,
            chips.size(), chips.size() == 1 ? "" : "s");
        out.printf("  %-5s %-12s %-9s %-27s %s%n", "chip", "I2C address", "A2 A1 A0", "image bytes", "file");
        for (EepromStack.Chip c : chips) {
            int p = c.pins();
            out.printf("  %-5d 0x%02X         %d  %d  %d   0x%05X..0x%05X (%5d)   %s%n", c.index(), c.address(),
                p >> 2 & 1, p >> 1 & 1, p & 1, c.offset(), c.offset() + c.length() - 1, c.length(),
                dir.resolve(c.fileName()));
        }
        out.println("  Program each file into its chip from address 0; boot with BOOTM[2:0] = 110 (J402: pin 5 high,"
            + " pin 4 low).");
        if (chips.size() > 1) {
            out.println("  Note: that the C5501's ROM bootloader reads on past the first chip (0x50) is not yet"
                + " confirmed on a phone (bt200-hardware.md 3.9).");
        }
        return chips;
    }
}
