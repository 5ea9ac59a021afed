package org.firmerware.tools.run;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.firmerware.tools.UserError;
import org.firmerware.tools.profile.BoardProfile;

/**
 * The emulated flash of a board under QEMU kept in a file across runs ({@code fw run --flash FILE}), as the simulator
 * keeps its flash chip: QEMU loads the file into the board's memory at the profile's {@code qemu.flashAddress}
 * ({@code -device loader}), and when the board resets (a reboot, or the end of the run) QEMU pauses instead of exiting
 * ({@code -action reboot=shutdown,shutdown=pause}), so that {@code pmemsave} over QMP writes the flash out before
 * {@code quit}. QEMU starts the board only once the control connection is up ({@code -S}, then {@code cont}). A Ctrl-C
 * saves the flash the same way. The file is replaced only by a complete save.
 */
final class QemuFlash {

    private static final Pattern SHUTDOWN = Pattern.compile("\"event\"\\s*:\\s*\"SHUTDOWN\"");
    private static final Pattern GUEST_RESET = Pattern.compile("\"reason\"\\s*:\\s*\"guest-reset\"");

    /** Where the flash is saved (null: it is not), and what QEMU loads into it (null: nothing, it starts zeroed). */
    private final Path file;
    private final Path load;
    private final Path socket;
    private final long address;
    private final long bytes;
    private final CountDownLatch done = new CountDownLatch(1);
    /** The commands sent whose answer has not come, oldest first. */
    private final Deque<String> pending = new ArrayDeque<>();
    private SocketChannel qmp;
    private boolean saving;
    private volatile boolean saved;
    private volatile String problem = "QEMU ended before the flash was saved";
    /** Whether the board asked for the reset that paused it (not a quit from fw run). */
    private volatile boolean guestReset;

    private QemuFlash(Path file, Path load, Path socket, long address, long bytes) {
        this.file = file;
        this.load = load;
        this.socket = socket;
        this.address = address;
        this.bytes = bytes;
    }

    /**
     * The flash of {@code profile}'s board loaded from {@code load} (null or missing: none) and saved to {@code file}
     * (null: not saved); QEMU's control socket in {@code dir}.
     */
    static QemuFlash prepare(BoardProfile profile, Path load, Path file, Path dir) throws IOException {
        Object a = profile.section("qemu").get("flashAddress");
        if (!(a instanceof String s)) {
            throw new UserError("--flash: board " + profile.name() + " has no emulated flash (its profile's \"qemu\" "
                + "section has no \"flashAddress\")");
        }
        long bytes = bytes(profile);
        if (load != null && Files.exists(load) && Files.size(load) != bytes) {
            throw new UserError(load + " holds " + Files.size(load) + " bytes, the flash of board " + profile.name()
                + " " + bytes);
        }
        Files.createDirectories(dir);
        Path socket = dir.toAbsolutePath().resolve("qmp.sock");
        Files.deleteIfExists(socket);
        return new QemuFlash(file == null ? null : file.toAbsolutePath(), load == null ? null : load.toAbsolutePath(),
            socket, Long.decode(s), bytes);
    }

    /** The size of the board's flash. */
    static long bytes(BoardProfile profile) {
        return (long) profile.flashBlockBytes() * profile.flashBlocks();
    }

    /**
     * QEMU's options: the flash's contents when there are some; to save it, pause on reset and the control socket
     * (without -no-reboot, which the caller leaves out then).
     */
    List<String> qemuOptions() {
        List<String> o = new ArrayList<>();
        if (file != null) {
            // -S: the board starts when the control connection is up (cont), so that no event can come before it.
            o.addAll(List.of("-S", "-action", "reboot=shutdown,shutdown=pause", "-qmp",
                "unix:" + socket.toString().replace(",", ",,") + ",server=on,wait=off"));
        }
        if (load != null && Files.exists(load)) {
            o.addAll(List.of("-device", "loader,file=" + load.toString().replace(",", ",,") + ",addr=0x"
                + Long.toHexString(address) + ",force-raw=on"));
        }
        return o;
    }

