package org.firmerware.tools.flash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.firmerware.boards.sim.world.LanPeer;
import org.firmerware.boards.sim.world.World;

/**
 * The host TFTP client (the code of {@code fw flash} and {@code fw dump}) as a station of the simulator's virtual LAN,
 * in virtual time, behind a lossy link: each frame in either direction is dropped with the given probability (a fixed
 * seed makes every run the same), and frames to the client arrive after a latency. One transfer at a time.
 */
final class SimTftpPeer implements LanPeer, TftpClient.Listener {

    final World world;
    private final byte[] mac;
    private final byte[] phoneMac;
    private final Random random;
    private final int lossPercent;
    private final long latencyUs;
    private long wakeAtUs = Long.MAX_VALUE;
    TftpClient client;
    final List<String> statuses = new ArrayList<>();
    int dropped;
    int carried;
    long lastProgress;
    int blockSize = TftpClient.BLOCK_SIZE;
    /** When the current transfer finished (virtual µs), or -1. */
    long finishedAtUs = -1;

    SimTftpPeer(World world, byte[] mac, byte[] phoneMac, long seed, int lossPercent, long latencyUs) {
        this.world = world;
        this.mac = mac;
        this.phoneMac = phoneMac;
        this.random = new Random(seed);
        this.lossPercent = lossPercent;
        this.latencyUs = latencyUs;
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

    private TftpClient newClient() {
        TftpClient c = new TftpClient((frame, len) -> {
            if (!lose()) {
                world.lan().send(this, Arrays.copyOf(frame, len));
            }
        }, mac, phoneMac, this, ms());
        c.setBlockSize(blockSize);
        finishedAtUs = -1;
        wakeAtUs = Long.MAX_VALUE;
        return c;
    }

    /** Writes {@code data} to the phone's {@code name} at a virtual time. */
    void writeAt(long timeUs, String name, byte[] data) {
        client = null;
        world.at(timeUs, () -> {
            client = newClient();
            client.startWrite(name, data, ms());
            rearm();
        });
    }

    /** Reads the phone's {@code name} at a virtual time. */
    void readAt(long timeUs, String name) {
        client = null;
        world.at(timeUs, () -> {
            client = newClient();
            client.startRead(name, ms());
            rearm();
        });
    }

    boolean finished() {
        return client != null && client.isFinished();
    }

    @Override
    public void receive(byte[] frame, long timeUs) {
        int type = (frame[12] & 0xFF) << 8 | frame[13] & 0xFF;
        if (type > 1500 || client == null || lose()) {
            return;
        }
        TftpClient c = client;
        world.at(timeUs + latencyUs, () -> {
            if (c == client) {
                c.onFrame(frame, ms());
                rearm();
            }
        });
    }

    @Override
    public void onProgress(long done, long total) {
        lastProgress = done;
    }

    @Override
    public void onStatus(String message) {
        statuses.add(message);
    }

    private void rearm() {
        if (client.isFinished()) {
            if (finishedAtUs < 0) {
                finishedAtUs = world.nowUs();
            }
            return;
        }
        long atUs = world.nowUs() + Math.max(0, client.nextWakeMs() - ms()) * 1000L;
        if (atUs >= wakeAtUs && wakeAtUs > world.nowUs()) {
            return;
        }
        wakeAtUs = atUs;
        TftpClient c = client;
        world.at(atUs, () -> {
            if (world.nowUs() < wakeAtUs || c != client) {
                return;
            }
            wakeAtUs = Long.MAX_VALUE;
            c.poll(ms());
            rearm();
        });
    }
}
