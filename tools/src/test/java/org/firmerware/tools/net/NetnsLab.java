package org.firmerware.tools.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.HumanTrace;
import org.firmerware.boards.sim.world.JsonTrace;
import org.firmerware.boards.sim.world.PcapWriter;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.Assumptions;

/**
 * A network-namespace lab for tests against the real Linux kernel: a fresh namespace of its own, commands run in it
 * ({@code ip}, {@code ping}, {@code tc}, {@code radvd}, {@code tshark}, {@code tcpdump}), and simulated phones on TAP
 * interfaces inside it, in real time.
 *
 * <pre>
 *   &#64;BeforeAll static void needs() { NetnsLab.assumeAvailable("tcpdump", "tshark"); }
 *
 *   try (NetnsLab lab = NetnsLab.create()) {
 *       NetnsLab.Phone phone = lab.startPhone("llcbeacon");              // on TAP tap0 in the lab's namespace
 *       lab.runOk("tc", "qdisc", "add", "dev", "tap0", "root", "netem", "loss", "20%");
 *       lab.run("ping", "-6", "-c", "1", "ff02::1%tap0");
 *       phone.awaitLog("rx .* > 33:33:00:00:00:01 86dd", Duration.ofSeconds(5));
 *       Path pcap = phone.pcap();                                          // every frame of the virtual LAN so far
 *   }                                                                      // processes, phones, namespace: gone
 * </pre>
 *
 * <h2>How the TAP gets into the namespace</h2>
 * The test JVM stays in the host's namespace. {@link Tap#open} enters the lab's namespace on a short-lived thread of
 * its own ({@code setns} changes only the calling thread), opens {@code /dev/net/tun} and creates the TAP there, so
 * the interface exists only inside the lab, and the file descriptor works from every thread. (Creating the TAP with
 * {@code ip tuntap add} inside the namespace and opening it from the host does not work: TUNSETIFF looks the name up
 * in the namespace of whoever opened {@code /dev/net/tun}.)
 *
 * <h2>Clean-up</h2>
 * {@link #close()} stops the phones, ends every process the lab started and any other process left in the namespace,
 * and deletes the namespace; a JVM shutdown hook does the same for labs a failed test did not close, and
 * {@link #create()} deletes namespaces of earlier test JVMs that died (their names carry the JVM's pid). Files
 * (captures, traces, command output) stay in {@code target/netns-lab/NAME} for inspection.
 *
 * <h2>When it cannot run</h2>
 * These tests need root (namespaces, TAP devices), {@code /dev/net/tun} and the commands they use.
 * {@link #assumeAvailable} skips the test when that is missing, except when the environment variable {@code CI} is
 * {@code true}: there it fails, so that CI (which runs as root) cannot silently skip them.
 */
public final class NetnsLab implements AutoCloseable {

