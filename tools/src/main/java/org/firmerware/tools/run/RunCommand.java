package org.firmerware.tools.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.hw.SimulationException;
import org.firmerware.boards.sim.world.HumanTrace;
import org.firmerware.boards.sim.world.JsonTrace;
import org.firmerware.boards.sim.world.PcapWriter;
import org.firmerware.boards.sim.world.Script;
import org.firmerware.boards.sim.world.ScriptException;
import org.firmerware.tools.UserError;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fw run}: runs a top on a board and prints what the phone does. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a top on a board and print one line per visible change (lights, display, sound, console).",
        "On the simulated board time is virtual: it jumps while the firmware sleeps, so runs are fast and repeatable."},
    footer = {"", "Script format (one step per line, '#' starts a comment):",
        "  TIME [@PHONE] ACTION [ARGS]    TIME: 1500, 1500ms, 1.5s, 2min; +200ms counts from the previous step",
        "  press KEY | release | key KEY [DURATION] | type KEYS [INTERVAL]",
        "  offhook | onhook | mic FILE.wav | frame HEX | link up|down",
        "  KEY: 0-9 * # message hold transfer conference flash mute send speaker down up callers called menu",
        "", "Example: fw run --board sim --top timer2led --seconds 10"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--board", defaultValue = "sim", description = "the board (default: ${DEFAULT-VALUE}); see 'fw boards'")
    String board;

    @Option(names = "--top", required = true, description = "the top to run; see 'fw tops'")
    String top;

    @Option(names = "--seconds", defaultValue = "10", description = "virtual seconds to run (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--script", paramLabel = "FILE", description = "events to play: keys, hook, microphone, frames")
    Path script;

    @Option(names = "--trace", paramLabel = "FILE",
        description = "also write every event as JSON lines (t_ms, t_us, device, kind, name, value), "
            + "including cpu sleep/wake and net frames")
    Path trace;

    @Option(names = "--pcap", paramLabel = "FILE", description = "write every frame on the LAN to a pcap file")
    Path pcap;

    @Option(names = "--wav-out", paramLabel = "FILE", description = "write what the phone plays to a WAV file")
    Path wavOut;

    @Option(names = "--all", description = "print cpu (sleep/wake) and net (frame) events too")
    boolean all;

    @Option(names = "--quiet", description = "print no events, only the summary")
    boolean quiet;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the board's entropy (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--clock-origin", paramLabel = "MS", defaultValue = "0",
        description = "what the millisecond clock reads at power-up; e.g. -5000 crosses the 32-bit wrap after 5 s")
    int clockOrigin;

    @Override
    public Integer call() throws IOException {
        if (seconds <= 0 || seconds > 366 * 24 * 3600) {
            throw new UserError("--seconds must be between 0 and a year, not " + seconds);
        }
        BoardProfile profile = BoardProfile.named(board);
        Tops.Entry entry = Tops.named(top);
        Script parsed = null;
        if (script != null) {
            if (!Files.isReadable(script)) {
                throw new UserError("cannot read the script " + script);
            }
            try {
                parsed = Script.parse(script);
            } catch (ScriptException e) {
                throw new UserError(e.getMessage());
            }
        }
        long started = System.nanoTime();
        Simulation sim = new Simulation(profile);
        if (!quiet) {
            sim.world().addSink(new HumanTrace(System.out, false, all));
        }
        if (trace != null) {
            sim.world().addSink(new JsonTrace(trace));
        }
        PcapWriter pcapWriter = null;
        if (pcap != null) {
            pcapWriter = new PcapWriter(pcap);
            sim.world().lan().capture(pcapWriter);
        }
        SimPhone phone = sim.addPhone(entry, c -> {
            c.seed = seed;
            c.clockOriginMs = clockOrigin;
        });
        if (wavOut != null) {
            sim.world().recordSpeaker(phone, wavOut);
        }
        if (parsed != null) {
            try {
                parsed.schedule(sim.world());
            } catch (ScriptException e) {
                throw new UserError(e.getMessage());
            }
        }
        int status = 0;
        try {
            sim.world().runMicros(Math.round(seconds * 1_000_000));
        } catch (SimulationException e) {
            System.err.println("fw run: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace(System.err);
            } else {
                for (StackTraceElement el : e.getStackTrace()) {
                    System.err.println("\tat " + el);
                }
            }
            status = 1;
        } finally {
            sim.close();
            if (pcapWriter != null) {
                pcapWriter.close();
            }
        }
        System.out.flush();
        double host = (System.nanoTime() - started) / 1e9;
        long wakes = sim.world().wakeUps();
        System.err.printf("fw run: %s on %s: %.3f s of virtual time in %.2f s; the firmware woke %d times "
            + "(%.0f per hour)%s%n", top, board, seconds, host, wakes, wakes * 3600 / seconds,
            pcapWriter != null ? "; " + pcapWriter.frames() + " frames to " + pcap : "");
        return status;
    }
}
