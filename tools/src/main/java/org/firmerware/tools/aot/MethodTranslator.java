package org.firmerware.tools.aot;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.firmerware.tools.UserError;
import org.firmerware.tools.aot.MissionWorld.FieldKey;
import org.firmerware.tools.check.ClosedWorld;
import org.firmerware.tools.check.MethodRef;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Translates one method's bytecode to a C function, with one C variable per JVM local or stack slot and kind
 * ({@code lI3}: local 3 as an int, {@code sA0}: stack slot 0 as a reference), so that the C compiler allocates registers
 * and folds the moves away.
 *
 * <p>Java semantics are exact: arithmetic on {@code int} and {@code long} is done in {@code uint32_t}/{@code uint64_t}
 * and converted back (no signed overflow in C); shift counts are masked to 31 or 63; division and remainder go through
 * the runtime ({@code fw_idiv} etc.: zero divisor panics, {@code MIN_VALUE / -1} is {@code MIN_VALUE}); narrowing
 * casts mask and sign-extend. Every null, bounds, cast and array-store check that fails panics with its site
 * ({@code FW_PANIC_AT}: the site's text "ArrayIndexOutOfBoundsException at Class.method(File.java:line)", or its
 * number, which a CPU runtime may encode in a trapping instruction). Exceptions are not catchable in AOT images: {@code athrow} panics, and exception handlers are never entered (their code is left out).
 */
final class MethodTranslator {

    private final CodeGen g;
    private final MethodRef m;
    private final MethodNode node;
    private final boolean isStatic;
    private Frame<BasicValue>[] frames;
    private final StringBuilder out = new StringBuilder();
    private int line;
    private final Set<LabelNode> targets = new HashSet<>();
    /**
     * Fields of {@code this} that no mission code writes and the method reads at least twice: loaded once on entry
     * into a C variable ({@code cI_name}), since their value cannot change. The C compiler could not tell on its own:
     * any store through a pointer might change them.
     */
    private final Map<FieldKey, String> cachedThisFields = new java.util.LinkedHashMap<>();

    MethodTranslator(CodeGen g, MethodRef m, MethodNode node) {
        this.g = g;
        this.m = m;
        this.node = node;
        this.isStatic = (node.access & Opcodes.ACC_STATIC) != 0;
    }

    String prototype() {
        return "static " + signature(m.desc(), isStatic, g.functionName(m));
    }

    static String signature(String desc, boolean isStatic, String name) {
        StringBuilder b = new StringBuilder();
        b.append(CodeGen.ctype(Type.getReturnType(desc).getDescriptor().charAt(0))).append(' ').append(name)
            .append('(');
        List<String> params = new ArrayList<>();
        int i = 0;
        if (!isStatic) {
            params.add("fw_object* p" + i++);
        }
        for (Type t : Type.getArgumentTypes(desc)) {
            params.add(CodeGen.ctype(t.getDescriptor().charAt(0)) + " p" + i++);
        }
        b.append(params.isEmpty() ? "void" : String.join(", ", params)).append(')');
        return b.toString();
    }

    /** The C type of a pointer to a function with this descriptor, as {@code R (*)(args)}. */
    static String functionPointerType(String desc) {
        StringBuilder b = new StringBuilder();
        b.append(CodeGen.ctype(Type.getReturnType(desc).getDescriptor().charAt(0))).append(" (*)(fw_object*");
        for (Type t : Type.getArgumentTypes(desc)) {
            b.append(", ").append(CodeGen.ctype(t.getDescriptor().charAt(0)));
        }
        return b.append(')').toString();
    }

    @SuppressWarnings("unchecked")
    String translate() {
        try {
            frames = new Analyzer<>(new Typer(g::fieldFacts, g::callFacts)).analyze(m.owner(), node);
        } catch (AnalyzerException e) {
            throw new UserError("cannot analyse " + m + ": " + e.getMessage());
        }
        for (AbstractInsnNode insn : node.instructions) {
            if (insn instanceof JumpInsnNode j) {
                targets.add(j.label);
            } else if (insn instanceof TableSwitchInsnNode t) {
                targets.add(t.dflt);
                targets.addAll(t.labels);
            } else if (insn instanceof LookupSwitchInsnNode l) {
                targets.add(l.dflt);
                targets.addAll(l.labels);
            }
        }
        findCachedThisFields();
        out.append("/* ").append(m).append(" */\n");
        out.append(prototype()).append(" {\n");
        declareVariables();
        int param = 0;
        int local = 0;
        if (!isStatic) {
            out.append("    lA0 = p0;\n");
            param++;
            local++;
        }
        for (Type t : Type.getArgumentTypes(m.desc())) {
            char k = kindOf(t);
            out.append("    l").append(k).append(local).append(" = p").append(param++).append(";\n");
            local += t.getSize();
        }
        for (Map.Entry<FieldKey, String> e : cachedThisFields.entrySet()) {
            out.append("    ").append(e.getValue()).append(" = ((").append(g.structName(e.getKey().owner()))
                .append("*)lA0)->").append(g.fieldName(e.getKey())).append(";\n");
        }
        for (int i = 0; i < node.instructions.size(); i++) {
            AbstractInsnNode insn = node.instructions.get(i);
            if (insn instanceof LineNumberNode ln) {
                line = ln.line;
                continue;
            }
            if (insn instanceof LabelNode l) {
                if (targets.contains(l) && frames[i] != null) {
                    out.append(" L").append(i).append(":;\n");
                }
                continue;
            }
            if (insn.getOpcode() < 0 || frames[i] == null) {
                continue;
            }
            translate(i, insn);
        }
        out.append("}\n");
        return out.toString();
    }

