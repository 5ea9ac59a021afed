package org.firmerware.tools.run.ip6;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.firmerware.boards.sim.world.LanPeer;
import org.firmerware.boards.sim.world.World;

/**
 * A Java host on the virtual LAN for tests: it keeps every frame the phone sends (parsed), and runs a reaction
 * (playing router, neighbour, pinger) for each; replies are sent through the world's action queue at the same
 * virtual time, never from inside the LAN's delivery.
 */
public final class LanHost implements LanPeer {

    private final World world;
    private final List<Parsed> seen = new ArrayList<>();
    private Consumer<Parsed> reaction = p -> { };

    public LanHost(World world) {
        this.world = world;
        world.lan().attach(this);
    }

    /** What to do with every frame seen (replaces the previous reaction). */
    public void react(Consumer<Parsed> r) {
        reaction = r;
    }

    @Override
    public void receive(byte[] frame, long timeUs) {
        Parsed p = new Parsed(frame, timeUs);
        seen.add(p);
        reaction.accept(p);
    }

    /** Sends a frame now (at the current virtual time, after the current delivery). */
    public void send(byte[] frame) {
        world.at(world.nowUs(), () -> world.lan().send(this, frame));
    }

    /** Sends a frame at a virtual time. */
    public void sendAt(long timeUs, byte[] frame) {
        world.at(timeUs, () -> world.lan().send(this, frame));
    }

    /** Every IPv6 frame seen so far. */
    public List<Parsed> seen() {
        return new ArrayList<>(seen);
    }

    /** The ICMPv6 messages of a type seen so far. */
    public List<Parsed> icmp(int type) {
        List<Parsed> out = new ArrayList<>();
        for (Parsed p : seen) {
            if (p.isIcmp(type)) {
                out.add(p);
            }
        }
        return out;
    }
}
