package org.firmerware.kernel.net.udp;

import org.firmerware.kernel.net.ip6.Ip6Address;

/**
 * A UDP socket: a port it is bound to, and a queue of received datagrams whose payloads are copied into a buffer of
 * its own, allocated with the socket during init. A datagram that finds the queue full (its count or its bytes) is
 * dropped and counted. Created by {@link Udp#socket}; bound and unbound any number of times after.
 *
 * <pre>
 *   data:   | payload 0 | payload 1 | ... (a ring; a payload that does not fit before the end starts at 0)
 *   slots:  source address, source port, destination-was-multicast, offset and length in data, per datagram
 * </pre>
 *
 * <p>Main loop only.
 */
public final class UdpSocket {

    private final Udp udp;
    private final int slots;
    private final byte[] data;
    private final byte[] sourceAddress;
    private final int[] sourcePort;
    private final int[] dataOffset;
    private final int[] dataLength;
    private final int[] dataSpan;
    private final boolean[] toMulticast;
    private int head;
    private int count;
    private int dataHead;
    private int dataUsed;
    private int port;
    private UdpListener listener;
    private int received;
    private int dropped;
    private int sent;
    private int lastPort;
    private final byte[] lastAddress = new byte[Ip6Address.LENGTH];
    private boolean lastToMulticast;
    private int errors;
    private int errorType;
    private int errorCode;
    private int errorPort;
    private final byte[] errorAddress = new byte[Ip6Address.LENGTH];

    UdpSocket(Udp udp, int slots, int bufferBytes) {
        this.udp = udp;
        this.slots = Math.max(1, slots);
        this.data = new byte[Math.max(1, bufferBytes)];
        this.sourceAddress = new byte[this.slots * Ip6Address.LENGTH];
        this.sourcePort = new int[this.slots];
        this.dataOffset = new int[this.slots];
        this.dataLength = new int[this.slots];
        this.dataSpan = new int[this.slots];
        this.toMulticast = new boolean[this.slots];
    }

    /**
     * Binds the socket to a local port (any of our addresses); 0 picks a free ephemeral port.
     *
     * @return false when the port is taken by another socket
     */
    public boolean bind(int localPort) {
        return udp.bind(this, localPort);
    }

    /** Unbinds the socket and drops what waits in its queue. */
    public void unbind() {
        port = 0;
        head = 0;
        count = 0;
        dataHead = 0;
        dataUsed = 0;
    }

    /** The bound port, or 0. */
    public int port() {
        return port;
    }

    void setPort(int p) {
        port = p;
    }

    /** Who is told when a datagram is queued (null: nobody; poll with {@link #receive}). */
    public void setListener(UdpListener l) {
        listener = l;
    }

    /** Datagrams waiting. */
    public int queuedCount() {
        return count;
    }

    /** Datagrams queued since init. */
    public int receivedCount() {
        return received;
    }

    /** Datagrams dropped because the queue was full. */
    public int droppedCount() {
        return dropped;
    }

    /** Errors heard about datagrams sent from this socket (ICMPv6 errors, next hops not resolved). */
    public int errorCount() {
        return errors;
    }

    /** The ICMPv6 type of the last error (RFC 4443 §3: 1 unreachable, 2 too big, 3 time exceeded, 4 parameter). */
    public int lastErrorType() {
        return errorType;
    }

    /** The ICMPv6 code of the last error (for unreachable: 0 no route, 1 prohibited, 3 address, 4 port, ...). */
    public int lastErrorCode() {
        return errorCode;
    }

    /** Copies the destination address of the datagram the last error was about. */
    public void lastErrorAddress(byte[] dst, int off) {
        System.arraycopy(errorAddress, 0, dst, off, Ip6Address.LENGTH);
    }

    /** The destination port of the datagram the last error was about. */
    public int lastErrorPort() {
        return errorPort;
    }

