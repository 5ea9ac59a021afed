package org.firmerware.boards.sim.world;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.bottom.hal.Buttons;

/**
 * A script of what happens to the simulated phones: keys, the handset, sound into the microphone, frames on the LAN.
 *
 * <h2>Format</h2>
 * One step per line; {@code #} starts a comment; blank lines are ignored.
 * <pre>
 *   TIME [@PHONE] ACTION [ARGUMENTS]
 * </pre>
 * TIME is virtual time since the start: {@code 1500} or {@code 1500ms}, {@code 1.5s}, {@code 2min}; with a leading
 * {@code +} it counts from the previous step. {@code @PHONE} names the phone when several run (default: the first).
 *
 * <table>
 *   <caption>Actions</caption>
 *   <tr><td>{@code press KEY}</td><td>the key goes down (any other key is released)</td></tr>
 *   <tr><td>{@code release}</td><td>all keys go up</td></tr>
 *   <tr><td>{@code key KEY [DURATION]}</td><td>press, and release after DURATION (default 100ms)</td></tr>
 *   <tr><td>{@code type KEYS [INTERVAL]}</td><td>each character of KEYS pressed for 100 ms, one every INTERVAL
 *       (default 250ms)</td></tr>
 *   <tr><td>{@code offhook}, {@code onhook}</td><td>lift or replace the handset</td></tr>
 *   <tr><td>{@code mic FILE}</td><td>the microphones hear a 16-bit WAV file (path relative to the script)</td></tr>
 *   <tr><td>{@code frame HEX}</td><td>an Ethernet frame, destination MAC first, appears on the LAN</td></tr>
 *   <tr><td>{@code link up}, {@code link down}</td><td>plug or unplug the phone's Ethernet cable</td></tr>
 * </table>
 * KEY is a digit, {@code *} or {@code #}, or a name: {@code message hold transfer conference flash mute send speaker
 * down up callers called menu}.
 */
public final class Script {

    /** One step: when, which phone (null: the first), what. */
    public record Step(long timeUs, int line, String phone, String action, List<String> args) {
    }

    private static final Map<String, Integer> KEY_NAMES = new HashMap<>();

    static {
        KEY_NAMES.put("message", Buttons.KEY_MESSAGE);
        KEY_NAMES.put("hold", Buttons.KEY_HOLD);
        KEY_NAMES.put("transfer", Buttons.KEY_TRANSFER);
        KEY_NAMES.put("conference", Buttons.KEY_CONFERENCE);
        KEY_NAMES.put("flash", Buttons.KEY_FLASH);
        KEY_NAMES.put("mute", Buttons.KEY_MUTE);
        KEY_NAMES.put("send", Buttons.KEY_SEND);
        KEY_NAMES.put("speaker", Buttons.KEY_SPEAKER);
        KEY_NAMES.put("down", Buttons.KEY_DOWN);
        KEY_NAMES.put("up", Buttons.KEY_UP);
        KEY_NAMES.put("callers", Buttons.KEY_CALLERS);
        KEY_NAMES.put("called", Buttons.KEY_CALLED);
        KEY_NAMES.put("menu", Buttons.KEY_MENU);
    }

    private final Path file;
    private final List<Step> steps;

    private Script(Path file, List<Step> steps) {
        this.file = file;
        this.steps = steps;
    }

    /** The steps, in file order. */
    public List<Step> steps() {
        return steps;
    }