    /** Every lab namespace's name starts with this, then the JVM's pid. */
    public static final String PREFIX = "fwlab-";
    /** The TAP interface a phone gets unless told otherwise. */
    public static final String DEFAULT_TAP = "tap0";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, String> PACKAGES = Map.of("ip", "iproute2", "tc", "iproute2",
        "bridge", "iproute2", "ping", "iputils-ping", "tshark", "tshark", "tcpdump", "tcpdump", "radvd", "radvd", "nft",
        "nftables");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<NetnsLab> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile String probeProblem;
    private static volatile boolean probed;
    private static volatile boolean swept;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (NetnsLab lab : OPEN) {
                lab.close();
            }
        }, "netns-lab-cleanup"));
    }

    private final String name;
    private final Path dir;
    private final List<Background> background = new ArrayList<>();
    private final List<Phone> phones = new ArrayList<>();
    private final AtomicInteger commands = new AtomicInteger();
    private boolean closed;

    private NetnsLab(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    // ------------------------------------------------------------------ availability

    /**
     * Skips the calling test unless this machine can run lab tests with these commands ({@code ip} is always
     * needed); when {@code CI=true}, fails instead of skipping.
     */
    public static void assumeAvailable(String... commands) {
        skipOrFail(whyUnavailable(commands), "true".equals(System.getenv("CI")));
    }

    /** Nothing without a problem; otherwise fails on CI and skips elsewhere. */
    static void skipOrFail(String problem, boolean ci) {
        if (problem == null) {
            return;
        }
        if (ci) {
            fail("CI=true, but the network-namespace tests cannot run here: " + problem);
        }
        Assumptions.abort("network-namespace tests skipped: " + problem);
    }

    /** Why lab tests cannot run here, or null when they can. */
    public static String whyUnavailable(String... commands) {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "not Linux";
        }
        try {
            if (!Tap.isRoot()) {
                return "not root (network namespaces and TAP devices need root)";
            }
        } catch (LinkageError e) {
            return "JNA cannot call the C library: " + e;
        }
        if (!Files.exists(Paths.get(Tap.DEVICE))) {
            return "no " + Tap.DEVICE;
        }
        List<String> needed = new ArrayList<>(List.of("ip"));
        needed.addAll(Arrays.asList(commands));
        for (String c : needed) {
            if (which(c) == null) {
                return "command '" + c + "' not found (Debian package " + PACKAGES.getOrDefault(c, c) + ")";
            }
        }
        if (!probed) {
            synchronized (NetnsLab.class) {
                if (!probed) {
                    String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
                    Result add = host(DEFAULT_TIMEOUT, "ip", "netns", "add", probe);
                    probeProblem = add.ok() ? null : "cannot create a network namespace: " + add.stderr().trim();
                    host(DEFAULT_TIMEOUT, "ip", "netns", "del", probe);
                    probed = true;
                }
            }
        }
        return probeProblem;
    }

    /** The absolute path of a command on PATH (or in the sbin directories, which a user's PATH may lack), or null. */
    public static String which(String command) {
        if (command.contains("/")) {
            return Files.isExecutable(Paths.get(command)) ? command : null;
        }
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String d : dirs) {
            if (!d.isEmpty()) {
                Path p = Paths.get(d, command);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Creates a fresh namespace {@code fwlab-<pid>-<n>} with its loopback up, and its file folder under
     * {@code target/netns-lab}. Call {@link #assumeAvailable} first.
     */
    public static NetnsLab create() throws IOException {
        sweepDeadLabs();
        String name = PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Path dir = Paths.get("target", "netns-lab", name).toAbsolutePath();
        Files.createDirectories(dir);
        NetnsLab lab = new NetnsLab(name, dir);
        Result add = host(DEFAULT_TIMEOUT, "ip", "netns", "add", name);
        if (!add.ok()) {
            throw new IOException("ip netns add " + name + " failed: " + add.stderr().trim());
        }
        OPEN.add(lab);
        lab.runOk("ip", "link", "set", "lo", "up");
        return lab;
    }

    /** Deletes lab namespaces left behind by test JVMs that are gone (killed before they could clean up). */
    private static void sweepDeadLabs() {
        if (swept) {
            return;
        }
        swept = true;
        Pattern own = Pattern.compile("^(" + Pattern.quote(PREFIX) + "(\\d+)-\\S+)");
        for (String line : host(DEFAULT_TIMEOUT, "ip", "netns", "list").stdout().split("\n")) {
            Matcher m = own.matcher(line.trim());
            if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).map(p -> !p.isAlive()).orElse(true)) {
                killAllIn(m.group(1));
                host(DEFAULT_TIMEOUT, "ip", "netns", "del", m.group(1));
            }
        }
    }

    /** Kills every process in a namespace (every one is the lab's: nothing else enters it). */
    private static void killAllIn(String netns) {
        for (String pid : host(DEFAULT_TIMEOUT, "ip", "netns", "pids", netns).stdout().split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** The namespace's name (for {@code ip netns exec} and {@link Tap#open}). */
    public String name() {
        return name;
    }

    /** The lab's folder for files: captures, traces, command output. */
    public Path dir() {
        return dir;
    }

    /** Stops every phone and process of the lab and deletes its namespace. Never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Phone p : phones) {
            try {
                p.stop();
            } catch (RuntimeException | AssertionError e) {
                System.err.println("netns lab " + name + ": stopping " + p.phone.name() + ": " + e);
            }
        }
        for (Background b : background) {
            b.stop();
        }
        killAllIn(name);
        Result del = host(DEFAULT_TIMEOUT, "ip", "netns", "del", name);
        if (!del.ok()) {
            System.err.println("netns lab " + name + ": ip netns del: " + del.stderr().trim());
        }
        OPEN.remove(this);
    }

    // ------------------------------------------------------------------ commands

    /** What a finished command did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** Whether it exited with 0. */
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n"
                + stderr;
        }
    }

    /** Runs a command in the namespace and waits (up to 30 s) for it to end. */
    public Result run(String... command) {
        return run(DEFAULT_TIMEOUT, command);
    }

    /** Runs a command in the namespace and waits for it to end; one still running at the timeout is killed (-1). */
    public Result run(Duration timeout, String... command) {
        return exec(timeout, inNamespace(command));
    }

    /** Runs a command in the namespace and fails the test unless it exits with 0. */
    public Result runOk(String... command) {
        Result r = run(command);
        if (!r.ok()) {
            fail("in namespace " + name + ": " + r);
        }
        return r;
    }

    /** Starts a command in the namespace in the background; {@link #close()} ends it if it is still running. */
    public Background start(String... command) {
        return startProcess(inNamespace(command));
    }

    /**
     * The shell command line that runs {@code fw} with {@code fwArgs} (this JVM's java and class path, each word
     * quoted), for pipelines such as {@code "echo boot | " + fwShell("console", "--if", "tap0")} under
     * {@code run("sh", "-c", ...)}.
     */
    public static String fwShell(String... fwArgs) {
        StringBuilder b = new StringBuilder("'" + Paths.get(System.getProperty("java.home"), "bin", "java")
            + "' --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path")
            + "' org.firmerware.tools.Fw");
        for (String a : fwArgs) {
            b.append(" '").append(a).append("'");
        }
        return b.toString();
    }

    /**
     * Starts {@code fw} in the namespace as a process of its own (this JVM's java and class path, so test tops are
     * there too), e.g. {@code startFw("run", "--top", "llcbeacon", "--net", "tap:tap0")}.
     */
    public Background startFw(String... fwArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 17) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.firmerware.tools.Fw");
        cmd.addAll(Arrays.asList(fwArgs));
        return start(cmd.toArray(new String[0]));
    }

    private List<String> inNamespace(String... command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("no command");
        }
        List<String> cmd = new ArrayList<>(List.of(which("ip"), "netns", "exec", name));
        String exe = which(command[0]);
        cmd.add(exe != null ? exe : command[0]);
        cmd.addAll(Arrays.asList(command).subList(1, command.length));
        return cmd;
    }

    private Result exec(Duration timeout, List<String> cmd) {
        Background b = startProcess(cmd);
        int code = b.awaitExit(timeout);
        if (code == Integer.MIN_VALUE) {
            b.stop();
            code = -1;
        }
        return new Result(cmd, code, b.stdout(), b.stderr());
    }

    private synchronized Background startProcess(List<String> cmd) {
        if (closed) {
            throw new IllegalStateException("lab " + name + " is closed");
        }
        int n = commands.incrementAndGet();
        String base = String.format("%03d-%s", n, Paths.get(cmd.get(cmd.size() > 4 ? 4 : 0)).getFileName());
        Path out = dir.resolve(base + ".out");
        Path err = dir.resolve(base + ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            Background b = new Background(cmd, p, out, err);
            background.add(b);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
        }
    }

    /** Runs a command in the host's namespace (only ever {@code ip netns ...} on the lab's own namespaces). */
    private static Result host(Duration timeout, String... command) {
        List<String> cmd = new ArrayList<>(Arrays.asList(command));
        String exe = which(command[0]);
        if (exe != null) {
            cmd.set(0, exe);
        }
        try {
            Path out = Files.createTempFile("fwlab", ".out");
            Path err = Files.createTempFile("fwlab", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) {
                    p.destroyForcibly();
                }
                return new Result(cmd, done ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(cmd, -1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(cmd, -1, "", "interrupted");
        }
    }

    /** A process the lab started; its output goes to files in the lab's folder. */
    public static final class Background {
        private final List<String> command;
        private final Process process;
        private final Path out;
        private final Path err;

        Background(List<String> command, Process process, Path out, Path err) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** The process id (that of the command itself: {@code ip netns exec} replaces itself with it). */
        public long pid() {
            return process.pid();
        }

        /** Whether it still runs. */
        public boolean isAlive() {
            return process.isAlive();
        }

        /** Its standard output so far. */
        public String stdout() {
            return read(out);
        }

        /** Its standard error so far. */
        public String stderr() {
            return read(err);
        }

        private static String read(Path p) {
            try {
                return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /**
         * Waits until its standard output or error has a line matching {@code regex} (e.g. tcpdump's
         * {@code "listening on"}), and returns the match.
         */
        public String awaitOutput(String regex, Duration timeout) {
            Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
            long deadline = System.nanoTime() + timeout.toNanos();
            for (;;) {
                for (String text : new String[] {stdout(), stderr()}) {
                    Matcher m = p.matcher(text);
                    if (m.find()) {
                        return m.group();
                    }
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    // One more look: the output may have come with the exit.
                    for (String text : new String[] {stdout(), stderr()}) {
                        Matcher m = p.matcher(text);
                        if (m.find()) {
                            return m.group();
                        }
                    }
                    fail("no output matching /" + regex + "/ from " + String.join(" ", command)
                        + (process.isAlive() ? " within " + timeout : " (it exited with " + process.exitValue() + ")")
                        + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr());
                }
                sleep(20);
            }
        }

        /** Waits for the process to end; its exit code, or {@link Integer#MIN_VALUE} if it still runs. */
        public int awaitExit(Duration timeout) {
            try {
                return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue()
                    : Integer.MIN_VALUE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Integer.MIN_VALUE;
            }
        }

        /** Sends a signal ({@code "INT"}, {@code "TERM"}, ...) to the process. */
        public void signal(String signal) {
            if (process.isAlive()) {
                host(DEFAULT_TIMEOUT, "kill", "-s", signal, Long.toString(process.pid()));
            }
        }

        /** Ends the process and its children: SIGTERM, then SIGKILL after 3 s. */
        public void stop() {
            List<ProcessHandle> children = process.descendants().toList();
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(3, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(3, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Waits until interface {@code dev} has a usable IPv6 link-local address (duplicate address detection done, so
     * the kernel can send from it: ping, neighbour discovery) and returns it, e.g. {@code fe80::5801:2ff:fe03:405}.
     */
    public String awaitLinkLocal(String dev, Duration timeout) {
        Pattern p = Pattern.compile("inet6 (fe80::[0-9a-f:]+)/64 scope link(?! tentative)");
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            Result r = run("ip", "-6", "addr", "show", "dev", dev);
            Matcher m = p.matcher(r.stdout());
            if (m.find() && !r.stdout().contains("tentative")) {
                return m.group(1);
            }
            if (System.nanoTime() > deadline) {
                fail("no usable link-local address on " + dev + " within " + timeout + ": " + r);
            }
            sleep(100);
        }
    }

    /**
     * Drops frames on interface {@code dev} at random, each with its own chance: {@code egressPercent} of the frames
     * the kernel sends out of it (on a TAP: towards the phone), {@code ingressPercent} of those it receives (from the
     * phone). Calling again replaces the rule; 0 and 0 removes it.
     *
     * <p>This is netem's {@code loss} in both directions, built from an nftables netdev table (ingress and egress
     * hooks, {@code numgen random}), because {@code tc qdisc ... netem} needs {@code sch_netem}, which some kernels
     * lack (this project's CI kernel among them: "Specified qdisc kind is unknown"). Needs {@code nft}.
     */
    public void loss(String dev, int egressPercent, int ingressPercent) {
        if (egressPercent < 0 || egressPercent > 100 || ingressPercent < 0 || ingressPercent > 100) {
            throw new IllegalArgumentException("loss in percent: " + egressPercent + ", " + ingressPercent);
        }
        String table = lossTable(dev);
        run("nft", "delete", "table", "netdev", table);
        if (egressPercent == 0 && ingressPercent == 0) {
            return;
        }
        Path rules = dir.resolve(table + ".nft");
        try {
            Files.writeString(rules, String.join("\n",
                "table netdev " + table + " {",
                "  chain ingress { type filter hook ingress device \"" + dev + "\" priority 0; "
                    + dropRule(ingressPercent) + " }",
                "  chain egress { type filter hook egress device \"" + dev + "\" priority 0; "
                    + dropRule(egressPercent) + " }",
                "}", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runOk("nft", "-f", rules.toString());
    }

    /**
     * How many frames {@link #loss} dropped on {@code dev} so far: {@code [egress, ingress]} (towards the phone, from
     * the phone).
     */
    public long[] lossDropped(String dev) {
        String text = runOk("nft", "list", "table", "netdev", lossTable(dev)).stdout();
        long[] dropped = new long[2];
        Matcher m = Pattern.compile("chain (ingress|egress) \\{[^}]*counter packets (\\d+)").matcher(text);
        while (m.find()) {
            dropped[m.group(1).equals("egress") ? 0 : 1] = Long.parseLong(m.group(2));
        }
        return dropped;
    }

    /** An nftables rule that drops {@code percent} % of the frames at random (nft wants the bound below 100). */
    private static String dropRule(int percent) {
        return percent == 0 ? "" : percent == 100 ? "counter drop;"
            : "numgen random mod 100 < " + percent + " counter drop;";
    }

    private static String lossTable(String dev) {
        return "fwlab_loss_" + dev.replaceAll("[^A-Za-z0-9_]", "_");
    }

    // ------------------------------------------------------------------ phones

    /** Starts a simulated phone running the named top on TAP {@value #DEFAULT_TAP} in the namespace. */
    public Phone startPhone(String top) throws TapException, IOException {
        return startPhone(Tops.named(top), DEFAULT_TAP, c -> { });
    }

    /**
     * Starts a simulated phone in real time, its LAN bridged to TAP {@code tap} (created in the namespace and up),
     * capturing to {@code dir()/TAP.pcap} and tracing to {@code dir()/TAP.trace.jsonl}; {@code tweak} may change the
     * phone's configuration (name, MAC, seed).
     */
    public Phone startPhone(Tops.Entry top, String tap, Consumer<SimPhone.Config> tweak)
        throws TapException, IOException {
        return startPhone(top, tap, tweak, p -> { });
    }

    /**
     * As {@link #startPhone(Tops.Entry, String, Consumer)}, and {@code prepare} acts on the phone before it powers up
     * (install a firmware image in its flash, lift the handset).
     */
    public Phone startPhone(Tops.Entry top, String tap, Consumer<SimPhone.Config> tweak, Consumer<SimPhone> prepare)
        throws TapException, IOException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("lab " + name + " is closed");
            }
        }
        TapBridge bridge = TapBridge.open(tap, name);
        Phone phone;
        try {
            phone = new Phone(top, bridge, dir.resolve(tap + ".pcap"), dir.resolve(tap + ".trace.jsonl"), tweak,
                prepare);
        } catch (IOException | RuntimeException e) {
            bridge.close();
            throw e;
        }
        synchronized (this) {
            phones.add(phone);
        }
        return phone;
    }

    /**
     * A simulated phone attached to a TAP in the lab, running in real time on a world thread of its own. Tests talk
     * to it only through the methods here (the world is not thread-safe).
     */
    public static final class Phone {
        private final Simulation sim;
        private final SimPhone phone;
        private final TapBridge bridge;
        private final List<TapBridge> moreBridges = new CopyOnWriteArrayList<>();
        private final Path pcapFile;
        private final Path traceFile;
        private final PcapWriter pcap;
        private final Thread world;
        private final Object changed = new Object();
        private volatile Throwable failure;
        private volatile boolean stopped;

        Phone(Tops.Entry top, TapBridge bridge, Path pcapFile, Path traceFile, Consumer<SimPhone.Config> tweak,
            Consumer<SimPhone> prepare) throws IOException {
            this.bridge = bridge;
            this.pcapFile = pcapFile;
            this.traceFile = traceFile;
            sim = Simulation.of("sim");
            sim.world().useRealTime();
            pcap = new PcapWriter(pcapFile);
            sim.world().lan().capture(pcap);
            sim.world().addSink(new JsonTrace(traceFile));
            sim.world().addSink(e -> {
                synchronized (changed) {
                    changed.notifyAll();
                }
            });
            phone = sim.addPhone(top, tweak);
            prepare.accept(phone);
            bridge.attach(sim.world());
            world = new Thread(() -> {
                try {
                    sim.world().runMicros(Long.MAX_VALUE);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    try {
                        sim.close();
                    } catch (RuntimeException e) {
                        if (failure == null) {
                            failure = e;
                        }
                    }
                    pcap.close();
                    synchronized (changed) {
                        changed.notifyAll();
                    }
                }
            }, "world-" + bridge.name());
            world.setDaemon(true);
            world.start();
        }

        /** The simulation the phone runs in: touch its world only from {@link #onWorld}. */
        public Simulation simulation() {
            return sim;
        }

        /** The simulated phone (read its state only after {@link #stop()}). */
        public SimPhone phone() {
            return phone;
        }

        /** The bridge (its counters are thread-safe). */
        public TapBridge bridge() {
            return bridge;
        }

        /**
         * Bridges the phone's virtual LAN to one more TAP, {@code tap} in the namespace {@code netns} (another lab's,
         * say), so that the kernel there is one more station on the phone's LAN: its frames and those of the first
         * TAP's kernel cross the same world, as the phone's do. {@link #stop()} closes it.
         */
        public TapBridge addTap(String tap, String netns) throws TapException {
            if (stopped) {
                throw new IllegalStateException("the phone was stopped");
            }
            TapBridge more = TapBridge.open(tap, netns);
            CountDownLatch attached = new CountDownLatch(1);
            sim.world().post(() -> {
                more.attach(sim.world());
                attached.countDown();
            });
            try {
                if (!attached.await(10, TimeUnit.SECONDS)) {
                    more.close();
                    throw new AssertionError("the world did not attach the bridge to " + tap + " within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                more.close();
                throw new AssertionError("interrupted", e);
            }
            moreBridges.add(more);
            return more;
        }

        /** The TAP interface's name. */
        public String tap() {
            return bridge.name();
        }

        /** The TAP interface's MAC address as text, e.g. {@code 5a:01:02:03:04:05} (the kernel's side). */
        public String tapMac() {
            return TapBridge.formatMac(bridge.mac());
        }

        /** The phone's MAC address as text. */
        public String mac() {
            return TapBridge.formatMac(phone.network().mac());
        }

        /** The JSON-lines trace file. */
        public Path traceFile() {
            return traceFile;
        }

        /** Every trace event so far. */
        public List<TraceEvent> events() {
            return sim.events();
        }

        /** Runs an action on the world thread while the firmware sleeps (to press a key, plug the cable, ...). */
        public void onWorld(Runnable action) {
            sim.world().post(action);
        }

        /** Waits for the first event (from the start of the run) that matches, and returns it. */
        public TraceEvent awaitEvent(Predicate<TraceEvent> match, Duration timeout) {
            return awaitEvent(0, match, timeout);
        }

        /** Waits for the first event from index {@code from} of {@link #events()} on that matches. */
        public TraceEvent awaitEvent(int from, Predicate<TraceEvent> match, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (;;) {
                List<TraceEvent> all = events();
                for (int i = from; i < all.size(); i++) {
                    if (match.test(all.get(i))) {
                        return all.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (failure != null) {
                    throw new AssertionError("the simulation stopped: " + failure, failure);
                }
                if (left <= 0 || stopped) {
                    StringBuilder b = new StringBuilder("no matching trace event within " + timeout
                        + (stopped ? " (the phone was stopped)" : "") + "; the last events:");
                    for (TraceEvent e : all.subList(Math.max(from, all.size() - 40), all.size())) {
                        b.append('\n').append(HumanTrace.format(e, false));
                    }
                    throw new AssertionError(b.toString());
                }
                synchronized (changed) {
                    try {
                        changed.wait(Math.max(1, Math.min(100, left / 1_000_000)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                }
            }
        }

        /** Waits for a console line matching {@code regex} (found anywhere in the line). */
        public TraceEvent awaitLog(String regex, Duration timeout) {
            return awaitLog(0, regex, timeout);
        }

        /** Waits for a console line matching {@code regex}, from index {@code from} of {@link #events()} on. */
        public TraceEvent awaitLog(int from, String regex, Duration timeout) {
            Pattern p = Pattern.compile(regex);
            return awaitEvent(from, e -> e.kind().equals("console") && p.matcher(e.value()).find(), timeout);
        }

        /** The console lines so far. */
        public List<String> logLines() {
            List<String> lines = new ArrayList<>();
            for (TraceEvent e : events()) {
                if (e.kind().equals("console")) {
                    lines.add(e.value());
                }
            }
            return lines;
        }

        /**
         * The pcap file of every frame on the phone's virtual LAN (time stamps: the host's wall clock), flushed so
         * that tshark can read it while the phone runs; after {@link #stop()}, complete.
         */
        public Path pcap() {
            if (!stopped && world.isAlive()) {
                CountDownLatch flushed = new CountDownLatch(1);
                sim.world().post(() -> {
                    pcap.flush();
                    flushed.countDown();
                });
                try {
                    if (!flushed.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("the world did not flush the capture within 10 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return pcapFile;
        }

        /** Stops the world (powering the phone off, writing the capture and trace) and closes the TAP. */
        public void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            sim.world().stop();
            try {
                world.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bridge.close();
            moreBridges.forEach(TapBridge::close);
            if (failure != null) {
                throw new AssertionError("the simulation stopped: " + failure, failure);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
