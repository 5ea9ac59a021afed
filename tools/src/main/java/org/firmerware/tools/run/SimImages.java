package org.firmerware.tools.run;

import java.util.Arrays;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.hw.SimulationException;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.kernel.flash.Crc32;
import org.firmerware.kernel.flash.ImageHeader;
import org.firmerware.kernel.flash.SlotRecord;
import org.firmerware.tools.flash.ImageFile;

/**
 * Firmware images in the simulated phone's flash, seen from the simulator: what "starting an image" means on the
 * host, and how a factory puts the first image into a slot.
 *
 * <h2>Starting an image</h2>
 * A real board jumps to the image's entry point. The simulated CPU cannot run the image's bytes, so when the
 * bootloader calls {@link org.firmerware.bottom.hal.Cpu#startImage} the simulator reads the image from the flash,
 * checks it again on its own (header, board, length, payload CRC-32: a bootloader that starts an invalid image is a
 * simulation error, not a quiet success), reads the top and version its payload names ({@link ImageFile}) and powers
 * the CPU into that top, with a fresh kernel, as the image's own init would.
 */
public final class SimImages {

    /**
     * An image the bootloader started.
     *
     * @param partition the slot it was in
     * @param top the top its payload names
     * @param version the version its payload names
     * @param length its length in bytes
     */
    public record Loaded(String partition, String top, String version, int length) {
        @Override
        public String toString() {
            return partition + ": " + top + " " + version;
        }
    }

    private SimImages() {
    }

    /**
     * Reads and checks the image whose header is at {@code block}.
     *
     * @throws SimulationException when it is not a valid image for this board, or not a simulator image
     */
    public static Loaded load(Flash flash, int block, String board) {
        int bs = flash.blockSize();
        Partition slot = null;
        for (Partition p : flash.partitions()) {
            if (p.contains(block) && p.isFirmwareSlot()) {
                slot = p;
            }
        }
        if (slot == null) {
            throw new SimulationException("the bootloader started block " + block + ", which is in no firmware slot");
        }
        byte[] first = new byte[bs];
        read(flash, block, first);
        int r = ImageHeader.check(first, 0, bs, board);
        if (r != ImageHeader.OK) {
            throw invalid(slot, block, "its header is invalid (reason " + r + ")");
        }
        int length = ImageHeader.imageLength(first, 0);
        if (length > (slot.firstBlock + slot.blockCount - block) * bs) {
            throw invalid(slot, block, "it is longer than the slot");
        }
        byte[] image = new byte[(length + bs - 1) / bs * bs];
        for (int i = 0; i < image.length / bs; i++) {
            byte[] b = new byte[bs];
            read(flash, block + i, b);
            System.arraycopy(b, 0, image, i * bs, bs);
        }
        image = Arrays.copyOf(image, length);
        int crc = Crc32.of(image, ImageHeader.LENGTH, length - ImageHeader.LENGTH);
        if (crc != ImageHeader.payloadCrc(image, 0)) {
            throw invalid(slot, block, "its payload CRC-32 is " + String.format("%08x", crc) + ", its header says "
                + String.format("%08x", ImageHeader.payloadCrc(image, 0)));
        }
        ImageFile.SimFirmware sim = ImageFile.parseSimPayload(image, ImageHeader.LENGTH, length - ImageHeader.LENGTH);
        if (sim == null) {
            throw invalid(slot, block, "its payload is not a simulator firmware (make one with fw image --board sim)");
        }
        String headerTop = ImageFile.field(image, ImageHeader.TOP_OFFSET, ImageHeader.TOP_BYTES);
        if (!headerTop.equals(sim.top())) {
            throw invalid(slot, block, "its header names top " + headerTop + ", its payload " + sim.top());
        }
        return new Loaded(slot.name, sim.top(), sim.version(), length);
    }

    private static void read(Flash flash, int block, byte[] dst) {
        if (!flash.read(block, dst, 0)) {
            throw new SimulationException("the bootloader started an image while the flash was still erasing");
        }
    }

    private static SimulationException invalid(Partition slot, int block, String why) {
        return new SimulationException("the bootloader started the image at block " + block + " (" + slot.name
            + "), but " + why);
    }

    /**
     * Puts an image into a firmware slot as a factory would, before the phone first powers up (or while it is off):
     * the slot erased, the image from its second block, a valid, confirmed record with a sequence number above every
     * other slot's.
     *
     * @throws IllegalArgumentException when the partition is no firmware slot or the image does not fit
     */
    public static void install(SimPhone phone, String partition, byte[] image) {
        Flash flash = phone.flash();
        install(phone.flash().memory(), flash.blockSize(), flash.partitions(), partition, image, true);
    }

    /**
     * {@link #install(SimPhone, String, byte[])} into the contents of a flash ({@code memory}, blocks of {@code bs}
     * bytes, those {@code partitions}): the simulator's chip, or the file a board under QEMU loads; with
     * {@code confirmed} false the record is left as {@code fw flash} leaves an update, pending its trial boot.
     */
    public static void install(byte[] memory, int bs, Partition[] partitions, String partition, byte[] image,
            boolean confirmed) {
        Partition slot = null;
        int sequence = 1;
        for (Partition p : partitions) {
            if (p.name.equals(partition)) {
                slot = p;
            } else if (p.isFirmwareSlot() && SlotRecord.isValid(memory, p.firstBlock * bs)) {
                sequence = Math.max(sequence, SlotRecord.sequence(memory, p.firstBlock * bs) + 1);
            }
        }
        if (slot == null || !slot.isFirmwareSlot()) {
            throw new IllegalArgumentException("'" + partition + "' is not a firmware slot of this board");
        }
        if (image.length > (slot.blockCount - SlotRecord.IMAGE_BLOCK) * bs || image.length < ImageHeader.LENGTH) {
            throw new IllegalArgumentException("the image (" + image.length + " bytes) does not fit " + partition);
        }
        int start = slot.firstBlock * bs;
        Arrays.fill(memory, start, start + slot.blockCount * bs, (byte) 0xFF);
        System.arraycopy(image, 0, memory, start + SlotRecord.IMAGE_BLOCK * bs, image.length);
        SlotRecord.write(memory, start, sequence, image.length, ImageHeader.headerCrc(image, 0),
            ImageHeader.payloadCrc(image, 0));
        if (confirmed) {
            SlotRecord.confirm(memory, start);
        }
    }
}
