package org.firmerware.tools.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.firmerware.tools.UserError;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The class files the check reads, from a class loader's resources ({@code getResourceAsStream}), parsed once with ASM
 * and kept. JDK classes are read too, but only to follow their hierarchy and to resolve members; their code is never
 * walked. Names are internal names ({@code java/lang/Object}).
 *
 * <p>Resolution follows the JVM specification (JVMS 5.4.3.3 for methods, 5.4.3.2 for fields, 5.4.6 for virtual
 * selection), so a call names the method the JVM would run.
 */
public final class ClassPath {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final ClassLoader loader;
    private final Map<String, ClassNode> nodes = new HashMap<>();
    private final Set<String> missing = new HashSet<>();
    private final Map<String, Boolean> jdk = new HashMap<>();
    private final Map<String, Set<String>> supertypes = new HashMap<>();

    /** @param loader whose resources hold the class files (firmware, tops and the JDK) */
    public ClassPath(ClassLoader loader) {
        this.loader = loader;
    }

    /** The class, or null when the class path lacks it (and for array types). */
    public ClassNode node(String name) {
        if (name.startsWith("[")) {
            return null;
        }
        ClassNode n = nodes.get(name);
        if (n != null || missing.contains(name)) {
            return n;
        }
        try (InputStream in = loader.getResourceAsStream(name + ".class")) {
            if (in == null) {
                missing.add(name);
                return null;
            }
            n = new ClassNode();
            new ClassReader(in).accept(n, ClassReader.SKIP_FRAMES);
            nodes.put(name, n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the class file of " + name, e);
        }
    }

    /** The class, or a {@link UserError} naming it and who needs it. */
    public ClassNode require(String name, String neededBy) {
        ClassNode n = node(name);
        if (n == null) {
            throw new UserError("class " + name.replace('/', '.') + " is not on the class path (needed by "
                + neededBy + ")");
        }
        return n;
    }

    /** Whether the class belongs to the JDK (the platform class loader finds it). */
    public boolean isJdk(String name) {
        if (name.startsWith("[")) {
            return true;
        }
        return jdk.computeIfAbsent(name, n -> n.startsWith("java/") || n.startsWith("javax/") || n.startsWith("jdk/")
            || n.startsWith("sun/") || PLATFORM.getResource(n + ".class") != null);
    }

    /** Whether {@code sub} is {@code sup} or one of its subclasses or implementations. */
    public boolean isSubtype(String sub, String sup) {
        return sub.equals(sup) || supertypes(sub).contains(sup);
    }

    /** Every superclass and superinterface of a class, transitively (without the class itself). */
    public Set<String> supertypes(String name) {
        Set<String> known = supertypes.get(name);
        if (known != null) {
            return known;
        }
        Set<String> out = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(name);
        while (!todo.isEmpty()) {
            ClassNode n = node(todo.poll());
            if (n == null) {
                continue;
            }
            List<String> direct = new ArrayList<>(n.interfaces);
            if (n.superName != null) {
                direct.add(n.superName);
            }
            for (String s : direct) {
                if (out.add(s)) {
                    todo.add(s);
                }
            }
        }
        supertypes.put(name, out);
        return out;
    }

    /** The method a class declares itself, or null. */
    public static MethodNode declared(ClassNode c, String name, String desc) {
        for (MethodNode m : c.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Resolves a method reference as the JVM does: the class and its superclasses first, then the maximally specific
     * superinterface method (any one of them when there are several, which javac does not compile).
     *
     * @return the declaring class's method, or null when there is none (a broken class path)
     */
    public MethodRef resolve(String owner, String name, String desc) {
        for (String c = owner; c != null; ) {
            ClassNode n = node(c);
            if (n == null) {
                return null;
            }
            if (declared(n, name, desc) != null) {
                return new MethodRef(c, name, desc);
            }
            c = n.superName;
        }
        return interfaceMethod(owner, name, desc, false);
    }

    /**
     * Selects the method a virtual or interface call runs on an object of class {@code receiver} (JVMS 5.4.6): the
     * first non-abstract instance method up the superclass chain, else a default method of an interface.
     *
     * @return the method, or null when the class has none (an abstract class or an interface)
     */
    public MethodRef select(String receiver, String name, String desc) {
        for (String c = receiver; c != null; ) {
            ClassNode n = node(c);
            if (n == null) {
                return null;
            }
            MethodNode m = declared(n, name, desc);
            if (m != null && (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0) {
                return (m.access & Opcodes.ACC_ABSTRACT) == 0 ? new MethodRef(c, name, desc) : null;
            }
            c = n.superName;
        }
        return interfaceMethod(receiver, name, desc, true);
    }

    /** A method of the superinterfaces, the most specific first; with {@code concrete}, default methods only. */
    private MethodRef interfaceMethod(String owner, String name, String desc, boolean concrete) {
        MethodRef found = null;
        for (String s : supertypes(owner)) {
            ClassNode n = node(s);
            if (n == null || (n.access & Opcodes.ACC_INTERFACE) == 0) {
                continue;
            }
            MethodNode m = declared(n, name, desc);
            if (m == null || (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) != 0
                || concrete && (m.access & Opcodes.ACC_ABSTRACT) != 0) {
                continue;
            }
            if (found == null || isSubtype(s, found.owner())) {
                found = new MethodRef(s, name, desc);
            }
        }
        return found;
    }

    /** The method node of a resolved reference, or null. */
    public MethodNode method(MethodRef ref) {
        ClassNode n = node(ref.owner());
        return n == null ? null : declared(n, ref.name(), ref.desc());
    }

    /** The class that declares a field (JVMS 5.4.3.2: the class, its interfaces, then its superclass), or null. */
    public String fieldOwner(String owner, String name, String desc) {
        ClassNode n = node(owner);
        if (n == null) {
            return null;
        }
        for (FieldNode f : n.fields) {
            if (f.name.equals(name) && f.desc.equals(desc)) {
                return owner;
            }
        }
        for (String i : n.interfaces) {
            String found = fieldOwner(i, name, desc);
            if (found != null) {
                return found;
            }
        }
        return n.superName == null ? null : fieldOwner(n.superName, name, desc);
    }
}
