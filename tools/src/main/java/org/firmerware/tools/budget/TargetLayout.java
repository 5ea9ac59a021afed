package org.firmerware.tools.budget;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.firmerware.tools.profile.BoardProfile;

/**
 * How the tiny JVM lays out objects on a target (design note tiny-jvm.md, section 3.2), from the {@code "target"}
 * object of a board profile. The budget report sizes RAM with it; the AOT compiler is meant to share it, so that the
 * report and the image agree.
 *
 * <p>All sizes are in 8-bit bytes. A <em>unit</em> is the smallest addressable cell of the target: {@code charBits / 8}
 * bytes (1 on byte-addressed CPUs, 2 on word-addressed DSPs such as the C55x).
 *
 * <table>
 *   <caption>Layout rules</caption>
 *   <tr><th>what</th><th>size</th></tr>
 *   <tr><td>object</td><td>{@code objectHeaderBytes} (a class id) + its instance fields (including inherited
 *       ones), packed with no padding between them; the total rounded up to the alignment</td></tr>
 *   <tr><td>field order</td><td>superclass fields first; within a class largest first, references before
 *       primitives of the same size (so a precise GC can scan them as a range), then by name</td></tr>
 *   <tr><td>{@code boolean}, {@code byte} field</td><td>1, rounded up to a unit (2 on a 16-bit-char DSP)</td></tr>
 *   <tr><td>{@code char}, {@code short} field</td><td>2</td></tr>
 *   <tr><td>{@code int}, {@code float} field</td><td>4</td></tr>
 *   <tr><td>{@code long}, {@code double} field</td><td>8</td></tr>
 *   <tr><td>reference field</td><td>{@code pointerBytes}</td></tr>
 *   <tr><td>array</td><td>{@code objectHeaderBytes} + {@code arrayLengthBytes} + length &times; element, rounded
 *       up to the alignment</td></tr>
 *   <tr><td>array element</td><td>{@code boolean}, {@code byte}: 1 (packed, also on DSPs); {@code char},
 *       {@code short}: 2; {@code int}, {@code float}: 4; {@code long}, {@code double}: 8; reference:
 *       {@code pointerBytes}</td></tr>
 *   <tr><td>alignment</td><td>{@code objectAlignBytes}, at least one unit</td></tr>
 *   <tr><td>{@code String} constant (flash)</td><td>as a {@code byte[]} of its Latin-1 text (two bytes a character
 *       if it has one beyond Latin-1)</td></tr>
 *   <tr><td>static field</td><td>a global of the field's size; {@code static final} fields are constants and
 *       take no RAM (the objects they refer to do)</td></tr>
 * </table>
 *
 * @param objectHeaderBytes bytes of an object's header (2 = a 16-bit class id)
 * @param pointerBytes bytes of a reference
 * @param arrayLengthBytes bytes of an array's length field
 * @param objectAlignBytes objects start at multiples of this
 * @param charBits bits of the target's smallest addressable unit (C {@code char}): 8, or 16 on word-addressed DSPs
 * @param natural whether fields sit at offsets aligned to their size as a C compiler places struct members
 *     ({@code "fieldAlignment": "natural"}, what the AOT compiler's structs do), rather than packed; then the header,
 *     the array length and the elements are aligned too, and objects round up to their strictest member
 * @param int64AlignBytes with {@code natural}: the alignment of {@code long} fields (8 on x86-64 and Cortex-M,
 *     4 on i386)
 */
