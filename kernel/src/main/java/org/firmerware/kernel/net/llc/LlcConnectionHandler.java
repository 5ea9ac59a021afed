package org.firmerware.kernel.net.llc;

/**
 * The user of LLC type 2 connections on one SAP: told when a connection comes up or goes down, given the data that
 * arrives in sequence, and told when there is room to send more. Runs in the main loop; the calls are made from inside
 * the LLC's frame and timer handling, so a handler records what happened (posts an event) rather than doing long work.
 */
public interface LlcConnectionHandler {

    /** The link is connected (the peer's SABME was answered, or our SABME was acknowledged). */
    void onConnected(LlcType2Link link);

    /**
     * The link is disconnected; its slot may be reused for another connection once this returns.
     *
     * @param reason one of {@code LlcType2Link.REASON_*}
     */
    void onDisconnected(LlcType2Link link, int reason);

    /**
     * The information field of the next I-PDU in sequence. It is delivered exactly once, in order; a refused PDU is not
     * acknowledged and comes again after {@link LlcType2Link#resumeReceiving()}.
     *
     * @param buf the frame; valid during the call only (the caller keeps it)
     * @param off at which the information starts
     * @param len its length
     * @return true when taken; false when the handler cannot take it now (the link enters local busy and sends RNR
     *     until {@link LlcType2Link#resumeReceiving()})
     */
    boolean onData(LlcType2Link link, byte[] buf, int off, int len);

    /** The peer acknowledged I-PDUs: {@link LlcType2Link#canSend()} may be true again. */
    void onSendRoom(LlcType2Link link);
}