    private static char kindOf(Type t) {
        switch (t.getSort()) {
            case Type.LONG: return 'J';
            case Type.FLOAT: return 'F';
            case Type.DOUBLE: return 'D';
            case Type.OBJECT:
            case Type.ARRAY: return 'A';
            case Type.VOID: return 'V';
            default: return 'I';
        }
    }

    private static String ctypeOfKind(char k) {
        switch (k) {
            case 'I': return "jint";
            case 'J': return "jlong";
            case 'F': return "jfloat";
            case 'D': return "jdouble";
            default: return "fw_object*";
        }
    }

    private void declareVariables() {
        Set<String> vars = new TreeSet<>();
        for (Frame<BasicValue> f : frames) {
            if (f == null) {
                continue;
            }
            for (int i = 0; i < f.getLocals(); i++) {
                char k = Typer.kind(f.getLocal(i));
                if (k != 0) {
                    vars.add("l" + k + i);
                }
            }
            for (int i = 0; i < f.getStackSize(); i++) {
                char k = Typer.kind(f.getStack(i));
                if (k != 0) {
                    vars.add("s" + k + i);
                }
            }
        }
        if (!isStatic) {
            vars.add("lA0");
        }
        int local = isStatic ? 0 : 1;
        for (Type t : Type.getArgumentTypes(m.desc())) {
            vars.add("l" + kindOf(t) + local);
            local += t.getSize();
        }
        for (String v : vars) {
            char k = v.charAt(1);
            if (k == 'F' || k == 'D') {
                throw new UserError(m.display() + ": float and double are not supported by the AOT compiler yet");
            }
            out.append("    ").append(ctypeOfKind(k)).append(' ').append(v).append(" = ")
                .append(k == 'J' ? g.model.longZero() : "0").append(";\n");
        }
        for (String v : vars) {
            out.append("    (void)").append(v).append(";\n");
        }
        for (String v : cachedThisFields.values()) {
            out.append("    ").append(ctypeOfKind(v.charAt(1))).append(' ').append(v).append(";\n");
        }
    }

    /** The receiver of a GETFIELD when it is {@code this} loaded right before it. */
    private static boolean onThis(FieldInsnNode fi) {
        AbstractInsnNode prev = fi.getPrevious();
        while (prev != null && prev.getOpcode() < 0 && !(prev instanceof LabelNode)) {
            prev = prev.getPrevious();
        }
        return prev instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 0;
    }

    private void findCachedThisFields() {
        if (isStatic) {
            return;
        }
        Map<FieldKey, Integer> reads = new java.util.LinkedHashMap<>();
        for (AbstractInsnNode insn : node.instructions) {
            if (insn instanceof VarInsnNode v && v.var == 0 && v.getOpcode() == Opcodes.ASTORE) {
                return;
            }
            if (insn instanceof FieldInsnNode fi && fi.getOpcode() == Opcodes.GETFIELD && onThis(fi)) {
                FieldKey key = g.w.field(fi);
                char k = fieldKind(fi.desc.charAt(0));
                if (!g.w.written.contains(key) && !key.equals(MissionWorld.ENUM_ORDINAL) && k != 'F' && k != 'D') {
                    reads.merge(key, 1, Integer::sum);
                }
            }
        }
        for (Map.Entry<FieldKey, Integer> e : reads.entrySet()) {
            if (e.getValue() >= 2) {
                cachedThisFields.put(e.getKey(), "c" + fieldKind(e.getKey().desc().charAt(0)) + cachedThisFields.size()
                    + "_" + e.getKey().name().replaceAll("[^A-Za-z0-9_]", "_"));
            }
        }
    }

    private static char fieldKind(char desc) {
        return desc == 'J' ? 'J' : desc == 'L' || desc == '[' ? 'A' : desc == 'F' ? 'F' : desc == 'D' ? 'D' : 'I';
    }

    // ---------------------------------------------------------------- instructions

    private Frame<BasicValue> f;
    private int n;

    /** The variable of the stack value at depth {@code d} (0 = bottom) before the instruction. */
    private String s(int d) {
        char k = Typer.kind(f.getStack(d));
        return "s" + k + d;
    }

    /** The variable of a value pushed at depth {@code d} with kind {@code k}. */
    private static String p(int d, char k) {
        return "s" + k + d;
    }

    private boolean nonNull(int d) {
        return Typer.nonNull(f.getStack(d));
    }

    private void emit(String stmt) {
        out.append("    ").append(stmt).append('\n');
    }

    private String site(String kind) {
        return g.site(kind, m, line);
    }

    private void nullCheck(int d) {
        if (!nonNull(d)) {
            emit("FW_NN(" + s(d) + ", " + site("NullPointerException") + ");");
        }
    }

    private String label(LabelNode l) {
        return "L" + node.instructions.indexOf(l);
    }

