package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.cfi.CfiRegisters.*;

import java.util.Arrays;
import java.util.Random;
import org.firmerware.boards.bt200.Bt200Map;

/**
 * A 2 MiB CFI NOR flash with the AMD/Fujitsu command set on a 16-bit bus, bottom boot block: one 16 KiB, two 8 KiB and
 * one 32 KiB sector, then 31 sectors of 64 KiB (the BT200's part number is not known; this is the common layout of
 * 16 Mbit parts of that family). Words are big-endian in the byte image. Contents survive reboots; at power-up the
 * flash is erased (0xFF) but for the factory MAC address at word 0xA003, where the BT200 keeps it.
 *
 * <p>It answers the CFI query, programs words (two status reads of data polling, DQ7 inverted and DQ6 toggling, then the
 * data) and erases sectors in {@value #ERASE_US} µs of virtual time (DQ6 toggling meanwhile). Programming a 0 back to 1
 * makes it time out (DQ5) until a reset command. Checks: commands without the unlock cycles, writes in reading mode, a
 * read of an erasing chip at an address outside the sector.
 *
 * <p>Power cuts: the world's cut leaves a sector whose erase is still running undefined (every byte random); a test
 * may also fail the power at the n-th operation (a word program or a sector erase), just before it or in the middle of
 * it (a program then clears only some of its bits, an erase leaves its sector undefined).
 */
final class CfiFlashModel {

    static final int SIZE = 2 * 1024 * 1024;
    static final long ERASE_US = 400_000;
    /** Sectors: counts and sizes of the erase block regions. */
    private static final int[] REGION_SECTORS = {1, 2, 1, 31};
    private static final int[] REGION_BYTES = {16 * 1024, 8 * 1024, 32 * 1024, 64 * 1024};

    private static final int READ = 0, UNLOCKED1 = 1, UNLOCKED2 = 2, PROGRAM = 3, ERASE_SETUP = 4, ERASE_UNLOCKED1 = 5,
        ERASE_UNLOCKED2 = 6, QUERY = 7;

    private final Bt200Phone phone;
    private final byte[] memory = new byte[SIZE];
    private final int[] query = new int[0x40];
    private int state = READ;
    private int programWord = -1;
    private int programValue;
    private int programPolls;
    private boolean timedOut;
    private int eraseStart = -1;
    private int eraseEnd;
    private long eraseDoneUs;
    private int toggle;
    private long operations;
    private long failAt = -1;
    private boolean failDuring;
    private final Random random = new Random(1);

    CfiFlashModel(Bt200Phone phone, byte[] mac) {
        this.phone = phone;
        Arrays.fill(memory, (byte) 0xFF);
        System.arraycopy(mac, 0, memory, 2 * Bt200Map.FLASH_MAC_WORD, 6);
        query[QRY] = 'Q';
        query[QRY + 1] = 'R';
        query[QRY + 2] = 'Y';
        query[PRIMARY_COMMAND_SET] = COMMAND_SET_AMD;
        query[DEVICE_SIZE] = 21;
        query[ERASE_REGIONS] = REGION_SECTORS.length;
        for (int r = 0; r < REGION_SECTORS.length; r++) {
            int n = REGION_SECTORS[r] - 1;
            int units = REGION_BYTES[r] / 256;
            query[ERASE_REGION_INFO + 4 * r] = n & 0xFF;
            query[ERASE_REGION_INFO + 4 * r + 1] = n >> 8;
            query[ERASE_REGION_INFO + 4 * r + 2] = units & 0xFF;
            query[ERASE_REGION_INFO + 4 * r + 3] = units >> 8;
        }
    }

    /** Power-up: reading mode; an erase that was running is lost (the sector is left as it was). */
    void reset() {
        state = READ;
        programWord = -1;
        timedOut = false;
        eraseStart = -1;
    }

    byte[] memory() {
        return memory;
    }

    /** Word programs and sector erases since the chip was made (power-ups included). */
    long operations() {
        return operations;
    }

    /** Fails the power at operation {@code operation} (as {@link #operations()} counts; -1: never), in it or before. */
    void failAtOperation(long operation, boolean during) {
        failAt = operation;
        failDuring = during;
    }

    /** Power is cut (world side): a sector whose erase still runs is left undefined. */
    void powerCut() {
        if (eraseStart >= 0 && phone.nowUs < eraseDoneUs) {
            scramble(eraseStart, eraseEnd);
        }
        eraseStart = -1;
        programWord = -1;
    }

    /** Counts an operation; whether power fails at it (the caller has done what the cut leaves, if during). */
    private boolean failsNow() {
        operations++;
        if (operations != failAt) {
            return false;
        }
        failAt = -1;
        return true;
    }

    private void scramble(int start, int end) {
        for (int i = start; i < end; i++) {
            memory[i] = (byte) random.nextInt(256);
        }
    }

