package org.firmerware.tools.aot;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * ASM's basic interpreter (int, long, float, double, reference per slot: one C variable per slot and kind) with one
 * more fact: a reference known not to be null ({@code this}, a String constant), so that null checks on it are left
 * out.
 */
final class Typer extends BasicInterpreter {

    /** A reference that is never null. */
    static final BasicValue NONNULL = new BasicValue(Type.getObjectType("java/lang/Object")) {
        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return 0x6e6f6e;
        }
    };

    Typer() {
        super(Opcodes.ASM9);
    }

    @Override
    public BasicValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
        if (isInstanceMethod && local == 0) {
            return NONNULL;
        }
        return super.newParameterValue(isInstanceMethod, local, type);
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String) {
            return NONNULL;
        }
        return super.newOperation(insn);
    }

    @Override
    public BasicValue merge(BasicValue a, BasicValue b) {
        if (a == NONNULL && b == NONNULL) {
            return NONNULL;
        }
        if ((a == NONNULL || a.isReference()) && (b == NONNULL || b.isReference())) {
            return BasicValue.REFERENCE_VALUE;
        }
        return super.merge(a, b);
    }

    /** The kind of a value: I, J, F, D or A; 0 for an unusable slot. */
    static char kind(BasicValue v) {
        if (v == null || v == BasicValue.UNINITIALIZED_VALUE || v.getType() == null) {
            return 0;
        }
        if (v == NONNULL || v.isReference()) {
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