    private void translate(int i, AbstractInsnNode insn) {
        f = frames[i];
        n = f.getStackSize();
        int op = insn.getOpcode();
        switch (op) {
            case Opcodes.NOP -> { }
            case Opcodes.ACONST_NULL -> emit(p(n, 'A') + " = 0;");
            case Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2, Opcodes.ICONST_3,
                Opcodes.ICONST_4, Opcodes.ICONST_5 -> emit(p(n, 'I') + " = " + (op - Opcodes.ICONST_0) + ";");
            case Opcodes.LCONST_0, Opcodes.LCONST_1 -> emit(p(n, 'J') + " = " + (g.model.softInt64()
                ? g.model.longValue(op - Opcodes.LCONST_0) : Integer.toString(op - Opcodes.LCONST_0)) + ";");
            case Opcodes.BIPUSH, Opcodes.SIPUSH -> emit(p(n, 'I') + " = " + ((IntInsnNode) insn).operand + ";");
            case Opcodes.LDC -> ldc(((LdcInsnNode) insn).cst);
            case Opcodes.ILOAD, Opcodes.LLOAD, Opcodes.ALOAD -> {
                char k = op == Opcodes.ILOAD ? 'I' : op == Opcodes.LLOAD ? 'J' : 'A';
                emit(p(n, k) + " = l" + k + ((VarInsnNode) insn).var + ";");
            }
            case Opcodes.ISTORE, Opcodes.LSTORE, Opcodes.ASTORE -> {
                char k = op == Opcodes.ISTORE ? 'I' : op == Opcodes.LSTORE ? 'J' : 'A';
                emit("l" + k + ((VarInsnNode) insn).var + " = " + s(n - 1) + ";");
            }
            case Opcodes.IINC -> {
                IincInsnNode ii = (IincInsnNode) insn;
                emit("lI" + ii.var + " = (jint)((uint32_t)lI" + ii.var + " + (uint32_t)(" + ii.incr + "));");
            }
            case Opcodes.IALOAD, Opcodes.LALOAD, Opcodes.AALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD -> {
                String a = s(n - 2);
                String x = s(n - 1);
                indexCheck(n - 2, x);
                char e = switch (op) {
                    case Opcodes.IALOAD -> 'I';
                    case Opcodes.LALOAD -> 'J';
                    case Opcodes.AALOAD -> 'L';
                    case Opcodes.BALOAD -> 'B';
                    case Opcodes.CALOAD -> 'C';
                    default -> 'S';
                };
                char k = e == 'J' ? 'J' : e == 'L' ? 'A' : 'I';
                if (e == 'B') {
                    emit(p(n - 2, k) + " = " + g.model.byteLoad(a, x) + ";");
                    return;
                }
                emit(p(n - 2, k) + " = ((" + CodeGen.arrayType(e) + "*)" + a + ")->data[" + x + "];");
            }
            case Opcodes.IASTORE, Opcodes.LASTORE, Opcodes.AASTORE, Opcodes.BASTORE, Opcodes.CASTORE,
                Opcodes.SASTORE -> {
                String a = s(n - 3);
                String x = s(n - 2);
                String v = s(n - 1);
                indexCheck(n - 3, x);
                char e = switch (op) {
                    case Opcodes.IASTORE -> 'I';
                    case Opcodes.LASTORE -> 'J';
                    case Opcodes.AASTORE -> 'L';
                    case Opcodes.BASTORE -> 'B';
                    case Opcodes.CASTORE -> 'C';
                    default -> 'S';
                };
                if (e == 'L') {
                    g.needsStoreCheck = true;
                    emit("if (" + v + " && !fw_store_ok(" + a + "->cid, " + v + "->cid)) FW_PANIC_AT("
                        + site("ArrayStoreException") + ");");
                }
                if (e == 'B') {
                    emit(g.model.byteStore(a, x, v));
                    return;
                }
                String cast = switch (e) {
                    case 'B' -> "(jbyte)";
                    case 'C' -> "(jchar)";
                    case 'S' -> "(jshort)";
                    default -> "";
                };
                emit("((" + CodeGen.arrayType(e) + "*)" + a + ")->data[" + x + "] = " + cast + v + ";");
            }
            case Opcodes.POP, Opcodes.POP2 -> { }
            case Opcodes.DUP, Opcodes.DUP_X1, Opcodes.DUP_X2, Opcodes.DUP2, Opcodes.DUP2_X1, Opcodes.DUP2_X2,
                Opcodes.SWAP -> shuffle(op);
            case Opcodes.IADD -> binary('I', "(jint)((uint32_t)%s + (uint32_t)%s)");
            case Opcodes.ISUB -> binary('I', "(jint)((uint32_t)%s - (uint32_t)%s)");
            case Opcodes.IMUL -> binary('I', "(jint)((uint32_t)%s * (uint32_t)%s)");
            case Opcodes.IDIV -> binary('I', "fw_idiv(%s, %s, " + site("ArithmeticException") + ")");
            case Opcodes.IREM -> binary('I', "fw_irem(%s, %s, " + site("ArithmeticException") + ")");
            case Opcodes.IAND -> binary('I', "(%s & %s)");
            case Opcodes.IOR -> binary('I', "(%s | %s)");
            case Opcodes.IXOR -> binary('I', "(%s ^ %s)");
            case Opcodes.ISHL -> binary('I', "(jint)((uint32_t)%s << (%s & 31))");
            case Opcodes.ISHR -> binary('I', "fw_ishr(%s, %s)");
            case Opcodes.IUSHR -> binary('I', "(jint)((uint32_t)%s >> (%s & 31))");
            case Opcodes.LADD -> binary('J', g.model.longOp("ladd"));
            case Opcodes.LSUB -> binary('J', g.model.longOp("lsub"));
            case Opcodes.LMUL -> binary('J', g.model.longOp("lmul"));
            case Opcodes.LDIV -> binary('J', "fw_ldiv(%s, %s, " + site("ArithmeticException") + ")");
            case Opcodes.LREM -> binary('J', "fw_lrem(%s, %s, " + site("ArithmeticException") + ")");
            case Opcodes.LAND -> binary('J', g.model.longOp("land"));
            case Opcodes.LOR -> binary('J', g.model.longOp("lor"));
            case Opcodes.LXOR -> binary('J', g.model.longOp("lxor"));
            case Opcodes.LSHL -> binary('J', g.model.longOp("lshl"));
            case Opcodes.LSHR -> binary('J', "fw_lshr(%s, %s)");
            case Opcodes.LUSHR -> binary('J', g.model.longOp("lushr"));
            case Opcodes.LCMP -> binary('I', g.model.longOp("lcmp"));
            case Opcodes.INEG -> unary('I', "(jint)(0u - (uint32_t)%s)");
            case Opcodes.LNEG -> unary('J', g.model.longOp("lneg"));
            case Opcodes.I2L -> unary('J', g.model.longOp("i2l"));
            case Opcodes.L2I -> unary('I', g.model.longOp("l2i"));
            case Opcodes.I2B -> unary('I', "FW_I2B(%s)");
            case Opcodes.I2C -> unary('I', "(jint)((%s) & 0xFFFF)");
            case Opcodes.I2S -> unary('I', "FW_I2S(%s)");
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE -> {
                String c = cmp(op - Opcodes.IFEQ);
                emit("if (" + s(n - 1) + " " + c + " 0) goto " + label(((JumpInsnNode) insn).label) + ";");
            }
            case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                Opcodes.IF_ICMPLE -> {
                String c = cmp(op - Opcodes.IF_ICMPEQ);
                emit("if (" + s(n - 2) + " " + c + " " + s(n - 1) + ") goto " + label(((JumpInsnNode) insn).label)
                    + ";");
            }
            case Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> emit("if (" + s(n - 2) + (op == Opcodes.IF_ACMPEQ ? " == "
                : " != ") + s(n - 1) + ") goto " + label(((JumpInsnNode) insn).label) + ";");
            case Opcodes.IFNULL, Opcodes.IFNONNULL -> emit("if (" + s(n - 1) + (op == Opcodes.IFNULL ? " == 0"
                : " != 0") + ") goto " + label(((JumpInsnNode) insn).label) + ";");
            case Opcodes.GOTO -> emit("goto " + label(((JumpInsnNode) insn).label) + ";");
            case Opcodes.TABLESWITCH -> {
                TableSwitchInsnNode t = (TableSwitchInsnNode) insn;
                StringBuilder b = new StringBuilder("switch (" + s(n - 1) + ") {");
                for (int k = 0; k < t.labels.size(); k++) {
                    b.append(" case ").append(CodeGen.literal(t.min + k)).append(": goto ")
                        .append(label(t.labels.get(k))).append(';');
                }
                b.append(" default: goto ").append(label(t.dflt)).append("; }");
                emit(b.toString());
            }
            case Opcodes.LOOKUPSWITCH -> {
                LookupSwitchInsnNode l = (LookupSwitchInsnNode) insn;
                StringBuilder b = new StringBuilder("switch (" + s(n - 1) + ") {");
                for (int k = 0; k < l.keys.size(); k++) {
                    b.append(" case ").append(CodeGen.literal(l.keys.get(k))).append(": goto ")
                        .append(label(l.labels.get(k))).append(';');
                }
                b.append(" default: goto ").append(label(l.dflt)).append("; }");
                emit(b.toString());
            }
            case Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.ARETURN -> emit("return " + s(n - 1) + ";");
            case Opcodes.RETURN -> emit("return;");
            case Opcodes.GETSTATIC, Opcodes.PUTSTATIC, Opcodes.GETFIELD, Opcodes.PUTFIELD ->
                field((FieldInsnNode) insn);
            case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESPECIAL, Opcodes.INVOKESTATIC, Opcodes.INVOKEINTERFACE ->
                invoke((MethodInsnNode) insn);
            case Opcodes.NEW -> emit(p(n, 'A') + " = fw_mission_allocation(" + site("allocation (new "
                + ((TypeInsnNode) insn).desc.replace('/', '.') + ")") + ");");
            case Opcodes.NEWARRAY, Opcodes.ANEWARRAY -> emit(p(n - 1, 'A') + " = fw_mission_allocation("
                + site("allocation (new array)") + ");");
            case Opcodes.MULTIANEWARRAY -> emit(p(n - ((MultiANewArrayInsnNode) insn).dims, 'A')
                + " = fw_mission_allocation(" + site("allocation (new array)") + ");");
            case Opcodes.ARRAYLENGTH -> {
                nullCheck(n - 1);
                int length = Typer.length(f.getStack(n - 1));
                emit(p(n - 1, 'I') + " = " + (length >= 0 ? Integer.toString(length) : "((fw_array*)" + s(n - 1)
                    + ")->length") + ";");
            }
            case Opcodes.ATHROW -> {
                nullCheck(n - 1);
                emit("FW_PANIC_AT(" + site("throw") + ");");
            }
            case Opcodes.CHECKCAST -> {
                String t = ((TypeInsnNode) insn).desc;
                String test = g.typeTest(s(n - 1) + "->cid", t);
                if (!test.equals("1") && !t.equals(MissionWorld.OBJECT)) {
                    emit("if (" + s(n - 1) + " && !(" + test + ")) FW_PANIC_AT(" + site("ClassCastException") + ");");
                }
            }
            case Opcodes.INSTANCEOF -> {
                String t = ((TypeInsnNode) insn).desc;
                emit(p(n - 1, 'I') + " = " + s(n - 1) + " != 0 && (" + g.typeTest(s(n - 1) + "->cid", t) + ");");
            }
            default -> throw new UserError(m.display() + " (line " + line + "): the AOT compiler does not translate"
                + " opcode " + op + (op == Opcodes.MONITORENTER || op == Opcodes.MONITOREXIT ? " (monitors)"
                : op == Opcodes.INVOKEDYNAMIC ? " (invokedynamic)" : " (float or double arithmetic)"));
        }
    }