    private int word(int index) {
        return (memory[2 * index] & 0xFF) << 8 | memory[2 * index + 1] & 0xFF;
    }

    private boolean erasing() {
        if (eraseStart >= 0 && phone.nowUs >= eraseDoneUs) {
            Arrays.fill(memory, eraseStart, eraseEnd, (byte) 0xFF);
            eraseStart = -1;
        }
        return eraseStart >= 0;
    }

    /** A read of word {@code index}. */
    int read(int index) {
        if (erasing()) {
            toggle ^= DQ6;
            if (2 * index < eraseStart || 2 * index >= eraseEnd) {
                phone.errors.report(phone.nowUs, "flash read at word %x while sector %x erases", index, eraseStart / 2,
                    0);
            }
            return toggle | 0x08;
        }
        if (programWord >= 0 || timedOut) {
            toggle ^= DQ6;
            if (timedOut) {
                return toggle | DQ5 | ~programValue & DQ7;
            }
            if (++programPolls < 2) {
                return toggle | ~programValue & DQ7;
            }
            programWord = -1;
        }
        if (state == QUERY) {
            return index < query.length ? query[index] : 0;
        }
        return word(index);
    }

    /** A write of word {@code index}: a command cycle, or the data of a program command. */
    void write(int index, int value) {
        int v = value & 0xFF;
        if (v == CMD_RESET && state != PROGRAM) {
            state = READ;
            timedOut = false;
            programWord = -1;
            return;
        }
        if (erasing() || programWord >= 0 || timedOut) {
            phone.errors.report(phone.nowUs, "flash command %x at word %x while the chip is busy", value, index, 0);
            return;
        }
        int a = index & 0x7FF;
        switch (state) {
            case READ:
                if (a == UNLOCK1 && v == UNLOCK1_DATA) {
                    state = UNLOCKED1;
                } else if (a == QUERY_ADDRESS && v == CMD_QUERY) {
                    state = QUERY;
                } else {
                    phone.errors.report(phone.nowUs, "flash write of %x at word %x without the unlock cycles", value,
                        index, 0);
                }
                return;
            case QUERY:
                phone.errors.report(phone.nowUs, "flash write of %x at word %x in query mode (0xF0 leaves it)", value,
                    index, 0);
                return;
            case UNLOCKED1:
                state = a == UNLOCK2 && v == UNLOCK2_DATA ? UNLOCKED2 : fail(index, value);
                return;
            case UNLOCKED2:
                if (a == UNLOCK1 && v == CMD_PROGRAM) {
                    state = PROGRAM;
                } else if (a == UNLOCK1 && v == CMD_ERASE_SETUP) {
                    state = ERASE_SETUP;
                } else {
                    state = fail(index, value);
                }
                return;
            case PROGRAM: {
                int old = word(index);
                int result = old & value;
                if (failsNow()) {
                    if (failDuring) {
                        // Some of the bits the program clears are cleared.
                        int partial = old & ~((old & ~value) & random.nextInt(0x10000));
                        memory[2 * index] = (byte) (partial >> 8);
                        memory[2 * index + 1] = (byte) partial;
                    }
                    state = READ;
                    phone.powerFailure();
                }
                memory[2 * index] = (byte) (result >> 8);
                memory[2 * index + 1] = (byte) result;
                programValue = value;
                programPolls = 0;
                programWord = index;
                timedOut = result != (value & 0xFFFF);
                state = READ;
                return;
            }
            case ERASE_SETUP:
                state = a == UNLOCK1 && v == UNLOCK1_DATA ? ERASE_UNLOCKED1 : fail(index, value);
                return;
            case ERASE_UNLOCKED1:
                state = a == UNLOCK2 && v == UNLOCK2_DATA ? ERASE_UNLOCKED2 : fail(index, value);
                return;
            case ERASE_UNLOCKED2:
                if (v == CMD_SECTOR_ERASE) {
                    state = READ;
                    startErase(2 * index);
                    if (failsNow()) {
                        if (failDuring) {
                            scramble(eraseStart, eraseEnd);
                        }
                        eraseStart = -1;
                        phone.powerFailure();
                    }
                } else {
                    state = fail(index, value);
                }
                return;
            default:
                state = READ;
        }
    }

    private int fail(int index, int value) {
        phone.errors.report(phone.nowUs, "flash command sequence broken by %x at word %x", value, index, 0);
        return READ;
    }

    private void startErase(int byteOffset) {
        int start = 0;
        for (int r = 0; r < REGION_SECTORS.length; r++) {
            for (int s = 0; s < REGION_SECTORS[r]; s++) {
                int end = start + REGION_BYTES[r];
                if (byteOffset >= start && byteOffset < end) {
                    eraseStart = start;
                    eraseEnd = end;
                    eraseDoneUs = phone.nowUs + ERASE_US;
                    return;
                }
                start = end;
            }
        }
    }
}
