package org.firmerware.tools.aot;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * ASM's basic interpreter (int, long, float, double, reference per slot: one C variable per slot and kind) with facts
 * about references ({@link Ref}): known not to be null ({@code this}, a String constant, a field whose every value in
 * the closed world is an object, the result of a call whose every target returns only objects), the length of an array when every value it can be has the same length, and the
 * static type of a primitive array. The code generator leaves out the null checks the facts make redundant, checks
 * bounds against a constant length (which the C compiler folds away where it can prove the index in range) and copies
 * arrays of a known primitive type inline.
 */
final class Typer extends BasicInterpreter {

    /**
     * A reference with facts. Facts only get weaker where paths merge, so the analysis terminates.
     *
     * @param nonNull never null
     * @param length the array's length, or -1 when unknown (or not an array)
     * @param desc the descriptor of a primitive array type ({@code [I}), or null when unknown
     */
    static final class Ref extends BasicValue {
        final boolean nonNull;
        final int length;
        final String desc;

        Ref(boolean nonNull, int length, String desc) {
            super(Type.getObjectType("java/lang/Object"));
            this.nonNull = nonNull;
            this.length = length;
            this.desc = desc;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ref r && r.nonNull == nonNull && r.length == length && Objects.equals(r.desc, desc);
        }

        @Override
        public int hashCode() {
            return Objects.hash(nonNull, length, desc) ^ 0x6e6f6e;
        }
    }

    /** A reference known only not to be null. */
    static final BasicValue NONNULL = new Ref(true, -1, null);

    /** The facts of a reference with these properties; the plain reference when there are none. */
    static BasicValue ref(boolean nonNull, int length, String desc) {
        return !nonNull && length < 0 && desc == null ? BasicValue.REFERENCE_VALUE : new Ref(nonNull, length, desc);
    }

    /** The descriptor if it is a primitive array type ({@code [I}, {@code [B}, ...), else null. */
    static String primitiveArray(String desc) {
        return desc != null && desc.length() == 2 && desc.charAt(0) == '[' ? desc : null;
    }

    private final Function<FieldInsnNode, BasicValue> fieldFacts;
    private final Function<MethodInsnNode, BasicValue> callFacts;

    /**
     * @param fieldFacts the facts of the value a GETFIELD or GETSTATIC of a reference field loads
     * @param callFacts the facts of the value a call that returns a reference returns
     */
    Typer(Function<FieldInsnNode, BasicValue> fieldFacts, Function<MethodInsnNode, BasicValue> callFacts) {
        super(Opcodes.ASM9);
        this.fieldFacts = fieldFacts;
        this.callFacts = callFacts;
    }

    Typer() {
        this(fi -> ref(false, -1, primitiveArray(fi.desc)),
            mi -> ref(false, -1, primitiveArray(Type.getReturnType(mi.desc).getDescriptor())));
    }

    @Override
    public BasicValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
        if (isInstanceMethod && local == 0) {
            return NONNULL;
        }
        BasicValue v = super.newParameterValue(isInstanceMethod, local, type);
        return v != null && v.isReference() ? ref(false, -1, primitiveArray(type.getDescriptor())) : v;
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String) {
            return NONNULL;
        }
        BasicValue v = super.newOperation(insn);
        if (insn.getOpcode() == Opcodes.GETSTATIC && v != null && v.isReference()) {
            return fieldFacts.apply((FieldInsnNode) insn);
        }
        return v;
    }

    @Override
    public BasicValue unaryOperation(AbstractInsnNode insn, BasicValue value) throws AnalyzerException {
        BasicValue v = super.unaryOperation(insn, value);
        if (insn.getOpcode() == Opcodes.GETFIELD && v != null && v.isReference()) {
            return fieldFacts.apply((FieldInsnNode) insn);
        }
        return v;
    }

    @Override
    public BasicValue naryOperation(AbstractInsnNode insn, List<? extends BasicValue> values)
        throws AnalyzerException {
        BasicValue v = super.naryOperation(insn, values);
        if (insn instanceof MethodInsnNode mi && v != null && v.isReference()) {
            return callFacts.apply(mi);
        }
        return v;
    }

    /**
     * Where a reference with facts meets one without, the result is a {@link Ref} without facts, never ASM's plain
     * reference value: ASM's analyzer keeps a frame's old value when the merged one {@code equals} it, and a plain
     * BasicValue equals any reference value of its type, facts or not, so the facts would survive the merge.
     */
    @Override
    public BasicValue merge(BasicValue a, BasicValue b) {
        boolean ra = a instanceof Ref;
        boolean rb = b instanceof Ref;
        if ((ra || rb) && a.isReference() && b.isReference()) {
            Ref x = ra ? (Ref) a : NO_FACTS;
            Ref y = rb ? (Ref) b : NO_FACTS;
            if (x.equals(y)) {
                return x;
            }
            return new Ref(x.nonNull && y.nonNull, x.length == y.length ? x.length : -1,
                Objects.equals(x.desc, y.desc) ? x.desc : null);
        }
        return super.merge(a, b);
    }

    /** A reference of which nothing is known, as a {@link Ref} (see {@link #merge}). */
    private static final Ref NO_FACTS = new Ref(false, -1, null);

    /** Whether the value is a reference known not to be null. */
    static boolean nonNull(BasicValue v) {
        return v instanceof Ref r && r.nonNull;
    }

    /** The array length the value is known to have, or -1. */
    static int length(BasicValue v) {
        return v instanceof Ref r ? r.length : -1;
    }

    /** The primitive array type the value is known to have, or null. */
    static String arrayDesc(BasicValue v) {
        return v instanceof Ref r ? r.desc : null;
    }

    /** The kind of a value: I, J, F, D or A; 0 for an unusable slot. */
    static char kind(BasicValue v) {
        if (v == null || v == BasicValue.UNINITIALIZED_VALUE || v.getType() == null) {
            return 0;
        }
        if (v.isReference()) {
            return 'A';
        }
        switch (v.getType().getSort()) {
            case Type.INT: return 'I';
            case Type.LONG: return 'J';
            case Type.FLOAT: return 'F';
            case Type.DOUBLE: return 'D';
            default: return 0;
        }
    }
}