    private static String cmp(int k) {
        return new String[] {"==", "!=", "<", ">=", ">", "<="}[k];
    }

    private void binary(char k, String fmt) {
        emit(p(n - 2, k) + " = " + String.format(fmt, s(n - 2), s(n - 1)) + ";");
    }

    private void unary(char k, String fmt) {
        emit(p(n - 1, k) + " = " + String.format(fmt, s(n - 1)) + ";");
    }

    private void indexCheck(int arrayDepth, String index) {
        String a = s(arrayDepth);
        int length = Typer.length(f.getStack(arrayDepth));
        String bounds = length == 0 ? "FW_PANIC_AT(" + site("ArrayIndexOutOfBoundsException") + ");"
            : length > 0 ? "FW_BOUNDS_N(" + index + ", " + length + ", " + site("ArrayIndexOutOfBoundsException") + ");"
            : "FW_BOUNDS(" + a + ", " + index + ", " + site("ArrayIndexOutOfBoundsException") + ");";
        if (nonNull(arrayDepth)) {
            emit(bounds);
        } else {
            emit("FW_NN(" + a + ", " + site("NullPointerException") + "); " + bounds);
        }
    }

    private void ldc(Object c) {
        if (c instanceof Integer v) {
            emit(p(n, 'I') + " = " + CodeGen.literal(v) + ";");
        } else if (c instanceof Long v) {
            emit(p(n, 'J') + " = " + g.model.longValue(v) + ";");
        } else if (c instanceof String str) {
            emit(p(n, 'A') + " = " + g.ref(str.intern()) + ";");
        } else {
            throw new UserError(m.display() + " (line " + line + "): the AOT compiler does not translate the constant "
                + c + " (" + c.getClass().getSimpleName() + ")");
        }
    }

