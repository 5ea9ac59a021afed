package org.firmerware.tools.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.firmerware.tools.check.ClosedWorld.Call;
import org.firmerware.tools.check.ClosedWorld.Phase;
import org.firmerware.tools.check.Violation.Frame;
import org.firmerware.tools.check.Violation.Kind;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * The firmware-Java rules over a {@link ClosedWorld} (see {@code firmware-java.md}). Each instruction is reported
 * once, under the most specific rule it breaks.
 *
 * <p>Mission code must not allocate (also hidden: exceptions, StringBuilder, varargs arrays, array clones), use
 * {@code invokedynamic} (string concatenation, lambdas), box, call an enum's {@code values()}, iterate an
 * {@code Iterable}, recurse, or use {@code float}/{@code double} when the board forbids them. All firmware code must
 * not use monitors or any JDK class or member outside the {@link AllowList}.
 */
public final class Checker {

    private static final String THROWABLE = "java/lang/Throwable";
    private static final Set<String> BUILDERS = Set.of("java/lang/StringBuilder", "java/lang/StringBuffer");
    private static final Set<String> WRAPPERS = Set.of("java/lang/Boolean", "java/lang/Byte", "java/lang/Character",
        "java/lang/Short", "java/lang/Integer", "java/lang/Long", "java/lang/Float", "java/lang/Double");
    private static final String STRING_CONCAT_FACTORY = "java/lang/invoke/StringConcatFactory";
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private final ClosedWorld world;
    private final ClassPath classes;
    private final boolean floatAllowed;
    private final Map<String, Violation> found = new LinkedHashMap<>();

    private Checker(ClosedWorld world) {
        this.world = world;
        this.classes = world.classes();
        this.floatAllowed = world.target().floatAllowed();
    }

    /** Every violation of the rules in a closed world, in the order the analysis reached the methods. */
    public static List<Violation> check(ClosedWorld world) {
        Checker c = new Checker(world);
        for (MethodRef m : world.methods()) {
            c.checkMethod(m, world.node(m));
        }
        c.checkSupertypes();
        c.checkRecursion();
        return List.copyOf(c.found.values());
    }

    // ---------------------------------------------------------------- one method

    /** The state of checking one method. */
    private final class MethodCheck {
        final MethodRef method;
        final MethodNode node;
        final boolean mission;
        /** Whether the method runs in init only, where the allow-list is wider. */
        final boolean initOnly;
        /** JDK classes whose use was already reported more precisely (the exception created, the iterator). */
        final Set<String> explained = new HashSet<>();
        Map<AbstractInsnNode, String> varargs;
        int line;

        MethodCheck(MethodRef method, MethodNode node) {
            this.method = method;
            this.node = node;
            this.mission = world.inMission(method);
            this.initOnly = !mission;
        }

        void report(Kind kind, String detail) {
            Checker.this.report(kind, detail, method, line, kind.missionRule());
        }

        /** Reports the first JDK type of a descriptor that the allow-list lacks. */
        boolean checkDescriptor(String desc, String context) {
            String bad = forbiddenType(desc, initOnly);
            if (bad != null) {
                report(Kind.JDK, "type " + dotted(bad) + " in " + context);
                return true;
            }
            return false;
        }

        /** Reports a JDK type (or array of it) that the allow-list lacks. */
        void checkType(String internalName, String context) {
            String element = elementClass(internalName);
            if (element != null && classes.isJdk(element) && !AllowList.allowsType(element, initOnly)) {
                report(Kind.JDK, context + " " + dotted(element));
            }
        }

        boolean floatForbidden() {
            return mission && !floatAllowed;
        }
    }

