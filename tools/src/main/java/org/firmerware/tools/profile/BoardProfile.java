package org.firmerware.tools.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.hal.Sizes;

/**
 * A board profile: the {@code board.json} of a board module, merged over the profiles it {@code inherits} from
 * (objects merge key by key, the child winning; other values are replaced). Every board module puts its profile in its
 * jar as {@code firmerware/board.json}; shared parent profiles live in {@code firmerware/profiles/<name>.json}.
 *
 * <p>Every accessor checks its field and names the profile and the field in its error.
 */
public final class BoardProfile {

    private static final String BOARD_RESOURCE = "firmerware/board.json";

    private final String source;
    private final Map<String, Object> data;

    private BoardProfile(String source, Map<String, Object> data) {
        this.source = source;
        this.data = data;
    }

    /** Every board on the class path, by name. */
    public static Map<String, BoardProfile> all() {
        Map<String, BoardProfile> boards = new TreeMap<>();
        ClassLoader loader = BoardProfile.class.getClassLoader();
        try {
            Enumeration<URL> urls = loader.getResources(BOARD_RESOURCE);
            for (URL url : Collections.list(urls)) {
                BoardProfile p = load(url.toString(), read(url));
                BoardProfile old = boards.put(p.name(), p);
                if (old != null) {
                    throw new IllegalArgumentException("two boards are named " + p.name() + ": " + old.source
                        + " and " + p.source);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the board profiles", e);
        }
        return boards;
    }

    /** The board of that name; the error lists the boards there are. */
    public static BoardProfile named(String name) {
        Map<String, BoardProfile> boards = all();
        BoardProfile p = boards.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no board named '" + name + "' (boards: "
                + String.join(", ", boards.keySet()) + ")");
        }
        return p;
    }

    /** A profile from its JSON text (tests: boards that are not on the class path). */
    public static BoardProfile fromJson(String source, String json) {
        return load(source, json);
    }

    /** Parses a profile and merges in what it inherits. */
    @SuppressWarnings("unchecked")
    static BoardProfile load(String source, String json) {
        Object parsed = Json.parse(source, json);
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException(source + ": a board profile must be a JSON object");
        }
        Map<String, Object> map = (Map<String, Object>) parsed;
        List<String> chain = new ArrayList<>();
        chain.add(source);
        Object parent = map.get("inherits");
        while (parent != null) {
            if (!(parent instanceof String)) {
                throw new IllegalArgumentException(source + ": \"inherits\" must be the name of a profile");
            }
            String resource = "firmerware/profiles/" + parent + ".json";
            if (chain.contains(resource)) {
                throw new IllegalArgumentException(source + ": profiles inherit in a circle: " + chain);
            }
            chain.add(resource);
            URL url = BoardProfile.class.getClassLoader().getResource(resource);
            if (url == null) {
                throw new IllegalArgumentException(source + ": inherits \"" + parent + "\", but there is no " + resource);
            }
            Map<String, Object> parentMap = (Map<String, Object>) Json.parse(resource, read(url));
            Object grand = parentMap.get("inherits");
            map = merge(parentMap, map);
            parent = grand;
        }
        map.remove("inherits");
        return new BoardProfile(source, map);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> parent, Map<String, Object> child) {
        Map<String, Object> out = new LinkedHashMap<>(parent);
        for (Map.Entry<String, Object> e : child.entrySet()) {
            Object old = out.get(e.getKey());
            if (old instanceof Map && e.getValue() instanceof Map) {
                out.put(e.getKey(), merge((Map<String, Object>) old, (Map<String, Object>) e.getValue()));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + url, e);
        }
    }

    /** Where the profile came from, for messages. */
    public String source() {
        return source;
    }

    /** The board's name. */
    public String name() {
        return string("name");
    }

    /** One line about the board. */
    public String description() {
        Object d = data.get("description");
        return d instanceof String ? (String) d : "";
    }

    /** The board's wiring class (implements {@code org.firmerware.bottom.hal.Board}). */
    public String boardClass() {
        return string("board");
    }

    /**
     * The class that makes simulated phones of this board (implements {@code org.firmerware.boards.sim.hw.PhoneFactory}),
     * or null when the board is the simulator itself ({@code sim}) or has none.
     */
    public String simulatorClass() {
        Object s = data.get("simulator");
        if (s == null) {
            return null;
        }
        if (!(s instanceof String) || ((String) s).isEmpty()) {
            throw fieldError("simulator", "must be the name of a class");
        }
        return (String) s;
    }

    /** The package of the machine intrinsics (Registers, Interrupts, ...): hardware on every board. */
    public static final String MACHINE_PACKAGE = "org.firmerware.bottom.machine";