    /** Stack shuffles: copies through temporaries, since slots of different kinds are different variables. */
    private void shuffle(int op) {
        int c1 = size(n - 1);
        int c2 = n >= 2 ? size(n - 2) : 0;
        int c3 = n >= 3 ? size(n - 3) : 0;
        // Values counted from the top: 0 = top. before: how many values are taken; after: which of them, bottom first.
        int[] after;
        int before;
        switch (op) {
            case Opcodes.DUP -> { before = 1; after = new int[] {0, 0}; }
            case Opcodes.DUP_X1 -> { before = 2; after = new int[] {0, 1, 0}; }
            case Opcodes.DUP_X2 -> {
                if (c2 == 2) { before = 2; after = new int[] {0, 1, 0}; } else { before = 3; after = new int[] {0, 2, 1, 0}; }
            }
            case Opcodes.DUP2 -> {
                if (c1 == 2) { before = 1; after = new int[] {0, 0}; } else { before = 2; after = new int[] {1, 0, 1, 0}; }
            }
            case Opcodes.DUP2_X1 -> {
                if (c1 == 2) { before = 2; after = new int[] {0, 1, 0}; } else { before = 3; after = new int[] {1, 0, 2, 1, 0}; }
            }
            case Opcodes.DUP2_X2 -> {
                if (c1 == 2 && c2 == 2) {
                    before = 2; after = new int[] {0, 1, 0};
                } else if (c1 == 1 && c2 == 1 && c3 == 2) {
                    before = 3; after = new int[] {1, 0, 2, 1, 0};
                } else if (c1 == 2) {
                    before = 3; after = new int[] {0, 2, 1, 0};
                } else {
                    before = 4; after = new int[] {1, 0, 3, 2, 1, 0};
                }
            }
            default -> { before = 2; after = new int[] {0, 1}; }
        }
        StringBuilder b = new StringBuilder("{ ");
        char[] kinds = new char[before];
        for (int v = 0; v < before; v++) {
            int d = n - 1 - v;
            kinds[v] = Typer.kind(f.getStack(d));
            b.append(ctypeOfKind(kinds[v])).append(" t").append(v).append(" = ").append(s(d)).append("; ");
        }
        int base = n - before;
        for (int k = 0; k < after.length; k++) {
            b.append(p(base + k, kinds[after[k]])).append(" = t").append(after[k]).append("; ");
        }
        emit(b.append('}').toString());
    }

