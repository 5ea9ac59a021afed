package org.firmerware.top.sip.ua;

/** What the user agent tells the phone. Main loop only. */
public interface UaListener {

    /** A line's call changed state (see {@link Call#state()}). */
    void onCallChanged(int line);

    /** An account's registration changed state (see {@link Registration#state()}). */
    void onRegistrationChanged(int account);
}