    /** Reads and checks a script file. */
    public static Script parse(Path file) throws IOException, ScriptException {
        return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Checks script lines; {@code file} names them in messages and anchors relative paths. */
    public static Script parse(Path file, List<String> lines) throws ScriptException {
        List<Step> steps = new ArrayList<>();
        long previous = 0;
        for (int n = 1; n <= lines.size(); n++) {
            // '#' starts a comment at the start of a word, except as the argument of a key action ("press #").
            String[] words = lines.get(n - 1).trim().split("\\s+");
            List<String> w = new ArrayList<>();
            for (String word : words) {
                if (word.isEmpty() || word.startsWith("#") && (w.isEmpty() || !isKeyAction(w.get(w.size() - 1)))) {
                    break;
                }
                w.add(word);
            }
            if (w.isEmpty()) {
                continue;
            }
            String where = file + ":" + n + ": ";
            if (w.size() < 2) {
                throw new ScriptException(where + "expected a time and an action, such as '1.5s offhook'");
            }
            long t = parseTime(w.get(0), where, previous);
            previous = t;
            int i = 1;
            String phone = null;
            if (w.get(i).startsWith("@")) {
                phone = w.get(i).substring(1);
                i++;
                if (i >= w.size()) {
                    throw new ScriptException(where + "expected an action after " + w.get(1));
                }
            }
            String action = w.get(i).toLowerCase(Locale.ROOT);
            List<String> args = w.subList(i + 1, w.size());
            check(action, args, where);
            steps.add(new Step(t, n, phone, action, List.copyOf(args)));
        }
        return new Script(file, steps);
    }

    private static boolean isKeyAction(String word) {
        String a = word.toLowerCase(Locale.ROOT);
        return a.equals("press") || a.equals("key") || a.equals("type");
    }

    private static void check(String action, List<String> args, String where) throws ScriptException {
        switch (action) {
            case "press":
                count(action, args, 1, 1, where);
                keyCode(args.get(0), where);
                break;
            case "key":
                count(action, args, 1, 2, where);
                keyCode(args.get(0), where);
                if (args.size() == 2) {
                    parseDuration(args.get(1), where);
                }
                break;
            case "type":
                count(action, args, 1, 2, where);
                for (char c : args.get(0).toCharArray()) {
                    keyCode(String.valueOf(c), where);
                }
                if (args.size() == 2) {
                    parseDuration(args.get(1), where);
                }
                break;
            case "release":
            case "offhook":
            case "onhook":
                count(action, args, 0, 0, where);
                break;
            case "mic":
                count(action, args, 1, 1, where);
                break;
            case "frame":
                if (args.isEmpty()) {
                    throw new ScriptException(where + "frame: expected the frame's bytes in hex");
                }
                parseHex(String.join("", args), where);
                break;
            case "link":
                count(action, args, 1, 1, where);
                if (!args.get(0).equals("up") && !args.get(0).equals("down")) {
                    throw new ScriptException(where + "link: expected 'up' or 'down', not '" + args.get(0) + "'");
                }
                break;
            default:
                throw new ScriptException(where + "unknown action '" + action
                    + "' (actions: press release key type offhook onhook mic frame link)");
        }
    }

    private static void count(String action, List<String> args, int min, int max, String where)
        throws ScriptException {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? Integer.toString(min) : min + " to " + max;
            throw new ScriptException(where + action + ": expected " + expected + " argument(s), got " + args.size());
        }
    }

    /** The key code of a key name or character. */
    static int keyCode(String key, String where) throws ScriptException {
        if (key.length() == 1) {
            char c = key.charAt(0);
            if (c >= '0' && c <= '9' || c == '*' || c == '#') {
                return c;
            }
        }
        Integer code = KEY_NAMES.get(key.toLowerCase(Locale.ROOT));
        if (code == null) {
            throw new ScriptException(where + "unknown key '" + key + "' (keys: 0-9 * # "
                + String.join(" ", new java.util.TreeSet<>(KEY_NAMES.keySet())) + ")");
        }
        return code;
    }

    static long parseTime(String text, String where, long previous) throws ScriptException {
        boolean relative = text.startsWith("+");
        long t = parseDuration(relative ? text.substring(1) : text, where);
        return relative ? previous + t : t;
    }

    /** A duration in microseconds: {@code 1500}, {@code 1500ms}, {@code 1.5s}, {@code 2min}, {@code 250us}. */
    static long parseDuration(String text, String where) throws ScriptException {
        String t = text.toLowerCase(Locale.ROOT);
        double factor = 1000;
        String number = t;
        if (t.endsWith("ms")) {
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("us")) {
            number = t.substring(0, t.length() - 2);
            factor = 1;
        } else if (t.endsWith("min")) {
            number = t.substring(0, t.length() - 3);
            factor = 60_000_000;
        } else if (t.endsWith("s")) {
            number = t.substring(0, t.length() - 1);
            factor = 1_000_000;
        }
        try {
            double v = Double.parseDouble(number);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return Math.round(v * factor);
        } catch (NumberFormatException e) {
            throw new ScriptException(where + "'" + text + "' is not a time (examples: 1500, 1500ms, 1.5s, +200ms)");
        }
    }

