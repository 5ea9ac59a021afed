package org.firmerware.tools.console;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.firmerware.tools.UserError;

/**
 * An AF_PACKET raw socket bound to one interface that carries IEEE 802.3 frames with an 802.2 LLC header (protocol
 * ETH_P_802_2: the kernel hands it only frames whose type/length field is a length), through JNA because JDK 17 has
 * no foreign-function API. Copies of the host's own outgoing frames are filtered out. Linux only; needs root or
 * CAP_NET_RAW.
 */
public final class RawSocket implements RawLink {

    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int ETH_P_802_2 = 0x0004;
    private static final int PACKET_OUTGOING = 4;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SOCKADDR_LL_LENGTH = 20;
    private static final int PKTTYPE_OFFSET = 10;
    private static final int EPERM = 1, EINTR = 4, EAGAIN = 11, EACCES = 13, ENETDOWN = 100;
    /** How long {@link #receive} waits. */
    static final int RECEIVE_TIMEOUT_MS = 200;

    /** The few C library calls used. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int valueLength) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] address, int addressLength)
            throws LastErrorException;

        NativeLong recvfrom(int fd, byte[] buf, NativeLong len, int flags, byte[] address, IntByReference length)
            throws LastErrorException;

        int close(int fd);

        int if_nametoindex(String name);
    }

    private static LibC libc;

    private final String name;
    private final int fd;
    private final byte[] mac;
    private final byte[] to;
    private final byte[] from = new byte[SOCKADDR_LL_LENGTH];
    private volatile boolean closed;

    private RawSocket(String name, int fd, int ifIndex, byte[] mac) {
        this.name = name;
        this.fd = fd;
        this.mac = mac;
        this.to = address(ifIndex, null);
    }

    private static synchronized LibC libc() {
        if (libc == null) {
            libc = Native.load("c", LibC.class);
        }
        return libc;
    }

    /**
     * Opens the socket on an interface.
     *
     * @throws UserError when the interface does not exist or the process may not open raw sockets
     */
    public static RawSocket open(String interfaceName) {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            throw new UserError("raw Ethernet access (AF_PACKET) needs Linux");
        }
        LibC c = libc();
        int index = c.if_nametoindex(interfaceName);
        if (index == 0) {
            throw new UserError("no network interface named '" + interfaceName + "' (see 'ip link')");
        }
        byte[] mac = readMac(interfaceName);
        int fd;
        try {
            fd = c.socket(AF_PACKET, SOCK_RAW, htons(ETH_P_802_2));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EPERM || e.getErrorCode() == EACCES) {
                throw new UserError("a raw socket needs root or the CAP_NET_RAW capability: run fw console as root "
                    + "(sudo), or give the java binary the capability (setcap cap_net_raw+ep)");
            }
            throw new UserError("cannot open a raw socket: " + e.getMessage());
        }
        try {
            byte[] address = address(index, null);
            c.bind(fd, address, address.length);
            ByteBuffer timeout = ByteBuffer.allocate(2 * Native.LONG_SIZE).order(ByteOrder.nativeOrder());
            long usec = RECEIVE_TIMEOUT_MS * 1000L;
            if (Native.LONG_SIZE == 8) {
                timeout.putLong(0).putLong(usec);
            } else {
                timeout.putInt(0).putInt((int) usec);
            }
            c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout.array(), timeout.capacity());
        } catch (LastErrorException e) {
            c.close(fd);
            throw new UserError("cannot bind a raw socket to " + interfaceName + ": " + e.getMessage());
        }
        return new RawSocket(interfaceName, fd, index, mac);
    }

    private static byte[] readMac(String interfaceName) {
        Path file = Path.of("/sys/class/net", interfaceName, "address");
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            byte[] mac = ConsoleCommand.parseMac(text);
            if (mac == null) {
                throw new UserError("interface " + interfaceName + " has no Ethernet address ('" + text + "')");
            }
            return mac;
        } catch (IOException e) {
            throw new UserError("cannot read the MAC address of " + interfaceName + " from " + file);
        }
    }

    /** A {@code struct sockaddr_ll} for the interface, with a destination MAC address or none. */
    private static byte[] address(int ifIndex, byte[] dst) {
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_LL_LENGTH).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_802_2).order(ByteOrder.nativeOrder());
        b.putInt(ifIndex);
        b.putShort((short) 0);
        b.put((byte) 0);
        b.put((byte) 6);
        if (dst != null) {
            b.put(dst, 0, 6);
        }
        return b.array();
    }

    private static int htons(int v) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes((short) v) & 0xFFFF;
    }

    /** The interface's name. */
    public String name() {
        return name;
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public void send(byte[] frame, int len) throws IOException {
        System.arraycopy(frame, 0, to, 12, 6);
        try {
            libc().sendto(fd, frame, new NativeLong(len), 0, to, to.length);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENETDOWN) {
                throw new IOException("interface " + name + " is down");
            }
            throw new IOException("sending on " + name + ": " + e.getMessage());
        }
    }

    @Override
    public int receive(byte[] buf) throws IOException {
        if (closed) {
            return 0;
        }
        IntByReference length = new IntByReference(from.length);
        long n;
        try {
            n = libc().recvfrom(fd, buf, new NativeLong(buf.length), 0, from, length).longValue();
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR || closed) {
                return 0;
            }
            throw new IOException("receiving on " + name + ": " + e.getMessage());
        }
        if (n <= 0 || from[PKTTYPE_OFFSET] == PACKET_OUTGOING) {
            return 0;
        }
        return (int) n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc().close(fd);
        }
    }
}
