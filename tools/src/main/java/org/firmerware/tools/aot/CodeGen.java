package org.firmerware.tools.aot;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.firmerware.tools.UserError;
import org.firmerware.tools.aot.MissionWorld.FieldKey;
import org.firmerware.tools.aot.MissionWorld.Node;
import org.firmerware.tools.budget.TargetLayout;
import org.firmerware.tools.check.MethodRef;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Writes the C of one image: class ids, structs, the snapshot as initialised data, the static fields, every mission
 * method (through {@link MethodTranslator}), the interrupt handlers and the boot function. Everything is {@code static}
 * in one translation unit except the entry point, so that the C compiler sees the whole program.
 *
 * <h2>Placement of the snapshot</h2>
 * An object is {@code const} (flash) when no mission code can change it: a String; an array whose element kind no
 * mission code stores; an object none of whose live fields mission code writes. Everything else is RAM: in
 * {@code .data} with its initial values, or, for an array whose elements are all zero, in {@code .bss} with its header
 * written at boot from a {@code const} table.
 */
final class CodeGen {

    /** Arrays at least this long (in element bytes) whose elements are all zero go to {@code .bss}. */
    static final int BSS_MIN_BYTES = 16;
    /**
     * A written array whose elements end in at least this many zero bytes goes to .bss too, its non-zero start copied
     * at boot from flash (a console ring that init logged a few lines into).
     */
    static final int COPY_MIN_ZERO_BYTES = 64;
    /** The boot's copies of those starts ({@code fw_copy} entries). */
    private final List<String> copies = new ArrayList<>();

    final MissionWorld w;
    final TargetLayout layout;
    final String imageName;
    /** How values are stored and computed in the C of this target (packed bytes, soft int64). */
    final DataModel model;

    /** Class ids: classes (DFS pre-order from Object, so a subtree is a range) then array types. */
    final Map<String, Integer> cids = new LinkedHashMap<>();
    final Map<String, Integer> lastSub = new HashMap<>();
    /** Classes that need a struct (instantiated, or whose fields mission code touches, and their superclasses). */
    final Set<String> structClasses = new TreeSet<>();
    final Map<MethodRef, String> functionNames = new LinkedHashMap<>();
    final Map<String, String> sites = new LinkedHashMap<>();
    final Map<Object, String> objectNames = new java.util.IdentityHashMap<>();
    final Map<FieldKey, String> staticNames = new LinkedHashMap<>();
    final Map<String, Map<FieldKey, String>> fieldNames = new HashMap<>();
    final Set<String> typedefs = new LinkedHashSet<>();
    private final Map<String, String> selectorTables = new LinkedHashMap<>();
    private final StringBuilder selectorDefs = new StringBuilder();
    boolean needsStoreCheck;
    final Map<String, Placement> placementCounts = new TreeMap<>();

    /** Where an object goes. */
    enum Placement { CONST, DATA, BSS }

    /** Per object: its placement and its bytes in the target layout. */
    final Map<Node, Placement> placement = new LinkedHashMap<>();
    final Map<Node, Long> objectBytes = new LinkedHashMap<>();

    /** Whether panics print the site's number (the text is in the report) instead of its text. */
    boolean numberedSites;

    CodeGen(MissionWorld w, TargetLayout layout, String imageName, DataModel model) {
        this.w = w;
        this.layout = layout;
        this.imageName = imageName;
        this.model = model;
        numberClasses();
    }

    // ---------------------------------------------------------------- class ids

    private void numberClasses() {
        Set<String> classes = new TreeSet<>();
        for (String t : w.instantiated) {
            if (!t.startsWith("[")) {
                classes.add(t);
            }
        }
        for (MethodRef m : w.methods.keySet()) {
            for (org.objectweb.asm.tree.AbstractInsnNode insn : w.methods.get(m).instructions) {
                if (insn instanceof org.objectweb.asm.tree.FieldInsnNode fi) {
                    if (insn.getOpcode() == Opcodes.GETFIELD || insn.getOpcode() == Opcodes.PUTFIELD) {
                        structClasses.add(w.field(fi).owner());
                    }
                }
            }
        }
        structClasses.addAll(classes);
        classes.addAll(structClasses);
        classes.add(MissionWorld.OBJECT);
        for (String c : List.copyOf(classes)) {
            for (String s = c; s != null; s = w.classes.node(s) == null ? null : w.classes.node(s).superName) {
                classes.add(s);
                if (structClasses.contains(c) && !s.equals(MissionWorld.OBJECT) && !w.classes.isJdk(s)) {
                    structClasses.add(s);
                }
            }
        }
        structClasses.remove(MissionWorld.STRING);
        structClasses.removeIf(c -> w.classes.isJdk(c) || isInterface(c));
        Map<String, List<String>> children = new TreeMap<>();
        for (String c : classes) {
            ClassNode n = w.classes.node(c);
            if (n != null && n.superName != null) {
                children.computeIfAbsent(n.superName, k -> new ArrayList<>()).add(c);
            }
        }
        number(MissionWorld.OBJECT, children);
        List<String> arrays = new ArrayList<>();
        for (String t : w.instantiated) {
            if (t.startsWith("[")) {
                arrays.add(t);
            }
        }
        for (String t : w.allocated) {
            if (t.startsWith("[") && !arrays.contains(t)) {
                arrays.add(t);
            }
        }
        arrays.sort(null);
        for (String a : arrays) {
            lastSub.put(a, cids.size());
            cids.put(a, cids.size());
        }
        if (cids.size() > 0xFFFF) {
            throw new UserError("the image has " + cids.size() + " types; class ids are 16 bits");
        }
    }

