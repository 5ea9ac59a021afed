package org.firmerware.tools.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few C library calls the host networking tools need, through JNA (JDK 17 has no FFM API). Calls that fail throw
 * {@link LastErrorException} with errno, which JNA captures right after the call. {@code open} and {@code ioctl} are
 * variadic in C and declared so here. Constants are those of Linux on x86-64 and AArch64.
 */
interface LinuxC extends Library {

    LinuxC C = Native.load("c", LinuxC.class);

    int O_RDONLY = 0, O_RDWR = 2, O_CLOEXEC = 0x80000;
    int AF_INET = 2, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;
    short POLLIN = 0x1, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, ENXIO = 6, EAGAIN = 11, EACCES = 13, EBUSY = 16, ENODEV = 19,
        EINVAL = 22, EBADFD = 77;

    /** {@code _IOW('T', 202, int)}: attach the file to a TUN/TAP interface, creating it if need be. */
    long TUNSETIFF = 0x400454caL;
    long SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914, SIOCGIFHWADDR = 0x8927;
    short IFF_UP = 0x1, IFF_TAP = 0x2, IFF_NO_PI = 0x1000;
    /** {@code sizeof(struct ifreq)}: the name (16 bytes), then a 24-byte union (flags, hardware address, ...). */
    int IFREQ_SIZE = 40, IFNAMSIZ = 16, IFR_UNION = 16;

    int open(String path, int flags, Object... mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Object... arg) throws LastErrorException;

    NativeLong read(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    int poll(Pointer fds, NativeLong nfds, int timeoutMs) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int geteuid();

    String strerror(int errno);
}
