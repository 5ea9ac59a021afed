package org.firmerware.tools.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.firmerware.tools.profile.BoardProfile;
import org.junit.jupiter.api.Test;

class TargetLayoutTest {

    /** The sim board's profile: 2-byte header, 4-byte pointers and lengths, 2-byte alignment, 8-bit char. */
    private static final TargetLayout SIM = TargetLayout.of(BoardProfile.named("sim"));
    /** A 16-bit MCU (MSP430-like): 2-byte pointers and lengths, 8-bit char. */
    private static final TargetLayout MCU16 = new TargetLayout(2, 2, 2, 2, 8);
    /** A word-addressed 16-bit DSP (C55x-like): 16-bit char, so a byte field takes a word. */
    private static final TargetLayout DSP16 = new TargetLayout(2, 2, 2, 2, 16);

    static final class Mixed {
        byte b;
        int i;
        long l;
        Object r;
    }

    static class Base {
        short s;
        Object r;
    }

    static final class Derived extends Base {
        long l;
        boolean z;
    }

    static final class Empty {
    }

    static final class WithStatics {
        static int counter;
        static final int CONSTANT = 3;
        static final byte[] TABLE = new byte[4];
        long instance;
    }

    @Test
    void simProfileFacts() {
        assertEquals(new TargetLayout(2, 4, 4, 2, 8), SIM);
    }

    @Test
    void mixedClass() {
        // header 2 + long 8 + int 4 + reference 4 + byte 1 = 19, aligned to 2
        assertEquals(20, SIM.instanceBytes(Mixed.class));
        // header 2 + long 8 + int 4 + reference 2 + byte 1 = 17, aligned to 2
        assertEquals(18, MCU16.instanceBytes(Mixed.class));
        // the byte field takes a 16-bit word: 2 + 8 + 4 + 2 + 2
        assertEquals(18, DSP16.instanceBytes(Mixed.class));
    }

    @Test
    void fieldsLargestFirstReferencesBeforePrimitivesOfTheirSize() {
        assertEquals(List.of("l", "r", "i", "b"), names(SIM.fields(Mixed.class)));
        assertEquals(List.of(2, 10, 14, 18), offsets(SIM.fields(Mixed.class)));
        assertEquals(List.of("l", "i", "r", "b"), names(MCU16.fields(Mixed.class)));
        assertEquals(List.of(2, 10, 14, 16), offsets(MCU16.fields(Mixed.class)));
    }

    @Test
    void superclassFieldsComeFirst() {
        assertEquals(List.of("r", "s", "l", "z"), names(SIM.fields(Derived.class)));
        // 2 + 4 + 2 + 8 + 1 = 17 -> 18
        assertEquals(18, SIM.instanceBytes(Derived.class));
        // 2 + 2 + 2 + 8 + 1 = 15 -> 16
        assertEquals(16, MCU16.instanceBytes(Derived.class));
        // 2 + 2 + 2 + 8 + 2 = 16
        assertEquals(16, DSP16.instanceBytes(Derived.class));
    }

    @Test
    void emptyObjectIsItsHeader() {
        assertEquals(2, SIM.instanceBytes(Empty.class));
        assertEquals(4, new TargetLayout(2, 4, 4, 4, 8).instanceBytes(Empty.class));
    }

    @Test
    void arrays() {
        // header 2 + length 4 + 10 bytes
        assertEquals(16, SIM.arrayBytes(byte.class, 10));
        // header 2 + length 2 + 10 bytes
        assertEquals(14, MCU16.arrayBytes(byte.class, 10));
        // bytes are packed two a word on the DSP too
        assertEquals(14, DSP16.arrayBytes(byte.class, 10));
        // header 2 + length 4 + 3 ints
        assertEquals(18, SIM.arrayBytes(int.class, 3));
        assertEquals(16, MCU16.arrayBytes(int.class, 3));
        assertEquals(16, DSP16.arrayBytes(int.class, 3));
        // odd sizes round up to the alignment (and to whole words on the DSP)
        assertEquals(18, SIM.arrayBytes(byte.class, 11));
        assertEquals(16, DSP16.arrayBytes(byte.class, 11));
        assertEquals(6, SIM.arrayBytes(long.class, 0));
        assertEquals(14, SIM.arrayBytes(long.class, 1));
        assertEquals(9 + 1, SIM.arrayBytes(boolean.class, 3));
        assertEquals(16, SIM.arrayBytes(char.class, 5));
        assertEquals(14, SIM.arrayBytes(Object.class, 2));
        assertEquals(8, MCU16.arrayBytes(Object.class, 2));
        assertEquals(2 + 4 + 4096, SIM.arrayBytes(byte.class, 4096));
    }

    @Test
    void stringConstantsAreByteArraysOfTheirText() {
        assertEquals(10, SIM.stringBytes("abc"));
        assertEquals(2 + 4 + 2 * 3, SIM.stringBytes("a\u20acb"));
    }

    @Test
    void onlyNonFinalStaticsTakeRam() throws NoSuchFieldException {
        assertEquals(4, SIM.staticBytes(WithStatics.class.getDeclaredField("counter")));
        assertEquals(0, SIM.staticBytes(WithStatics.class.getDeclaredField("CONSTANT")));
        assertEquals(0, SIM.staticBytes(WithStatics.class.getDeclaredField("TABLE")));
        assertEquals(10, SIM.instanceBytes(WithStatics.class));
    }

    @Test
    void badFactsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TargetLayout(2, 0, 2, 2, 8));
        assertThrows(IllegalArgumentException.class, () -> new TargetLayout(2, 2, 2, 2, 12));
        assertThrows(IllegalArgumentException.class, () -> SIM.instanceBytes(int[].class));
    }

    private static List<String> names(List<TargetLayout.Slot> slots) {
        return slots.stream().map(s -> s.field().getName()).toList();
    }

    private static List<Integer> offsets(List<TargetLayout.Slot> slots) {
        return slots.stream().map(TargetLayout.Slot::offset).toList();
    }
}
