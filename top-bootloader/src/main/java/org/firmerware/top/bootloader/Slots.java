package org.firmerware.top.bootloader;

import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.kernel.flash.ImageHeader;
import org.firmerware.kernel.flash.SlotRecord;

/**
 * The firmware slots (the board's {@link Partition#BOOTABLE} partitions that are not write-protected, two on every
 * board so far) and what the bootloader knows of each: valid or not (record, header and payload checked), its
 * sequence number, how often it was started without confirming itself, its image header.
 *
 * <h2>Which slot is which</h2>
 * <ul>
 *   <li><b>Bootable</b>: valid and not failed (see {@link SlotRecord}'s trial boot: pending, on trial or confirmed).
 *       </li>
 *   <li><b>Active</b>: the bootable slot with the highest sequence number; the one that boots. "Newest" means written
 *       last, not the highest version, so a deliberate downgrade works; an image that failed its trial gives way to
 *       the older one.</li>
 *   <li><b>Target</b> of a write to {@code firmware}: the active slot if it holds an update that has not confirmed
 *       itself yet while another slot holds a confirmed firmware (two updates in a row keep the firmware that is known
 *       to run); otherwise every slot but the active one, the invalid, failed or oldest first.</li>
 * </ul>
 * The state lives in the flash (see {@link SlotRecord}); this class only caches what {@link #scan} found and what a
 * write changed.
 */
final class Slots {

    final Partition[] slots;
    final boolean[] valid;
    final int[] sequence;
    final boolean[] confirmed;
    final int[] starts;
    final int[] imageLength;
    final byte[][] header;
    final int[] reason;
    final SlotCheck check;
    private final Flash flash;
    private final byte[] block;

    /** Finds the slots of the flash. Init only. */
    Slots(Flash flash, String board) {
        this.flash = flash;
        Partition[] table = flash.partitions();
        int n = 0;
        for (int i = 0; i < table.length; i++) {
            if (table[i].isFirmwareSlot()) {
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalStateException("the board profile has no firmware slot (a bootable partition that is not"
                + " write-protected)");
        }
        slots = new Partition[n];
        n = 0;
        for (int i = 0; i < table.length; i++) {
            if (table[i].isFirmwareSlot()) {
                slots[n++] = table[i];
            }
        }
        valid = new boolean[n];
        sequence = new int[n];
        confirmed = new boolean[n];
        starts = new int[n];
        imageLength = new int[n];
        header = new byte[n][ImageHeader.LENGTH];
        reason = new int[n];
        check = new SlotCheck(flash, board);
        block = new byte[flash.blockSize()];
    }

    int count() {
        return slots.length;
    }

    /** The index of a slot partition, or -1. */
    int indexOf(Partition p) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == p) {
                return i;
            }
        }
        return -1;
    }

    /** Takes what {@link #check} found about slot {@code i}. */
    void remember(int i) {
        valid[i] = check.isValid();
        sequence[i] = check.isValid() ? check.sequence() : 0;
        confirmed[i] = check.isValid() && check.isConfirmed();
        starts[i] = check.isValid() ? check.starts() : 0;
        imageLength[i] = check.imageLength();
        reason[i] = check.reason();
        System.arraycopy(check.header, 0, header[i], 0, ImageHeader.LENGTH);
    }

    /** Whether slot {@code i} holds a valid image that used up its starts without confirming itself. */
    boolean failed(int i) {
        return valid[i] && SlotRecord.failed(confirmed[i], starts[i]);
    }

    /** Whether slot {@code i} may be started: valid and not failed. */
    boolean bootable(int i) {
        return valid[i] && !failed(i);
    }

    /** The active slot: bootable with the highest sequence; -1 when none is bootable. */
    int active() {
        return newest(false);
    }

    /** The valid slot with the highest sequence, failed ones included or not; -1 when there is none. */
    private int newest(boolean failedToo) {
        int best = -1;
        for (int i = 0; i < slots.length; i++) {
            if ((failedToo ? valid[i] : bootable(i)) && (best < 0 || sequence[i] - sequence[best] > 0)) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Where a write to {@code firmware} goes: the active slot when its firmware has not confirmed itself and another
     * slot's has (an update that has not proved itself is replaced, never the last firmware that did); else an invalid
     * or failed slot, else the oldest, never the active one if avoidable.
     */
    int target() {
        int active = active();
        if (active >= 0 && !confirmed[active]) {
            for (int i = 0; i < slots.length; i++) {
                if (i != active && bootable(i) && confirmed[i]) {
                    return active;
                }
            }
        }
        int best = -1;
        for (int i = 0; i < slots.length; i++) {
            if (i == active && slots.length > 1) {
                continue;
            }
            if (best < 0 || bootable(best) && (!bootable(i) || sequence[i] - sequence[best] < 0)) {
                best = i;
            }
        }
        return best;
    }

    /** How many slots are bootable. */
    int bootableCount() {
        int n = 0;
        for (int i = 0; i < slots.length; i++) {
            if (bootable(i)) {
                n++;
            }
        }
        return n;
    }

    /** The sequence number a newly written slot gets: one more than any valid slot's, failed ones included. */
    int nextSequence() {
        int newest = newest(true);
        return newest < 0 ? 1 : sequence[newest] + 1;
    }

    /** Forgets slot {@code i}: it is about to be erased. */
    void invalidate(int i) {
        valid[i] = false;
        confirmed[i] = false;
        starts[i] = 0;
        sequence[i] = 0;
        reason[i] = SlotCheck.NO_RECORD;
    }

    /**
     * Programs slot {@code i}'s record after its image was written and checked: from now on it is valid and the
     * newest.
     *
     * @return false when the flash refused (busy, or the read-back differs)
     */
    boolean writeRecord(int i, int seq) {
        for (int k = 0; k < block.length; k++) {
            block[k] = (byte) 0xFF;
        }
        SlotRecord.write(block, 0, seq, check.imageLength(), ImageHeader.headerCrc(check.header, 0),
            ImageHeader.payloadCrc(check.header, 0));
        if (!flash.program(slots[i].firstBlock + SlotRecord.RECORD_BLOCK, block, 0)) {
            return false;
        }
        valid[i] = true;
        sequence[i] = seq;
        confirmed[i] = false;
        starts[i] = 0;
        imageLength[i] = check.imageLength();
        reason[i] = ImageHeader.OK;
        System.arraycopy(check.header, 0, header[i], 0, ImageHeader.LENGTH);
        return true;
    }

    /**
     * Counts a start of slot {@code i} in its record, unless its firmware has confirmed itself (then it needs none).
     *
     * @return false when the flash refused
     */
    boolean countStart(int i) {
        if (confirmed[i]) {
            return true;
        }
        if (!flash.read(slots[i].firstBlock + SlotRecord.RECORD_BLOCK, block, 0)) {
            return false;
        }
        SlotRecord.countStart(block, 0);
        if (!flash.program(slots[i].firstBlock + SlotRecord.RECORD_BLOCK, block, 0)) {
            return false;
        }
        starts[i] = SlotRecord.starts(block, 0);
        return true;
    }
}
