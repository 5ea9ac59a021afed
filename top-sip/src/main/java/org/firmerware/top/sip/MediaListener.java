package org.firmerware.top.sip;

/** Events from the {@link MediaEngine} to the call logic. Main loop only. */
public interface MediaListener {

    /** The other side of a line sent a DTMF digit (an RFC 4733 event ended). */
    void onDtmfReceived(int line, int digit);
}
