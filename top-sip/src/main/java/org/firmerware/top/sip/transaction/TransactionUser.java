package org.firmerware.top.sip.transaction;

import org.firmerware.top.sip.message.SipMessage;

/** The transaction user (RFC 3261 §17): the part of the user agent that owns a transaction. Main loop only. */
public interface TransactionUser {

    /**
     * A response for a client transaction: every provisional and the first final response, and for INVITE each
     * retransmitted 2xx too (the ACK for a 2xx is the user's to send, RFC 3261 §13.2.2.4).
     */
    void onResponse(Transaction t, SipMessage response);

    /**
     * The transaction failed: a client transaction's Timer B or F fired, or the request could not be sent (RFC 3261
     * §8.1.3.1: treat as 408); a server INVITE transaction's 2xx was never acknowledged (RFC 3261 §13.3.1.4).
     */
    void onTimeout(Transaction t);
}
