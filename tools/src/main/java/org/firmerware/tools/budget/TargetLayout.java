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
 */
public record TargetLayout(int objectHeaderBytes, int pointerBytes, int arrayLengthBytes, int objectAlignBytes,
                           int charBits) {

    /** Checks the facts. */
    public TargetLayout {
        if (objectHeaderBytes < 0 || pointerBytes <= 0 || arrayLengthBytes <= 0 || objectAlignBytes <= 0) {
            throw new IllegalArgumentException("target layout: sizes must be positive (header may be 0)");
        }
        if (charBits <= 0 || charBits % 8 != 0) {
            throw new IllegalArgumentException("target layout: charBits must be a multiple of 8, not " + charBits);
        }
    }

    /** The layout a board profile's {@code "target"} object describes; every fact must be there. */
    public static TargetLayout of(BoardProfile profile) {
        return new TargetLayout(fact(profile, "objectHeaderBytes"), fact(profile, "pointerBytes"),
            fact(profile, "arrayLengthBytes"), fact(profile, "objectAlignBytes"), fact(profile, "charBits"));
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
        int bytes = objectHeaderBytes;
        for (Slot s : fields(type)) {
            bytes += s.bytes();
        }
        return (int) align(bytes);
    }

    /** Bytes of an array of {@code length} elements of type {@code component}. */
    public long arrayBytes(Class<?> component, int length) {
        return align(objectHeaderBytes + arrayLengthBytes + (long) length * elementBytes(component));
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
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<Slot> out = new ArrayList<>();
        int offset = objectHeaderBytes;
        for (Class<?> c : chain) {
            List<Field> own = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    own.add(f);
                }
            }
            own.sort(Comparator.<Field>comparingInt(f -> -fieldBytes(f.getType()))
                .thenComparing(f -> f.getType().isPrimitive())
                .thenComparing(Field::getName));
            for (Field f : own) {
                int bytes = fieldBytes(f.getType());
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
            + " B, align " + objectAlignBytes + " B, " + charBits + "-bit char";
    }
}