    /** An error about a datagram sent from this socket to {@code dst}:{@code dstPort} (from {@link Udp}). */
    void error(int type, int code, byte[] dst, int dstOff, int dstPort) {
        errors++;
        errorType = type;
        errorCode = code;
        errorPort = dstPort;
        System.arraycopy(dst, dstOff, errorAddress, 0, Ip6Address.LENGTH);
        if (listener != null) {
            listener.onError(this);
        }
    }

    /** Datagrams handed to IPv6. */
    public int sentCount() {
        return sent;
    }

    /**
     * Sends a datagram from the bound port, from the best of our addresses for the destination (RFC 6724).
     *
     * @return false when it could not be sent (unbound, no source address, no route, no buffer, too long)
     */
    public boolean send(byte[] dst, int dstOff, int dstPort, byte[] payload, int off, int len) {
        if (port == 0) {
            return false;
        }
        boolean ok = udp.send(port, null, 0, dst, dstOff, dstPort, payload, off, len);
        if (ok) {
            sent++;
        }
        return ok;
    }

    /**
     * Sends a datagram from the bound port and a source address the caller chose, which must be one of ours and
     * usable (preferred or deprecated), such as the address a request came to.
     *
     * @return false when it could not be sent (unbound, not our usable address, no route, no buffer, too long)
     */
    public boolean sendFrom(byte[] src, int srcOff, byte[] dst, int dstOff, int dstPort, byte[] payload, int off,
                            int len) {
        if (port == 0) {
            return false;
        }
        boolean ok = udp.send(port, src, srcOff, dst, dstOff, dstPort, payload, off, len);
        if (ok) {
            sent++;
        }
        return ok;
    }

    /**
     * Takes the oldest datagram: copies its payload (cut to {@code max}) and remembers its sender for
     * {@link #lastSource}, {@link #lastSourcePort} and {@link #lastToMulticast}.
     *
     * @return the payload's length, or -1 when nothing waits
     */
    public int receive(byte[] dst, int off, int max) {
        if (count == 0) {
            return -1;
        }
        int len = dataLength[head];
        int n = Math.min(len, max);
        System.arraycopy(data, dataOffset[head], dst, off, n);
        System.arraycopy(sourceAddress, head * Ip6Address.LENGTH, lastAddress, 0, Ip6Address.LENGTH);
        lastPort = sourcePort[head];
        lastToMulticast = toMulticast[head];
        // Give back the bytes, including any unused tail skipped before this payload.
        dataUsed -= dataSpan[head];
        head = (head + 1) % slots;
        count--;
        if (count == 0) {
            dataUsed = 0;
            dataHead = 0;
        }
        return n;
    }

    /** Copies the source address of the datagram last taken by {@link #receive}. */
    public void lastSource(byte[] dst, int off) {
        System.arraycopy(lastAddress, 0, dst, off, Ip6Address.LENGTH);
    }

    /** The source port of the datagram last taken. */
    public int lastSourcePort() {
        return lastPort;
    }

    /** Whether the datagram last taken was sent to a multicast group. */
    public boolean lastToMulticast() {
        return lastToMulticast;
    }

    /** Queues a datagram (copies it); false when there is no room. */
    boolean enqueue(byte[] b, int srcAddrOff, int srcPort, int payloadOff, int len, boolean multicast) {
        if (count == slots || len > data.length) {
            dropped++;
            return false;
        }
        int at = dataHead;
        int skip = 0;
        if (at + len > data.length) {
            skip = data.length - at;
            at = 0;
        }
        if (dataUsed + skip + len > data.length) {
            dropped++;
            return false;
        }
        System.arraycopy(b, payloadOff, data, at, len);
        int slot = (head + count) % slots;
        System.arraycopy(b, srcAddrOff, sourceAddress, slot * Ip6Address.LENGTH, Ip6Address.LENGTH);
        sourcePort[slot] = srcPort;
        dataOffset[slot] = at;
        dataLength[slot] = len;
        dataSpan[slot] = skip + len;
        toMulticast[slot] = multicast;
        dataUsed += skip + len;
        dataHead = (at + len) % data.length;
        count++;
        received++;
        if (listener != null) {
            listener.onDatagram(this);
        }
        return true;
    }
}
