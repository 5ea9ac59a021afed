package org.firmerware.tools.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.firmerware.bottom.hal.Board;
import org.firmerware.bottom.hal.Upcalls;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.tools.UserError;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The closed world of one board and one top: every firmware method the device can run, found by rapid type analysis
 * over the class files, split into the init phase and the mission phase.
 *
 * <h2>Roots</h2>
 * <ul>
 *   <li>Init: the board class's constructors, {@code Kernel.boot(Board, Top)}, the top's constructor without
 *       arguments and its {@code init(Kernel)}, and the {@code <clinit>} of every class the firmware initialises
 *       (instantiates, or whose static members it uses). The AOT build runs all of this on the build host.</li>
 *   <li>Mission: {@code Kernel.run()} (the main loop); for every instantiated class that implements
 *       {@link Upcalls}, its implementation of each upcall method (of {@code Upcalls} and its super-interfaces); and
 *       every {@code @InterruptHandler} method of an instantiated class (the vector table).</li>
 * </ul>
 *
 * <h2>Calls</h2>
 * {@code invokestatic} and {@code invokespecial} call the method they resolve to. {@code invokevirtual} and
 * {@code invokeinterface} call, for every instantiated class that is a subtype of the static receiver type, the method
 * that class selects (up its superclass chain, then default methods); lambdas and method references count as
 * instances of their functional interface. A class is instantiated when reachable code (init or mission) executes
 * {@code new} on it, and the board and top classes are instantiated by the platform. Resolution is iterated until
 * nothing new is reached. The classes of the board's hardware packages (the simulated devices, which the firmware uses
 * like registers, and on every board the machine intrinsics of {@code org.firmerware.bottom.machine}) and of the JDK
 * are a boundary: calls into them are recorded by the rules, never walked.
 *
 * <p>Each phase's methods and shortest call chains come from a breadth-first search from that phase's roots; a method
 * reachable from both phases belongs to both.
 */
public final class ClosedWorld {

    /** The two phases of firmware life. */
    public enum Phase {
        /** Allocation allowed; runs on the build host for AOT images. */
        INIT,
        /** The main loop and the upcalls, for ever: no allocation. */
        MISSION
    }

    /**
     * An entry point.
     *
     * @param method the method
     * @param phase the phase it starts
     * @param why what it is, for messages ("the main loop")
     */
    public record Root(MethodRef method, Phase phase, String why) {
    }

    /**
     * A call from one firmware method to another.
     *
     * @param line the caller's source line of the call (0 when unknown)
     */
    public record Call(MethodRef caller, MethodRef callee, int line) {
    }

    /**
     * What the simulator prepares before the mission starts, as the AOT build does at build time.
     *
     * @param classNames the reachable firmware classes (binary names), supertypes before subtypes: to initialise
     * @param strings the String constants ({@code ldc}) of the reachable methods: to intern
     */
    public record Preload(List<String> classNames, List<String> strings) {
    }

    /** A virtual or interface call site, resolved again whenever a class is instantiated. */
    private record Site(MethodRef caller, int line, String owner, String name, String desc) {
    }

    /** A lambda or method reference: an instance of {@code iface} (and the marker interfaces) running {@code impl}. */
    private record Lambda(String iface, List<String> markers, String name, Set<String> descs, Handle impl) {
    }

    static final String KERNEL = Type.getInternalName(Kernel.class);
    static final String TOP = Type.getInternalName(Top.class);
    static final String UPCALLS = Type.getInternalName(Upcalls.class);
    static final String INTERRUPT_HANDLER = "Lorg/firmerware/bottom/machine/InterruptHandler;";
    static final MethodRef KERNEL_BOOT = new MethodRef(KERNEL, "boot",
        Type.getMethodDescriptor(Type.getType(Kernel.class), Type.getType(Board.class), Type.getType(Top.class)));
    static final MethodRef KERNEL_RUN = new MethodRef(KERNEL, "run", "()V");
    static final String TOP_INIT_DESC = Type.getMethodDescriptor(Type.VOID_TYPE, Type.getType(Kernel.class));
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int FLAG_MARKERS = 2;
    private static final int FLAG_BRIDGES = 4;

    private final CheckTarget target;
    private final Tops.Entry top;
    private final ClassPath classes;