    private void checkMethod(MethodRef m, MethodNode node) {
        MethodCheck c = new MethodCheck(m, node);
        c.line = firstLine(node);
        if ((node.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            c.report(Kind.MONITOR, "synchronized method");
        }
        if (c.floatForbidden() && hasFloat(Type.getMethodType(m.desc()))) {
            c.report(Kind.FLOAT, "in the method's descriptor " + m.desc());
        }
        boolean synthetic = (classes.node(m.owner()).access & Opcodes.ACC_SYNTHETIC) != 0;
        for (TryCatchBlockNode tcb : node.tryCatchBlocks) {
            // javac's switch map for a switch on an enum (a synthetic class) catches NoSuchFieldError: not firmware's.
            if (tcb.type != null && !(synthetic && tcb.type.equals("java/lang/NoSuchFieldError"))) {
                c.line = lineAt(tcb.handler);
                c.checkType(tcb.type, "catch of");
            }
        }
        c.line = 0;
        for (AbstractInsnNode insn : node.instructions) {
            if (insn instanceof LineNumberNode ln) {
                c.line = ln.line;
            } else if (insn instanceof MethodInsnNode mi) {
                checkCall(c, mi);
            } else if (insn instanceof FieldInsnNode fi) {
                checkField(c, fi);
            } else if (insn instanceof TypeInsnNode ti) {
                checkType(c, ti);
            } else if (insn instanceof IntInsnNode ii && ii.getOpcode() == Opcodes.NEWARRAY) {
                if (c.mission) {
                    reportArray(c, insn, primitiveArrayName(ii.operand) + "[]");
                }
            } else if (insn instanceof MultiANewArrayInsnNode ma) {
                if (c.mission) {
                    c.report(Kind.ALLOCATION, "new " + Type.getType(ma.desc).getClassName());
                } else {
                    c.checkType(ma.desc, "new");
                }
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                checkIndy(c, indy);
            } else if (insn instanceof LdcInsnNode ldc) {
                checkConstant(c, ldc.cst);
            } else if (insn.getOpcode() == Opcodes.MONITORENTER) {
                c.report(Kind.MONITOR, "synchronized block (monitorenter)");
            } else if (c.floatForbidden() && FLOAT_OPCODES.containsKey(insn.getOpcode())) {
                c.report(Kind.FLOAT, FLOAT_OPCODES.get(insn.getOpcode()));
            }
        }
    }

    private void checkCall(MethodCheck c, MethodInsnNode mi) {
        String what = dotted(mi.owner) + "." + mi.name;
        if (world.isEnumValues(mi)) {
            if (c.mission) {
                c.report(Kind.ENUM_VALUES, what + "()");
            }
            return;
        }
        if (mi.owner.startsWith("[")) {
            // Methods of arrays are Object's; clone() allocates a copy.
            if (c.mission && mi.name.equals("clone")) {
                c.report(Kind.ALLOCATION, "clone of an array " + Type.getType(mi.owner).getClassName());
            } else if (!AllowList.allowsMember("java/lang/Object", mi.name, mi.desc, c.initOnly)) {
                c.report(Kind.JDK, "java.lang.Object." + mi.name + mi.desc + " on an array "
                    + Type.getType(mi.owner).getClassName());
            }
            return;
        }
        boolean boxing = isBoxing(mi);
        if (c.mission && boxing) {
            c.report(Kind.BOXING, what);
            return;
        }
        if (c.mission && mi.name.equals("iterator") && mi.desc.equals("()Ljava/util/Iterator;")) {
            c.report(Kind.ITERATOR, what + "()");
            c.explained.add("java/util/Iterator");
            return;
        }
        if (classes.isJdk(mi.owner)) {
            if (!c.explained.contains(mi.owner) && !allowedJdkMember(mi.owner, mi.name, mi.desc, c.initOnly)) {
                c.report(Kind.JDK, what + mi.desc + (boxing ? " (boxing)" : ""));
            }
            return;
        }
        if (c.checkDescriptor(mi.desc, "the call to " + what)) {
            return;
        }
        if (world.isFirmware(mi.owner)) {
            MethodRef resolved = classes.resolve(mi.owner, mi.name, mi.desc);
            if (resolved != null && classes.isJdk(resolved.owner())
                && !AllowList.allowsMember(resolved.owner(), mi.name, mi.desc, c.initOnly)) {
                c.report(Kind.JDK, dotted(resolved.owner()) + "." + mi.name + mi.desc + " (inherited by "
                    + dotted(mi.owner) + ")");
                return;
            }
        }
        if (c.floatForbidden() && hasFloat(Type.getMethodType(mi.desc))) {
            c.report(Kind.FLOAT, "call to " + what + mi.desc);
        }
    }

    /** Whether a JDK member is allowed, by its symbolic owner or by the class that declares it. */
    private boolean allowedJdkMember(String owner, String name, String desc, boolean initOnly) {
        if (AllowList.allowsMember(owner, name, desc, initOnly)) {
            return true;
        }
        MethodRef resolved = desc.startsWith("(") ? classes.resolve(owner, name, desc) : null;
        return resolved != null && AllowList.allowsMember(resolved.owner(), name, desc, initOnly);
    }

    private void checkField(MethodCheck c, FieldInsnNode fi) {
        if (classes.isJdk(fi.owner)) {
            if (!c.explained.contains(fi.owner) && !AllowList.allowsMember(fi.owner, fi.name, fi.desc, c.initOnly)) {
                c.report(Kind.JDK, "field " + dotted(fi.owner) + "." + fi.name);
            }
            return;
        }
        if (c.checkDescriptor(fi.desc, "the field " + dotted(fi.owner) + "." + fi.name)) {
            return;
        }
        if (c.floatForbidden() && hasFloat(Type.getType(fi.desc))) {
            c.report(Kind.FLOAT, "field " + dotted(fi.owner) + "." + fi.name + " of type "
                + Type.getType(fi.desc).getClassName());
        }
    }

    private void checkType(MethodCheck c, TypeInsnNode ti) {
        switch (ti.getOpcode()) {
            case Opcodes.NEW -> {
                if (c.mission) {
                    Kind kind = classes.isSubtype(ti.desc, THROWABLE) ? Kind.EXCEPTION
                        : BUILDERS.contains(ti.desc) ? Kind.STRING_BUILDER : Kind.ALLOCATION;
                    c.report(kind, "new " + dotted(ti.desc));
                    c.explained.add(ti.desc);
                } else if (classes.isJdk(ti.desc) && !AllowList.allowsType(ti.desc, c.initOnly)) {
                    c.report(Kind.JDK, "new " + dotted(ti.desc));
                    c.explained.add(ti.desc);
                }
            }
            case Opcodes.ANEWARRAY -> {
                if (c.mission) {
                    reportArray(c, ti, Type.getObjectType(ti.desc).getClassName() + "[]");
                } else {
                    c.checkType(ti.desc, "new array of");
                }
            }
            default -> c.checkType(ti.desc, ti.getOpcode() == Opcodes.CHECKCAST ? "cast to" : "instanceof");
        }
    }

    /** Reports an array creation in mission code, naming the varargs call it feeds, if any. */
    private void reportArray(MethodCheck c, AbstractInsnNode insn, String type) {
        if (c.varargs == null) {
            c.varargs = varargsArrays(c.method, c.node);
        }
        String call = c.varargs.get(insn);
        if (call != null) {
            c.report(Kind.VARARGS, "new " + type + " for the call to " + call);
        } else {
            c.report(Kind.ALLOCATION, "new " + type);
        }
    }

    private void checkIndy(MethodCheck c, InvokeDynamicInsnNode indy) {
        String bsm = indy.bsm.getOwner();
        if (bsm.equals(STRING_CONCAT_FACTORY)) {
            c.report(c.mission ? Kind.STRING_CONCAT : Kind.JDK, "invokedynamic StringConcatFactory"
                + (c.mission ? "" : ": string concatenation"));
        } else if (bsm.equals(LAMBDA_METAFACTORY)) {
            String iface = dotted(Type.getReturnType(indy.desc).getInternalName()) + "." + indy.name;
            if (c.mission) {
                c.report(Kind.LAMBDA, "invokedynamic LambdaMetafactory for " + iface);
                return;
            }
            // Init code may create lambdas of firmware interfaces (AllowList: "lambdas created during init").
            if (c.checkDescriptor(indy.desc, "the lambda for " + iface)) {
                return;
            }
            Handle impl = (Handle) indy.bsmArgs[1];
            if (classes.isJdk(impl.getOwner())
                && !allowedJdkMember(impl.getOwner(), impl.getName(), impl.getDesc(), c.initOnly)) {
                c.report(Kind.JDK, "method reference to " + dotted(impl.getOwner()) + "." + impl.getName()
                    + impl.getDesc());
            }
        } else {
            c.report(c.mission ? Kind.INVOKEDYNAMIC : Kind.JDK, "invokedynamic " + dotted(bsm) + "."
                + indy.bsm.getName());
        }
    }

    private void checkConstant(MethodCheck c, Object cst) {
        if (cst instanceof Float || cst instanceof Double) {
            if (c.floatForbidden()) {
                c.report(Kind.FLOAT, (cst instanceof Float ? "float" : "double") + " constant " + cst);
            }
        } else if (cst instanceof Type t) {
            if (t.getSort() == Type.METHOD) {
                c.report(Kind.JDK, "method type constant " + t.getDescriptor() + " (java.lang.invoke)");
            } else {
                c.report(Kind.JDK, "class literal " + t.getClassName() + ".class (java.lang.Class: reflection)");
            }
        } else if (cst instanceof Handle h) {
            c.report(Kind.JDK, "method handle constant " + dotted(h.getOwner()) + "." + h.getName()
                + " (java.lang.invoke)");
        } else if (cst instanceof ConstantDynamic d) {
            c.report(Kind.JDK, "dynamic constant " + d.getName() + " (java.lang.invoke)");
        }
    }

    // ---------------------------------------------------------------- classes and cycles

    /** Firmware classes may extend or implement only the JDK types the allow-list names. */
    private void checkSupertypes() {
        for (String binary : world.classNames()) {
            String name = binary.replace('.', '/');
            ClassNode n = classes.node(name);
            List<String> supers = new ArrayList<>(n.interfaces);
            if (n.superName != null) {
                supers.add(0, n.superName);
            }
            for (String s : supers) {
                if (classes.isJdk(s) && !AllowList.allowsSupertype(s)) {
                    reportOnClass(name, "supertype " + dotted(s) + " of " + binary);
                }
            }
        }
    }

    /** Reports a class-level violation at the reachable method of the class (or a subclass) closest to a root. */
    private void reportOnClass(String name, String detail) {
        MethodRef best = null;
        int bestDepth = Integer.MAX_VALUE;
        for (MethodRef m : world.methods()) {
            if (!classes.isSubtype(m.owner(), name)) {
                continue;
            }
            int d = world.inInit(m) ? world.depth(m, Phase.INIT) : world.depth(m, Phase.MISSION);
            if (d < bestDepth) {
                best = m;
                bestDepth = d;
            }
        }
        if (best == null) {
            MethodRef where = new MethodRef(name, "<class>", "");
            found.putIfAbsent(Kind.JDK + " " + name + " " + detail, new Violation(Kind.JDK, detail, where,
                List.of(new Frame(where, sourceFile(name), 0)), null));
            return;
        }
        report(Kind.JDK, detail, best, firstLine(world.node(best)), false);
    }

    /** Mission code must not recurse: every cycle of the mission call graph is reported once, at its entry. */
    private void checkRecursion() {
        for (List<MethodRef> scc : new Tarjan().run()) {
            Set<MethodRef> members = new HashSet<>(scc);
            MethodRef entry = scc.get(0);
            for (MethodRef m : scc) {
                if (world.depth(m, Phase.MISSION) < world.depth(entry, Phase.MISSION)) {
                    entry = m;
                }
            }
            List<Call> cycle = shortestCycle(entry, members);
            StringBuilder path = new StringBuilder(entry.display());
            for (Call call : cycle) {
                path.append(" -> ").append(call.callee().display());
            }
            report(Kind.RECURSION, path.toString(), entry, cycle.get(0).line(), true);
        }
    }

    /** The shortest cycle from a method back to itself through the members of its component. */
    private List<Call> shortestCycle(MethodRef entry, Set<MethodRef> members) {
        Map<MethodRef, Call> parent = new HashMap<>();
        Deque<MethodRef> queue = new ArrayDeque<>();
        queue.add(entry);
        while (!queue.isEmpty()) {
            MethodRef m = queue.poll();
            for (Call call : world.calls(m)) {
                if (call.callee().equals(entry)) {
                    List<Call> out = new ArrayList<>();
                    out.add(call);
                    for (Call p = parent.get(m); p != null; p = parent.get(p.caller())) {
                        out.add(0, p);
                    }
                    return out;
                }
                if (members.contains(call.callee()) && !parent.containsKey(call.callee())) {
                    parent.put(call.callee(), call);
                    queue.add(call.callee());
                }
            }
        }
        throw new IllegalStateException("no cycle through " + entry);
    }

    /** Tarjan's strongly connected components of the mission call graph: those that hold a cycle. */
    private final class Tarjan {
        private final Map<MethodRef, Integer> index = new HashMap<>();
        private final Map<MethodRef, Integer> low = new HashMap<>();
        private final Deque<MethodRef> stack = new ArrayDeque<>();
        private final Set<MethodRef> onStack = new HashSet<>();
        private final List<List<MethodRef>> cyclic = new ArrayList<>();

        List<List<MethodRef>> run() {
            for (MethodRef m : world.methods()) {
                if (world.inMission(m) && !index.containsKey(m)) {
                    visit(m);
                }
            }
            return cyclic;
        }

        private void visit(MethodRef m) {
            index.put(m, index.size());
            low.put(m, index.get(m));
            stack.push(m);
            onStack.add(m);
            boolean selfLoop = false;
            for (Call call : world.calls(m)) {
                MethodRef n = call.callee();
                if (n.equals(m)) {
                    selfLoop = true;
                }
                if (!index.containsKey(n)) {
                    visit(n);
                    low.put(m, Math.min(low.get(m), low.get(n)));
                } else if (onStack.contains(n)) {
                    low.put(m, Math.min(low.get(m), index.get(n)));
                }
            }
            if (low.get(m).equals(index.get(m))) {
                List<MethodRef> scc = new ArrayList<>();
                MethodRef n;
                do {
                    n = stack.pop();
                    onStack.remove(n);
                    scc.add(0, n);
                } while (!n.equals(m));
                if (scc.size() > 1 || selfLoop) {
                    cyclic.add(scc);
                }
            }
        }
    }

    // ---------------------------------------------------------------- reporting

    /**
     * Records a violation with its chain.
     *
     * @param missionRule whether the rule is a mission rule (the chain then goes to a mission root); for rules on all
     *     code the chain goes to a mission root when the method is mission code, else to an init root
     */
    private void report(Kind kind, String detail, MethodRef m, int line, boolean missionRule) {
        String key = kind + " " + m + " " + line + (kind == Kind.FLOAT ? "" : " " + detail);
        if (found.containsKey(key)) {
            return;
        }
        Phase phase = missionRule || world.inMission(m) ? Phase.MISSION : Phase.INIT;
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(m, sourceFile(m.owner()), line));
        for (Call call : world.chain(m, phase)) {
            frames.add(new Frame(call.caller(), sourceFile(call.caller().owner()), call.line()));
        }
        found.put(key, new Violation(kind, detail, m, List.copyOf(frames), world.rootOf(m, phase)));
    }

