package org.firmerware.top.sip.ua;

/**
 * One SIP account from the configuration: the address of record {@code sip:user@domain}, the credentials, the
 * outbound proxy (an IPv6 address: the phone has no DNS yet) and the registration interval. Filled once during init
 * by {@link PhoneConfig}; the text fields are byte arrays with lengths.
 */
public final class Account {

    /** Longest user, domain, password, auth user, display name. */
    public static final int MAX_FIELD = 64;
    /** The registration interval asked for when the configuration names none. */
    public static final int DEFAULT_EXPIRES_S = 600;

    public final byte[] user = new byte[MAX_FIELD];
    public int userLen;
    public final byte[] domain = new byte[MAX_FIELD];
    public int domainLen;
    public final byte[] password = new byte[MAX_FIELD];
    public int passwordLen;
    public final byte[] authUser = new byte[MAX_FIELD];
    public int authUserLen;
    public final byte[] displayName = new byte[MAX_FIELD];
    public int displayNameLen;
    /** The outbound proxy and registrar's address, 16 bytes; valid when {@link #hasProxy}. */
    public final byte[] proxy = new byte[16];
    public boolean hasProxy;
    public int proxyPort = 5060;
    /** The registration interval to ask for, in seconds; 0 means do not register. */
    public int expiresS = DEFAULT_EXPIRES_S;

    /** The user name digest authentication uses: {@code auth-user}, else the user. */
    public byte[] authName() {
        return authUserLen > 0 ? authUser : user;
    }

    public int authNameLength() {
        return authUserLen > 0 ? authUserLen : userLen;
    }

    /** Back to an empty account (no user, no proxy, the default interval), for a configuration read again. */
    void reset() {
        userLen = 0;
        domainLen = 0;
        passwordLen = 0;
        authUserLen = 0;
        displayNameLen = 0;
        hasProxy = false;
        proxyPort = 5060;
        expiresS = DEFAULT_EXPIRES_S;
    }
}