    private final Map<MethodRef, MethodNode> methods = new LinkedHashMap<>();
    private final Map<MethodRef, Set<Call>> calls = new LinkedHashMap<>();
    private final Set<String> instantiated = new LinkedHashSet<>();
    private final Set<String> initialised = new LinkedHashSet<>();
    private final List<Site> sites = new ArrayList<>();
    private final List<Lambda> lambdas = new ArrayList<>();
    private final Map<MethodRef, Root> initRoots = new LinkedHashMap<>();
    private final Map<MethodRef, Root> missionRoots = new LinkedHashMap<>();
    private final Set<String> strings = new LinkedHashSet<>();
    private final Deque<MethodRef> work = new ArrayDeque<>();
    /** Per phase: each reached method and the call by which the search first reached it (null for a root). */
    private final Map<MethodRef, Call> initTree;
    private final Map<MethodRef, Call> missionTree;

    /** The class of a program (see {@link #ofProgram}), or null for a board and a top. */
    private final String program;

    private ClosedWorld(CheckTarget target, Tops.Entry top, String program, ClassPath classes) {
        this.target = target;
        this.top = top;
        this.program = program;
        this.classes = classes;
        if (program != null) {
            addProgramRoots();
        } else {
            addRoots();
        }
        solve();
        initTree = tree(initRoots.values());
        missionTree = tree(missionRoots.values());
    }

    /** The closed world of a board and a top, read from this class's class loader. */
    public static ClosedWorld build(CheckTarget target, Tops.Entry top) {
        return build(target, top, new ClassPath(ClosedWorld.class.getClassLoader()));
    }

    /** The closed world of a board and a top, from class files already read (shared between pairs). */
    static ClosedWorld build(CheckTarget target, Tops.Entry top, ClassPath classes) {
        return new ClosedWorld(target, top, null, classes);
    }

    /**
     * The closed world of a program: a class with {@code public static void mission()} (the only mission root) and
     * optionally {@code public static void init()}, which runs after the class's initialiser in the init phase. This is
     * the entry-point convention of the AOT compiler's test corpus ({@code docs/aot.md}).
     *
     * @param programClass the program's binary name
     */
    public static ClosedWorld ofProgram(CheckTarget target, String programClass) {
        return new ClosedWorld(target, new Tops.Entry(programClass, programClass, "a program"), programClass,
            new ClassPath(ClosedWorld.class.getClassLoader()));
    }

    /** The mission method of a program class, by the convention of {@link #ofProgram}. */
    public static final String PROGRAM_MISSION = "mission";
    /** The optional init method of a program class. */
    public static final String PROGRAM_INIT = "init";

    private void addProgramRoots() {
        String c = internal(program);
        ClassNode n = classes.node(c);
        if (n == null) {
            throw new UserError("program " + program + " is not on the class path");
        }
        initialise(c);
        if (ClassPath.declared(n, PROGRAM_INIT, "()V") != null) {
            addRoot(initRoots, new Root(new MethodRef(c, PROGRAM_INIT, "()V"), Phase.INIT, "the program's init"));
        }
        if (ClassPath.declared(n, PROGRAM_MISSION, "()V") == null) {
            throw new UserError("program " + program + " has no static void mission()");
        }
        addRoot(missionRoots, new Root(new MethodRef(c, PROGRAM_MISSION, "()V"), Phase.MISSION,
            "the program's mission"));
    }

    /**
     * For the simulator: the firmware classes that a board and a top can use and the String constants they load, so
     * that it can initialise and intern them before the mission, as the AOT build does at build time.
     */
    public static Preload preload(BoardProfile profile, Tops.Entry top) {
        ClosedWorld w = build(CheckTarget.of(profile), top);
        return new Preload(w.classNames(), w.stringConstants());
    }

    // ---------------------------------------------------------------- the analysis

