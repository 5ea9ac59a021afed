package org.firmerware.tools.aot;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.firmerware.tools.UserError;
import org.firmerware.tools.check.ClosedWorld;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;

/**
 * The init phase of an AOT image, run on the build host (build-time initialisation): in a class loader of its own, so
 * that the statics it leaves are exactly this image's, with a recording machine bound to the thread.
 *
 * <p>The recording machine is the build-time stand-in for the hardware. Register loads read a plain register file
 * (0 until stored); register stores and debug output are recorded in order and the image replays them at boot, before
 * the mission starts, so that the hardware ends up as init left it (the log line a UART printed, the alarm a timer was
 * armed for). Init must not wait for an interrupt. The interrupt mask at the end of init is the mask the mission starts
 * with. This is the contract for boards: init may configure hardware by stores; it must not depend on values read
 * from hardware (they are the register file's, not the device's).
 */
public final class InitRun implements AutoCloseable {

    /** A recorded hardware operation: a register store or load, or debug output. */
    public record Op(char kind, int bits, int address, int value, byte[] bytes) {
        /**
         * Kinds: 'S' store, 'L' load, 'I' I/O-space store, 'i' I/O-space load, 'D' debug output, 'W' a busy wait of
         * {@code value} CPU cycles ({@code Delay.cycles}, between the edges of a bit-banged transfer).
         */
        public Op {
        }
    }

    private final URLClassLoader loader;
    private final Map<String, Object> roots;
    private final List<Op> ops;
    private final boolean[] interruptsEnabled;
    private final Object machine;
    private final Map<Integer, Object> addressTokens;
    /** How many of {@link #ops} the board's boot method made (they are not replayed: the method runs at boot). */
    private int bootOps;
    private String bootMethod;

    private InitRun(URLClassLoader loader, Map<String, Object> roots, List<Op> ops, boolean[] interruptsEnabled,
                    Object machine, Map<Integer, Object> addressTokens) {
        this.loader = loader;
        this.roots = roots;
        this.ops = ops;
        this.interruptsEnabled = interruptsEnabled;
        this.machine = machine;
        this.addressTokens = addressTokens;
    }

    /**
     * The first address token: {@code Memory.addressOf} during init answers {@code ADDRESS_TOKEN + 2k} for the k-th
     * array it is asked about (odd, so never a real element address, which is even); the image puts the array's real
     * address wherever a snapshot field holds the token ({@link #arrayOfToken}).
     */
    public static final int ADDRESS_TOKEN = 0x7A000001;

    /** The array whose address init asked for and got {@code value} as the answer, or null. */
    public Object arrayOfToken(int value) {
        return addressTokens.get(value);
    }

    /** The board's boot method (profile {@code "c": {"bootMethod": ...}}), or null. */
    public String bootMethod() {
        return bootMethod;
    }

