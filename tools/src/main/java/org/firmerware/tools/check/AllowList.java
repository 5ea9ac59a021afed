package org.firmerware.tools.check;

import java.util.Set;

/**
 * The JDK classes and members firmware code may use: everything else of the JDK is forbidden, in init and mission
 * code alike. This is the whole list; widen it only with a reason the AOT compiler can honour (each entry must be a
 * pure function the compiler can lower to C without a runtime library, or a type the compiler lays out itself).
 *
 * <p>Types appear in descriptors, casts, {@code instanceof}, {@code catch} and array creation; members are called or
 * read. Names are internal names; members are {@code owner.name descriptor}.
 *
 * <h2>All firmware code</h2>
 * <ul>
 *   <li>{@code java.lang.Object} as a type, and its constructor (every constructor calls it).</li>
 *   <li>{@code java.lang.String} as a type (constants live in flash), {@code length()} and {@code charAt(int)}.</li>
 *   <li>{@code Math.min/max/abs/floorMod/floorDiv} for {@code int} and {@code long}.</li>
 *   <li>{@code System.arraycopy}.</li>
 *   <li>The bit and unsigned helpers of {@code Integer}, {@code Long} and {@code Short}: {@code compareUnsigned,
 *       divideUnsigned, remainderUnsigned, toUnsignedLong, numberOfLeadingZeros, numberOfTrailingZeros, bitCount,
 *       reverseBytes, rotateLeft, rotateRight, highestOneBit, lowestOneBit, signum}, as far as each class has them.
 *       </li>
 *   <li>{@code java.lang.Enum} as a supertype, its constructor and {@code ordinal()}; {@code java.lang.Record} as a
 *       supertype and its constructor.</li>
 * </ul>
 *
 * <h2>Init code only</h2>
 * <ul>
 *   <li>Creating and throwing {@code IllegalArgumentException} and {@code IllegalStateException} (with or without a
 *       message): init checks the sizes it gets, and the build fails there rather than on the device.</li>
 *   <li>{@code String.equals} and {@code String.hashCode}: what javac writes for a {@code switch} on strings.</li>
 *   <li>Creating lambdas and method references ({@code invokedynamic} of {@code LambdaMetafactory}) of firmware
 *       interfaces, to keep in a field: the AOT build turns each into a small class and its instance into a constant.
 *       </li>
 * </ul>
 */
final class AllowList {

    /** Types any firmware code may name. */
    private static final Set<String> TYPES = Set.of("java/lang/Object", "java/lang/String");

    /** Types init code may name besides {@link #TYPES}: the exceptions it may throw. */
    private static final Set<String> INIT_TYPES = Set.of(
        "java/lang/IllegalArgumentException", "java/lang/IllegalStateException");

    /** JDK classes a firmware class may extend. */
    private static final Set<String> SUPERTYPES = Set.of("java/lang/Object", "java/lang/Enum", "java/lang/Record");

    /** Members any firmware code may use. */
    private static final Set<String> MEMBERS = Set.of(
        "java/lang/Object.<init> ()V",
        "java/lang/String.length ()I",
        "java/lang/String.charAt (I)C",
        "java/lang/Math.min (II)I", "java/lang/Math.min (JJ)J",
        "java/lang/Math.max (II)I", "java/lang/Math.max (JJ)J",
        "java/lang/Math.abs (I)I", "java/lang/Math.abs (J)J",
        "java/lang/Math.floorMod (II)I", "java/lang/Math.floorMod (JJ)J", "java/lang/Math.floorMod (JI)I",
        "java/lang/Math.floorDiv (II)I", "java/lang/Math.floorDiv (JJ)J", "java/lang/Math.floorDiv (JI)J",
        "java/lang/System.arraycopy (Ljava/lang/Object;ILjava/lang/Object;II)V",
        "java/lang/Integer.compareUnsigned (II)I",
        "java/lang/Integer.divideUnsigned (II)I",
        "java/lang/Integer.remainderUnsigned (II)I",
        "java/lang/Integer.toUnsignedLong (I)J",
        "java/lang/Integer.numberOfLeadingZeros (I)I",
        "java/lang/Integer.numberOfTrailingZeros (I)I",
        "java/lang/Integer.bitCount (I)I",
        "java/lang/Integer.reverseBytes (I)I",
        "java/lang/Integer.rotateLeft (II)I",
        "java/lang/Integer.rotateRight (II)I",
        "java/lang/Integer.highestOneBit (I)I",
        "java/lang/Integer.lowestOneBit (I)I",
        "java/lang/Integer.signum (I)I",
        "java/lang/Long.compareUnsigned (JJ)I",
        "java/lang/Long.divideUnsigned (JJ)J",
        "java/lang/Long.remainderUnsigned (JJ)J",
        "java/lang/Long.numberOfLeadingZeros (J)I",
        "java/lang/Long.numberOfTrailingZeros (J)I",
        "java/lang/Long.bitCount (J)I",
        "java/lang/Long.reverseBytes (J)J",
        "java/lang/Long.rotateLeft (JI)J",
        "java/lang/Long.rotateRight (JI)J",
        "java/lang/Long.highestOneBit (J)J",
        "java/lang/Long.lowestOneBit (J)J",
        "java/lang/Long.signum (J)I",
        "java/lang/Short.compareUnsigned (SS)I",
        "java/lang/Short.toUnsignedLong (S)J",
        "java/lang/Short.reverseBytes (S)S",
        "java/lang/Enum.<init> (Ljava/lang/String;I)V",
        "java/lang/Enum.ordinal ()I",
        "java/lang/Record.<init> ()V");

    /** Members init code may use besides {@link #MEMBERS}. */
    private static final Set<String> INIT_MEMBERS = Set.of(
        "java/lang/IllegalArgumentException.<init> ()V",
        "java/lang/IllegalArgumentException.<init> (Ljava/lang/String;)V",
        "java/lang/IllegalStateException.<init> ()V",
        "java/lang/IllegalStateException.<init> (Ljava/lang/String;)V",
        "java/lang/String.equals (Ljava/lang/Object;)Z",
        "java/lang/String.hashCode ()I");

    private AllowList() {
    }

    /** Every member on the list, init-only ones included, as {@code owner.name descriptor}. */
    static Set<String> members() {
        Set<String> all = new java.util.TreeSet<>(MEMBERS);
        all.addAll(INIT_MEMBERS);
        return all;
    }

    /**
     * Whether code may name a JDK type; arrays by their element type.
     *
     * @param initOnly whether the code runs in the init phase only
     */
    static boolean allowsType(String internalName, boolean initOnly) {
        String element = internalName;
        while (element.startsWith("[")) {
            element = element.substring(1);
        }
        if (element.length() == 1) {
            return true;
        }
        if (element.startsWith("L") && element.endsWith(";")) {
            element = element.substring(1, element.length() - 1);
        }
        return TYPES.contains(element) || initOnly && INIT_TYPES.contains(element);
    }

    /** Whether a firmware class may extend or implement a JDK type. */
    static boolean allowsSupertype(String internalName) {
        return SUPERTYPES.contains(internalName);
    }

    /**
     * Whether code may use a JDK method or field.
     *
     * @param desc the method's or field's descriptor
     * @param initOnly whether the code runs in the init phase only
     */
    static boolean allowsMember(String owner, String name, String desc, boolean initOnly) {
        String key = owner + "." + name + " " + desc;
        return MEMBERS.contains(key) || initOnly && INIT_MEMBERS.contains(key);
    }
}