    private int size(int d) {
        return f.getStack(d).getSize();
    }

    // ---------------------------------------------------------------- fields

    private void field(FieldInsnNode fi) {
        FieldKey key = g.w.field(fi);
        char desc = fi.desc.charAt(0);
        char k = desc == 'J' ? 'J' : desc == 'L' || desc == '[' ? 'A' : desc == 'F' ? 'F' : desc == 'D' ? 'D' : 'I';
        switch (fi.getOpcode()) {
            case Opcodes.GETSTATIC -> {
                if (!g.w.written.contains(key)) {
                    Field field = g.w.reflect(key);
                    emit(p(n, k) + " = " + g.valueExpr(field.getType(), g.w.statics.get(key)) + "; /* " + key + " */");
                } else {
                    emit(p(n, k) + " = " + g.staticName(key) + ";");
                }
            }
            case Opcodes.PUTSTATIC -> {
                if (g.w.read.contains(key)) {
                    emit(g.staticName(key) + " = " + narrow(desc, s(n - 1), g.model) + ";");
                }
            }
            case Opcodes.GETFIELD -> {
                String cached = cachedThisFields.get(key);
                if (cached != null && onThis(fi)) {
                    emit(p(n - 1, k) + " = " + cached + ";");
                    return;
                }
                nullCheck(n - 1);
                emit(p(n - 1, k) + " = ((" + g.structName(key.owner()) + "*)" + s(n - 1) + ")->" + g.fieldName(key)
                    + ";");
            }
            default -> {
                nullCheck(n - 2);
                if (g.w.read.contains(key)) {
                    emit("((" + g.structName(key.owner()) + "*)" + s(n - 2) + ")->" + g.fieldName(key) + " = "
                        + narrow(desc, s(n - 1), g.model) + ";");
                }
            }
        }
    }

    private static String narrow(char desc, String v, DataModel model) {
        return switch (desc) {
            case 'Z' -> "(jboolean)(" + v + " & 1)";
            case 'B' -> model.narrowByte(v);
            case 'C' -> "(jchar)" + v;
            case 'S' -> "(jshort)" + v;
            default -> v;
        };
    }

    // ---------------------------------------------------------------- calls

    private void invoke(MethodInsnNode mi) {
        Type[] args = Type.getArgumentTypes(mi.desc);
        boolean hasReceiver = mi.getOpcode() != Opcodes.INVOKESTATIC;
        int first = n - args.length - (hasReceiver ? 1 : 0);
        List<String> argv = new ArrayList<>();
        for (int d = first; d < n; d++) {
            argv.add(s(d));
        }
        char rk = kindOf(Type.getReturnType(mi.desc));
        String result = rk == 'V' ? "" : p(first, rk) + " = ";
        if (ClosedWorld.isIntrinsic(mi.owner) || g.w.classes.isJdk(mi.owner) || mi.owner.startsWith("[")) {
            intrinsic(mi, argv, first, result);
            return;
        }
        if (mi.getOpcode() == Opcodes.INVOKESTATIC || mi.getOpcode() == Opcodes.INVOKESPECIAL) {
            MethodRef target = g.w.classes.resolve(mi.owner, mi.name, mi.desc);
            if (target == null || g.w.classes.isJdk(target.owner())) {
                intrinsic(mi, argv, first, result);
                return;
            }
            if (hasReceiver) {
                nullCheck(first);
            }
            emit(result + g.functionName(target) + "(" + String.join(", ", argv) + ");");
            return;
        }
        MethodRef resolved = g.w.classes.resolve(mi.owner, mi.name, mi.desc);
        MethodNode rn = resolved == null ? null : g.w.classes.method(resolved);
        if (rn != null && (rn.access & Opcodes.ACC_PRIVATE) != 0) {
            nullCheck(first);
            emit(result + g.functionName(resolved) + "(" + String.join(", ", argv) + ");");
            return;
        }
        if (resolved != null && resolved.owner().equals(MissionWorld.ENUM) && mi.name.equals("ordinal")) {
            intrinsic(new MethodInsnNode(mi.getOpcode(), MissionWorld.ENUM, mi.name, mi.desc), argv, first, result);
            return;
        }
        Map<MethodRef, List<String>> targets = g.w.virtualTargets(mi.owner, mi.name, mi.desc);
        nullCheck(first);
        String recv = s(first);
        if (targets.isEmpty()) {
            // No object of any class that could receive the call exists: the receiver is always null.
            emit("FW_PANIC_AT(" + site("NullPointerException") + ");");
            return;
        }
        if (targets.size() == 1) {
            emit(result + g.functionName(targets.keySet().iterator().next()) + "(" + String.join(", ", argv) + ");");
            return;
        }
        if (targets.size() <= 4) {
            StringBuilder b = new StringBuilder("switch (" + recv + "->cid) {");
            int k = 0;
            for (Map.Entry<MethodRef, List<String>> e : targets.entrySet()) {
                b.append(' ');
                if (++k == targets.size()) {
                    b.append("default:");
                } else {
                    for (String c : e.getValue()) {
                        b.append("case ").append(g.cid(c)).append(": ");
                    }
                }
                b.append(' ').append(result).append(g.functionName(e.getKey())).append("(")
                    .append(String.join(", ", argv)).append("); break;");
            }
            emit(b.append(" }").toString());
            return;
        }
        String fnType = functionPointerType(mi.desc);
        String table = g.selectorTable(mi.name + mi.desc, fnType, targets);
        String name = table.substring(0, table.indexOf('@'));
        int lo = Integer.parseInt(table.substring(table.indexOf('@') + 1));
        emit(result + name + "[" + recv + "->cid - " + lo + "](" + String.join(", ", argv) + ");");
    }

