package org.firmerware.tools.flash;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.firmerware.kernel.flash.Crc32;
import org.firmerware.kernel.flash.ImageHeader;
import org.firmerware.kernel.net.Bytes;

/**
 * Firmware image files on the host: wrapping a payload into the image format ({@link ImageHeader}), checking a file,
 * and the payload that stands for a firmware on the simulator.
 *
 * <h2>The simulator's payload</h2>
 * The simulated phone cannot jump into machine code, so a sim image's payload names the top it runs, as text lines,
 * followed by filler that gives the image a realistic size:
 * <pre>
 *   firmerware-sim-image 1
 *   top netconsole
 *   version 2.0.0
 *   (an empty line, then filler bytes)
 * </pre>
 * When the bootloader starts such an image the simulator checks it again and powers the CPU into that top.
 */
public final class ImageFile {

    /** The first line of a simulator payload. */
    public static final String SIM_MAGIC = "firmerware-sim-image 1\n";

    private ImageFile() {
    }

    /** An image: the header for board, top and version, then the payload. */
    public static byte[] wrap(String board, String top, String version, byte[] payload) {
        checkField("board", board, ImageHeader.BOARD_BYTES);
        checkField("top", top, ImageHeader.TOP_BYTES);
        checkField("version", version, ImageHeader.VERSION_BYTES);
        byte[] image = new byte[ImageHeader.LENGTH + payload.length];
        Bytes.put32(image, ImageHeader.MAGIC_OFFSET, ImageHeader.MAGIC);
        Bytes.put16(image, ImageHeader.FORMAT_OFFSET, ImageHeader.FORMAT);
        Bytes.put16(image, ImageHeader.LENGTH_OFFSET, ImageHeader.LENGTH);
        put(image, ImageHeader.BOARD_OFFSET, board);
        put(image, ImageHeader.TOP_OFFSET, top);
        put(image, ImageHeader.VERSION_OFFSET, version);
        Bytes.put32(image, ImageHeader.PAYLOAD_LENGTH_OFFSET, payload.length);
        Bytes.put32(image, ImageHeader.PAYLOAD_CRC_OFFSET, Crc32.of(payload, 0, payload.length));
        Bytes.put32(image, ImageHeader.HEADER_CRC_OFFSET, Crc32.of(image, 0, ImageHeader.HEADER_CRC_OFFSET));
        System.arraycopy(payload, 0, image, ImageHeader.LENGTH, payload.length);
        return image;
    }

    private static void checkField(String what, String value, int max) {
        if (value.isEmpty() || value.length() > max || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("the " + what + " must be 1 to " + max
                + " printable ASCII characters without spaces, not '" + value + "'");
        }
    }

    private static void put(byte[] image, int off, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, image, off, b.length);
    }

    /**
     * The payload of a simulator image for a top and version, filled up to {@code size} bytes (at least the
     * description) with pseudo-random bytes from a seed made of both, so the same arguments give the same image.
     */
    public static byte[] simPayload(String top, String version, int size) {
        byte[] text = (SIM_MAGIC + "top " + top + "\nversion " + version + "\n\n").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[Math.max(size, text.length)];
        System.arraycopy(text, 0, payload, 0, text.length);
        Random r = new Random((top + "/" + version).hashCode());
        for (int i = text.length; i < payload.length; i++) {
            payload[i] = (byte) r.nextInt(256);
        }
        return payload;
    }

    /** A simulator image for a top and version with a payload of {@code size} bytes. */
    public static byte[] simImage(String top, String version, int size) {
        return wrap("sim", top, version, simPayload(top, version, size));
    }

    /** What the simulator payload of an image names: the top and the version. */
    public record SimFirmware(String top, String version) {
    }

    /** The top and version a simulator payload names, or null when the payload is not one. */
    public static SimFirmware parseSimPayload(byte[] image, int payloadOff, int payloadLen) {
        int end = Math.min(image.length, payloadOff + Math.min(payloadLen, 256));
        String text = new String(image, payloadOff, Math.max(0, end - payloadOff), StandardCharsets.ISO_8859_1);
        if (!text.startsWith(SIM_MAGIC)) {
            return null;
        }
        String top = null;
        String version = null;
        for (String line : text.substring(SIM_MAGIC.length()).split("\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith("top ")) {
                top = line.substring(4);
            } else if (line.startsWith("version ")) {
                version = line.substring(8);
            }
        }
        return top == null || version == null ? null : new SimFirmware(top, version);
    }

    /** A header text field as a String. */
    public static String field(byte[] image, int off, int bytes) {
        int n = ImageHeader.textLength(image, off, bytes);
        return new String(image, off, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Checks a whole image file as the bootloader will: header, board (null: any), length and payload CRC.
     *
     * @return null when it is valid, else the reason as the bootloader words it
     */
    public static String problem(byte[] image, String board) {
        int r = ImageHeader.check(image, 0, image.length, board);
        int have = image.length;
        if (r == ImageHeader.OK) {
            int length = ImageHeader.imageLength(image, 0);
            if (image.length < length) {
                r = ImageHeader.TRUNCATED;
            } else if (image.length > length) {
                r = ImageHeader.TOO_LONG;
            } else {
                have = Crc32.of(image, ImageHeader.LENGTH, length - ImageHeader.LENGTH);
                if (have != ImageHeader.payloadCrc(image, 0)) {
                    r = ImageHeader.BAD_PAYLOAD_CRC;
                }
            }
        }
        if (r == ImageHeader.OK) {
            return null;
        }
        byte[] text = new byte[200];
        int n = ImageHeader.reason(r, image, 0, board == null ? "?" : board, have, text, 0, text.length);
        return new String(text, 0, n, StandardCharsets.US_ASCII);
    }

    /** The top a valid image names. */
    public static String top(byte[] image) {
        return field(image, ImageHeader.TOP_OFFSET, ImageHeader.TOP_BYTES);
    }

    /**
     * Why a top cannot be a firmware image, or null when it can: the bootloader is not started from a slot (it is the
     * reset entry and writes its own partition only as a binary).
     */
    public static String notAFirmware(String top) {
        return "bootloader".equals(top) ? "the bootloader is not a firmware for a slot: the phone would start it from "
            + "the slot, and it would start the same slot again until its trial fails; build it with fw build and "
            + "write its binary with fw flash bootloader FILE after 'unlock bootloader' on the console" : null;
    }

    /** One line about a valid image: board, top, version, sizes and CRC. */
    public static String describe(byte[] image) {
        return "board " + field(image, ImageHeader.BOARD_OFFSET, ImageHeader.BOARD_BYTES)
            + ", top " + field(image, ImageHeader.TOP_OFFSET, ImageHeader.TOP_BYTES)
            + ", version " + field(image, ImageHeader.VERSION_OFFSET, ImageHeader.VERSION_BYTES)
            + ", " + image.length + " bytes (payload " + ImageHeader.payloadLength(image, 0) + ", CRC-32 "
            + String.format("%08x", ImageHeader.payloadCrc(image, 0)) + ")";
    }
}