    /** Runs a program's init: its class initialiser, then its {@code init()} if it has one. */
    public static InitRun program(String programClass) {
        InitRun run = start();
        try {
            Class<?> c = Class.forName(programClass, true, run.loader);
            try {
                Method init = c.getDeclaredMethod(ClosedWorld.PROGRAM_INIT);
                init.setAccessible(true);
                init.invoke(null);
            } catch (NoSuchMethodException e) {
                // init() is optional.
            }
            return run;
        } catch (InvocationTargetException | ExceptionInInitializerError e) {
            run.close();
            Throwable cause = e.getCause();
            throw new UserError("program " + programClass + " failed in init: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            run.close();
            throw new UserError("program " + programClass + ": " + e);
        }
    }

    /**
     * Boots a board and a top: constructs the board class with the profile's sizes, then {@code Kernel.boot}. The root
     * {@code kernel} is the kernel.
     */
    public static InitRun top(BoardProfile profile, Tops.Entry top) {
        InitRun run = start();
        try {
            Class<?> sizesClass = run.loader.loadClass("org.firmerware.bottom.hal.Sizes");
            Object sizes = sizesClass.getConstructor().newInstance();
            Method set = sizesClass.getMethod("set", String.class, int.class);
            for (Map.Entry<String, Integer> e : profile.sizeEntries().entrySet()) {
                set.invoke(sizes, e.getKey(), e.getValue());
            }
            Class<?> boardClass = Class.forName(profile.boardClass(), true, run.loader);
            Object board = construct(run.loader, profile, boardClass, sizesClass, sizes);
            Object bootMethod = profile.section("c").get("bootMethod");
            if (bootMethod != null) {
                // The board's bring-up depends on what the hardware answers (a PLL's lock, a flash's query table):
                // the image runs it at boot instead of replaying what it did here, and replays only what came after.
                try {
                    boardClass.getMethod(String.valueOf(bootMethod));
                } catch (NoSuchMethodException e) {
                    throw new UserError("board " + profile.name() + ": \"c.bootMethod\" " + bootMethod + " is not a"
                        + " public method without parameters of " + profile.boardClass());
                }
                run.bootMethod = String.valueOf(bootMethod);
                run.bootOps = run.ops.size();
                run.roots.put("board", board);
            }
            Object topObject = Class.forName(top.className(), true, run.loader).getConstructor().newInstance();
            Class<?> kernel = run.loader.loadClass("org.firmerware.kernel.Kernel");
            Method boot = kernel.getMethod("boot", run.loader.loadClass("org.firmerware.bottom.hal.Board"),
                run.loader.loadClass("org.firmerware.kernel.Top"));
            run.roots.put("kernel", boot.invoke(null, board, topObject));
            return run;
        } catch (InvocationTargetException e) {
            run.close();
            throw new UserError("top " + top.name() + " on board " + profile.name() + " failed in init: "
                + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            run.close();
            throw new UserError("top " + top.name() + " on board " + profile.name() + ": " + e);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /**
     * Constructs the board class: with {@code (Sizes, Partition[])} (the profile's flash partitions) when it has such a
     * constructor, else with {@code (Sizes)}.
     */
    private static Object construct(URLClassLoader loader, BoardProfile profile, Class<?> boardClass,
                                    Class<?> sizesClass, Object sizes) throws ReflectiveOperationException {
        Class<?> partitionClass = loader.loadClass("org.firmerware.bottom.hal.Partition");
        Class<?> partitionsClass = java.lang.reflect.Array.newInstance(partitionClass, 0).getClass();
        try {
            Constructor<?> c = boardClass.getConstructor(sizesClass, partitionsClass);
            org.firmerware.bottom.hal.Partition[] table = profile.partitions();
            if (table == null) {
                throw new UserError("board " + profile.name() + ": " + profile.boardClass() + " takes the flash"
                    + " partitions, but the profile has no \"flash.partitions\"");
            }
            Object array = java.lang.reflect.Array.newInstance(partitionClass, table.length);
            Constructor<?> make = partitionClass.getConstructor(String.class, int.class, int.class, int.class);
            for (int i = 0; i < table.length; i++) {
                java.lang.reflect.Array.set(array, i, make.newInstance(table[i].name, table[i].firstBlock,
                    table[i].blockCount, table[i].flags));
            }
            return c.newInstance(sizes, array);
        } catch (NoSuchMethodException e) {
            try {
                return boardClass.getConstructor(sizesClass).newInstance(sizes);
            } catch (NoSuchMethodException e2) {
                throw new UserError("board " + profile.name() + ": " + profile.boardClass() + " needs a public"
                    + " constructor (Sizes) or (Sizes, Partition[]) for AOT images (the build constructs it with the"
                    + " profile's sizes and flash partitions)");
            }
        }
    }

    private static InitRun start() {
        URLClassLoader loader = new URLClassLoader("fw-aot-init", classPath(), ClassLoader.getPlatformClassLoader());
        List<Op> ops = new ArrayList<>();
        boolean[] enabled = {true}; // as a Cortex-M after reset (PRIMASK clear); the image restores it at boot
        Map<Integer, Integer> file = new HashMap<>();
        Map<Integer, Object> tokens = new LinkedHashMap<>();
        java.util.IdentityHashMap<Object, Integer> tokenOf = new java.util.IdentityHashMap<>();
        try {
            Class<?> machineIface = loader.loadClass("org.firmerware.bottom.machine.Machine");
            Object machine = Proxy.newProxyInstance(loader, new Class<?>[] {machineIface}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "load": {
                        int a = (Integer) args[0];
                        int bits = (Integer) args[1];
                        ops.add(new Op('L', bits, a, 0, null));
                        return file.getOrDefault(a, 0);
                    }
                    case "store": {
                        int a = (Integer) args[0];
                        int bits = (Integer) args[1];
                        int v = (Integer) args[2];
                        ops.add(new Op('S', bits, a, v, null));
                        file.put(a, v);
                        return null;
                    }
                    case "ioLoad":
                        ops.add(new Op('i', 16, (Integer) args[0], 0, null));
                        return file.getOrDefault(~(Integer) args[0], 0);
                    case "ioStore":
                        ops.add(new Op('I', 16, (Integer) args[0], (Integer) args[1], null));
                        file.put(~(Integer) args[0], (Integer) args[1]);
                        return null;
                    case "disableInterrupts": {
                        boolean was = enabled[0];
                        enabled[0] = false;
                        return was;
                    }
                    case "restoreInterrupts":
                        enabled[0] = (Boolean) args[0];
                        return null;
                    case "delayCycles":
                        ops.add(new Op('W', 0, 0, (Integer) args[0], null));
                        return null;
                    case "addressOf":
                        return tokenOf.computeIfAbsent(args[0], a -> {
                            int t = ADDRESS_TOKEN + 2 * tokens.size();
                            tokens.put(t, a);
                            return t;
                        });
                    case "reset", "startImage", "copyAndStart":
                        throw new IllegalStateException("the init phase reset the CPU: init runs on the build host");
                    case "waitForInterrupt":
                        throw new IllegalStateException("the init phase waited for an interrupt: init runs on the"
                            + " build host and must not sleep");
                    case "debugOutput": {
                        byte[] b = (byte[]) args[0];
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        out.write(b, (Integer) args[1], (Integer) args[2]);
                        ops.add(new Op('D', 8, 0, 0, out.toByteArray()));
                        return null;
                    }
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "the AOT build's recording machine";
                    default:
                        throw new UnsupportedOperationException(method.toString());
                }
            });
            machineIface.getMethod("bind", machineIface).invoke(null, machine);
            return new InitRun(loader, new LinkedHashMap<>(), ops, enabled, machine, tokens);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot bind the recording machine", e);
        }
    }

    /** The class loader the init ran in: the image's classes and statics. */
    public ClassLoader loader() {
        return loader;
    }

    /** Named root objects (the kernel of a top), besides the static fields. */
    public Map<String, Object> roots() {
        return roots;
    }

    /** The hardware operations of init, in order, to replay at boot (without those of the board's boot method). */
    public List<Op> ops() {
        return ops.subList(bootOps, ops.size());
    }

    /** Whether interrupts were enabled at the end of init. */
    public boolean interruptsEnabled() {
        return interruptsEnabled[0];
    }

    /**
     * Initialises a class at build time, as the image needs it done (the mission uses its statics), with the recording
     * machine bound; returns the class.
     */
    public Class<?> initialise(String binaryName) {
        try {
            return Class.forName(binaryName, true, loader);
        } catch (ClassNotFoundException e) {
            throw new UserError("class " + binaryName + " is not on the class path");
        } catch (ExceptionInInitializerError e) {
            throw new UserError("the class initialiser of " + binaryName + " failed at build time: " + e.getCause(),
                e.getCause());
        }
    }

    /** Loads a class without initialising it. */
    public Class<?> load(String binaryName) {
        try {
            return Class.forName(binaryName, false, loader);
        } catch (ClassNotFoundException e) {
            throw new UserError("class " + binaryName + " is not on the class path");
        }
    }

    @Override
    public void close() {
        try {
            Class<?> machineIface = loader.loadClass("org.firmerware.bottom.machine.Machine");
            machineIface.getMethod("bind", machineIface).invoke(null, (Object) null);
        } catch (ReflectiveOperationException e) {
            // The loader is going away anyway.
        }
        try {
            loader.close();
        } catch (IOException e) {
            // Only jar handles.
        }
    }

    Object machine() {
        return machine;
    }

    private static URL[] classPath() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                try {
                    urls.add(Path.of(entry).toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException("class path entry " + entry, e);
                }
            }
        }
        return urls.toArray(new URL[0]);
    }
}