    /** Calls the compiler lowers itself: the machine, the JDK members of the allow-list. */
    private void intrinsic(MethodInsnNode mi, List<String> a, int first, String result) {
        String key = mi.owner + "." + mi.name + mi.desc;
        String m0 = a.isEmpty() ? "" : a.get(0);
        String c;
        switch (key) {
            case "java/lang/Object.<init>()V", "java/lang/Record.<init>()V" -> {
                return;
            }
            case "org/firmerware/bottom/machine/Registers.read32(I)I" -> c = "FW_REG_LOAD32((uint32_t)" + m0 + ")";
            case "org/firmerware/bottom/machine/Registers.read16(I)I" -> c = "FW_REG_LOAD16((uint32_t)" + m0 + ")";
            case "org/firmerware/bottom/machine/Registers.read8(I)I" -> c = "FW_REG_LOAD8((uint32_t)" + m0 + ")";
            case "org/firmerware/bottom/machine/Registers.write32(II)V" -> c = "FW_REG_STORE32((uint32_t)" + m0
                + ", (uint32_t)" + a.get(1) + ")";
            case "org/firmerware/bottom/machine/Registers.write16(II)V" -> c = "FW_REG_STORE16((uint32_t)" + m0
                + ", (uint32_t)" + a.get(1) + " & 0xFFFFu)";
            case "org/firmerware/bottom/machine/Registers.write8(II)V" -> c = "FW_REG_STORE8((uint32_t)" + m0
                + ", (uint32_t)" + a.get(1) + " & 0xFFu)";
            case "org/firmerware/bottom/machine/Registers.ioRead16(I)I" -> c = "FW_IO_LOAD16((uint32_t)" + m0 + ")";
            case "org/firmerware/bottom/machine/Registers.ioWrite16(II)V" -> c = "FW_IO_STORE16((uint32_t)" + m0
                + ", (uint32_t)" + a.get(1) + " & 0xFFFFu)";
            case "org/firmerware/bottom/machine/Interrupts.disable()Z" -> c = "fw_irq_disable()";
            case "org/firmerware/bottom/machine/Interrupts.restore(Z)V" -> c = "fw_irq_restore(" + m0 + ")";
            case "org/firmerware/bottom/machine/Interrupts.waitForInterrupt(I)V" -> c = "fw_wait_for_interrupt(" + m0
                + ")";
            case "org/firmerware/bottom/machine/Debug.print(Ljava/lang/String;)V" -> c = "fw_debug_string(" + m0 + ", "
                + site("NullPointerException") + ")";
            case "org/firmerware/bottom/machine/Debug.print(I)V" -> c = "fw_debug_int(" + m0 + ")";
            case "org/firmerware/bottom/machine/Debug.print(J)V" -> c = "fw_debug_long(" + m0 + ")";
            case "org/firmerware/bottom/machine/Debug.print([BII)V" -> c = "fw_debug_bytes(" + m0 + ", " + a.get(1)
                + ", " + a.get(2) + ", " + site("NullPointerException") + ", " + site("ArrayIndexOutOfBoundsException")
                + ")";
            case "org/firmerware/bottom/machine/Debug.println()V" -> c = "fw_debug_write(\"\\n\", 1)";
            case "org/firmerware/bottom/machine/Delay.cycles(I)V" -> c = "FW_DELAY_CYCLES(" + m0 + ")";
            case "org/firmerware/bottom/machine/Memory.addressOf([S)I" -> {
                nullCheck(first);
                c = "FW_ADDRESS_OF(((fw_arr_S*)" + m0 + ")->data)";
            }
            case "org/firmerware/bottom/machine/Reset.cpu()V" -> c = "fw_reset()";
            case "org/firmerware/bottom/machine/Reset.image(I)V" -> c = "fw_start_image(" + m0 + ")";
            case "org/firmerware/bottom/machine/Reset.copyAndStart(III)V" -> c = "fw_copy_and_start(" + m0 + ", "
                + a.get(1) + ", " + a.get(2) + ")";
            case "java/lang/String.length()I" -> {
                nullCheck(first);
                c = "((fw_array*)" + m0 + ")->length";
            }
            case "java/lang/String.charAt(I)C" -> c = "fw_string_char_at(" + m0 + ", " + a.get(1) + ", "
                + site("NullPointerException") + ", " + site("StringIndexOutOfBoundsException") + ")";
            case "java/lang/Enum.ordinal()I" -> {
                nullCheck(first);
                c = "((" + g.structName(enumStruct(first)) + "*)" + m0 + ")->" + g.fieldName(MissionWorld.ENUM_ORDINAL);
            }
            case "java/lang/System.arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V" -> c = arraycopy(first, a);
            default -> c = jdkMath(key, a);
        }
        if (c == null) {
            throw new UserError(m.display() + " (line " + line + ") calls " + mi.owner.replace('/', '.') + "."
                + mi.name + mi.desc + ": the AOT compiler has no lowering for it");
        }
        emit(result + c + ";");
    }

