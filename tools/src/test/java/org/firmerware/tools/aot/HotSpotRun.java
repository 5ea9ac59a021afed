package org.firmerware.tools.aot;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a corpus program on HotSpot as the AOT image runs it: class initialiser and {@code init()}, then
 * {@code mission()}, in a class loader of its own, with a machine bound whose debug output is collected. An exception
 * ends the run with the line the image's {@code fw_panic} prints: the kind and the first firmware frame.
 */
final class HotSpotRun {

    private HotSpotRun() {
    }

    static String run(String programClass) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<URL> urls = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                urls.add(Path.of(e).toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader("corpus-hotspot", urls.toArray(new URL[0]),
            ClassLoader.getPlatformClassLoader())) {
            Class<?> machine = loader.loadClass("org.firmerware.bottom.machine.Machine");
            Object m = Proxy.newProxyInstance(loader, new Class<?>[] {machine}, (proxy, method, args) -> {
                if (method.getName().equals("debugOutput")) {
                    out.write((byte[]) args[0], (Integer) args[1], (Integer) args[2]);
                    return null;
                }
                throw new UnsupportedOperationException("corpus programs use only Debug: " + method);
            });
            Method bind = machine.getMethod("bind", machine);
            bind.invoke(null, m);
            try {
                Class<?> c = Class.forName(programClass, true, loader);
                try {
                    c.getMethod("init").invoke(null);
                } catch (NoSuchMethodException e) {
                    // init() is optional
                }
                try {
                    c.getMethod("mission").invoke(null);
                } catch (InvocationTargetException e) {
                    out.write(panicLine(e.getCause()).getBytes(StandardCharsets.ISO_8859_1));
                }
            } finally {
                bind.invoke(null, (Object) null);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The line fw_panic prints for an exception: "panic: Kind at class.method(File.java:line)". */
    static String panicLine(Throwable t) {
        String name = t.getClass().getSimpleName();
        String kind = switch (name) {
            case "NullPointerException", "ArrayIndexOutOfBoundsException", "ArithmeticException",
                "ClassCastException", "ArrayStoreException", "StringIndexOutOfBoundsException" -> name;
            default -> "throw";
        };
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("org.firmerware.bottom.machine.")) {
                continue;
            }
            return "panic: " + kind + " at " + c + "." + e.getMethodName() + "(" + e.getFileName()
                + (e.getLineNumber() > 0 ? ":" + e.getLineNumber() : "") + ")\n";
        }
        return "panic: " + kind + " at (no firmware frame)\n";
    }
}
