package org.firmerware.tools.net;

import java.io.IOException;

/** A TAP device could not be opened, configured, read or written; the message says why and what to do. */
public final class TapException extends IOException {

    private static final long serialVersionUID = 1L;
    private final int errno;

    TapException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The C library's error number behind the failure, or 0. */
    public int errno() {
        return errno;
    }
}