    private void number(String c, Map<String, List<String>> children) {
        cids.put(c, cids.size());
        for (String k : children.getOrDefault(c, List.of())) {
            number(k, children);
        }
        lastSub.put(c, cids.size() - 1);
    }

    boolean isInterface(String c) {
        ClassNode n = w.classes.node(c);
        return n != null && (n.access & Opcodes.ACC_INTERFACE) != 0;
    }

    /** Whether type {@code s} (internal name or array descriptor) can be assigned to type {@code t}. */
    boolean assignable(String s, String t) {
        if (t.equals(MissionWorld.OBJECT) || s.equals(t)) {
            return true;
        }
        if (s.startsWith("[")) {
            if (t.equals("java/lang/Cloneable") || t.equals("java/io/Serializable")) {
                return true;
            }
            if (!t.startsWith("[")) {
                return false;
            }
            String se = s.substring(1);
            String te = t.substring(1);
            if (se.length() == 1 || te.length() == 1) {
                return se.equals(te);
            }
            return assignable(internalOf(se), internalOf(te));
        }
        if (t.startsWith("[")) {
            return false;
        }
        return w.classes.isSubtype(s, t);
    }

    private static String internalOf(String desc) {
        return desc.startsWith("L") ? desc.substring(1, desc.length() - 1) : desc;
    }

