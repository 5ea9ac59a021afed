package org.firmerware.boards.bt200.sim;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's vector table: which driver method handles which interrupt line, found as the AOT compiler finds it.
 * The firmware marks handlers with {@code @InterruptHandler(vector)}, an annotation kept in the class file only (not at
 * run time), so this class reads the class files of the classes reachable from the board and picks the methods that
 * carry it, then binds each to the one instance the board's init created.
 *
 * <p>Built once per power-up, during init, on the firmware thread. A dispatch is then a plain interface call on a
 * {@link Runnable} made by {@link LambdaMetafactory}: no reflection and no allocation at interrupt time.
 */
final class InterruptTable {

    private static final String ANNOTATION = "Lorg/firmerware/bottom/machine/InterruptHandler;";
    private static final String FIRMWARE = "org.firmerware.";

    private final Runnable[] handlers;
    private final String[] names;

    private InterruptTable(Runnable[] handlers, String[] names) {
        this.handlers = handlers;
        this.names = names;
    }

    /** The handler of a vector, or null. */
    Runnable handler(int vector) {
        return vector < handlers.length ? handlers[vector] : null;
    }

    /** The handler's name (Class.method), or null. */
    String name(int vector) {
        return vector < names.length ? names[vector] : null;
    }

    /**
     * The vector table of a board: every {@code @InterruptHandler} method of the classes of the objects reachable from
     * {@code board}, bound to its object.
     *
     * @param vectors the number of vectors of the CPU
     * @throws IllegalStateException when two objects or two methods claim one vector, or a vector is out of range
     */
    static InterruptTable of(Object board, int vectors) {
        Runnable[] handlers = new Runnable[vectors];
        String[] names = new String[vectors];
        Map<Class<?>, Map<String, Integer>> annotated = new HashMap<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> queue = new ArrayDeque<>();
        queue.add(board);
        seen.add(board);
        while (!queue.isEmpty()) {
            Object o = queue.poll();
            Class<?> c = o.getClass();
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        enqueue(Array.get(o, i), seen, queue);
                    }
                }
                continue;
            }
            for (Class<?> k = c; k != null && k.getName().startsWith(FIRMWARE); k = k.getSuperclass()) {
                Map<String, Integer> methods = annotated.computeIfAbsent(k, InterruptTable::readHandlers);
                for (Map.Entry<String, Integer> m : methods.entrySet()) {
                    bind(o, k, m.getKey(), m.getValue(), handlers, names);
                }
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        enqueue(f.get(o), seen, queue);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new IllegalStateException("reading " + f + " to find interrupt handlers", e);
                    }
                }
            }
        }
        return new InterruptTable(handlers, names);
    }

    private static void enqueue(Object o, Set<Object> seen, ArrayDeque<Object> queue) {
        if (o != null && (o.getClass().isArray() || o.getClass().getName().startsWith(FIRMWARE)) && seen.add(o)) {
            queue.add(o);
        }
    }

    private static void bind(Object target, Class<?> owner, String method, int vector, Runnable[] handlers,
            String[] names) {
        String name = owner.getName() + "." + method;
        if (vector < 0 || vector >= handlers.length) {
            throw new IllegalStateException(name + ": @InterruptHandler(" + vector + ") names no vector of this CPU "
                + "(0.." + (handlers.length - 1) + ")");
        }
        if (handlers[vector] != null) {
            throw new IllegalStateException("vector " + vector + " has two handlers: " + names[vector] + " and " + name
                + " (each handler's class must have exactly one instance on the board)");
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle impl = lookup.findVirtual(owner, method, MethodType.methodType(void.class));
            CallSite site = LambdaMetafactory.metafactory(lookup, "run", MethodType.methodType(Runnable.class, owner),
                MethodType.methodType(void.class), impl, MethodType.methodType(void.class));
            handlers[vector] = (Runnable) site.getTarget().invoke(target);
            names[vector] = name;
        } catch (Throwable e) {
            throw new IllegalStateException("binding the interrupt handler " + name + ": " + e, e);
        }
    }

    /** The methods of a class that carry {@code @InterruptHandler}, by name, with their vectors. */
    private static Map<String, Integer> readHandlers(Class<?> c) {
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            return parse(new DataInputStream(in), c.getName());
        } catch (IOException e) {
            throw new IllegalStateException("reading the class file of " + c.getName(), e);
        }
    }

    // ---------------------------------------------------------------- a reader of the parts of a class file we need

    private static Map<String, Integer> parse(DataInputStream in, String className) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException(className + ": not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] integers = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3 -> integers[i] = in.readInt();
                case 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException(className + ": unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            in.readUnsignedShort();
        }
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            skipAttributes(in);
        }
        Map<String, Integer> out = new HashMap<>();
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            String desc = utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (!attribute.equals("RuntimeInvisibleAnnotations")) {
                    in.skipNBytes(length);
                    continue;
                }
                int annotations = in.readUnsignedShort();
                for (int k = 0; k < annotations; k++) {
                    String type = utf8[in.readUnsignedShort()];
                    int pairs = in.readUnsignedShort();
                    for (int p = 0; p < pairs; p++) {
                        String element = utf8[in.readUnsignedShort()];
                        int tag = in.readUnsignedByte();
                        if (type.equals(ANNOTATION) && element.equals("value") && tag == 'I') {
                            if (!desc.equals("()V")) {
                                throw new IOException(className + "." + name + desc
                                    + ": an @InterruptHandler takes no arguments and returns void");
                            }
                            out.put(name, integers[in.readUnsignedShort()]);
                        } else {
                            skipElementValue(in, tag);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt());
        }
    }

    private static void skipElementValue(DataInputStream in, int tag) throws IOException {
        switch (tag) {
            case 'e' -> {
                in.readUnsignedShort();
                in.readUnsignedShort();
            }
            case '@' -> {
                in.readUnsignedShort();
                int pairs = in.readUnsignedShort();
                for (int p = 0; p < pairs; p++) {
                    in.readUnsignedShort();
                    skipElementValue(in, in.readUnsignedByte());
                }
            }
            case '[' -> {
                int values = in.readUnsignedShort();
                for (int v = 0; v < values; v++) {
                    skipElementValue(in, in.readUnsignedByte());
                }
            }
            default -> in.readUnsignedShort();
        }
    }
}
