package org.firmerware.tools.net;

import static org.firmerware.tools.net.LinuxC.C;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Linux TAP interface opened through {@code /dev/net/tun}: whole Ethernet frames in and out, without packet
 * information ({@code IFF_TAP | IFF_NO_PI}).
 *
 * <h2>Opening</h2>
 * {@link #open} attaches to the interface, creating it if it does not exist (TUNSETIFF), and brings its link up
 * (SIOCSIFFLAGS), because the kernel refuses writes to a TAP that is down (EIO). No {@code ip} binary is needed.
 * Creating an interface or bringing it up needs CAP_NET_ADMIN; attaching to a TAP made for the user
 * ({@code ip tuntap add dev X mode tap user U}, already up) does not.
 *
 * <h2>In a network namespace</h2>
 * A TAP lives in the namespace of the process that opened {@code /dev/net/tun}, and TUNSETIFF looks its name up there.
 * So to open one inside a namespace made with {@code ip netns add NS}, a fresh thread enters the namespace
 * ({@code setns} on {@code /run/netns/NS}, which changes only that thread), opens the device there, brings it up and
 * ends. The file descriptor keeps working from every thread of the process, which itself stays in its own namespace.
 *
 * <h2>Threads</h2>
 * One thread reads (blocking in {@link #read}); any thread writes; {@link #close()} wakes the reader, waits for it to
 * return, then closes the device.
 */
public final class Tap implements AutoCloseable {

    /** The device through which TUN/TAP interfaces are made. */
    public static final String DEVICE = "/dev/net/tun";
    /** Where {@code ip netns add} keeps its namespaces. */
    static final String NETNS_DIR = "/run/netns/";

    private final int fd;
    private final int[] wakePipe;
    private final String name;
    private final String netns;
    private final byte[] mac;
    private final Memory pollFds = new Memory(16);
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile boolean closed;

    private Tap(int fd, int[] wakePipe, String name, String netns, byte[] mac) {
        this.fd = fd;
        this.wakePipe = wakePipe;
        this.name = name;
        this.netns = netns;
        this.mac = mac;
    }

    /**
     * Opens the TAP interface {@code name}, creating it if need be, and brings it up.
     *
     * @param name the interface name (up to 15 characters)
     * @param netns the network namespace to open it in (a name from {@code ip netns list}), or null for the process's
     * @throws TapException with a message that says what to do
     */
    public static Tap open(String name, String netns) throws TapException {
        return open(name, netns, DEVICE);
    }

    /** {@link #open(String, String)} through another device path (for tests of the error messages). */
    static Tap open(String name, String netns, String device) throws TapException {
        checkName(name);
        if (netns == null) {
            return openHere(name, null, device);
        }
        checkName(netns, "namespace");
        return inNamespace(netns, () -> openHere(name, netns, device));
    }

    /** Checks an interface name the way the kernel will: 1 to 15 bytes, no '/', ':' or white space. */
    static void checkName(String name) throws TapException {
        if (name == null || name.isEmpty() || name.length() >= LinuxC.IFNAMSIZ || name.equals(".")
            || name.equals("..") || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != '/' && c != ':')) {
            throw new TapException("'" + name + "' is not an interface name (1 to 15 characters, no '/', ':' or "
                + "spaces)", LinuxC.EINVAL);
        }
    }

    private static void checkName(String name, String what) throws TapException {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new TapException("'" + name + "' is not a " + what + " name", LinuxC.EINVAL);
        }
    }

    /**
     * Runs {@code work} on a fresh thread that has entered the network namespace {@code netns}; the thread ends
     * there, so no thread of the process is left in the namespace.
     */
    static <T> T inNamespace(String netns, Callable<T> work) throws TapException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                int nsFd;
                try {
                    nsFd = C.open(NETNS_DIR + netns, LinuxC.O_RDONLY | LinuxC.O_CLOEXEC);
                } catch (LastErrorException e) {
                    throw new TapException("no network namespace '" + netns + "' (" + NETNS_DIR + netns + ": "
                        + C.strerror(e.getErrorCode()) + "); make it with: ip netns add " + netns, e.getErrorCode());
                }
                try {
                    C.setns(nsFd, LinuxC.CLONE_NEWNET);
                } catch (LastErrorException e) {
                    throw new TapException("cannot enter network namespace '" + netns + "': "
                        + C.strerror(e.getErrorCode()) + (e.getErrorCode() == LinuxC.EPERM
                        ? " (it needs root or CAP_SYS_ADMIN)" : ""), e.getErrorCode());
                } finally {
                    C.close(nsFd);
                }
                result.set(work.call());
            } catch (Throwable e) {
                result.set(e);
            }
        }, "netns-" + netns);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TapException("interrupted while opening a TAP in namespace " + netns, LinuxC.EINTR);
        }
        Object r = result.get();
        if (r instanceof TapException) {
            throw (TapException) r;
        }
        if (r instanceof RuntimeException) {
            throw (RuntimeException) r;
        }
        if (r instanceof Error) {
            throw (Error) r;
        }
        if (r instanceof Throwable) {
            throw new IllegalStateException((Throwable) r);
        }
        @SuppressWarnings("unchecked")
        T value = (T) r;
        return value;
    }

    private static Tap openHere(String name, String netns, String device) throws TapException {
        int fd;
        try {
            fd = C.open(device, LinuxC.O_RDWR | LinuxC.O_CLOEXEC);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LinuxC.ENOENT || errno == LinuxC.ENODEV || errno == LinuxC.ENXIO) {
                throw new TapException("no " + device + ": this kernel has no TUN/TAP driver loaded, or the device "
                    + "node is missing (modprobe tun; mkdir -p /dev/net; mknod " + device + " c 10 200)", errno);
            }
            if (errno == LinuxC.EACCES || errno == LinuxC.EPERM) {
                throw new TapException("cannot open " + device + ": permission denied; run as root (or with "
                    + "CAP_NET_ADMIN and access to " + device + ")", errno);
            }
            throw new TapException("cannot open " + device + ": " + C.strerror(errno), errno);
        }
        try {
            Memory ifr = ifreq(name);
            ifr.setShort(LinuxC.IFR_UNION, (short) (LinuxC.IFF_TAP | LinuxC.IFF_NO_PI));
            try {
                C.ioctl(fd, new NativeLong(LinuxC.TUNSETIFF), ifr);
            } catch (LastErrorException e) {
                throw attachError(name, e.getErrorCode());
            }
            String actual = ifr.getString(0, StandardCharsets.US_ASCII.name());
            byte[] mac = new byte[6];
            int sock = C.socket(LinuxC.AF_INET, LinuxC.SOCK_DGRAM | LinuxC.SOCK_CLOEXEC, 0);
            try {
                Memory q = ifreq(actual);
                C.ioctl(sock, new NativeLong(LinuxC.SIOCGIFHWADDR), q);
                q.read(LinuxC.IFR_UNION + 2, mac, 0, 6);
                q = ifreq(actual);
                C.ioctl(sock, new NativeLong(LinuxC.SIOCGIFFLAGS), q);
                short flags = q.getShort(LinuxC.IFR_UNION);
                if ((flags & LinuxC.IFF_UP) == 0) {
                    q.setShort(LinuxC.IFR_UNION, (short) (flags | LinuxC.IFF_UP));
                    try {
                        C.ioctl(sock, new NativeLong(LinuxC.SIOCSIFFLAGS), q);
                    } catch (LastErrorException e) {
                        throw new TapException("cannot bring " + actual + " up: " + C.strerror(e.getErrorCode())
                            + (e.getErrorCode() == LinuxC.EPERM ? " (it needs root or CAP_NET_ADMIN; or bring it up "
                            + "first: ip link set " + actual + " up)" : ""), e.getErrorCode());
                    }
                }
            } finally {
                C.close(sock);
            }
            int[] pipe = new int[2];
            C.pipe2(pipe, LinuxC.O_CLOEXEC);
            return new Tap(fd, pipe, actual, netns, mac);
        } catch (TapException | RuntimeException e) {
            C.close(fd);
            throw e;
        }
    }

    /** A zeroed {@code struct ifreq} holding an interface name. */
    private static Memory ifreq(String name) {
        Memory ifr = new Memory(LinuxC.IFREQ_SIZE);
        ifr.clear();
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        ifr.write(0, b, 0, b.length);
        return ifr;
    }

    /** What a failed TUNSETIFF means, and what to do about it. */
    static TapException attachError(String name, int errno) {
        switch (errno) {
            case LinuxC.EPERM:
            case LinuxC.EACCES:
                return new TapException("creating or attaching TAP " + name + " needs root or CAP_NET_ADMIN (or a "
                    + "TAP made for you beforehand: ip tuntap add dev " + name + " mode tap user $USER; ip link set "
                    + name + " up)", errno);
            case LinuxC.EBUSY:
                return new TapException("interface " + name + " is busy: another program has its TAP open", errno);
            case LinuxC.EINVAL:
                return new TapException("interface " + name + " exists but is not a TAP (another kind of interface, "
                    + "a TUN, or a multi-queue TAP); pick another name, or delete it: ip link del " + name, errno);
            default:
                return new TapException("cannot attach to TAP " + name + ": " + C.strerror(errno), errno);
        }
    }

    /** The interface's name. */
    public String name() {
        return name;
    }

    /** The network namespace it was opened in, or null. */
    public String netns() {
        return netns;
    }

    /** The interface's own MAC address (the kernel's side of the link). */
    public byte[] mac() {
        return mac.clone();
    }

    /**
     * Waits for the next frame the kernel sends out of the interface and reads it into {@code buf}.
     *
     * @return the frame's length, or -1 once the TAP is closed
     * @throws TapException when the interface went away or the read failed
     */
    public int read(Memory buf) throws TapException {
        synchronized (readLock) {
            for (;;) {
                if (closed) {
                    return -1;
                }
                pollFds.clear();
                pollFds.setInt(0, fd);
                pollFds.setShort(4, LinuxC.POLLIN);
                pollFds.setInt(8, wakePipe[0]);
                pollFds.setShort(12, LinuxC.POLLIN);
                try {
                    C.poll(pollFds, new NativeLong(2), -1);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LinuxC.EINTR) {
                        continue;
                    }
                    throw new TapException("waiting for " + name + ": " + C.strerror(e.getErrorCode()),
                        e.getErrorCode());
                }
                if (closed || pollFds.getShort(14) != 0) {
                    return -1;
                }
                short revents = pollFds.getShort(6);
                if ((revents & (LinuxC.POLLERR | LinuxC.POLLHUP | LinuxC.POLLNVAL)) != 0) {
                    throw new TapException("TAP " + name + " went away", LinuxC.EBADFD);
                }
                if ((revents & LinuxC.POLLIN) == 0) {
                    continue;
                }
                try {
                    return C.read(fd, buf, new NativeLong(buf.size())).intValue();
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LinuxC.EINTR || e.getErrorCode() == LinuxC.EAGAIN) {
                        continue;
                    }
                    throw new TapException("reading " + name + ": " + C.strerror(e.getErrorCode()), e.getErrorCode());
                }
            }
        }
    }

    /**
     * Sends a frame into the kernel, as if it arrived on the interface's wire.
     *
     * @throws TapException when the kernel refuses it (EIO: the interface is down)
     */
    public void write(byte[] frame, int len) throws TapException {
        synchronized (writeLock) {
            if (closed) {
                throw new TapException("TAP " + name + " is closed", LinuxC.EBADFD);
            }
            try {
                C.write(fd, frame, new NativeLong(len));
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                throw new TapException("writing to " + name + ": " + C.strerror(errno)
                    + (errno == LinuxC.EIO ? " (is the interface down?)" : ""), errno);
            }
        }
    }

    /** Wakes the reader, waits for it to return, and closes the device; the interface goes away unless persistent. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        C.write(wakePipe[1], new byte[1], new NativeLong(1));
        synchronized (readLock) {
            C.close(fd);
            C.close(wakePipe[0]);
            C.close(wakePipe[1]);
        }
    }

    /** Whether this process runs with root's user id (the usual way to have CAP_NET_ADMIN). */
    public static boolean isRoot() {
        return C.geteuid() == 0;
    }
}
