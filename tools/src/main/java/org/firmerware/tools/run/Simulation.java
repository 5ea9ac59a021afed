package org.firmerware.tools.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.firmerware.boards.sim.hw.FirmwareImage;
import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.boards.sim.hw.PhoneFactory;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.World;
import org.firmerware.bottom.hal.Board;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.tools.check.ClosedWorld;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;

/**
 * A run of simulated phones: a {@link World} with phones built from a board profile and running tops, and every trace
 * event collected for inspection. This is what {@code fw run} and the tests use.
 *
 * <p>The board {@code sim} runs as {@link SimPhone}s; a board whose profile names a {@code "simulator"} (a
 * {@link PhoneFactory}) runs as that simulator's phones, such as the register-level simulator of the BT200. Both kinds
 * live in the same world and trace alike.
 */
public final class Simulation implements AutoCloseable {

    private final BoardProfile profile;
    private final PhoneFactory factory;
    private final World world = new World();
    private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final Map<SimPhone.Config, Kernel> kernels = new ConcurrentHashMap<>();
    /** Tops that images may name besides the product's (a test's own firmware). */
    private final Map<String, Tops.Entry> imageTops = new ConcurrentHashMap<>();
    private int phones;

    /** A simulation of the board described by {@code profile}: the board {@code sim}, or one with a simulator. */
    public Simulation(BoardProfile profile) {
        this.profile = profile;
        this.factory = factoryOf(profile);
        world.addSink(events::add);
    }

    /** Whether a board runs on the host simulator: {@code sim} itself, or a board whose profile names a simulator. */
    public static boolean supports(BoardProfile profile) {
        return profile.simulatorClass() != null
            || profile.boardClass().equals(org.firmerware.boards.sim.SimBoard.class.getName());
    }

    /** How phones of a board are made: as {@link SimPhone}s for {@code sim}, else by the profile's simulator. */
    private static PhoneFactory factoryOf(BoardProfile profile) {
        String simulator = profile.simulatorClass();
        if (simulator == null) {
            if (!profile.boardClass().equals(org.firmerware.boards.sim.SimBoard.class.getName())) {
                throw new IllegalArgumentException("board " + profile.name() + " has no simulator (its profile names "
                    + "no \"simulator\" and its board class is " + profile.boardClass() + ")");
            }
            return (config, image) -> new SimPhone(config, image, org.firmerware.boards.sim.SimBoard::new);
        }
        try {
            Object f = Class.forName(simulator, true, Simulation.class.getClassLoader()).getConstructor().newInstance();
            if (!(f instanceof PhoneFactory)) {
                throw new IllegalArgumentException(profile.source() + ": the simulator " + simulator + " is no "
                    + PhoneFactory.class.getName());
            }
            return (PhoneFactory) f;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(profile.source() + ": cannot make the simulator " + simulator + ": " + e,
                e);
        }
    }

    /** The board profile. */
    public BoardProfile profile() {
        return profile;
    }

    /** A simulation of the board named {@code board}. */
    public static Simulation of(String board) {
        return new Simulation(BoardProfile.named(board));
    }

    /** The world, to add sinks, scripts, peers. */
    public World world() {
        return world;
    }

    /**
     * Adds a phone running the named top, built from the profile. The phone is of the board's kind: a {@link SimPhone}
     * on {@code sim} (so {@code SimPhone p = sim.addPhone(top)} works there), else the simulator's {@link Phone}.
     */
    public <P extends Phone> P addPhone(String top) {
        return addPhone(Tops.named(top), c -> { });
    }

    /**
     * Adds a phone running a top; {@code tweak} may change the configuration built from the profile (name, MAC,
     * clock origin, seed).
     */
    public <P extends Phone> P addPhone(Tops.Entry top, Consumer<SimPhone.Config> tweak) {
        top.load();
        prepareMission(profile, top);
        phones++;
        SimPhone.Config c = configFrom(profile, phones);
        tweak.accept(c);
        return add(c, new Image(c, () -> top.create()));
    }

    /**
     * Lets images that the bootloader starts name {@code top} as well as the product's tops: a test's own firmware
     * (one that crashes, say), put into a slot with {@code ImageFile.simImage(top.name(), ...)}.
     */
    public void imageTop(Tops.Entry top) {
        imageTops.put(top.name(), top);
    }

