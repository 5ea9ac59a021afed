package org.firmerware.tools.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Resolves the string constants of every firmware class ahead of the mission, so that measuring the firmware
 * thread's allocations counts the firmware's allocations only.
 *
 * <p>Why: HotSpot creates the {@code String} of a literal lazily, on the thread that first needs it: at the first
 * {@code ldc}, and also when C2 is asked to compile any method of the class (it resolves every string constant of
 * the class first, including messages of init-only exceptions). Both happen on the firmware thread at a moment that
 * depends on the JIT, adding a few hundred bytes once. An AOT image keeps literals in flash, so this is no allocation
 * of the firmware's; resolving them here, before the phone starts, takes it out of the count.
 *
 * <p>Needs {@code --add-exports java.base/jdk.internal.access=ALL-UNNAMED} and the same for
 * {@code jdk.internal.reflect} (set for the tests in tools/pom.xml).
 */
final class HotSpotLiterals {

    private HotSpotLiterals() {
    }

    /** Resolves the string constants of every class under {@code org/firmerware/} except the tools. */
    static int resolveFirmwareLiterals() {
        try {
            Object access = Class.forName("jdk.internal.access.SharedSecrets").getMethod("getJavaLangAccess")
                .invoke(null);
            Method getPool = Class.forName("jdk.internal.access.JavaLangAccess").getMethod("getConstantPool",
                Class.class);
            Class<?> poolClass = Class.forName("jdk.internal.reflect.ConstantPool");
            Method size = poolClass.getMethod("getSize");
            Method tag = poolClass.getMethod("getTagAt", int.class);
            Method string = poolClass.getMethod("getStringAt", int.class);
            Object stringTag = Enum.valueOf(Class.forName("jdk.internal.reflect.ConstantPool$Tag")
                .asSubclass(Enum.class), "STRING");
            int resolved = 0;
            for (String name : firmwareClassNames()) {
                Class<?> c;
                try {
                    // Initialised, hence linked: only a linked class has the cache that holds resolved strings.
                    c = Class.forName(name, true, HotSpotLiterals.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                Object pool = getPool.invoke(access, c);
                int n = (Integer) size.invoke(pool);
                for (int i = 1; i < n; i++) {
                    if (tag.invoke(pool, i) == stringTag) {
                        string.invoke(pool, i);
                        resolved++;
                    }
                }
            }
            return resolved;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach HotSpot's constant pools (run with --add-exports "
                + "java.base/jdk.internal.access=ALL-UNNAMED and java.base/jdk.internal.reflect=ALL-UNNAMED)", e);
        }
    }

    private static List<String> firmwareClassNames() {
        List<String> names = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            try {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        files.forEach(f -> add(names, p.relativize(f).toString().replace(java.io.File.separatorChar,
                            '/')));
                    }
                } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                    try (JarFile jar = new JarFile(p.toFile())) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            add(names, e.nextElement().getName());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static void add(List<String> names, String path) {
        if (path.startsWith("org/firmerware/") && !path.startsWith("org/firmerware/tools/")
            && path.endsWith(".class")) {
            names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }
}
