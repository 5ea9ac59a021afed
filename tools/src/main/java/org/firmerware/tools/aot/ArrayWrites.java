package org.firmerware.tools.aot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.firmerware.tools.UserError;
import org.firmerware.tools.check.ClosedWorld;
import org.firmerware.tools.check.MethodRef;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Which arrays and objects of the snapshot mission code can write: a field-based flow analysis of references. Every
 * reference a store goes through (into an array: {@code xastore}, the destination of {@code System.arraycopy}; into
 * an object: the receiver of {@code putfield}) is
 * traced back, within the method by ASM's source analysis and across methods through parameters and return values, to
 * where it came from: a field ({@code F:owner.name}), an element of arrays from somewhere ({@code E:...}), a root
 * object, or a String constant. An object of the snapshot is writable when a field or root that refers to it (or the
 * array that holds it) is such an origin. Where the trace loses the way ({@code TOP}: a value of unknown origin), every
 * array of that element kind, or every object of a written class, counts as writable, as without this analysis.
 */
final class ArrayWrites {

    static final String TOP = "TOP";
    private static final int MAX_NESTING = 3;

    private final MissionWorld w;
    /** Origins of each method's parameters (slot) and return value, from the call sites. */
    private final Map<String, Set<String>> flows = new HashMap<>();
    /** Per element kind ('L' for references), the origins of arrays stored into. */
    private final Map<Character, Set<String>> writes = new HashMap<>();

    private MethodRef method;
    private MethodNode node;
    private Frame<SourceValue>[] frames;

    ArrayWrites(MissionWorld w) {
        this.w = w;
        for (MissionWorld.Root r : w.roots) {
            flow(param(r.method(), 0)).add("ROOT:" + r.why());
        }
        for (Map.Entry<MethodRef, MethodNode> e : w.methods.entrySet()) {
            scan(e.getKey(), e.getValue());
        }
    }

    private Set<String> flow(String key) {
        return flows.computeIfAbsent(key, k -> new LinkedHashSet<>());
    }

    private static String param(MethodRef m, int slot) {
        return "P:" + m + ":" + slot;
    }

    private static String ret(MethodRef m) {
        return "R:" + m;
    }

