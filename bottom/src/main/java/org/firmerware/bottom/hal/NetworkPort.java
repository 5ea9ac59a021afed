package org.firmerware.bottom.hal;

/**
 * One Ethernet port: whole frames in and out (destination MAC first, no preamble, no FCS), the link state and the
 * factory MAC address. The port filters nothing the kernel needs: it passes unicast to {@link #macAddress}, broadcast
 * and all multicast.
 */
public interface NetworkPort {

    /** The longest frame {@link #send} and {@link #receive} handle, in bytes (1514 without a VLAN tag). */
    int maxFrameLength();

    /** Copies the 6-byte MAC address to {@code dst} at {@code off}. Callable anywhere. */
    void macAddress(byte[] dst, int off);

    /** Whether the link is up. Main loop only. */
    boolean isOnline();

    /** Whether {@link #send} would take a frame of full length now. Main loop only. */
    boolean canSend();

    /**
     * Queues one frame for sending; the port copies it before returning (the caller keeps its array). Frames shorter
     * than 60 bytes are padded by the port.
     *
     * @return false when there is no room now; {@link NetworkListener#onCanSend()} follows once there is
     */
    boolean send(byte[] frame, int off, int len);

    /**
     * Takes the oldest received frame and copies it into {@code dst} at {@code off}. Frames that are damaged or longer
     * than {@code max} are dropped by the port and counted in {@link #droppedFrames()}, never returned.
     *
     * @return the frame's length, or 0 when no frame is waiting; after 0, {@link NetworkListener#onCanReceive()}
     *     follows when one arrives
     */
    int receive(byte[] dst, int off, int max);

    /** How many received frames the port dropped since power-up (damaged, too long, or no room). */
    int droppedFrames();
}