    private void addRoots() {
        String board = internal(target.boardClass());
        if (classes.node(board) == null) {
            throw new UserError("board " + target.board() + ": class " + target.boardClass()
                + " is not on the class path");
        }
        String topClass = internal(top.className());
        ClassNode topNode = classes.node(topClass);
        if (topNode == null) {
            throw new UserError("top " + top.name() + ": class " + top.className() + " is not on the class path");
        }
        if (!classes.isSubtype(topClass, TOP)) {
            throw new UserError("top " + top.name() + ": " + top.className() + " does not implement "
                + Top.class.getName());
        }
        if (classes.node(KERNEL) == null || classes.method(KERNEL_BOOT) == null || classes.method(KERNEL_RUN) == null) {
            throw new UserError("the kernel (" + Kernel.class.getName() + " with boot(Board, Top) and run()) is not on"
                + " the class path");
        }
        instantiate(board);
        if (isFirmware(board)) {
            for (MethodNode m : classes.node(board).methods) {
                if (m.name.equals("<init>")) {
                    addRoot(initRoots, new Root(new MethodRef(board, m.name, m.desc), Phase.INIT,
                        "the board's constructor"));
                }
            }
        }
        addRoot(initRoots, new Root(KERNEL_BOOT, Phase.INIT, "Kernel.boot"));
        instantiate(topClass);
        if (ClassPath.declared(topNode, "<init>", "()V") == null) {
            throw new UserError("top " + top.name() + ": " + top.className() + " has no constructor without arguments");
        }
        addRoot(initRoots, new Root(new MethodRef(topClass, "<init>", "()V"), Phase.INIT, "the top's constructor"));
        MethodRef init = classes.select(topClass, "init", TOP_INIT_DESC);
        if (init != null && isFirmware(init.owner())) {
            addRoot(initRoots, new Root(init, Phase.INIT, "the top's init"));
        }
        addRoot(missionRoots, new Root(KERNEL_RUN, Phase.MISSION, "the main loop"));
    }

    /** Scans what is reached until resolving the virtual calls against the instantiated classes reaches nothing new. */
    private void solve() {
        List<MethodRef> upcalls = upcallMethods();
        do {
            while (!work.isEmpty()) {
                MethodRef m = work.poll();
                scan(m, methods.get(m));
            }
            for (String c : List.copyOf(instantiated)) {
                addInterruptHandlers(c);
                if (classes.isSubtype(c, UPCALLS)) {
                    for (MethodRef u : upcalls) {
                        MethodRef impl = classes.select(c, u.name(), u.desc());
                        if (impl != null && isFirmware(impl.owner())) {
                            addRoot(missionRoots, new Root(impl, Phase.MISSION, "an upcall"));
                        }
                    }
                }
            }
            for (Site s : List.copyOf(sites)) {
                for (MethodRef callee : virtualTargets(s.owner(), s.name(), s.desc(), new LinkedHashSet<>())) {
                    addCall(s.caller(), callee, s.line());
                }
            }
        } while (!work.isEmpty());
    }

    /**
     * The {@code @InterruptHandler} methods of an instantiated class and its firmware superclasses: mission roots, as
     * the AOT compiler puts them in the vector table (the annotation is kept in the class file only).
     */
    private void addInterruptHandlers(String instantiatedClass) {
        for (String c = instantiatedClass; c != null && isFirmware(c); ) {
            ClassNode n = classes.node(c);
            if (n == null) {
                return;
            }
            for (MethodNode m : n.methods) {
                if (m.invisibleAnnotations == null) {
                    continue;
                }
                for (org.objectweb.asm.tree.AnnotationNode a : m.invisibleAnnotations) {
                    if (a.desc.equals(INTERRUPT_HANDLER)) {
                        addRoot(missionRoots, new Root(new MethodRef(c, m.name, m.desc), Phase.MISSION,
                            "an interrupt handler"));
                    }
                }
            }
            c = n.superName;
        }
    }

    /** The methods of {@code Upcalls} and its super-interfaces. */
    private List<MethodRef> upcallMethods() {
        List<MethodRef> out = new ArrayList<>();
        Set<String> interfaces = new TreeSet<>(classes.supertypes(UPCALLS));
        interfaces.add(UPCALLS);
        for (String i : interfaces) {
            ClassNode n = classes.node(i);
            if (n == null || (n.access & Opcodes.ACC_INTERFACE) == 0) {
                continue;
            }
            for (MethodNode m : n.methods) {
                if ((m.access & Opcodes.ACC_STATIC) == 0 && !m.name.startsWith("<")) {
                    out.add(new MethodRef(i, m.name, m.desc));
                }
            }
        }
        return out;
    }

