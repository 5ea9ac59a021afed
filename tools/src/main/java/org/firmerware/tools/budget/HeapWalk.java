package org.firmerware.tools.budget;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A walk of the firmware's object graph by reflection, from roots (the kernel, static fields), breadth first, so that
 * each object is reached by its shortest field path. Every object is counted once (an identity set).
 *
 * <p>What the walk meets, by class:
 * <ul>
 *   <li>a class of a firmware package ({@link #isFirmwarePackage}) or an array: firmware RAM, measured and walked;</li>
 *   <li>a class of a hardware package of the board profile: simulated hardware, not firmware RAM; the walk stops;</li>
 *   <li>{@code String}: a constant, in flash, not RAM; counted apart;</li>
 *   <li>anything else (a JDK collection, a boxed number, a tool's object): unexpected in firmware; reported with its
 *       path, neither counted nor walked.</li>
 * </ul>
 * An array counts towards the package of the object (or static field) that holds it.
 */
public final class HeapWalk {

    /** Packages of firmware code: bottom, kernel, porting tests, tops ({@code org.firmerware.top*}), boards. */
    public static final List<String> FIRMWARE_PACKAGES = List.of("org.firmerware.bottom", "org.firmerware.kernel",
        "org.firmerware.porting", "org.firmerware.top*", "org.firmerware.boards");

    /** An object in firmware RAM. {@code shape} is its class's short name, or for arrays e.g. {@code byte[4096]}. */
    public record Item(String className, String packageName, String path, String shape, long hotSpotBytes,
                       long targetBytes) {
    }

    /** The static fields of a class that take RAM (not {@code static final}). */
    public record Statics(String className, String packageName, int fields, long targetBytes) {
    }

    /** A String constant (flash). */
    public record Constant(String path, String value, long targetBytes) {
    }

    /** Where the walk stopped: at hardware, or at something unexpected. */
    public record Stop(String className, String path, String why) {
    }

    private record Pending(Object object, String path, String ownerPackage) {
    }

    private final TargetLayout layout;
    private final List<String> hardwarePackages;
    private final ToLongFunction<Object> hotSpotBytes;

    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Map<Class<?>, List<Field>> referenceFields = new HashMap<>();
    private final List<Item> items = new ArrayList<>();
    private final List<Statics> statics = new ArrayList<>();
    private final List<Constant> constants = new ArrayList<>();
    private final List<Stop> hardware = new ArrayList<>();
    private final List<Stop> unexpected = new ArrayList<>();
    private boolean walked;

    /**
     * @param layout the target's object layout
     * @param hardwarePackages packages of simulated hardware, where the walk stops (with their subpackages)
     * @param hotSpotBytes the size of an object on this JVM
     */
    public HeapWalk(TargetLayout layout, List<String> hardwarePackages, ToLongFunction<Object> hotSpotBytes) {
        this.layout = layout;
        this.hardwarePackages = List.copyOf(hardwarePackages);
        this.hotSpotBytes = hotSpotBytes;
    }

    /** Whether a package holds firmware code (see {@link #FIRMWARE_PACKAGES}). */
    public static boolean isFirmwarePackage(String pkg) {
        for (String p : FIRMWARE_PACKAGES) {
            if (p.endsWith("*") ? pkg.startsWith(p.substring(0, p.length() - 1)) : under(pkg, p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class is firmware code: of a firmware package and not of a hardware package. */
    public boolean isFirmwareClass(Class<?> c) {
        String pkg = c.getPackageName();
        return isFirmwarePackage(pkg) && !isHardwarePackage(pkg);
    }

    private boolean isHardwarePackage(String pkg) {
        for (String p : hardwarePackages) {
            if (under(pkg, p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean under(String pkg, String parent) {
        return pkg.equals(parent) || pkg.startsWith(parent + ".");
    }

    /** Adds a root object, reached by {@code path} (e.g. "Kernel"). */
    public HeapWalk root(String path, Object object) {
        enqueue(object, path, object == null ? "" : object.getClass().getPackageName());
        return this;
    }

    /**
     * Adds the static fields of a firmware class: the non-constant ones take RAM, and every object they refer to is a
     * root. Reading them initialises the class if it was not yet, as the AOT build would.
     */
    public HeapWalk staticsOf(Class<?> c) {
        if (!isFirmwareClass(c)) {
            throw new IllegalArgumentException(c.getName() + " is not a firmware class");
        }
        int count = 0;
        long bytes = 0;
        for (Field f : c.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            if (layout.staticBytes(f) > 0) {
                count++;
                bytes += layout.staticBytes(f);
            }
            if (!f.getType().isPrimitive()) {
                f.setAccessible(true);
                try {
                    enqueue(f.get(null), shortName(c) + "." + f.getName(), c.getPackageName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + f, e);
                }
            }
        }
        if (count > 0) {
            statics.add(new Statics(displayName(c), c.getPackageName(), count, bytes));
        }
        return this;
    }

    /**
     * Walks everything reachable from the roots. Once only: afterwards the walk keeps only its results, and no
     * reference into the firmware (so a measured firmware and its class loader can be collected).
     */
    public HeapWalk walk() {
        if (walked) {
            throw new IllegalStateException("this graph was walked already");
        }
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            visit(p);
        }
        walked = true;
        seen.clear();
        referenceFields.clear();
        return this;
    }

    private void enqueue(Object o, String path, String ownerPackage) {
        if (walked) {
            throw new IllegalStateException("this graph was walked already");
        }
        if (o != null && seen.add(o)) {
            queue.add(new Pending(o, path, ownerPackage));
        }
    }

    private void visit(Pending p) {
        Object o = p.object;
        Class<?> c = o.getClass();
        if (c.isArray()) {
            int length = Array.getLength(o);
            Class<?> component = c.getComponentType();
            Class<?> element = component;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            items.add(new Item(displayName(c), p.ownerPackage, p.path,
                displayName(element) + "[" + length + "]" + dimensions(component),
                hotSpotBytes.applyAsLong(o), layout.arrayBytes(component, length)));
            if (!component.isPrimitive()) {
                for (int i = 0; i < length; i++) {
                    enqueue(Array.get(o, i), p.path + "[" + i + "]", p.ownerPackage);
                }
            }
            return;
        }
        if (c == String.class) {
            constants.add(new Constant(p.path, (String) o, layout.stringBytes((String) o)));
            return;
        }
        String pkg = c.getPackageName();
        if (isHardwarePackage(pkg)) {
            hardware.add(new Stop(displayName(c), p.path, "simulated hardware"));
            return;
        }
        if (!isFirmwarePackage(pkg)) {
            unexpected.add(new Stop(displayName(c), p.path, "not a firmware class"));
            return;
        }
        items.add(new Item(displayName(c), pkg, p.path, shortName(c), hotSpotBytes.applyAsLong(o),
            layout.instanceBytes(c)));
        if (o instanceof Enum<?> e) {
            enqueue(e.name(), p.path + ".name", pkg);
        }
        for (Field f : referenceFields(c, p.path)) {
            try {
                enqueue(f.get(o), p.path + "." + f.getName(), pkg);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + f, e);
            }
        }
    }

    /** The reference fields of a firmware class and its superclasses, readable; JDK superclasses are reported. */
    private List<Field> referenceFields(Class<?> c, String path) {
        List<Field> fields = referenceFields.get(c);
        if (fields != null) {
            return fields;
        }
        fields = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            if (k == Enum.class || k == Record.class) {
                continue;
            }
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    fields.add(f);
                } catch (InaccessibleObjectException e) {
                    unexpected.add(new Stop(displayName(c), path + "." + f.getName(),
                        "inherits field " + f.getName() + " from " + k.getName() + ", which the walk cannot read"));
                }
            }
        }
        referenceFields.put(c, fields);
        return fields;
    }

    private static String dimensions(Class<?> component) {
        StringBuilder sb = new StringBuilder();
        for (Class<?> k = component; k.isArray(); k = k.getComponentType()) {
            sb.append("[]");
        }
        return sb.toString();
    }

    /** The class's name for reports: arrays as {@code byte[]}, hidden classes (lambdas) without their address. */
    static String displayName(Class<?> c) {
        if (c.isArray()) {
            return displayName(c.getComponentType()) + "[]";
        }
        String name = c.getName();
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /** The class's name without its package, e.g. {@code Kernel$1}. */
    static String shortName(Class<?> c) {
        String name = displayName(c);
        String pkg = c.getPackageName();
        return pkg.isEmpty() || c.isArray() ? name : name.substring(pkg.length() + 1);
    }

    /** The firmware objects and arrays, in the order they were reached. */
    public List<Item> items() {
        return Collections.unmodifiableList(items);
    }

    /** The static-field blocks in RAM. */
    public List<Statics> statics() {
        return Collections.unmodifiableList(statics);
    }

    /** The String constants (flash). */
    public List<Constant> constants() {
        return Collections.unmodifiableList(constants);
    }

    /** Where the walk met simulated hardware. */
    public List<Stop> hardware() {
        return Collections.unmodifiableList(hardware);
    }

    /** What the walk met that firmware should not hold. */
    public List<Stop> unexpected() {
        return Collections.unmodifiableList(unexpected);
    }
}
