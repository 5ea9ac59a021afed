package org.firmerware.tools.budget;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.kernel.Kernel;
import org.firmerware.tools.run.Simulation;

/**
 * The init phase of one firmware (a board and a top), run on the simulated board in a class loader of its own.
 *
 * <p>Why a class loader of its own: the budget counts the static fields of every firmware class that the firmware
 * loaded. In a shared JVM the classes of every top measured before (in {@code fw budget --all}, in tests) would be
 * loaded too, with whatever their statics hold. A fresh loader over the same class path defines every class anew, and
 * records which it defined: exactly the classes this init loaded. Only JDK classes are shared with the caller, so
 * what crosses between the two worlds is {@code Object}s and Strings.
 *
 * <p>The caller's copy of this class makes the loader and calls {@link #bootInside} on the loader's copy.
 */
public final class InitPhase implements AutoCloseable {

    private final Recorder loader;
    private final Object kernel;
    private final AutoCloseable simulation;

    private InitPhase(Recorder loader, Object kernel, AutoCloseable simulation) {
        this.loader = loader;
        this.kernel = kernel;
        this.simulation = simulation;
    }

    /**
     * Powers up one simulated phone of {@code board} running {@code top}, runs its init until it first sleeps, and
     * keeps it asleep until {@link #close()}.
     *
     * @throws IllegalArgumentException naming the board or top when it cannot run, or crashed in init
     */
    public static InitPhase run(String board, String top) {
        Recorder loader = new Recorder(classPath());
        try {
            Class<?> inside = Class.forName(InitPhase.class.getName(), true, loader);
            Object[] booted = (Object[]) inside.getMethod("bootInside", String.class, String.class)
                .invoke(null, board, top);
            return new InitPhase(loader, booted[0], (AutoCloseable) booted[1]);
        } catch (InvocationTargetException e) {
            closeQuietly(loader);
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) cause;
            }
            throw new IllegalArgumentException("top " + top + " on board " + board + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            closeQuietly(loader);
            throw new IllegalStateException("cannot start the init phase in its own class loader", e);
        }
    }

    /**
     * Runs in the fresh class loader: boots the phone and returns its kernel and the simulation (to close).
     * Not for callers; public for reflection.
     */
    public static Object[] bootInside(String board, String top) {
        Simulation sim = Simulation.of(board);
        try {
            Phone phone = sim.addPhone(top);
            sim.world().runMicros(0);
            Kernel kernel = sim.kernel(phone);
            if (kernel == null) {
                throw new IllegalArgumentException("top " + top + " on board " + board + ": the phone did not boot");
            }
            return new Object[] {kernel, sim};
        } catch (RuntimeException e) {
            sim.close();
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("top " + top + " on board " + board + " failed in init: "
                + e.getMessage(), e);
        }
    }

    /** The kernel, the root of the firmware's object graph. */
    public Object kernel() {
        return kernel;
    }

    /** The firmware classes this init loaded (not those of hardware packages), in the order they were loaded. */
    public List<Class<?>> firmwareClasses(HeapWalk walk) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : loader.defined()) {
            if (walk.isFirmwareClass(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Powers the phone off and lets its classes go. */
    @Override
    public void close() {
        try {
            simulation.close();
        } catch (Exception e) {
            throw new IllegalStateException("powering off the simulation", e);
        } finally {
            closeQuietly(loader);
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Only jar handles; nothing to do.
        }
    }

    private static URL[] classPath() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                urls.add(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UncheckedIOException("class path entry " + entry, e);
            }
        }
        return urls.toArray(new URL[0]);
    }

    /** A class loader over the class path, below the platform loader, that records every class it defines. */
    private static final class Recorder extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final List<Class<?>> defined = new ArrayList<>();

        Recorder(URL[] urls) {
            super("fw-budget-init", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> c = super.findClass(name);
            synchronized (defined) {
                defined.add(c);
            }
            return c;
        }

        List<Class<?>> defined() {
            synchronized (defined) {
                return new ArrayList<>(defined);
            }
        }
    }
}
