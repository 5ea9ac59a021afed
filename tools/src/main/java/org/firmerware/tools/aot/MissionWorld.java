package org.firmerware.tools.aot;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.firmerware.tools.UserError;
import org.firmerware.tools.check.ClassPath;
import org.firmerware.tools.check.ClosedWorld;
import org.firmerware.tools.check.MethodRef;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The mission of an AOT image: the methods the device runs, the objects it runs on, and what the two need of each other,
 * found together because each depends on the other.
 *
 * <p>After build-time init nothing is allocated (mission code has no {@code new}; one that slipped past the checker
 * fails the link), so the objects of the image are exactly those reachable in the snapshot, and their classes are the
 * only classes a virtual call can reach: rapid type analysis over the snapshot's classes. The snapshot in turn is
 * walked only along the fields that mission code reads (field-level tree shaking: a field no mission code reads is
 * neither in the structs nor followed), and the static fields mission code reads are its roots besides the explicit
 * ones (the kernel, the interrupt handlers' drivers). The two are iterated to a fixed point. Classes whose statics the
 * mission uses are initialised at build time as they are reached, so no class initialiser runs on the device.
 */
public final class MissionWorld {

    /** A field by the class that declares it. */
    public record FieldKey(String owner, String name, String desc) {
        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name;
        }
    }

    /** An object of the snapshot and why it is there: the first path by which the walk reached it. */
    public static final class Node {
        final Object object;
        final String path;
        /** The fields (or "array element of ...", or root names) that refer to it, for placement. */
        final Set<String> referrers = new LinkedHashSet<>();
        /** For {@link ArrayWrites}: the fields and roots that refer to it ("F:...", "ROOT:..."). */
        final Set<String> origins = new LinkedHashSet<>();
        /** The arrays that hold it as an element. */
        final List<Node> containers = new ArrayList<>();
        int index;

        Node(Object object, String path) {
            this.object = object;
            this.path = path;
        }

        public Object object() {
            return object;
        }

        public String path() {
            return path;
        }
    }

    /** A mission root: a method and the object it runs on (null for a static method). */
    public record Root(MethodRef method, Object receiver, String why) {
    }

    /** An interrupt handler: its line, its method and the one driver object it runs on. */
    public record Handler(int line, MethodRef method, Object receiver) {
    }

    /** The {@code why} of the board's boot method ({@code c.bootMethod}), which the image runs before the replay. */
    static final String BOOT_ROOT = "the board's bring-up at every boot (c.bootMethod)";
    /** The origin of an array whose address init took ({@code Memory.addressOf}): always in RAM. */
    static final String ADDRESS_ORIGIN = "ADDRESS";
    static final String STRING = "java/lang/String";
    static final String OBJECT = "java/lang/Object";
    static final String ENUM = "java/lang/Enum";
    static final FieldKey ENUM_ORDINAL = new FieldKey(ENUM, "ordinal", "I");
    static final String INTERRUPT_HANDLER = "Lorg/firmerware/bottom/machine/InterruptHandler;";

    final ClassPath classes;
    final InitRun init;
    private final List<Root> explicitRoots;

    final Map<MethodRef, MethodNode> methods = new LinkedHashMap<>();
    final Set<FieldKey> read = new LinkedHashSet<>();
    final Set<FieldKey> written = new LinkedHashSet<>();
    /** Array element kinds (JVM descriptor letter, 'L' for references) stored into by mission code. */
    final Set<Character> arrayStores = new TreeSet<>();
    /** Classes mission code names in {@code new} (a build with them fails at the link). */
    final Set<String> allocated = new TreeSet<>();
    /** Classes whose objects exist: the snapshot's and those of {@link #allocated}. */
    final Set<String> instantiated = new TreeSet<>();
    final Set<String> initialised = new LinkedHashSet<>();
    final List<Handler> handlers = new ArrayList<>();
    final List<Root> roots = new ArrayList<>();
    /** The String constants mission code loads (interned: the same objects as in the snapshot's fields). */
    final Set<String> constants = new LinkedHashSet<>();

    private final List<MethodInsnNode> virtualSites = new ArrayList<>();
    private final Map<MethodInsnNode, MethodRef> siteCaller = new IdentityHashMap<>();
    private final Deque<MethodRef> work = new ArrayDeque<>();

    /** The snapshot: every object the mission can reach, in walk order. */
    final Map<Object, Node> nodes = new IdentityHashMap<>();
    final List<Node> order = new ArrayList<>();
    /** Live static fields and their values at the end of init. */
    final Map<FieldKey, Object> statics = new LinkedHashMap<>();

    MissionWorld(ClassPath classes, InitRun init, List<Root> explicitRoots) {
        this.classes = classes;
        this.init = init;
        this.explicitRoots = explicitRoots;
        solve();
    }

    private void solve() {
        for (Root r : explicitRoots) {
            addRoot(r);
        }
        for (int round = 0; ; round++) {
            int before = methods.size() + read.size() + instantiated.size() + handlers.size();
            while (!work.isEmpty()) {
                MethodRef m = work.poll();
                scan(m, methods.get(m));
            }
            walkSnapshot();
            findHandlers();
            for (MethodInsnNode site : List.copyOf(virtualSites)) {
                for (MethodRef target : virtualTargets(site.owner, site.name, site.desc).keySet()) {
                    reach(target);
                }
            }
            int after = methods.size() + read.size() + instantiated.size() + handlers.size();
            if (after == before && work.isEmpty()) {
                break;
            }
            if (round > 1000) {
                throw new IllegalStateException("the mission analysis does not converge");
            }
        }
    }

    private void addRoot(Root r) {
        roots.add(r);
        reach(r.method());
    }

    private void reach(MethodRef m) {
        if (methods.containsKey(m)) {
            return;
        }
        MethodNode node = classes.method(m);
        if (node == null) {
            throw new UserError("method " + m + " is not on the class path");
        }
        if ((node.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            throw new UserError("method " + m + " has no code (abstract or native) but the mission calls it");
        }
        methods.put(m, node);
        work.add(m);
    }

    private void scan(MethodRef m, MethodNode node) {
        for (AbstractInsnNode insn : node.instructions) {
            int op = insn.getOpcode();
            if (insn instanceof MethodInsnNode mi) {
                scanCall(m, mi);
            } else if (insn instanceof FieldInsnNode fi) {
                FieldKey f = field(fi);
                if (op == Opcodes.GETFIELD || op == Opcodes.GETSTATIC) {
                    read.add(f);
                } else {
                    written.add(f);
                }
                if (op == Opcodes.GETSTATIC || op == Opcodes.PUTSTATIC) {
                    initialise(f.owner());
                }
            } else if (insn instanceof org.objectweb.asm.tree.LdcInsnNode ldc && ldc.cst instanceof String str) {
                constants.add(str.intern());
            } else if (insn instanceof TypeInsnNode ti && op == Opcodes.NEW) {
                allocated.add(ti.desc);
                instantiated.add(ti.desc);
                initialise(ti.desc);
            } else if (insn instanceof TypeInsnNode ti && op == Opcodes.ANEWARRAY) {
                allocated.add("[" + Type.getObjectType(ti.desc).getDescriptor());
            } else if (insn instanceof IntInsnNode ii && op == Opcodes.NEWARRAY) {
                allocated.add("[" + CodeGen.newarrayDesc(ii.operand));
            } else if (insn instanceof MultiANewArrayInsnNode ma) {
                allocated.add(ma.desc);
            } else if (insn instanceof InsnNode) {
                switch (op) {
                    case Opcodes.IASTORE -> arrayStores.add('I');
                    case Opcodes.LASTORE -> arrayStores.add('J');
                    case Opcodes.FASTORE -> arrayStores.add('F');
                    case Opcodes.DASTORE -> arrayStores.add('D');
                    case Opcodes.AASTORE -> arrayStores.add('L');
                    case Opcodes.BASTORE -> {
                        arrayStores.add('B');
                        arrayStores.add('Z');
                    }
                    case Opcodes.CASTORE -> arrayStores.add('C');
                    case Opcodes.SASTORE -> arrayStores.add('S');
                    default -> { }
                }
            }
        }
    }

    private void scanCall(MethodRef caller, MethodInsnNode mi) {
        if (mi.owner.startsWith("[") || ClosedWorld.isIntrinsic(mi.owner)) {
            return;
        }
        if (classes.isJdk(mi.owner)) {
            if (mi.owner.equals("java/lang/System") && mi.name.equals("arraycopy")) {
                // The destination's type is not known here: any array may be written.
                for (char k : "ZBCSIJFDL".toCharArray()) {
                    arrayStores.add(k);
                }
            }
            if (mi.owner.equals(ENUM) && mi.name.equals("ordinal")) {
                read.add(ENUM_ORDINAL);
            }
            return;
        }
        int op = mi.getOpcode();
        if (op == Opcodes.INVOKEVIRTUAL || op == Opcodes.INVOKEINTERFACE) {
            MethodRef resolved = classes.resolve(mi.owner, mi.name, mi.desc);
            MethodNode rn = resolved == null ? null : classes.method(resolved);
            if (rn != null && (rn.access & Opcodes.ACC_PRIVATE) != 0) {
                reach(resolved);
                return;
            }
            if (resolved != null && classes.isJdk(resolved.owner()) && resolved.owner().equals(ENUM)
                && mi.name.equals("ordinal")) {
                read.add(ENUM_ORDINAL);
                return;
            }
            virtualSites.add(mi);
            siteCaller.put(mi, caller);
            return;
        }
        MethodRef callee = classes.resolve(mi.owner, mi.name, mi.desc);
        if (callee == null) {
            throw new UserError("method " + mi.owner.replace('/', '.') + "." + mi.name + mi.desc
                + " is not on the class path (called by " + caller.display() + ")");
        }
        if (op == Opcodes.INVOKESTATIC) {
            initialise(callee.owner());
        }
        if (!classes.isJdk(callee.owner())) {
            reach(callee);
        }
    }

    /** The field a field instruction names, by its declaring class. */
    FieldKey field(FieldInsnNode fi) {
        String owner = classes.fieldOwner(fi.owner, fi.name, fi.desc);
        if (owner == null) {
            throw new UserError("field " + fi.owner.replace('/', '.') + "." + fi.name + " is not on the class path");
        }
        return new FieldKey(owner, fi.name, fi.desc);
    }

    /** Initialises a class (and its superclasses) at build time. */
    private void initialise(String internal) {
        if (classes.isJdk(internal) || !initialised.add(internal)) {
            return;
        }
        init.initialise(internal.replace('/', '.'));
    }

    /**
     * The firmware methods a virtual or interface call runs, by the instantiated classes that select each; classes
     * whose selected method is not firmware (a JDK method) map to null and make the call unsupported.
     */
    Map<MethodRef, List<String>> virtualTargets(String owner, String name, String desc) {
        Map<MethodRef, List<String>> out = new LinkedHashMap<>();
        for (String c : instantiated) {
            if (c.startsWith("[") || !classes.isSubtype(c, owner)) {
                continue;
            }
            MethodRef m = classes.select(c, name, desc);
            if (m == null) {
                throw new UserError("class " + c.replace('/', '.') + " has no method " + name + desc);
            }
            if (classes.isJdk(m.owner())) {
                throw new UserError("the mission calls " + m.owner().replace('/', '.') + "." + name + desc
                    + " (a JDK method) on " + c.replace('/', '.') + ": the AOT compiler has no lowering for it");
            }
            out.computeIfAbsent(m, k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    // ---------------------------------------------------------------- the snapshot

    private void walkSnapshot() {
        nodes.clear();
        order.clear();
        statics.clear();
        Deque<Node> queue = new ArrayDeque<>();
        for (Root r : roots) {
            if (r.receiver() != null) {
                enqueue(queue, r.receiver(), r.why(), r.why(), "ROOT:" + r.why(), null);
            }
        }
        for (String c : constants) {
            enqueue(queue, c, "constant \"" + c + "\"", "a String constant of the code", "C", null);
        }
        for (FieldKey f : read) {
            if (f.equals(ENUM_ORDINAL)) {
                continue;
            }
            Field field = reflect(f);
            if (!Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            Object v;
            try {
                v = field.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field, e);
            }
            statics.put(f, v);
            if (!field.getType().isPrimitive()) {
                enqueue(queue, v, "static " + f, "static " + f, "F:" + f, null);
            } else if (field.getType() == int.class && init.arrayOfToken((Integer) v) != null) {
                enqueue(queue, init.arrayOfToken((Integer) v), "static " + f + " (its address)", "the address in"
                    + " static " + f, ADDRESS_ORIGIN, null);
            }
        }
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            Object o = n.object;
            Class<?> c = o.getClass();
            String internal = Type.getInternalName(c);
            if (c.isArray()) {
                instantiated.add(Type.getDescriptor(c));
                if (!c.getComponentType().isPrimitive()) {
                    int length = Array.getLength(o);
                    for (int i = 0; i < length; i++) {
                        enqueue(queue, Array.get(o, i), n.path + "[" + i + "]", "element of " + elementOwner(n), null,
                            n);
                    }
                }
                continue;
            }
            if (c == String.class) {
                instantiated.add(STRING);
                continue;
            }
            if (c.isHidden() || c.isSynthetic() && internal.contains("$$Lambda")) {
                throw new UserError("the snapshot holds a lambda or method reference (" + n.path + "): the AOT"
                    + " compiler does not translate lambdas yet; use a named or anonymous class");
            }
            if (classes.isJdk(internal) && !isEnumLike(c)) {
                throw new UserError("the snapshot holds a " + c.getName() + " at " + n.path + ": only firmware"
                    + " objects, arrays and String constants can be in an AOT image");
            }
            instantiated.add(internal);
            initialise(internal);
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() && (f.getType() != int.class
                        || classes.isJdk(Type.getInternalName(k)))) {
                        continue;
                    }
                    FieldKey key = new FieldKey(Type.getInternalName(k), f.getName(), Type.getDescriptor(f.getType()));
                    if (!read.contains(key)) {
                        continue;
                    }
                    f.setAccessible(true);
                    try {
                        if (f.getType() == int.class) {
                            // An address init took (Memory.addressOf): the array must be in the image, in RAM (a DMA
                            // may write it without any store of the mission).
                            Object array = init.arrayOfToken(f.getInt(o));
                            if (array != null) {
                                enqueue(queue, array, n.path + "." + f.getName() + " (its address)", "the address in"
                                    + " field " + key, ADDRESS_ORIGIN, null);
                            }
                            continue;
                        }
                        enqueue(queue, f.get(o), n.path + "." + f.getName(), "field " + key, "F:" + key, null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read " + f, e);
                    }
                }
            }
        }
    }

    private static boolean isEnumLike(Class<?> c) {
        return false;
    }

    private static String elementOwner(Node n) {
        return n.referrers.isEmpty() ? n.path : n.referrers.iterator().next();
    }

    private void enqueue(Deque<Node> queue, Object o, String path, String referrer, String origin, Node container) {
        if (o == null) {
            return;
        }
        Node n = nodes.get(o);
        if (n == null) {
            n = new Node(o, path);
            n.index = order.size();
            nodes.put(o, n);
            order.add(n);
            queue.add(n);
        }
        n.referrers.add(referrer);
        if (origin != null) {
            n.origins.add(origin);
        }
        if (container != null && !n.containers.contains(container)) {
            n.containers.add(container);
        }
    }

    /** The reflective field of a key, readable; from the init's class loader. */
    Field reflect(FieldKey f) {
        Class<?> c = init.load(f.owner().replace('/', '.'));
        try {
            Field field = c.getDeclaredField(f.name());
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("no field " + f, e);
        }
    }

    /** Interrupt handlers: {@code @InterruptHandler} methods of the snapshot's classes, each on its one object. */
    private void findHandlers() {
        Map<String, List<Object>> byClass = new LinkedHashMap<>();
        for (Node n : order) {
            Class<?> c = n.object.getClass();
            if (!c.isArray() && c != String.class) {
                byClass.computeIfAbsent(Type.getInternalName(c), k -> new ArrayList<>()).add(n.object);
            }
        }
        for (Map.Entry<String, List<Object>> e : byClass.entrySet()) {
            for (String k = e.getKey(); k != null && !classes.isJdk(k); ) {
                ClassNode cn = classes.node(k);
                for (MethodNode m : cn.methods) {
                    Integer line = interruptLine(m);
                    if (line == null) {
                        continue;
                    }
                    MethodRef ref = new MethodRef(k, m.name, m.desc);
                    if (!m.desc.equals("()V") || (m.access & Opcodes.ACC_STATIC) != 0) {
                        throw new UserError(ref.display() + ": an @InterruptHandler must be an instance method"
                            + " without arguments returning void");
                    }
                    if (e.getValue().size() != 1) {
                        throw new UserError(ref.display() + " handles interrupt " + line + ", but the image holds "
                            + e.getValue().size() + " objects of " + e.getKey().replace('/', '.')
                            + ": a handler's driver must exist exactly once");
                    }
                    boolean known = false;
                    for (Handler h : handlers) {
                        if (h.line() == line) {
                            if (!h.method().equals(ref) || h.receiver() != e.getValue().get(0)) {
                                throw new UserError("interrupt " + line + " has two handlers: " + h.method().display()
                                    + " and " + ref.display());
                            }
                            known = true;
                        }
                    }
                    if (!known) {
                        handlers.add(new Handler(line, ref, e.getValue().get(0)));
                        addRoot(new Root(ref, e.getValue().get(0), "the handler of interrupt " + line));
                    }
                }
                k = cn.superName;
            }
        }
    }

    private static Integer interruptLine(MethodNode m) {
        List<AnnotationNode> all = new ArrayList<>();
        if (m.invisibleAnnotations != null) {
            all.addAll(m.invisibleAnnotations);
        }
        if (m.visibleAnnotations != null) {
            all.addAll(m.visibleAnnotations);
        }
        for (AnnotationNode a : all) {
            if (a.desc.equals(INTERRUPT_HANDLER)) {
                for (int i = 0; i + 1 < a.values.size(); i += 2) {
                    if (a.values.get(i).equals("value")) {
                        return (Integer) a.values.get(i + 1);
                    }
                }
            }
        }
        return null;
    }

    /** The snapshot in walk order. */
    public List<Node> objects() {
        return Collections.unmodifiableList(order);
    }
}