    /** Adds a phone running a top made by {@code topFactory} at every power-up. */
    public <P extends Phone> P addPhone(String name, Supplier<Top> topFactory) {
        Class<? extends Top> topClass = topFactory.get().getClass();
        prepareMission(profile, new Tops.Entry(name, topClass.getName(), ""));
        phones++;
        SimPhone.Config c = configFrom(profile, phones);
        c.name = name;
        return add(c, new Image(c, topFactory));
    }

    @SuppressWarnings("unchecked")
    private <P extends Phone> P add(SimPhone.Config c, Image image) {
        P phone = (P) world.add(factory.create(c, image));
        image.phone = phone;
        return phone;
    }

    /**
     * Does what the AOT build does at build time, so that the mission finds it done: initialises every firmware class
     * the closed world of this board and top reaches, and interns every String constant its code uses. Without this,
     * HotSpot would initialise a class or resolve a constant lazily, on first use in the mission, and allocate there.
     */
    static void prepareMission(BoardProfile profile, Tops.Entry top) {
        String key = profile.name() + "/" + top.className();
        if (!PREPARED.add(key)) {
            return;
        }
        ClosedWorld.Preload preload = ClosedWorld.preload(profile, top);
        for (String constant : preload.strings()) {
            // The JVM's string table holds interned strings weakly: keep them, or a GC before their first use in the
            // mission would collect them and that use would allocate a new one (AOT images keep them in flash).
            CONSTANTS.add(constant.intern());
        }
        ClassLoader loader = Simulation.class.getClassLoader();
        for (String name : preload.classNames()) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("initialising " + name + " for " + key + ": " + e, e);
            }
        }
    }

    private static final java.util.Set<String> PREPARED = ConcurrentHashMap.newKeySet();
    private static final java.util.Set<String> CONSTANTS = ConcurrentHashMap.newKeySet();

    /** The phone configuration a profile gives; phone {@code n} (from 1) gets MAC 02:00:00:00:00:n. */
    public static SimPhone.Config configFrom(BoardProfile profile, int n) {
        SimPhone.Config c = new SimPhone.Config();
        c.name = n == 1 ? "phone" : "phone" + n;
        c.mac = new byte[] {0x02, 0, 0, 0, (byte) (n >> 8), (byte) n};
        c.sizes = profile.sizes();
        c.flashBlocks = profile.flashBlocks();
        c.flashBlockSize = profile.flashBlockBytes();
        c.flashEraseUnitBlocks = profile.flashEraseUnitBlocks();
        c.partitions = profile.partitions();
        return c;
    }

    /**
     * The firmware of a phone: at reset, boot the kernel with a fresh instance of its top and run the main loop; when
     * the top is the bootloader and starts an image, check that image again and boot the top it names (see
     * {@link SimImages}). The kernel of the latest power-up is kept for {@link #kernel}.
     */
    private final class Image implements FirmwareImage {
        private final SimPhone.Config config;
        private final Supplier<Top> topFactory;
        Phone phone;

        Image(SimPhone.Config config, Supplier<Top> topFactory) {
            this.config = config;
            this.topFactory = topFactory;
        }

        @Override
        public Runnable init(Board board) {
            Kernel kernel = Kernel.boot(board, topFactory.get());
            kernels.put(config, kernel);
            return kernel::run;
        }

        @Override
        public Runnable start(Board board, int block) {
            SimImages.Loaded image = SimImages.load(board.flash(), block, profile.name());
            byte[] note = image.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (phone instanceof SimPhone) {
                ((SimPhone) phone).noteImage(note, 0, note.length);
            }
            Tops.Entry top = imageTops.containsKey(image.top()) ? imageTops.get(image.top()) : Tops.named(image.top());
            prepareMission(profile, top);
            Kernel kernel = Kernel.boot(board, top.create());
            kernels.put(config, kernel);
            return kernel::run;
        }
    }

    /**
     * The kernel a phone booted last (the root of its firmware's object graph), or null before it powered up.
     * Read it only while the phone sleeps.
     */
    public Kernel kernel(Phone phone) {
        for (Map.Entry<SimPhone.Config, Kernel> e : kernels.entrySet()) {
            if (e.getKey().name.equals(phone.name())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Runs for {@code ms} milliseconds of virtual time. */
    public void runMs(long ms) {
        world.runMicros(ms * 1000);
    }

    /** Every event so far, in the order they were traced. */
    public List<TraceEvent> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    /** The events of one kind and name (null: any name). */
    public List<TraceEvent> events(String kind, String name) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : events()) {
            if (e.kind().equals(kind) && (name == null || e.name().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Powers off and writes every output. */
    @Override
    public void close() {
        try {
            world.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