    /** A C condition that is true when the class id {@code cidExpr} is a type assignable to {@code target}. */
    String typeTest(String cidExpr, String target) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (Map.Entry<String, Integer> e : cids.entrySet()) {
            if (assignable(e.getKey(), target)) {
                ids.add(e.getValue());
            }
        }
        if (ids.isEmpty()) {
            return "0";
        }
        List<String> parts = new ArrayList<>();
        Integer start = null;
        Integer prev = null;
        for (int id : ids) {
            if (start == null) {
                start = id;
            } else if (id != prev + 1) {
                parts.add(range(cidExpr, start, prev));
                start = id;
            }
            prev = id;
        }
        parts.add(range(cidExpr, start, prev));
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" || ", parts) + ")";
    }

    private static String range(String e, int a, int b) {
        return a == b ? "(" + e + ") == " + a : "((" + e + ") >= " + a + " && (" + e + ") <= " + b + ")";
    }

    int cid(String type) {
        Integer c = cids.get(type);
        if (c == null) {
            throw new IllegalStateException("no class id for " + type);
        }
        return c;
    }

    // ---------------------------------------------------------------- names

    static String sanitize(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        return b.toString();
    }

    static String simpleName(String internal) {
        return internal.substring(internal.lastIndexOf('/') + 1);
    }

    String structName(String internal) {
        return "struct O_" + sanitize(internal);
    }

    String functionName(MethodRef m) {
        return functionNames.computeIfAbsent(m, k -> {
            String name = k.name().equals("<init>") ? "new" : k.name().equals("<clinit>") ? "clinit" : k.name();
            return "M_" + sanitize(simpleName(k.owner())) + "_" + sanitize(name) + "_" + functionNames.size();
        });
    }

    /** The live instance fields of a class (with its superclasses'), in layout order. */
    List<TargetLayout.Slot> slots(String internal) {
        Class<?> c = w.init.load(internal.replace('/', '.'));
        return layout.fields(c, f -> w.read.contains(key(f))
            && (!f.getDeclaringClass().getName().startsWith("java.") || key(f).equals(MissionWorld.ENUM_ORDINAL)));
    }

    static FieldKey key(Field f) {
        return new FieldKey(Type.getInternalName(f.getDeclaringClass()), f.getName(), Type.getDescriptor(f.getType()));
    }

    /** The C member name of a field in its struct. */
    String fieldName(FieldKey f) {
        return "f_" + sanitize(f.name()) + "_" + Math.abs(f.owner().hashCode() % 997);
    }

    static String ctype(Class<?> t) {
        if (!t.isPrimitive()) {
            return "fw_object*";
        }
        return ctype(Type.getDescriptor(t).charAt(0));
    }

    static String ctype(char desc) {
        switch (desc) {
            case 'Z': return "jboolean";
            case 'B': return "jbyte";
            case 'C': return "jchar";
            case 'S': return "jshort";
            case 'I': return "jint";
            case 'J': return "jlong";
            case 'F': return "jfloat";
            case 'D': return "jdouble";
            case 'V': return "void";
            default: return "fw_object*";
        }
    }

    /** The generic array struct for an element descriptor. */
    static String arrayType(char elem) {
        switch (elem) {
            case 'Z':
            case 'B': return "fw_arr_B";
            case 'C': return "fw_arr_C";
            case 'S': return "fw_arr_S";
            case 'I': return "fw_arr_I";
            case 'J': return "fw_arr_J";
            case 'F': return "fw_arr_F";
            case 'D': return "fw_arr_D";
            default: return "fw_arr_A";
        }
    }

    static String newarrayDesc(int operand) {
        return switch (operand) {
            case Opcodes.T_BOOLEAN -> "Z";
            case Opcodes.T_CHAR -> "C";
            case Opcodes.T_FLOAT -> "F";
            case Opcodes.T_DOUBLE -> "D";
            case Opcodes.T_BYTE -> "B";
            case Opcodes.T_SHORT -> "S";
            case Opcodes.T_INT -> "I";
            default -> "J";
        };
    }

    /**
     * The C argument naming a panic site (one per distinct text): {@code fw_site_<n>}, its text; with numbered sites
     * the number itself, a small immediate where a pointer cost a literal-pool word and a string.
     */
    String site(String kind, MethodRef m, int line) {
        ClassNode n = w.classes.node(m.owner());
        String file = n == null || n.sourceFile == null ? "Unknown Source" : n.sourceFile;
        String text = kind + " at " + m.className() + "." + m.name() + "(" + file + (line > 0 ? ":" + line : "")
            + ")";
        String number = sites.computeIfAbsent(text, t -> Integer.toString(sites.size()));
        return numberedSites ? number + "u" : "fw_site_" + number;
    }

    static String literal(int v) {
        return v == Integer.MIN_VALUE ? "(-2147483647-1)" : Integer.toString(v);
    }

    static String literal(long v) {
        return v == Long.MIN_VALUE ? "(-INT64_C(9223372036854775807)-1)" : "INT64_C(" + v + ")";
    }

    /** A C expression for a reference to a snapshot object (or null). */
    String ref(Object o) {
        if (o == null) {
            return "0";
        }
        String name = objectNames.get(o);
        if (name == null) {
            throw new IllegalStateException("object " + o.getClass().getName() + " is not in the snapshot");
        }
        return "((fw_object*)(void*)&" + name + ")";
    }

    private final Map<FieldKey, org.objectweb.asm.tree.analysis.BasicValue> fieldFacts = new HashMap<>();

    /**
     * What is known of the value a GETFIELD or GETSTATIC of a reference field loads, for {@link Typer}. A field that no
     * mission code writes keeps the value init left in every object of the snapshot, and the mission allocates
     * nothing, so its values are exactly those: when none is null the value is never null, and when all are arrays of
     * one length the length is known (an array's length never changes). A primitive array field's type is known
     * either way.
     */
    org.objectweb.asm.tree.analysis.BasicValue fieldFacts(org.objectweb.asm.tree.FieldInsnNode fi) {
        FieldKey key = w.field(fi);
        return fieldFacts.computeIfAbsent(key, k -> {
            String desc = Typer.primitiveArray(k.desc());
            if (w.written.contains(k) || k.equals(MissionWorld.ENUM_ORDINAL)) {
                return Typer.ref(false, -1, desc);
            }
            java.lang.reflect.Field field = w.reflect(k);
            List<Object> values = new ArrayList<>();
            if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                if (!w.statics.containsKey(k)) {
                    return Typer.ref(false, -1, desc);
                }
                values.add(w.statics.get(k));
            } else {
                Class<?> owner = field.getDeclaringClass();
                for (Node n : w.objects()) {
                    if (owner.isInstance(n.object())) {
                        try {
                            values.add(field.get(n.object()));
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException("cannot read " + field, e);
                        }
                    }
                }
            }
            if (values.isEmpty()) {
                return Typer.ref(false, -1, desc);
            }
            boolean nonNull = true;
            int length = -2;
            for (Object v : values) {
                if (v == null) {
                    nonNull = false;
                    length = -1;
                } else if (!v.getClass().isArray()) {
                    length = -1;
                } else {
                    int l = java.lang.reflect.Array.getLength(v);
                    length = length == -2 || length == l ? l : -1;
                }
            }
            return Typer.ref(nonNull, Math.max(length, -1), desc);
        });
    }

    private final Map<MethodRef, Boolean> returnsObjects = new HashMap<>();

    /**
     * What is known of the value a call returns, for {@link Typer}: not null when every method the call can reach in
     * the closed world returns only values its own analysis proves not null (a builder's {@code return this}, a
     * field of fixed objects). The type of a primitive array is known from the descriptor either way.
     */
    org.objectweb.asm.tree.analysis.BasicValue callFacts(org.objectweb.asm.tree.MethodInsnNode mi) {
        String desc = Typer.primitiveArray(Type.getReturnType(mi.desc).getDescriptor());
        List<MethodRef> targets = callTargets(mi);
        boolean nonNull = targets != null && !targets.isEmpty();
        for (int i = 0; nonNull && i < targets.size(); i++) {
            nonNull = returnsObjects(targets.get(i));
        }
        return Typer.ref(nonNull, -1, desc);
    }

    /** The methods a call can run in the closed world, as {@link MethodTranslator} dispatches it; null: not known. */
    private List<MethodRef> callTargets(org.objectweb.asm.tree.MethodInsnNode mi) {
        if (org.firmerware.tools.check.ClosedWorld.isIntrinsic(mi.owner) || w.classes.isJdk(mi.owner)
            || mi.owner.startsWith("[")) {
            return null;
        }
        MethodRef resolved = w.classes.resolve(mi.owner, mi.name, mi.desc);
        if (mi.getOpcode() == Opcodes.INVOKESTATIC || mi.getOpcode() == Opcodes.INVOKESPECIAL) {
            return resolved == null || w.classes.isJdk(resolved.owner()) ? null : List.of(resolved);
        }
        MethodNode rn = resolved == null ? null : w.classes.method(resolved);
        if (rn != null && (rn.access & Opcodes.ACC_PRIVATE) != 0) {
            return List.of(resolved);
        }
        if (resolved != null && resolved.owner().equals(MissionWorld.ENUM)) {
            return null;
        }
        return new ArrayList<>(w.virtualTargets(mi.owner, mi.name, mi.desc).keySet());
    }

    /**
     * Whether every value {@code m} returns is an object: each {@code areturn} the analysis reaches returns a value
     * known not to be null. A method met again while it is being analysed (a cycle) counts as not known.
     */
    private boolean returnsObjects(MethodRef m) {
        Boolean known = returnsObjects.get(m);
        if (known != null) {
            return known;
        }
        returnsObjects.put(m, false);
        MethodNode node = w.classes.isJdk(m.owner()) ? null : w.classes.method(m);
        boolean result = node != null && node.instructions.size() > 0;
        if (result) {
            org.objectweb.asm.tree.analysis.Frame<org.objectweb.asm.tree.analysis.BasicValue>[] frames;
            try {
                frames = new org.objectweb.asm.tree.analysis.Analyzer<>(new Typer(this::fieldFacts, this::callFacts))
                    .analyze(m.owner(), node);
            } catch (org.objectweb.asm.tree.analysis.AnalyzerException e) {
                throw new UserError("cannot analyse " + m + ": " + e.getMessage());
            }
            for (int i = 0; result && i < frames.length; i++) {
                org.objectweb.asm.tree.analysis.Frame<org.objectweb.asm.tree.analysis.BasicValue> f = frames[i];
                if (f != null && node.instructions.get(i).getOpcode() == Opcodes.ARETURN) {
                    result = Typer.nonNull(f.getStack(f.getStackSize() - 1));
                }
            }
        }
        returnsObjects.put(m, result);
        return result;
    }

    /** A C constant for a value of a field or array element of type {@code t}. */
    String value(Class<?> t, Object v) {
        if (!t.isPrimitive()) {
            return ref(v);
        }
        if (t == boolean.class) {
            return (Boolean) v ? "1" : "0";
        }
        if (t == char.class) {
            return Integer.toString((Character) v);
        }
        if (t == long.class) {
            return model.longInit((Long) v);
        }
        if (t == float.class || t == double.class) {
            throw new UserError("float and double are not supported by the AOT compiler yet");
        }
        return literal(((Number) v).intValue());
    }

    /** A C expression for a constant value (a folded static field) of type {@code t}. */
    String valueExpr(Class<?> t, Object v) {
        if (t == int.class && w.init.arrayOfToken((Integer) v) != null) {
            return addressOf(w.init.arrayOfToken((Integer) v), "a static field");
        }
        return t == long.class ? model.longValue((Long) v) : value(t, v);
    }

    // ---------------------------------------------------------------- the image

    String generate(List<InitRun.Op> ops, boolean interruptsEnabled) {
        StringBuilder out = new StringBuilder();
        out.append("/* Generated by fw build: image ").append(imageName).append(". Do not edit. */\n");
        out.append("#include \"fw.h\"\n\n");
        out.append("/* Class ids: classes in depth-first pre-order from java.lang.Object (a class and its subclasses are"
            + " a range), then array types. */\n");
        for (Map.Entry<String, Integer> e : cids.entrySet()) {
            out.append("/* ").append(String.format("%5d", e.getValue())).append(" ").append(e.getKey()
                .replace('/', '.')).append(" */\n");
        }
        out.append('\n');
        // Structs.
        for (String c : structClasses) {
            out.append(structName(c)).append(" {\n    uint16_t cid;\n");
            for (TargetLayout.Slot s : slots(c)) {
                out.append("    ").append(ctype(s.field().getType())).append(' ').append(fieldName(key(s.field())))
                    .append(";\n");
            }
            out.append("};\n");
        }
        out.append("\n/* The layout model of the profile (TargetLayout, also used by fw budget) must be what the C compiler"
            + " does: checked at compile time. */\n");
        int check = 0;
        for (String c : structClasses) {
            Class<?> k = w.init.load(c.replace('/', '.'));
            for (TargetLayout.Slot s : slots(c)) {
                out.append("typedef char fw_layout_").append(check++).append("[")
                    .append(model.offsetofBytes(structName(c), fieldName(key(s.field())))).append(" == ")
                    .append(s.offset())
                    .append(" ? 1 : -1];\n");
            }
            if (!java.lang.reflect.Modifier.isAbstract(k.getModifiers())) {
                out.append("typedef char fw_layout_").append(check++).append("[")
                    .append(model.sizeofBytes(structName(c))).append(" == ").append(layout.instanceBytes(k, f -> slots(c).stream()
                        .anyMatch(s -> s.field().equals(f)))).append(" ? 1 : -1];\n");
            }
        }
        out.append('\n');
        // Snapshot names, placements, typedefs.
        StringBuilder decls = new StringBuilder();
        StringBuilder defs = new StringBuilder();
        List<String> fixups = new ArrayList<>();
        for (Node n : w.objects()) {
            objectNames.put(n.object, "o" + n.index);
        }
        for (Node n : w.objects()) {
            emitObject(n, decls, defs, fixups);
        }
        // Methods: translate first (they register sites and selector tables).
        StringBuilder protos = new StringBuilder();
        StringBuilder bodies = new StringBuilder();
        for (MethodRef m : w.methods.keySet()) {
            functionName(m);
        }
        for (Map.Entry<MethodRef, MethodNode> e : w.methods.entrySet()) {
            MethodTranslator t = new MethodTranslator(this, e.getKey(), e.getValue());
            protos.append(t.prototype()).append(";\n");
            bodies.append(t.translate()).append('\n');
        }
        // Statics.
        StringBuilder statics = new StringBuilder();
        for (Map.Entry<FieldKey, Object> e : w.statics.entrySet()) {
            FieldKey f = e.getKey();
            if (!w.written.contains(f)) {
                continue; // Folded into the code as a constant (see MethodTranslator).
            }
            Field field = w.reflect(f);
            String name = staticName(f);
            Object array = field.getType() == int.class ? w.init.arrayOfToken((Integer) e.getValue()) : null;
            if (array != null) {
                addressFixups.add(name + " = " + addressOf(array, f.toString()) + ";");
            }
            statics.append("static ").append(ctype(field.getType())).append(' ').append(name).append(" = ")
                .append(array != null ? "0" : value(field.getType(), e.getValue())).append("; /* ").append(f)
                .append(" */\n");
        }
        out.append(typedefs.isEmpty() ? "" : String.join("\n", typedefs) + "\n\n");
        out.append("/* The snapshot: ").append(w.objects().size()).append(" objects. */\n");
        out.append(decls).append('\n').append(defs).append('\n');
        out.append("/* Static fields the mission writes (those it only reads are folded into the code). */\n");
        out.append(statics).append('\n');
        out.append(panicSites());
        out.append('\n').append(protos).append('\n');
        out.append(storeCheck()).append('\n');
        out.append(arraycopyElementSize()).append('\n');
        out.append(selectorDefs).append('\n');
        out.append(bodies);
        out.append(handlersAndBoot(ops, interruptsEnabled, fixups));
        return out.toString();
    }

    /**
     * The texts of the panic sites, one string each (the linker drops those of checks the C compiler proved never to
     * fail); with numbered sites none: the numbers are in report.txt, and the panic prints the number.
     */
    private String panicSites() {
        StringBuilder b = new StringBuilder("/* Panic sites. */\n");
        for (Map.Entry<String, String> e : sites.entrySet()) {
            if (numberedSites) {
                b.append("/* #").append(e.getValue()).append(": ").append(comment(e.getKey())).append(" */\n");
            } else {
                b.append("static const char fw_site_").append(e.getValue()).append("[] = \"")
                    .append(cString(e.getKey())).append("\";\n");
            }
        }
        return b.toString();
    }

    String staticName(FieldKey f) {
        return staticNames.computeIfAbsent(f, k -> "S_" + sanitize(simpleName(k.owner())) + "_" + sanitize(k.name())
            + "_" + staticNames.size());
    }

    private void emitObject(Node n, StringBuilder decls, StringBuilder defs, List<String> fixups) {
        Object o = n.object;
        Class<?> c = o.getClass();
        String name = objectNames.get(o);
        String type;
        String init;
        Placement p;
        long bytes;
        if (c == String.class) {
            String s = (String) o;
            for (char ch : s.toCharArray()) {
                if (ch > 0xFF) {
                    throw new UserError("String constant \"" + s + "\" (" + n.path + ") has a character beyond"
                        + " Latin-1; the AOT compiler stores Strings as Latin-1 bytes");
                }
            }
            type = arrayTypedef('B', "jbyte", s.length());
            StringBuilder b = new StringBuilder();
            b.append("{ ").append(cid(MissionWorld.STRING)).append(", ").append(s.length());
            if (s.length() > 0) {
                int[] chars = new int[s.length()];
                for (int i = 0; i < s.length(); i++) {
                    chars[i] = (byte) s.charAt(i);
                }
                b.append(", { ").append(model.byteElements(chars).replace(",\n    ", ", ")).append(" }");
            }
            init = b.append(" }").toString();
            p = Placement.CONST;
            bytes = layout.arrayBytes(byte.class, s.length());
            decls.append("static const ").append(type).append(' ').append(name).append(";\n");
            defs.append("static const ").append(type).append(' ').append(name).append(" = ").append(init)
                .append("; /* \"").append(comment(s)).append("\" */\n");
        } else if (c.isArray()) {
            Class<?> comp = c.getComponentType();
            char elem = Type.getDescriptor(comp).charAt(0);
            int length = Array.getLength(o);
            if (length > model.maxArrayLength()) {
                throw new UserError("array " + n.path + " has " + length + " elements; arrays on this target have at"
                    + " most " + model.maxArrayLength() + " (\"target.arrayLengthBytes\")");
            }
            type = arrayTypedef(elem, ctype(comp), length);
            bytes = layout.arrayBytes(comp, length);
            char kind = elem == '[' ? 'L' : elem;
            boolean mutable = w.arrayStores.contains(kind) && writes().writable(n, kind)
                || n.origins.contains(MissionWorld.ADDRESS_ORIGIN);
            int last = -1;
            for (int i = 0; i < length; i++) {
                Object v = Array.get(o, i);
                if (!isZero(v)) {
                    last = i;
                }
            }
            long payload = (long) length * layout.elementBytes(comp);
            long zeroTail = (long) (length - 1 - last) * layout.elementBytes(comp);
            boolean copied = mutable && last >= 0 && zeroTail >= COPY_MIN_ZERO_BYTES && elem != '[' && elem != 'L';
            if (mutable && last < 0 && payload >= BSS_MIN_BYTES || copied) {
                p = Placement.BSS;
                decls.append("static ").append(type).append(' ').append(name).append(";\n");
                if (copied) {
                    // The non-zero start of the array, as an array of its own in flash, copied at boot (header and
                    // all; the fixup then writes the whole length): the zero rest costs no flash.
                    String prefix = arrayTypedef(elem, ctype(comp), last + 1);
                    defs.append("static const ").append(prefix).append(' ').append(name).append("_init = ")
                        .append(arrayInit(o, comp, elem, last + 1, last)).append("; /* the start of ")
                        .append(comment(n.path)).append(" */\n");
                    copies.add("{ &" + name + ", &" + name + "_init, sizeof " + name + "_init }");
                }
                fixups.add("{ (fw_array*)(void*)&" + name + ", " + cid(Type.getDescriptor(c)) + ", " + length + " }");
            } else {
                p = mutable ? Placement.DATA : Placement.CONST;
                String q = mutable ? "static " : "static const ";
                String b = arrayInit(o, comp, elem, length, last);
                decls.append(q).append(type).append(' ').append(name).append(";\n");
                defs.append(q).append(type).append(' ').append(name).append(" = ").append(b).append("; /* ")
                    .append(comment(n.path)).append(" */\n");
            }
        } else {
            String internal = Type.getInternalName(c);
            List<TargetLayout.Slot> slots = slots(internal);
            boolean mutable = false;
            boolean addressed = false;
            StringBuilder b = new StringBuilder("{ " + cid(internal));
            for (TargetLayout.Slot s : slots) {
                Field f = s.field();
                if (w.written.contains(key(f))) {
                    mutable = true;
                }
                Object v;
                if (f.getDeclaringClass() == Enum.class) {
                    v = ((Enum<?>) o).ordinal();
                } else {
                    f.setAccessible(true);
                    try {
                        v = f.get(o);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
                Object array = f.getType() == int.class ? w.init.arrayOfToken((Integer) v) : null;
                if (array != null) {
                    // Memory.addressOf at init: the array's real address, known only to the linker, set at boot.
                    addressFixups.add("((" + structName(internal) + "*)(void*)&" + name + ")->" + fieldName(key(f))
                        + " = " + addressOf(array, n.path) + ";");
                    addressed = true;
                    b.append(", 0");
                    continue;
                }
                b.append(", ").append(value(f.getType(), v));
            }
            b.append(" }");
            type = structName(internal);
            mutable = mutable && writes().writableObject(n) || addressed;
            p = mutable ? Placement.DATA : Placement.CONST;
            bytes = layout.instanceBytes(c, f -> w.read.contains(key(f)));
            String q = mutable ? "static " : "static const ";
            decls.append(q).append(type).append(' ').append(name).append(";\n");
            defs.append(q).append(type).append(' ').append(name).append(" = ").append(b).append("; /* ")
                .append(comment(n.path)).append(" */\n");
        }
        placement.put(n, p);
        objectBytes.put(n, bytes);
    }

    /** Assignments at boot of the addresses init asked for ({@code Memory.addressOf}). */
    private final List<String> addressFixups = new ArrayList<>();

    /** The C expression of {@code Memory.addressOf(array)} for an array of the snapshot. */
    String addressOf(Object array, String where) {
        if (!objectNames.containsKey(array)) {
            throw new UserError(where + " holds the address of an array (Memory.addressOf at init) that the mission"
                + " does not reach, so the image would not have it");
        }
        return "FW_ADDRESS_OF((char*)(void*)&" + objectNames.get(array) + " + offsetof(fw_arr_S, data))";
    }

    private ArrayWrites arrayWrites;

    private ArrayWrites writes() {
        if (arrayWrites == null) {
            arrayWrites = new ArrayWrites(w);
        }
        return arrayWrites;
    }

    /**
     * Init's register operations often repeat a load of one register and a store of a byte to another (a UART's status
     * and data for every character init logged): a run of at least this many such pairs is replayed by a loop over a
     * {@code const} table of the bytes, the same accesses in the same order, about a byte of flash each instead of six.
     */
    static final int REPLAY_RUN_MIN = 8;

    /** The number of load-store pairs from {@code ops[i]} on that repeat the same two registers with byte values. */
    private static int replayRun(List<InitRun.Op> ops, int i) {
        if (i + 1 >= ops.size()) {
            return 0;
        }
        InitRun.Op load = ops.get(i);
        InitRun.Op store = ops.get(i + 1);
        if (load.kind() != 'L' || store.kind() != 'S') {
            return 0;
        }
        int n = 0;
        while (n < 4096 && i + 2 * n + 1 < ops.size()) {
            InitRun.Op l = ops.get(i + 2 * n);
            InitRun.Op st = ops.get(i + 2 * n + 1);
            if (l.kind() != 'L' || l.bits() != load.bits() || l.address() != load.address() || st.kind() != 'S'
                || st.bits() != store.bits() || st.address() != store.address() || st.value() < 0
                || st.value() > 0xFF) {
                break;
            }
            n++;
        }
        return n;
    }

    /** The C initialiser of an array of {@code length} whose elements after {@code last} are zero. */
    private String arrayInit(Object o, Class<?> comp, char elem, int length, int last) {
        StringBuilder b = new StringBuilder();
        b.append("{ ").append(cid(Type.getDescriptor(o.getClass()))).append(", ").append(length);
        if (length > 0) {
            b.append(", { ");
            if (elem == 'B' || elem == 'Z') {
                int[] v = new int[last + 1];
                for (int i = 0; i <= last; i++) {
                    Object x = Array.get(o, i);
                    v[i] = x instanceof Boolean z ? (z ? 1 : 0) : ((Number) x).intValue();
                }
                b.append(model.byteElements(v));
            } else {
                for (int i = 0; i <= last; i++) {
                    b.append(i > 0 ? (i % 16 == 0 ? ",\n    " : ", ") : "").append(value(comp, Array.get(o, i)));
                }
            }
            b.append(last < 0 ? (elem == 'J' ? model.longInit(0) : "0") : "").append(" }");
        }
        return b.append(" }").toString();
    }

    private String arrayTypedef(char elem, String ctype, int length) {
        String name = "A_" + (elem == '[' ? 'L' : elem) + "_" + length;
        Class<?> k = switch (elem) {
            case 'Z' -> boolean.class;
            case 'B' -> byte.class;
            case 'C' -> char.class;
            case 'S' -> short.class;
            case 'I' -> int.class;
            case 'J' -> long.class;
            case 'F' -> float.class;
            case 'D' -> double.class;
            default -> Object.class;
        };
        String check = "typedef char fw_layout_" + name + "[" + model.sizeofBytes(name) + " == "
            + layout.arrayBytes(k, length) + " ? 1 : -1];";
        String len = model.lengthType();
        if (length == 0) {
            typedefs.add("typedef struct { uint16_t cid; " + len + " length; } " + name + ";\n" + check);
        } else {
            typedefs.add("typedef struct { uint16_t cid; " + len + " length; " + model.arrayData(elem, ctype, length)
                + " } " + name + ";\n" + check);
        }
        return name;
    }

    private static boolean isZero(Object v) {
        if (v == null) {
            return true;
        }
        if (v instanceof Boolean b) {
            return !b;
        }
        if (v instanceof Character ch) {
            return ch == 0;
        }
        if (v instanceof Number num) {
            return num.longValue() == 0;
        }
        return false;
    }

    static String comment(String s) {
        String t = s.replace("*/", "* /").replace("\n", "\\n");
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }

    static String cString(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 32 || c > 126) {
                b.append(String.format("\\%03o", (int) c & 0xFF));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The aastore check: whether a value of class id {@code v} may go into an array of class id {@code a}. */
    private String storeCheck() {
        StringBuilder b = new StringBuilder("static FW_UNUSED int fw_store_ok(uint16_t a, uint16_t v) {\n"
            + "    switch (a) {\n");
        for (Map.Entry<String, Integer> e : cids.entrySet()) {
            String t = e.getKey();
            if (t.startsWith("[L") || t.startsWith("[[")) {
                String elem = internalOf(t.substring(1));
                b.append("    case ").append(e.getValue()).append(": return ").append(typeTest("v", elem))
                    .append(";\n");
            }
        }
        b.append("    default: return 1;\n    }\n}\n");
        return b.toString();
    }

    /** The element size of each array class id, for System.arraycopy (0 for non-arrays). */
    private String arraycopyElementSize() {
        StringBuilder b = new StringBuilder("static FW_UNUSED int fw_elem_size(uint16_t cid) {\n    switch (cid) {\n");
        for (Map.Entry<String, Integer> e : cids.entrySet()) {
            String t = e.getKey();
            if (t.startsWith("[")) {
                char el = t.charAt(1);
                int size = switch (el) {
                    case 'Z', 'B' -> 1;
                    case 'C', 'S' -> 2;
                    case 'I', 'F' -> 4;
                    case 'J', 'D' -> 8;
                    default -> -1;
                };
                b.append("    case ").append(e.getValue()).append(": return ")
                    .append(size < 0 ? "-(int)sizeof(fw_object*)" : Integer.toString(size)).append(";\n");
            }
        }
        b.append("    default: return 0;\n    }\n}\n");
        return b.toString();
    }

    /**
     * A table of functions for a virtual call with many targets, indexed by class id from the lowest receiver's;
     * shared by every call of the same selector over the same receivers.
     */
    String selectorTable(String signature, String fnType, Map<MethodRef, List<String>> targets) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        Map<Integer, String> entries = new TreeMap<>();
        for (Map.Entry<MethodRef, List<String>> e : targets.entrySet()) {
            for (String c : e.getValue()) {
                int id = cid(c);
                lo = Math.min(lo, id);
                hi = Math.max(hi, id);
                entries.put(id, functionName(e.getKey()));
            }
        }
        String key = signature + entries;
        String existing = selectorTables.get(key);
        if (existing != null) {
            return existing;
        }
        String name = "fw_vt_" + selectorTables.size();
        selectorDefs.append("static ").append(fnType.replace("(*)", "(* const " + name + "[" + (hi - lo + 1) + "])"))
            .append(" = {");
        for (Map.Entry<Integer, String> e : entries.entrySet()) {
            selectorDefs.append(" [").append(e.getKey() - lo).append("] = ").append(e.getValue()).append(',');
        }
        selectorDefs.append(" };\n");
        selectorTables.put(key, name + "@" + lo);
        return name + "@" + lo;
    }

    /** The C function the CPU runtime calls for an interrupt line: fw_irq_n, or fw_nmi. */
    private static String handlerName(int line) {
        return line == org.firmerware.bottom.machine.InterruptHandler.NMI ? "fw_nmi" : "fw_irq_" + line;
    }

    private String handlersAndBoot(List<InitRun.Op> ops, boolean interruptsEnabled, List<String> fixups) {
        StringBuilder b = new StringBuilder();
        b.append("/* Interrupt handlers: each calls its driver's @InterruptHandler method. */\n");
        for (MissionWorld.Handler h : w.handlers) {
            b.append("void ").append(handlerName(h.line())).append("(void) { ").append(functionName(h.method()))
                .append("(").append(ref(h.receiver())).append("); }\n");
        }
        b.append("static void fw_dispatch(int line) {\n    switch (line) {\n");
        for (MissionWorld.Handler h : w.handlers) {
            b.append("    case ").append(h.line()).append(": ").append(handlerName(h.line())).append("(); break;\n");
        }
        b.append("    default: break;\n    }\n}\n\n");
        if (!copies.isEmpty()) {
            b.append("/* The non-zero starts of arrays in .bss, copied at boot (before their headers are written). */\n");
            b.append("static const fw_copy fw_copies[] = {\n    ").append(String.join(",\n    ", copies))
                .append("\n};\n\n");
        }
        if (!fixups.isEmpty()) {
            b.append("/* Headers of the arrays in .bss, written at boot. */\n");
            b.append("static const fw_fixup fw_fixups[] = {\n    ").append(String.join(",\n    ", fixups))
                .append("\n};\n\n");
        }
        b.append("/* The hardware operations of build-time init, replayed at boot. */\n");
        b.append("static void fw_replay(void) {\n");
        StringBuilder debug = new StringBuilder();
        for (int i = 0; i < ops.size(); i++) {
            InitRun.Op op = ops.get(i);
            if (op.kind() != 'D' && debug.length() > 0) {
                b.append("    fw_debug_write(\"").append(debug).append("\", ").append(debugLength(debug))
                    .append(");\n");
                debug.setLength(0);
            }
            int run = replayRun(ops, i);
            if (run >= REPLAY_RUN_MIN) {
                InitRun.Op store = ops.get(i + 1);
                b.append("    {\n        static const unsigned char fw_replay_bytes[] = {");
                for (int k = 0; k < run; k++) {
                    b.append(k % 16 == 0 ? "\n            " : " ").append(ops.get(i + 2 * k + 1).value()).append(',');
                }
                b.append("\n        };\n        unsigned k;\n        for (k = 0; k < sizeof fw_replay_bytes; k++) {\n")
                    .append("            (void)FW_REG_LOAD").append(op.bits()).append("(0x")
                    .append(Integer.toHexString(op.address())).append("u);\n            FW_REG_STORE")
                    .append(store.bits()).append("(0x").append(Integer.toHexString(store.address()))
                    .append("u, fw_replay_bytes[k]);\n        }\n    }\n");
                i += 2 * run - 1;
                continue;
            }
            String a = "0x" + Integer.toHexString(op.address()) + "u";
            switch (op.kind()) {
                case 'S' -> b.append("    FW_REG_STORE").append(op.bits()).append("(").append(a).append(", 0x")
                    .append(Integer.toHexString(op.value())).append("u);\n");
                case 'L' -> b.append("    (void)FW_REG_LOAD").append(op.bits()).append("(").append(a).append(");\n");
                case 'I' -> b.append("    FW_IO_STORE16(").append(a).append(", 0x").append(Integer.toHexString(op
                    .value())).append("u);\n");
                case 'i' -> b.append("    (void)FW_IO_LOAD16(").append(a).append(");\n");
                case 'W' -> b.append("    FW_DELAY_CYCLES(").append(op.value()).append(");\n");
                default -> {
                    for (byte x : op.bytes()) {
                        debug.append(String.format("\\%03o", x & 0xFF));
                    }
                }
            }
        }
        if (debug.length() > 0) {
            b.append("    fw_debug_write(\"").append(debug).append("\", ").append(debugLength(debug)).append(");\n");
        }
        b.append("}\n\n");
        b.append("/* The entry point: boot (bss headers, hardware replay, interrupt mask) and the mission. */\n");
        b.append("int ").append("FW_IMAGE_MAIN(void) {\n");
        b.append("    fw_set_dispatch(fw_dispatch);\n");
        if (!copies.isEmpty()) {
            b.append("    fw_apply_copies(fw_copies, sizeof fw_copies / sizeof fw_copies[0]);\n");
        }
        if (!fixups.isEmpty()) {
            b.append("    fw_apply_fixups(fw_fixups, sizeof fw_fixups / sizeof fw_fixups[0]);\n");
        }
        for (String f : addressFixups) {
            b.append("    ").append(f).append('\n');
        }
        for (MissionWorld.Root r : w.roots) {
            if (r.why().equals(MissionWorld.BOOT_ROOT)) {
                b.append("    ").append(functionName(r.method())).append("(").append(ref(r.receiver()))
                    .append("); /* the board's bring-up, at every boot: it depends on what the hardware answers */\n");
            }
        }
        b.append("    fw_replay();\n");
        if (interruptsEnabled) {
            b.append("    fw_irq_restore(1);\n");
        }
        for (MissionWorld.Root r : w.roots) {
            if (r.why().startsWith("the handler of") || r.why().equals(MissionWorld.BOOT_ROOT)) {
                continue;
            }
            b.append("    ").append(functionName(r.method())).append("(")
                .append(r.receiver() == null ? "" : ref(r.receiver())).append(");\n");
        }
        b.append("    return 0;\n}\n");
        return b.toString();
    }

    private static int debugLength(StringBuilder octal) {
        return octal.length() / 4;
    }

    /** Counts for the report: objects and bytes per placement. */
    Map<Placement, long[]> placementTotals() {
        Map<Placement, long[]> out = new TreeMap<>();
        for (Placement p : Placement.values()) {
            out.put(p, new long[2]);
        }
        for (Map.Entry<Node, Placement> e : placement.entrySet()) {
            long[] t = out.get(e.getValue());
            t[0]++;
            t[1] += objectBytes.get(e.getKey());
        }
        return out;
    }

    static boolean isStatic(MethodNode n) {
        return (n.access & Opcodes.ACC_STATIC) != 0;
    }

    static Set<String> unused() {
        return new HashSet<>();
    }

    static Comparator<String> byName() {
        return Comparator.naturalOrder();
    }

    static boolean isFinal(Field f) {
        return Modifier.isFinal(f.getModifiers());
    }
}