    static byte[] parseHex(String hex, String where) throws ScriptException {
        String h = hex.replace(":", "").replace("-", "");
        if (h.length() % 2 != 0) {
            throw new ScriptException(where + "frame: an odd number of hex digits");
        }
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(h.charAt(2 * i), 16);
            int lo = Character.digit(h.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new ScriptException(where + "frame: '" + h.substring(2 * i, 2 * i + 2) + "' is not hex");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        if (out.length < 14) {
            throw new ScriptException(where + "frame: " + out.length + " bytes is shorter than an Ethernet header (14)");
        }
        return out;
    }

    /**
     * One input of a key or the hook switch at a time: {@code press} (with the key's class and code), {@code release},
     * {@code offhook} or {@code onhook}. What a board without those devices plays from a file of its own.
     */
    public record Input(long timeUs, String action, int keyClass, int code) {
    }

    /**
     * The steps as inputs of the keys and the hook switch, {@code key} and {@code type} expanded into presses and
     * releases as {@link #schedule} plays them, in time order (steps of the same time in file order).
     *
     * @throws ScriptException for a step of another kind (microphone, frames, link), naming {@code board}, which
     *     cannot play it
     */
    public List<Input> inputs(String board) throws ScriptException {
        List<Input> out = new java.util.ArrayList<>();
        for (Step s : steps) {
            String where = file + ":" + s.line() + ": ";
            long t = s.timeUs();
            List<String> a = s.args();
            switch (s.action()) {
                case "press": {
                    int code = keyCode(a.get(0), where);
                    out.add(new Input(t, "press", World.keyClass(code), code));
                    break;
                }
                case "key": {
                    int code = keyCode(a.get(0), where);
                    long hold = a.size() > 1 ? parseDuration(a.get(1), where) : 100_000;
                    out.add(new Input(t, "press", World.keyClass(code), code));
                    out.add(new Input(t + hold, "release", 0, 0));
                    break;
                }
                case "type": {
                    long interval = a.size() > 1 ? parseDuration(a.get(1), where) : 250_000;
                    long at = t;
                    for (char c : a.get(0).toCharArray()) {
                        int code = keyCode(String.valueOf(c), where);
                        out.add(new Input(at, "press", World.keyClass(code), code));
                        out.add(new Input(at + Math.min(100_000, interval / 2), "release", 0, 0));
                        at += interval;
                    }
                    break;
                }
                case "release":
                case "offhook":
                case "onhook":
                    out.add(new Input(t, s.action(), 0, 0));
                    break;
                default:
                    throw new ScriptException(where + s.action() + ": board " + board + " plays only keys and the "
                        + "hook switch from a script");
            }
        }
        out.sort(java.util.Comparator.comparingLong(Input::timeUs));
        return out;
    }

    /**
     * Schedules every step on the world. Files named by {@code mic} are read now, so that a missing file is reported
     * before the run starts.
     */
    public void schedule(World world) throws IOException, ScriptException {
        Path base = file.toAbsolutePath().getParent();
        LanPeer injector = (frame, timeUs) -> { };
        world.lan().attach(injector);
        for (Step s : steps) {
            String where = file + ":" + s.line() + ": ";
            Phone phone;
            try {
                phone = s.phone() == null ? world.phones().get(0) : world.phone(s.phone());
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new ScriptException(where + "no phone named '" + s.phone() + "'");
            }
            long t = s.timeUs();
            List<String> a = s.args();
            switch (s.action()) {
                case "press": {
                    int code = keyCode(a.get(0), where);
                    world.at(t, () -> phone.keys().press(World.keyClass(code), code));
                    break;
                }
                case "key": {
                    int code = keyCode(a.get(0), where);
                    long hold = a.size() > 1 ? parseDuration(a.get(1), where) : 100_000;
                    world.at(t, () -> phone.keys().press(World.keyClass(code), code));
                    world.at(t + hold, () -> phone.keys().release());
                    break;
                }
                case "type": {
                    long interval = a.size() > 1 ? parseDuration(a.get(1), where) : 250_000;
                    long at = t;
                    for (char c : a.get(0).toCharArray()) {
                        int code = keyCode(String.valueOf(c), where);
                        world.at(at, () -> phone.keys().press(World.keyClass(code), code));
                        world.at(at + Math.min(100_000, interval / 2), () -> phone.keys().release());
                        at += interval;
                    }
                    break;
                }
                case "release":
                    world.at(t, () -> phone.keys().release());
                    break;
                case "offhook":
                    world.at(t, () -> phone.hook().set(true));
                    break;
                case "onhook":
                    world.at(t, () -> phone.hook().set(false));
                    break;
                case "mic": {
                    Path wavPath = base.resolve(a.get(0));
                    WavFile wav;
                    try {
                        wav = WavFile.read(wavPath);
                    } catch (IOException e) {
                        throw new ScriptException(where + "mic: " + e.getMessage());
                    }
                    world.feedMicrophone(phone, t, wav);
                    break;
                }
                case "frame": {
                    byte[] frame = parseHex(String.join("", a), where);
                    world.at(t, () -> world.lan().send(injector, frame));
                    break;
                }
                case "link": {
                    boolean up = a.get(0).equals("up");
                    world.at(t, () -> phone.network().setLink(up));
                    break;
                }
                default:
                    throw new ScriptException(where + "unknown action " + s.action());
            }
        }
    }
}