    /**
     * {@code System.arraycopy}: inline, element by element, when both arrays are known to be of the same primitive
     * type (no ArrayStoreException is possible, the checks are Java's in Java's order: null, then bounds); else the
     * runtime's {@code fw_arraycopy}, which tests the types.
     */
    private String arraycopy(int first, List<String> a) {
        String src = Typer.arrayDesc(f.getStack(first));
        String dst = Typer.arrayDesc(f.getStack(first + 2));
        if (src != null && src.equals(dst) && "ZBCSIJ".indexOf(src.charAt(1)) >= 0
            && !(g.model.packedBytes() && (src.charAt(1) == 'B' || src.charAt(1) == 'Z'))) {
            char e = src.charAt(1) == 'Z' ? 'B' : src.charAt(1);
            return "fw_arraycopy_" + e + "(" + a.get(0) + ", " + a.get(1) + ", " + a.get(2) + ", " + a.get(3) + ", "
                + a.get(4) + ", " + site("NullPointerException") + ", " + site("ArrayIndexOutOfBoundsException") + ")";
        }
        return "fw_arraycopy(" + a.get(0) + ", " + a.get(1) + ", " + a.get(2) + ", " + a.get(3) + ", " + a.get(4)
            + ", fw_elem_size(fw_cid_or_0(" + a.get(0) + ")), fw_elem_size(fw_cid_or_0(" + a.get(2) + ")), fw_store_ok, "
            + site("NullPointerException") + ", " + site("ArrayIndexOutOfBoundsException") + ", "
            + site("ArrayStoreException") + ")";
    }

    /** The struct of the enum class a call to {@code ordinal()} sees: any enum in the image (they share the prefix). */
    private String enumStruct(int receiverDepth) {
        for (String c : g.structClasses) {
            org.objectweb.asm.tree.ClassNode cn = g.w.classes.node(c);
            if (cn != null && MissionWorld.ENUM.equals(cn.superName)) {
                return c;
            }
        }
        throw new UserError(m.display() + " calls ordinal() but the image has no enum objects");
    }

    private String jdkMath(String key, List<String> a) {
        String owner = key.substring(0, key.indexOf('.'));
        String rest = key.substring(key.indexOf('.') + 1);
        String name = rest.substring(0, rest.indexOf('('));
        String desc = rest.substring(rest.indexOf('('));
        String prefix;
        switch (owner) {
            case "java/lang/Math" -> prefix = "fw_math_";
            case "java/lang/Integer" -> prefix = "fw_int_";
            case "java/lang/Long" -> prefix = "fw_long_";
            case "java/lang/Short" -> prefix = "fw_short_";
            default -> {
                return null;
            }
        }
        String suffix = switch (desc) {
            case "(II)I", "(I)I", "(I)J", "(II)J" -> "i";
            case "(JJ)J", "(J)J", "(J)I", "(JJ)I" -> "l";
            case "(JI)I", "(JI)J" -> "li";
            case "(SS)I", "(S)J", "(S)S" -> "s";
            default -> null;
        };
        if (suffix == null || !INTRINSIC_NAMES.contains(owner + "." + name)) {
            return null;
        }
        String extra = name.startsWith("floor") || name.equals("divideUnsigned") || name.equals("remainderUnsigned")
            ? ", " + site("ArithmeticException") : "";
        return prefix + name + "_" + suffix + "(" + String.join(", ", a) + extra + ")";
    }

    private static final Set<String> INTRINSIC_NAMES = Set.of("java/lang/Math.min", "java/lang/Math.max",
        "java/lang/Math.abs", "java/lang/Math.floorMod", "java/lang/Math.floorDiv",
        "java/lang/Integer.compareUnsigned", "java/lang/Integer.divideUnsigned", "java/lang/Integer.remainderUnsigned",
        "java/lang/Integer.toUnsignedLong", "java/lang/Integer.numberOfLeadingZeros",
        "java/lang/Integer.numberOfTrailingZeros", "java/lang/Integer.bitCount", "java/lang/Integer.reverseBytes",
        "java/lang/Integer.rotateLeft", "java/lang/Integer.rotateRight", "java/lang/Integer.highestOneBit",
        "java/lang/Integer.lowestOneBit", "java/lang/Integer.signum",
        "java/lang/Long.compareUnsigned", "java/lang/Long.divideUnsigned", "java/lang/Long.remainderUnsigned",
        "java/lang/Long.numberOfLeadingZeros", "java/lang/Long.numberOfTrailingZeros", "java/lang/Long.bitCount",
        "java/lang/Long.reverseBytes", "java/lang/Long.rotateLeft", "java/lang/Long.rotateRight",
        "java/lang/Long.highestOneBit", "java/lang/Long.lowestOneBit", "java/lang/Long.signum",
        "java/lang/Short.compareUnsigned", "java/lang/Short.toUnsignedLong", "java/lang/Short.reverseBytes");
}