    @SuppressWarnings("unchecked")
    private void scan(MethodRef m, MethodNode n) {
        method = m;
        node = n;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(m.owner(), n);
        } catch (AnalyzerException e) {
            throw new UserError("cannot analyse " + m + ": " + e.getMessage());
        }
        for (int i = 0; i < n.instructions.size(); i++) {
            AbstractInsnNode insn = n.instructions.get(i);
            Frame<SourceValue> f = frames[i];
            if (f == null) {
                continue;
            }
            int s = f.getStackSize();
            switch (insn.getOpcode()) {
                case Opcodes.IASTORE -> write('I', f.getStack(s - 3));
                case Opcodes.LASTORE -> write('J', f.getStack(s - 3));
                case Opcodes.FASTORE -> write('F', f.getStack(s - 3));
                case Opcodes.DASTORE -> write('D', f.getStack(s - 3));
                case Opcodes.AASTORE -> {
                    write('L', f.getStack(s - 3));
                    if (!isNull(f.getStack(s - 1))) {
                        elementsRebound = true;
                    }
                }
                case Opcodes.PUTFIELD, Opcodes.PUTSTATIC -> {
                    FieldInsnNode fi = (FieldInsnNode) insn;
                    if (insn.getOpcode() == Opcodes.PUTFIELD && w.read.contains(w.field(fi))) {
                        objectWrites.addAll(origins(f.getStack(s - 2), 0));
                    }
                    if (fi.desc.startsWith("L") || fi.desc.startsWith("[")) {
                        flow("F:" + w.field(fi)).addAll(origins(f.getStack(s - 1), 0));
                    }
                }
                case Opcodes.BASTORE -> {
                    write('B', f.getStack(s - 3));
                    write('Z', f.getStack(s - 3));
                }
                case Opcodes.CASTORE -> write('C', f.getStack(s - 3));
                case Opcodes.SASTORE -> write('S', f.getStack(s - 3));
                case Opcodes.ARETURN -> flow(ret(m)).addAll(origins(f.getStack(s - 1), 0));
                default -> {
                    if (insn instanceof MethodInsnNode mi) {
                        call(mi, f);
                    }
                }
            }
        }
    }

    /** The origins of objects whose live fields mission code stores into. */
    private final Set<String> objectWrites = new LinkedHashSet<>();
    private Set<String> resolvedObjectWrites;

    /**
     * Whether mission code may write a field of this object of the snapshot (one of whose class's live fields it
     * writes somewhere).
     */
    boolean writableObject(MissionWorld.Node n) {
        if (resolvedObjectWrites == null) {
            resolvedObjectWrites = new LinkedHashSet<>();
            for (String o : objectWrites) {
                resolve(o, resolvedObjectWrites, new HashSet<>());
            }
        }
        return matches(n, resolvedObjectWrites);
    }

    private static boolean matches(MissionWorld.Node n, Set<String> written) {
        if (written.contains(TOP)) {
            return true;
        }
        Set<String> origins = new LinkedHashSet<>();
        if (!originsOf(n, 0, origins, new HashSet<>())) {
            return true;
        }
        for (String o : origins) {
            if (written.contains(o)) {
                return true;
            }
        }
        return false;
    }

    /** Whether mission code stores references into arrays: then an element's origin may change at run time. */
    private boolean elementsRebound;

    private static boolean isNull(SourceValue v) {
        for (AbstractInsnNode i : v.insns) {
            if (i.getOpcode() != Opcodes.ACONST_NULL) {
                return false;
            }
        }
        return true;
    }

    private void write(char kind, SourceValue array) {
        writes.computeIfAbsent(kind, k -> new LinkedHashSet<>()).addAll(origins(array, 0));
    }

    private void call(MethodInsnNode mi, Frame<SourceValue> f) {
        Type[] args = Type.getArgumentTypes(mi.desc);
        boolean receiver = mi.getOpcode() != Opcodes.INVOKESTATIC;
        int first = f.getStackSize() - args.length - (receiver ? 1 : 0);
        if (mi.owner.equals("java/lang/System") && mi.name.equals("arraycopy")) {
            Set<String> dst = origins(f.getStack(first + 2), 0);
            for (char k : "ZBCSIJFDL".toCharArray()) {
                writes.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(dst);
            }
            return;
        }
        if (mi.owner.startsWith("[") || ClosedWorld.isIntrinsic(mi.owner) || w.classes.isJdk(mi.owner)) {
            return;
        }
        List<MethodRef> targets = new ArrayList<>();
        if (mi.getOpcode() == Opcodes.INVOKEVIRTUAL || mi.getOpcode() == Opcodes.INVOKEINTERFACE) {
            MethodRef resolved = w.classes.resolve(mi.owner, mi.name, mi.desc);
            MethodNode rn = resolved == null ? null : w.classes.method(resolved);
            if (rn != null && (rn.access & Opcodes.ACC_PRIVATE) != 0) {
                targets.add(resolved);
            } else {
                targets.addAll(w.virtualTargets(mi.owner, mi.name, mi.desc).keySet());
            }
        } else {
            MethodRef r = w.classes.resolve(mi.owner, mi.name, mi.desc);
            if (r != null) {
                targets.add(r);
            }
        }
        for (MethodRef t : targets) {
            int slot = 0;
            if (receiver) {
                flow(param(t, slot++)).addAll(origins(f.getStack(first), 0));
            }
            for (int a = 0; a < args.length; a++) {
                if (args[a].getSort() == Type.ARRAY || args[a].getSort() == Type.OBJECT) {
                    flow(param(t, slot)).addAll(origins(f.getStack(first + (receiver ? 1 : 0) + a), 0));
                }
                slot += args[a].getSize();
            }
        }
    }

    /** Where a value may come from, within the method being scanned; {@code nesting}: elements of elements. */
    private Set<String> origins(SourceValue v, int nesting) {
        Set<String> out = new LinkedHashSet<>();
        collect(v, nesting, out, new HashSet<>());
        return out;
    }

    private void collect(SourceValue v, int nesting, Set<String> out, Set<AbstractInsnNode> seen) {
        for (AbstractInsnNode insn : v.insns) {
            if (!seen.add(insn)) {
                continue;
            }
            Frame<SourceValue> f = frames[node.instructions.indexOf(insn)];
            int op = insn.getOpcode();
            switch (op) {
                case Opcodes.GETFIELD, Opcodes.GETSTATIC -> out.add(prefix(nesting) + "F:"
                    + w.field((FieldInsnNode) insn));
                case Opcodes.AALOAD -> {
                    if (nesting >= MAX_NESTING) {
                        out.add(TOP);
                    } else {
                        collect(f.getStack(f.getStackSize() - 2), nesting + 1, out, seen);
                    }
                }
                case Opcodes.ALOAD -> {
                    int var = ((VarInsnNode) insn).var;
                    if (var < parameterSlots()) {
                        // A parameter, perhaps reassigned: merged values keep no trace of the parameter itself.
                        out.add(prefix(nesting) + param(method, var));
                    }
                    collect(f.getLocal(var), nesting, out, seen);
                }
                case Opcodes.ASTORE, Opcodes.DUP, Opcodes.CHECKCAST -> collect(f.getStack(f.getStackSize() - 1), nesting,
                    out, seen);
                case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKEINTERFACE, Opcodes.INVOKESTATIC, Opcodes.INVOKESPECIAL -> {
                    MethodInsnNode mi = (MethodInsnNode) insn;
                    if (w.classes.isJdk(mi.owner) || mi.owner.startsWith("[") || ClosedWorld.isIntrinsic(mi.owner)) {
                        out.add(TOP);
                    } else if (op == Opcodes.INVOKEVIRTUAL || op == Opcodes.INVOKEINTERFACE) {
                        MethodRef resolved = w.classes.resolve(mi.owner, mi.name, mi.desc);
                        MethodNode rn = resolved == null ? null : w.classes.method(resolved);
                        if (rn != null && (rn.access & Opcodes.ACC_PRIVATE) != 0) {
                            out.add(prefix(nesting) + ret(resolved));
                        } else {
                            for (MethodRef t : w.virtualTargets(mi.owner, mi.name, mi.desc).keySet()) {
                                out.add(prefix(nesting) + ret(t));
                            }
                        }
                    } else {
                        out.add(prefix(nesting) + ret(w.classes.resolve(mi.owner, mi.name, mi.desc)));
                    }
                }
                case Opcodes.DUP_X1, Opcodes.DUP_X2, Opcodes.DUP2, Opcodes.DUP2_X1, Opcodes.DUP2_X2, Opcodes.SWAP -> {
                    // A copy of one of the values it shuffles: any of the top four.
                    for (int d = Math.max(0, f.getStackSize() - 4); d < f.getStackSize(); d++) {
                        collect(f.getStack(d), nesting, out, seen);
                    }
                }
                case Opcodes.NEW, Opcodes.NEWARRAY, Opcodes.ANEWARRAY, Opcodes.MULTIANEWARRAY -> out.add(TOP);
                default -> {
                    // Constants, null, and every instruction that produces a primitive: no array comes from them.
                }
            }
        }
    }

    private int parameterSlots() {
        int slots = (node.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type t : Type.getArgumentTypes(method.desc())) {
            slots += t.getSize();
        }
        return slots;
    }

    /** Whether mission code may write into this array of the snapshot (whose element kind it stores into at all). */
    boolean writable(MissionWorld.Node n, char kind) {
        return matches(n, resolved.computeIfAbsent(kind, this::resolvedWrites));
    }

    private final Map<Character, Set<String>> resolved = new HashMap<>();

    /** The origins of a snapshot object as the analysis names them; false when they nest too deep to name. */
    private static boolean originsOf(MissionWorld.Node n, int nesting, Set<String> out, Set<MissionWorld.Node> seen) {
        if (!seen.add(n)) {
            return false;
        }
        for (String o : n.origins) {
            out.add(prefix(nesting) + o);
        }
        for (MissionWorld.Node c : n.containers) {
            if (nesting >= MAX_NESTING || !originsOf(c, nesting + 1, out, new HashSet<>(seen))) {
                return false;
            }
        }
        return true;
    }

    private static String prefix(int nesting) {
        return "E:".repeat(nesting);
    }

    /** The origins of array writes of a kind, with parameters and return values resolved to fields and roots. */
    Set<String> resolvedWrites(char kind) {
        Set<String> out = new LinkedHashSet<>();
        for (String o : writes.getOrDefault(kind, Set.of())) {
            resolve(o, out, new HashSet<>());
        }
        return out;
    }

    private void resolve(String o, Set<String> out, Set<String> seen) {
        if (!seen.add(o)) {
            return;
        }
        int nesting = 0;
        String base = o;
        while (base.startsWith("E:")) {
            nesting++;
            base = base.substring(2);
        }
        if (nesting > 0 && elementsRebound) {
            out.add(TOP);
            return;
        }
        if (base.startsWith("F:")) {
            out.add(o);
        }
        if (base.startsWith("P:") || base.startsWith("R:") || base.startsWith("F:")) {
            Set<String> inner = new LinkedHashSet<>();
            for (String x : flows.getOrDefault(base, Set.of())) {
                resolve(x, inner, new HashSet<>(seen));
            }
            for (String x : inner) {
                if (x.equals(TOP) || prefix(nesting).length() / 2 + nesting(x) > MAX_NESTING + 1) {
                    out.add(TOP);
                } else {
                    out.add(prefix(nesting) + x);
                }
            }
        } else if (!base.startsWith("F:")) {
            out.add(o);
        }
    }

    private static int nesting(String o) {
        int n = 0;
        while (o.startsWith("E:", 2 * n)) {
            n++;
        }
        return n;
    }
}