    /**
     * Packages that model hardware (the simulator's devices): the firmware calls into them as into registers, so the
     * firmware-Java check does not walk them and the budget does not count them. The machine intrinsics
     * ({@value #MACHINE_PACKAGE}) come first on every board: they are the hardware boundary of register-level code.
     */
    public List<String> hardwarePackages() {
        Object h = data.get("hardware");
        List<String> out = new ArrayList<>();
        out.add(MACHINE_PACKAGE);
        if (h == null) {
            return out;
        }
        if (!(h instanceof List)) {
            throw fieldError("hardware", "must be a list of package names");
        }
        for (Object o : (List<?>) h) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** A value of the {@code target} object (CPU, word sizes, ...), or {@code dflt}. */
    public String target(String key, String dflt) {
        Object t = object("target").get(key);
        return t == null ? dflt : String.valueOf(t);
    }

    /** An integer of the {@code target} object, or {@code dflt}. */
    public int targetInt(String key, int dflt) {
        Object t = object("target").get(key);
        if (t == null) {
            return dflt;
        }
        if (!(t instanceof Long)) {
            throw fieldError("target." + key, "must be a whole number");
        }
        return ((Long) t).intValue();
    }

    /** Whether firmware may use {@code float} and {@code double}. */
    public boolean floatAllowed() {
        return !"forbid".equals(target("float", "forbid"));
    }

    /** The RAM budget in bytes. */
    public long ramBudget() {
        Object b = object("budget").get("ramBytes");
        if (!(b instanceof Long) || (Long) b <= 0) {
            throw fieldError("budget.ramBytes", "must be a positive whole number of bytes");
        }
        return (Long) b;
    }

    /** The sizes, over the defaults of {@link Sizes}. */
    public Sizes sizes() {
        Sizes sizes = new Sizes();
        for (Map.Entry<String, Object> e : object("sizes").entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof Long) || (Long) v <= 0 || (Long) v > Integer.MAX_VALUE) {
                throw fieldError("sizes." + e.getKey(), "must be a positive whole number");
            }
            if (!sizes.set(e.getKey(), ((Long) v).intValue())) {
                throw fieldError("sizes." + e.getKey(), "is not a size the firmware knows (see the javadoc of "
                    + Sizes.class.getName() + ")");
            }
        }
        return sizes;
    }

    /** The same profile with one budget replaced (tests of the budget gate). */
    public BoardProfile withBudget(String key, long bytes) {
        return with("budget", key, bytes);
    }

    /** The same profile with one value of one of its objects replaced (tests). */
    @SuppressWarnings("unchecked")
    public BoardProfile with(String object, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        Map<String, Object> inner = new LinkedHashMap<>((Map<String, Object>) copy.getOrDefault(object, Map.of()));
        inner.put(key, value);
        copy.put(object, inner);
        return new BoardProfile(source + " (" + object + "." + key + " = " + value + ")", copy);
    }

    /** The raw entries of the {@code "sizes"} object (checked as {@link #sizes()} checks them). */
    public Map<String, Integer> sizeEntries() {
        sizes();
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : object("sizes").entrySet()) {
            out.put(e.getKey(), ((Long) e.getValue()).intValue());
        }
        return out;
    }

    /** An object of the profile (e.g. {@code "c"}, what the AOT build needs), empty when absent. */
    public Map<String, Object> section(String key) {
        return Collections.unmodifiableMap(object(key));
    }

    /** A whole number of the {@code "budget"} object, or {@code dflt}. */
    public long budget(String key, long dflt) {
        Object b = object("budget").get(key);
        if (b == null) {
            return dflt;
        }
        if (!(b instanceof Long) || (Long) b <= 0) {
            throw fieldError("budget." + key, "must be a positive whole number of bytes");
        }
        return (Long) b;
    }

    /** The flash's bytes per block. */
    public int flashBlockBytes() {
        return flashInt("blockBytes", 512);
    }

    /** The flash's number of blocks. */
    public int flashBlocks() {
        return flashInt("blocks", 4096);
    }

    /** The flash's blocks per erase unit. */
    public int flashEraseUnitBlocks() {
        return flashInt("eraseUnitBlocks", 128);
    }

    private int flashInt(String key, int dflt) {
        Object v = object("flash").get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Long) || (Long) v <= 0) {
            throw fieldError("flash." + key, "must be a positive whole number");
        }
        return ((Long) v).intValue();
    }

    /** The partition table, checked against the flash geometry. */
    public Partition[] partitions() {
        Object list = object("flash").get("partitions");
        if (list == null) {
            return null;
        }
        if (!(list instanceof List)) {
            throw fieldError("flash.partitions", "must be a list");
        }
        List<Partition> out = new ArrayList<>();
        int i = 0;
        for (Object o : (List<?>) list) {
            String field = "flash.partitions[" + i++ + "]";
            if (!(o instanceof Map)) {
                throw fieldError(field, "must be an object with name, first, blocks and flags");
            }
            Map<?, ?> m = (Map<?, ?>) o;
            if (!(m.get("name") instanceof String) || !(m.get("first") instanceof Long)
                || !(m.get("blocks") instanceof Long)) {
                throw fieldError(field, "needs \"name\" (text), \"first\" and \"blocks\" (whole numbers)");
            }
            int first = ((Long) m.get("first")).intValue();
            int blocks = ((Long) m.get("blocks")).intValue();
            if (first < 0 || blocks <= 0 || first + blocks > flashBlocks()) {
                throw fieldError(field, "blocks " + first + ".." + (first + blocks - 1) + " lie outside the flash (0.."
                    + (flashBlocks() - 1) + ")");
            }
            int flags = 0;
            Object f = m.get("flags");
            if (f != null) {
                for (Object flag : (List<?>) f) {
                    switch (String.valueOf(flag)) {
                        case "bootable": flags |= Partition.BOOTABLE; break;
                        case "checksummed": flags |= Partition.CHECKSUMMED; break;
                        case "write-protect": flags |= Partition.WRITE_PROTECT; break;
                        case "read-only": flags |= Partition.READ_ONLY; break;
                        case "published": flags |= Partition.PUBLISHED; break;
                        default:
                            throw fieldError(field + ".flags", "unknown flag \"" + flag
                                + "\" (flags: bootable, checksummed, write-protect, read-only, published)");
                    }
                }
            }
            out.add(new Partition((String) m.get("name"), first, blocks, flags));
        }
        return out.toArray(new Partition[0]);
    }

    private String string(String key) {
        Object v = data.get(key);
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw fieldError(key, "must be a non-empty text");
        }
        return (String) v;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(String key) {
        Object v = data.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw fieldError(key, "must be an object");
        }
        return (Map<String, Object>) v;
    }

    private IllegalArgumentException fieldError(String field, String message) {
        return new IllegalArgumentException(source + ": \"" + field + "\" " + message);
    }
}