    /** Whether the flash is saved at the end (QEMU pauses on reset instead of exiting). */
    boolean saves() {
        return file != null;
    }

    /** Connects to QEMU's control socket and saves the flash when the board resets; returns at once. */
    void attach(Process qemu) {
        if (file == null) {
            problem = null;
            done.countDown();
            return;
        }
        Thread t = new Thread(() -> listen(qemu), "fw-run-qemu-flash");
        t.setDaemon(true);
        t.start();
    }

    private void listen(Process qemu) {
        try {
            SocketChannel c = connect(qemu);
            if (c == null) {
                qemu.destroy();
                return;
            }
            send("qmp_capabilities", "{\"execute\": \"qmp_capabilities\"}");
            send("cont", "{\"execute\": \"cont\"}");
            StringBuilder line = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (c.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    char ch = (char) (buf.get() & 0xFF);
                    if (ch != '\n') {
                        line.append(ch);
                        continue;
                    }
                    answer(line.toString());
                    line.setLength(0);
                }
                buf.clear();
            }
        } catch (IOException e) {
            if (!saved) {
                problem = "QEMU's control socket: " + e.getMessage();
            }
            // Once the flash is saved, QEMU quits and may reset the connection: that is the end, not a problem.
        } finally {
            done.countDown();
        }
    }

    private SocketChannel connect(Process qemu) throws IOException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (qemu.isAlive() && System.nanoTime() < until) {
            if (Files.exists(socket)) {
                try {
                    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    c.connect(UnixDomainSocketAddress.of(socket));
                    synchronized (this) {
                        qmp = c;
                    }
                    return c;
                } catch (IOException notYet) {
                    // QEMU creates the socket before it listens on it.
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        problem = "could not reach QEMU's control socket " + socket;
        return null;
    }

    /** One line from QEMU: an event, or the answer to the oldest command sent. */
    private void answer(String line) throws IOException {
        if (SHUTDOWN.matcher(line).find()) {
            // The first SHUTDOWN says why QEMU paused; the one our quit causes afterwards says host-qmp-quit.
            guestReset |= GUEST_RESET.matcher(line).find();
            save();
            return;
        }
        boolean returned = line.startsWith("{\"return\"");
        if (!returned && !line.startsWith("{\"error\"")) {
            return;
        }
        String command;
        synchronized (this) {
            command = pending.poll();
        }
        if ("pmemsave".equals(command)) {
            Path tmp = tmp();
            if (returned && Files.exists(tmp) && Files.size(tmp) == bytes) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                saved = true;
                problem = null;
            } else {
                problem = "pmemsave answered " + line;
            }
            send("quit", "{\"execute\": \"quit\"}");
        }
    }

    private Path tmp() {
        return file.resolveSibling(file.getFileName() + ".saving");
    }

    /** Pauses the board (when it is not already) and writes its flash to a file next to the kept one. */
    private synchronized void save() throws IOException {
        if (saving) {
            return;
        }
        saving = true;
        Files.deleteIfExists(tmp());
        send("stop", "{\"execute\": \"stop\"}");
        send("pmemsave", "{\"execute\": \"pmemsave\", \"arguments\": {\"val\": " + address + ", \"size\": " + bytes
            + ", \"filename\": \"" + tmp().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}");
    }

    private synchronized void send(String command, String json) throws IOException {
        if (qmp == null) {
            return;
        }
        pending.add(command);
        ByteBuffer b = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            qmp.write(b);
        }
    }

    /** For Ctrl-C: saves the flash and lets QEMU quit, waiting a few seconds at the most. */
    void saveAndQuit() {
        if (file == null) {
            return;
        }
        try {
            save();
            done.await(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            problem = "QEMU's control socket: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the board reset itself (a reboot, a panic that resets, the end of the run); valid once QEMU exited. */
    boolean guestReset() {
        problem();
        return guestReset;
    }

    /** Why the flash was not saved, or null when it was (valid once QEMU has exited). */
    String problem() {
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return problem;
    }
}
