package org.firmerware.top.sip.auth;

/**
 * A hash function fed in pieces, as digest authentication needs it (RFC 7616 §3.4.1 builds its inputs from
 * colon-separated pieces). Implementations keep their whole state in arrays allocated with them; nothing allocates.
 */
public interface MessageDigest {

    /** Starts a new hash. */
    void reset();

    /** Adds a slice. */
    void update(byte[] b, int off, int len);

    /** Adds one byte. */
    void update(int b);

    /** Adds a constant's characters (ASCII). */
    void update(String s);

    /** Ends the hash and writes {@link #length()} bytes at {@code off}; then the digest is reset. */
    void digest(byte[] out, int off);

    /** The digest's length in bytes. */
    int length();
}