    /**
     * The array creations of a method that only feed the last argument of a call to a varargs method: javac's
     * varargs arrays. Data flow comes from ASM's {@link SourceInterpreter}: at the call, the top of the stack comes
     * from the array creation, through the {@code dup}s that javac writes to fill the array.
     */
    private Map<AbstractInsnNode, String> varargsArrays(MethodRef m, MethodNode node) {
        Map<AbstractInsnNode, String> out = new HashMap<>();
        org.objectweb.asm.tree.analysis.Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(m.owner(), node);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("cannot analyse " + m + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < node.instructions.size(); i++) {
            AbstractInsnNode insn = node.instructions.get(i);
            if (!(insn instanceof MethodInsnNode mi) || mi.owner.startsWith("[") || frames[i] == null
                || Type.getArgumentTypes(mi.desc).length == 0) {
                continue;
            }
            MethodRef target = classes.resolve(mi.owner, mi.name, mi.desc);
            MethodNode targetNode = target == null ? null : classes.method(target);
            if (targetNode == null || (targetNode.access & Opcodes.ACC_VARARGS) == 0) {
                continue;
            }
            for (AbstractInsnNode source : origins(frames[i], node, frames, new HashSet<>())) {
                if (source.getOpcode() == Opcodes.ANEWARRAY || source.getOpcode() == Opcodes.NEWARRAY) {
                    out.put(source, dotted(mi.owner) + "." + mi.name);
                }
            }
        }
        return out;
    }

