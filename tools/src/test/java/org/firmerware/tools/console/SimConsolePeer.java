package org.firmerware.tools.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.firmerware.boards.sim.world.LanPeer;
import org.firmerware.boards.sim.world.World;

/**
 * The host console client as a station of the simulator's virtual LAN, in virtual time, behind a lossy link: each
 * frame in either direction is dropped with the given probability (a fixed seed makes every run the same), and frames
 * to the client arrive after a latency.
 */
public final class SimConsolePeer implements LanPeer, FrameTransport, ConsoleClient.Listener {

    final World world;
    final ConsoleClient client;
    final ByteArrayOutputStream text = new ByteArrayOutputStream();
    final List<String> statuses = new ArrayList<>();
    private final Random random;
    private final int lossPercent;
    private final long latencyUs;
    private long wakeAtUs = Long.MAX_VALUE;
    int dropped;
    int carried;

    public SimConsolePeer(World world, byte[] mac, byte[] phoneMac, long seed, int lossPercent, long latencyUs) {
        this.world = world;
        this.random = new Random(seed);
        this.lossPercent = lossPercent;
        this.latencyUs = latencyUs;
        this.client = new ConsoleClient(this, mac, phoneMac, this, ms());
        world.lan().attach(this);
    }

    private int ms() {
        return (int) (world.nowUs() / 1000);
    }

    private boolean lose() {
        if (random.nextInt(100) < lossPercent) {
            dropped++;
            return true;
        }
        carried++;
        return false;
    }

    /** Starts the client at a virtual time. */
    public void startAt(long timeUs) {
        world.at(timeUs, () -> {
            client.start(ms());
            rearm();
        });
    }

    /** The user types a line at a virtual time. */
    public void typeAt(long timeUs, String line) {
        world.at(timeUs, () -> {
            client.onInputLine(line, ms());
            rearm();
        });
    }

    /** The input ends at a virtual time. */
    void closeAt(long timeUs) {
        world.at(timeUs, () -> {
            client.close(ms());
            rearm();
        });
    }

    /** The console text so far. */
    public String text() {
        return text.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void receive(byte[] frame, long timeUs) {
        int type = (frame[12] & 0xFF) << 8 | frame[13] & 0xFF;
        if (type > 1500 || lose()) {
            return; // like AF_PACKET with ETH_P_802_2, the client sees 802.3 frames only
        }
        world.at(timeUs + latencyUs, () -> {
            client.onFrame(frame, ms());
            rearm();
        });
    }

    @Override
    public void send(byte[] frame, int len) {
        if (!lose()) {
            world.lan().send(this, Arrays.copyOf(frame, len));
        }
    }

    @Override
    public void onText(byte[] t, int off, int len) {
        text.write(t, off, len);
    }

    @Override
    public void onStatus(String message) {
        statuses.add(world.nowUs() / 1000 + " " + message);
    }

    /** Schedules the client's next timer on the world (only when earlier than what is scheduled). */
    private void rearm() {
        if (client.isFinished()) {
            return;
        }
        long atUs = world.nowUs() + Math.max(0, client.nextWakeMs() - ms()) * 1000L;
        if (atUs >= wakeAtUs && wakeAtUs > world.nowUs()) {
            return;
        }
        wakeAtUs = atUs;
        world.at(atUs, () -> {
            if (world.nowUs() < wakeAtUs) {
                return;
            }
            wakeAtUs = Long.MAX_VALUE;
            client.poll(ms());
            rearm();
        });
    }
}