    private void scan(MethodRef ref, MethodNode node) {
        int line = 0;
        for (AbstractInsnNode insn : node.instructions) {
            if (insn instanceof LineNumberNode ln) {
                line = ln.line;
            } else if (insn instanceof MethodInsnNode mi) {
                scanCall(ref, line, mi);
            } else if (insn instanceof FieldInsnNode fi) {
                if (fi.getOpcode() == Opcodes.GETSTATIC || fi.getOpcode() == Opcodes.PUTSTATIC) {
                    String owner = classes.fieldOwner(fi.owner, fi.name, fi.desc);
                    initialise(owner == null ? fi.owner : owner);
                }
            } else if (insn instanceof TypeInsnNode ti && ti.getOpcode() == Opcodes.NEW) {
                instantiate(ti.desc);
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                if (indy.bsm.getOwner().equals(LAMBDA_METAFACTORY)) {
                    addLambda(indy);
                }
            } else if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String s) {
                strings.add(s);
            }
        }
    }

    private void scanCall(MethodRef caller, int line, MethodInsnNode mi) {
        if (mi.owner.startsWith("[") || target.isHardware(mi.owner)) {
            return;
        }
        switch (mi.getOpcode()) {
            case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKEINTERFACE -> {
                MethodRef priv = privateMethod(mi.owner, mi.name, mi.desc);
                if (priv != null) {
                    addCall(caller, priv, line);
                } else {
                    sites.add(new Site(caller, line, mi.owner, mi.name, mi.desc));
                }
            }
            default -> {
                if (!isFirmware(mi.owner)) {
                    return;
                }
                if (isEnumValues(mi)) {
                    // Not walked: the rules report the call itself (it clones the constants array).
                    initialise(mi.owner);
                    return;
                }
                MethodRef callee = classes.resolve(mi.owner, mi.name, mi.desc);
                if (callee == null) {
                    throw new UserError("method " + mi.owner.replace('/', '.') + "." + mi.name + mi.desc
                        + " is not on the class path (called by " + caller.display() + ")");
                }
                if (mi.getOpcode() == Opcodes.INVOKESTATIC) {
                    initialise(callee.owner());
                }
                if (isFirmware(callee.owner())) {
                    addCall(caller, callee, line);
                }
            }
        }
    }

    /**
     * The private firmware method a virtual call or handle resolves to, or null: private methods (of nestmates since
     * Java 11, and lambda bodies) are never overridden, so the call runs exactly that method.
     */
    private MethodRef privateMethod(String owner, String name, String desc) {
        MethodRef resolved = isFirmware(owner) ? classes.resolve(owner, name, desc) : null;
        MethodNode node = resolved == null ? null : classes.method(resolved);
        return node != null && (node.access & Opcodes.ACC_PRIVATE) != 0 ? resolved : null;
    }

    /** Whether a call is the {@code values()} that javac writes into every enum. */
    boolean isEnumValues(MethodInsnNode mi) {
        if (mi.getOpcode() != Opcodes.INVOKESTATIC || !mi.name.equals("values")
            || !mi.desc.equals("()[L" + mi.owner + ";")) {
            return false;
        }
        ClassNode n = classes.node(mi.owner);
        return n != null && "java/lang/Enum".equals(n.superName);
    }

    private void addLambda(InvokeDynamicInsnNode indy) {
        Object[] args = indy.bsmArgs;
        Handle impl = (Handle) args[1];
        Set<String> descs = new LinkedHashSet<>();
        descs.add(((Type) args[0]).getDescriptor());
        List<String> markers = new ArrayList<>();
        if (indy.bsm.getName().equals("altMetafactory")) {
            int flags = (Integer) args[3];
            int i = 4;
            if ((flags & FLAG_MARKERS) != 0) {
                int n = (Integer) args[i++];
                for (int k = 0; k < n; k++) {
                    markers.add(((Type) args[i++]).getInternalName());
                }
            }
            if ((flags & FLAG_BRIDGES) != 0) {
                int n = (Integer) args[i++];
                for (int k = 0; k < n; k++) {
                    descs.add(((Type) args[i++]).getDescriptor());
                }
            }
        }
        lambdas.add(new Lambda(Type.getReturnType(indy.desc).getInternalName(), markers, indy.name, descs, impl));
        if (impl.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
            instantiate(impl.getOwner());
        }
    }

    /**
     * The firmware methods a virtual or interface call may run, given what is instantiated so far.
     *
     * @param seen the lambdas already followed (a method reference to an interface method leads here again)
     */
    private Set<MethodRef> virtualTargets(String owner, String name, String desc, Set<Lambda> seen) {
        Set<MethodRef> out = new LinkedHashSet<>();
        for (String c : List.copyOf(instantiated)) {
            if (classes.isSubtype(c, owner)) {
                MethodRef m = classes.select(c, name, desc);
                if (m != null && isFirmware(m.owner())) {
                    out.add(m);
                }
            }
        }
        for (Lambda l : List.copyOf(lambdas)) {
            if (!l.name().equals(name) || !l.descs().contains(desc) || !implementsType(l, owner) || !seen.add(l)) {
                continue;
            }
            Handle h = l.impl();
            if (target.isHardware(h.getOwner()) || !isFirmware(h.getOwner())) {
                continue;
            }
            boolean virtual = h.getTag() == Opcodes.H_INVOKEVIRTUAL || h.getTag() == Opcodes.H_INVOKEINTERFACE;
            if (virtual && privateMethod(h.getOwner(), h.getName(), h.getDesc()) == null) {
                out.addAll(virtualTargets(h.getOwner(), h.getName(), h.getDesc(), seen));
            } else {
                MethodRef m = classes.resolve(h.getOwner(), h.getName(), h.getDesc());
                if (m != null && isFirmware(m.owner())) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private boolean implementsType(Lambda l, String type) {
        if (classes.isSubtype(l.iface(), type)) {
            return true;
        }
        for (String m : l.markers()) {
            if (classes.isSubtype(m, type)) {
                return true;
            }
        }
        return type.equals("java/lang/Object");
    }

    private void instantiate(String name) {
        if (isFirmware(name) && instantiated.add(name)) {
            initialise(name);
        }
    }

    /** Marks a class and its superclasses initialised; each {@code <clinit>} becomes an init root. */
    private void initialise(String name) {
        for (String c = name; c != null && isFirmware(c) && initialised.add(c); ) {
            ClassNode n = classes.require(c, "the firmware");
            if (ClassPath.declared(n, "<clinit>", "()V") != null) {
                addRoot(initRoots, new Root(new MethodRef(c, "<clinit>", "()V"), Phase.INIT, "a class initialiser"));
            }
            c = n.superName;
        }
    }

    private void addRoot(Map<MethodRef, Root> roots, Root root) {
        if (roots.putIfAbsent(root.method(), root) == null) {
            reach(root.method());
        }
    }

    private void addCall(MethodRef caller, MethodRef callee, int line) {
        calls.computeIfAbsent(caller, k -> new LinkedHashSet<>()).add(new Call(caller, callee, line));
        reach(callee);
    }

    private void reach(MethodRef m) {
        if (methods.containsKey(m)) {
            return;
        }
        MethodNode node = classes.method(m);
        if (node == null) {
            throw new UserError("method " + m + " is not on the class path");
        }
        methods.put(m, node);
        work.add(m);
    }

    private Map<MethodRef, Call> tree(Collection<Root> roots) {
        Map<MethodRef, Call> tree = new LinkedHashMap<>();
        Deque<MethodRef> queue = new ArrayDeque<>();
        for (Root r : roots) {
            if (!tree.containsKey(r.method())) {
                tree.put(r.method(), null);
                queue.add(r.method());
            }
        }
        while (!queue.isEmpty()) {
            MethodRef m = queue.poll();
            for (Call c : calls.getOrDefault(m, Set.of())) {
                if (!tree.containsKey(c.callee())) {
                    tree.put(c.callee(), c);
                    queue.add(c.callee());
                }
            }
        }
        return tree;
    }

    private static String internal(String binaryName) {
        return binaryName.replace('.', '/');
    }

    // ---------------------------------------------------------------- what the analysis found

    /** The board and top, as {@code board/top}. */
    public String pair() {
        return target.board() + "/" + (program != null ? program.substring(program.lastIndexOf('.') + 1) : top.name());
    }

    /** The board. */
    public CheckTarget target() {
        return target;
    }

    /** The top. */
    public Tops.Entry top() {
        return top;
    }

    ClassPath classes() {
        return classes;
    }

    /**
     * Whether a class is firmware: neither JDK, nor the board's hardware, nor the machine intrinsics of
     * {@link #INTRINSICS} (whose code the check does not walk: the AOT compiler lowers their calls, and their Java
     * bodies run on the host JVM only).
     */
    public boolean isFirmware(String name) {
        return !classes.isJdk(name) && !target.isHardware(name) && !isIntrinsic(name);
    }

    /** The package of the machine intrinsics (registers, interrupts, debug output), as an internal-name prefix. */
    public static final String INTRINSICS = "org/firmerware/bottom/machine/";

    /** Whether a class belongs to the machine intrinsics. */
    public static boolean isIntrinsic(String internalName) {
        return internalName.startsWith(INTRINSICS);
    }

    /** Every reachable firmware method, in the order the analysis reached them. */
    public Set<MethodRef> methods() {
        return Collections.unmodifiableSet(methods.keySet());
    }

    MethodNode node(MethodRef m) {
        return methods.get(m);
    }

    /** Whether a method is reachable from an init root. */
    public boolean inInit(MethodRef m) {
        return initTree.containsKey(m);
    }

    /** Whether a method is reachable from a mission root: mission code. */
    public boolean inMission(MethodRef m) {
        return missionTree.containsKey(m);
    }

    /** The number of mission methods. */
    public int missionMethodCount() {
        return missionTree.size();
    }

    /** The roots of a phase. */
    public Collection<Root> roots(Phase phase) {
        return Collections.unmodifiableCollection((phase == Phase.INIT ? initRoots : missionRoots).values());
    }

    /** The calls a method makes to other firmware methods. */
    public Set<Call> calls(MethodRef caller) {
        return Collections.unmodifiableSet(calls.getOrDefault(caller, Set.of()));
    }

    /**
     * The shortest call chain from a root of a phase to a method: the call into the method first, the call made by the
     * root last; empty when the method is itself a root.
     */
    public List<Call> chain(MethodRef m, Phase phase) {
        Map<MethodRef, Call> tree = phase == Phase.INIT ? initTree : missionTree;
        if (!tree.containsKey(m)) {
            throw new IllegalArgumentException(m + " is not reachable in the " + phase + " phase");
        }
        List<Call> out = new ArrayList<>();
        for (Call c = tree.get(m); c != null; c = tree.get(c.caller())) {
            out.add(c);
        }
        return out;
    }

    /** The root a chain of {@link #chain} ends at. */
    public Root rootOf(MethodRef m, Phase phase) {
        List<Call> chain = chain(m, phase);
        MethodRef r = chain.isEmpty() ? m : chain.get(chain.size() - 1).caller();
        return (phase == Phase.INIT ? initRoots : missionRoots).get(r);
    }

    /** The length of the shortest chain from a root of the phase, or -1 when the phase does not reach the method. */
    int depth(MethodRef m, Phase phase) {
        Map<MethodRef, Call> tree = phase == Phase.INIT ? initTree : missionTree;
        return tree.containsKey(m) ? chain(m, phase).size() : -1;
    }

    /**
     * The reachable firmware classes (binary names): those with a reachable method, those instantiated or initialised,
     * and their firmware supertypes; supertypes come before their subtypes, otherwise the order is by name.
     */
    public List<String> classNames() {
        Set<String> used = new TreeSet<>();
        for (MethodRef m : methods.keySet()) {
            used.add(m.owner());
        }
        used.addAll(instantiated);
        used.addAll(initialised);
        for (String c : List.copyOf(used)) {
            for (String s : classes.supertypes(c)) {
                if (isFirmware(s)) {
                    used.add(s);
                }
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String c : used) {
            addSupertypesFirst(c, used, ordered);
        }
        List<String> out = new ArrayList<>();
        for (String c : ordered) {
            out.add(c.replace('/', '.'));
        }
        return out;
    }

    private void addSupertypesFirst(String c, Set<String> used, Set<String> ordered) {
        if (ordered.contains(c) || !used.contains(c)) {
            return;
        }
        ClassNode n = classes.node(c);
        if (n != null) {
            if (n.superName != null) {
                addSupertypesFirst(n.superName, used, ordered);
            }
            for (String i : n.interfaces) {
                addSupertypesFirst(i, used, ordered);
            }
        }
        ordered.add(c);
    }

    /** The String constants the reachable methods load with {@code ldc}, in the order they were found. */
    public List<String> stringConstants() {
        return List.copyOf(strings);
    }
}