    /** The instructions that produced the top of the stack of a frame, looking through {@code dup}s. */
    private static Set<AbstractInsnNode> origins(org.objectweb.asm.tree.analysis.Frame<SourceValue> frame,
            MethodNode node, org.objectweb.asm.tree.analysis.Frame<SourceValue>[] frames, Set<AbstractInsnNode> seen) {
        Set<AbstractInsnNode> out = new LinkedHashSet<>();
        for (AbstractInsnNode source : frame.getStack(frame.getStackSize() - 1).insns) {
            if (source.getOpcode() == Opcodes.DUP && seen.add(source)) {
                out.addAll(origins(frames[node.instructions.indexOf(source)], node, frames, seen));
            } else {
                out.add(source);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- small helpers

    private String sourceFile(String owner) {
        ClassNode n = classes.node(owner);
        return n == null ? null : n.sourceFile;
    }

    /** The first JDK class in a type or method descriptor that the allow-list lacks, or null. */
    private String forbiddenType(String desc, boolean initOnly) {
        List<Type> types = new ArrayList<>();
        Type t = Type.getType(desc);
        if (t.getSort() == Type.METHOD) {
            types.addAll(List.of(t.getArgumentTypes()));
            types.add(t.getReturnType());
        } else {
            types.add(t);
        }
        for (Type type : types) {
            String element = elementClass(type.getDescriptor());
            if (element != null && classes.isJdk(element) && !AllowList.allowsType(element, initOnly)) {
                return element;
            }
        }
        return null;
    }

    /** The class of a type, or of an array's elements: an internal name; null for primitives. */
    private static String elementClass(String internalNameOrDesc) {
        String s = internalNameOrDesc;
        while (s.startsWith("[")) {
            s = s.substring(1);
        }
        if (s.length() == 1 && "ZBCSIJFDV".contains(s)) {
            return null;
        }
        if (s.startsWith("L") && s.endsWith(";")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private boolean isBoxing(MethodInsnNode mi) {
        if (mi.getOpcode() != Opcodes.INVOKESTATIC || !mi.name.equals("valueOf") || !WRAPPERS.contains(mi.owner)) {
            return false;
        }
        Type[] args = Type.getArgumentTypes(mi.desc);
        return args.length == 1 && args[0].getSort() < Type.ARRAY;
    }

    private static boolean hasFloat(Type t) {
        if (t.getSort() == Type.METHOD) {
            for (Type a : t.getArgumentTypes()) {
                if (hasFloat(a)) {
                    return true;
                }
            }
            return hasFloat(t.getReturnType());
        }
        Type e = t.getSort() == Type.ARRAY ? t.getElementType() : t;
        return e.getSort() == Type.FLOAT || e.getSort() == Type.DOUBLE;
    }

    private static int firstLine(MethodNode node) {
        for (AbstractInsnNode insn : node.instructions) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return 0;
    }

    /** The line of the code at a label: the first line number at or after it. */
    private static int lineAt(AbstractInsnNode at) {
        for (AbstractInsnNode insn = at; insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
            if (insn.getOpcode() >= 0) {
                break;
            }
        }
        for (AbstractInsnNode insn = at; insn != null; insn = insn.getPrevious()) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return 0;
    }

    private static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }

    private static String primitiveArrayName(int type) {
        return switch (type) {
            case Opcodes.T_BOOLEAN -> "boolean";
            case Opcodes.T_CHAR -> "char";
            case Opcodes.T_FLOAT -> "float";
            case Opcodes.T_DOUBLE -> "double";
            case Opcodes.T_BYTE -> "byte";
            case Opcodes.T_SHORT -> "short";
            case Opcodes.T_INT -> "int";
            default -> "long";
        };
    }

    /** The instructions that compute with or move {@code float} and {@code double}, by their mnemonic. */
    private static final Map<Integer, String> FLOAT_OPCODES = floatOpcodes();

    private static Map<Integer, String> floatOpcodes() {
        Map<Integer, String> m = new HashMap<>();
        Object[] pairs = {
            Opcodes.FCONST_0, "fconst_0", Opcodes.FCONST_1, "fconst_1", Opcodes.FCONST_2, "fconst_2",
            Opcodes.DCONST_0, "dconst_0", Opcodes.DCONST_1, "dconst_1",
            Opcodes.FLOAD, "fload", Opcodes.DLOAD, "dload", Opcodes.FSTORE, "fstore", Opcodes.DSTORE, "dstore",
            Opcodes.FALOAD, "faload", Opcodes.DALOAD, "daload", Opcodes.FASTORE, "fastore", Opcodes.DASTORE, "dastore",
            Opcodes.FADD, "fadd", Opcodes.DADD, "dadd", Opcodes.FSUB, "fsub", Opcodes.DSUB, "dsub",
            Opcodes.FMUL, "fmul", Opcodes.DMUL, "dmul", Opcodes.FDIV, "fdiv", Opcodes.DDIV, "ddiv",
            Opcodes.FREM, "frem", Opcodes.DREM, "drem", Opcodes.FNEG, "fneg", Opcodes.DNEG, "dneg",
            Opcodes.I2F, "i2f", Opcodes.I2D, "i2d", Opcodes.L2F, "l2f", Opcodes.L2D, "l2d",
            Opcodes.F2I, "f2i", Opcodes.F2L, "f2l", Opcodes.F2D, "f2d",
            Opcodes.D2I, "d2i", Opcodes.D2L, "d2l", Opcodes.D2F, "d2f",
            Opcodes.FCMPL, "fcmpl", Opcodes.FCMPG, "fcmpg", Opcodes.DCMPL, "dcmpl", Opcodes.DCMPG, "dcmpg",
            Opcodes.FRETURN, "freturn", Opcodes.DRETURN, "dreturn"};
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Integer) pairs[i], (String) pairs[i + 1]);
        }
        return Map.copyOf(m);
    }
}