public record TargetLayout(int objectHeaderBytes, int pointerBytes, int arrayLengthBytes, int objectAlignBytes,
                           int charBits, boolean natural, int int64AlignBytes) {

    /** A packed layout (the budget's model of the simulator). */
    public TargetLayout(int objectHeaderBytes, int pointerBytes, int arrayLengthBytes, int objectAlignBytes,
                        int charBits) {
        this(objectHeaderBytes, pointerBytes, arrayLengthBytes, objectAlignBytes, charBits, false, 8);
    }

    /** Checks the facts. */
    public TargetLayout {
        if (objectHeaderBytes < 0 || pointerBytes <= 0 || arrayLengthBytes <= 0 || objectAlignBytes <= 0) {
            throw new IllegalArgumentException("target layout: sizes must be positive (header may be 0)");
        }
        if (int64AlignBytes <= 0) {
            throw new IllegalArgumentException("target layout: int64AlignBytes must be positive");
        }
        if (charBits <= 0 || charBits % 8 != 0) {
            throw new IllegalArgumentException("target layout: charBits must be a multiple of 8, not " + charBits);
        }
    }

    /** The layout a board profile's {@code "target"} object describes; every fact must be there. */
    public static TargetLayout of(BoardProfile profile) {
        String alignment = profile.target("fieldAlignment", "packed");
        if (!alignment.equals("packed") && !alignment.equals("natural")) {
            throw new IllegalArgumentException(profile.source() + ": \"target.fieldAlignment\" must be \"packed\" or"
                + " \"natural\", not \"" + alignment + "\"");
        }
        return new TargetLayout(fact(profile, "objectHeaderBytes"), fact(profile, "pointerBytes"),
            fact(profile, "arrayLengthBytes"), fact(profile, "objectAlignBytes"), fact(profile, "charBits"),
            alignment.equals("natural"), profile.targetInt("int64AlignBytes", 8));
    }

    private static int fact(BoardProfile profile, String key) {
        int v = profile.targetInt(key, -1);
        if (v < 0) {
            throw new IllegalArgumentException(profile.source() + ": \"target." + key
                + "\" is needed for the budget (a whole number of bytes, or bits for charBits)");
        }
        return v;
    }

    /** Bytes of the smallest addressable unit. */
    public int unitBytes() {
        return charBits / 8;
    }

    /** Bytes of an instance field of this type. */
    public int fieldBytes(Class<?> type) {
        return (int) roundUp(elementBytes(type), unitBytes());
    }

    /** Bytes of an array element of this type (booleans and bytes are packed, also on DSPs). */
    public int elementBytes(Class<?> type) {
        if (!type.isPrimitive()) {
            return pointerBytes;
        }
        if (type == boolean.class || type == byte.class) {
            return 1;
        }
        if (type == char.class || type == short.class) {
            return 2;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == long.class || type == double.class) {
            return 8;
        }
        throw new IllegalArgumentException("no field has type " + type);
    }

    /** Bytes of an instance of {@code type} (not an array). */
    public int instanceBytes(Class<?> type) {
        if (type.isArray()) {
            throw new IllegalArgumentException(type.getName() + " is an array; use arrayBytes");
        }
        return instanceBytes(type, f -> true);
    }

    /** Bytes of an instance of {@code type} with only the instance fields {@code keep} accepts (the AOT image's). */
    public int instanceBytes(Class<?> type, java.util.function.Predicate<Field> keep) {
        if (type.isArray()) {
            throw new IllegalArgumentException(type.getName() + " is an array; use arrayBytes");
        }
        List<Slot> slots = fields(type, keep);
        int bytes = objectHeaderBytes;
        int strictest = natural ? Math.min(objectHeaderBytes, 2) : 1;
        for (Slot s : slots) {
            bytes = s.offset() + s.bytes();
            strictest = Math.max(strictest, alignOf(s.field().getType()));
        }
        return (int) (natural ? roundUp(align(bytes), strictest) : align(bytes));
    }

    /** Where a C compiler aligns a field or element of this type (1 when packed). */
    public int alignOf(Class<?> type) {
        if (!natural) {
            return 1;
        }
        int size = elementBytes(type);
        return Math.max(unitBytes(), size == 8 && type.isPrimitive() ? Math.min(8, int64AlignBytes) : size);
    }

    /** Offset of an array's length field from the array's start. */
    public int arrayLengthOffset() {
        return natural ? (int) roundUp(objectHeaderBytes, arrayLengthBytes) : objectHeaderBytes;
    }

    /** Offset of an array's first element from the array's start. */
    public int arrayDataOffset(Class<?> component) {
        int end = arrayLengthOffset() + arrayLengthBytes;
        return natural ? (int) roundUp(end, alignOf(component)) : end;
    }

    /** Bytes of an array of {@code length} elements of type {@code component}. */
    public long arrayBytes(Class<?> component, int length) {
        long bytes = align(arrayDataOffset(component) + (long) length * elementBytes(component));
        return natural ? roundUp(bytes, Math.max(arrayLengthBytes, alignOf(component))) : bytes;
    }

    /** Bytes of a String constant in flash: a {@code byte[]} of its text (see the table). */
    public long stringBytes(String s) {
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) {
            latin1 = s.charAt(i) <= 0xFF;
        }
        return arrayBytes(byte.class, latin1 ? s.length() : 2 * s.length());
    }

    /** Bytes of a static field in RAM: 0 for a {@code static final} constant. */
    public int staticBytes(Field f) {
        if (!Modifier.isStatic(f.getModifiers())) {
            throw new IllegalArgumentException(f + " is not static");
        }
        return Modifier.isFinal(f.getModifiers()) ? 0 : fieldBytes(f.getType());
    }

    /** An instance field at its place in an object: offset from the object's start, and size. */
    public record Slot(Field field, int offset, int bytes) {
    }

    /** The instance fields of {@code type} in layout order (see the table), with offsets after the header. */
    public List<Slot> fields(Class<?> type) {
        return fields(type, f -> true);
    }

    /** The instance fields {@code keep} accepts, in layout order, with their offsets. */
    public List<Slot> fields(Class<?> type, java.util.function.Predicate<Field> keep) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<Slot> out = new ArrayList<>();
        int offset = objectHeaderBytes;
        for (Class<?> c : chain) {
            List<Field> own = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && keep.test(f)) {
                    own.add(f);
                }
            }
            own.sort(Comparator.<Field>comparingInt(f -> -fieldBytes(f.getType()))
                .thenComparing(f -> f.getType().isPrimitive())
                .thenComparing(Field::getName));
            for (Field f : own) {
                int bytes = fieldBytes(f.getType());
                offset = (int) roundUp(offset, alignOf(f.getType()));
                out.add(new Slot(f, offset, bytes));
                offset += bytes;
            }
        }
        return out;
    }

    private long align(long bytes) {
        return roundUp(roundUp(bytes, unitBytes()), Math.max(objectAlignBytes, unitBytes()));
    }

    private static long roundUp(long n, int to) {
        return (n + to - 1) / to * to;
    }

    /** One line for report headers. */
    public String describe() {
        return "header " + objectHeaderBytes + " B, pointer " + pointerBytes + " B, array length " + arrayLengthBytes
            + " B, align " + objectAlignBytes + " B, " + charBits + "-bit char" + (natural ? ", natural field alignment" : "");
    }
}
