package org.firmerware.top.sip;

import org.firmerware.kernel.console.Log;

/**
 * The stand-in media engine until the real one (branch sip-media) is merged: it sends and plays nothing and logs what
 * the call logic asked for, so that calls can be set up, held and ended end to end and the log shows the negotiated
 * media.
 */
public final class NoMediaEngine implements MediaEngine {

    private final Log log;

    /** Init only. */
    public NoMediaEngine(Log log) {
        this.log = log;
    }

    @Override
    public void setListener(MediaListener listener) {
    }

    @Override
    public boolean start(int line, byte[] local, int localOff, int localPort, byte[] remote, int remoteOff,
                         int remotePort, int payloadType, int codec, int ptimeMs, int telephoneEventPt,
                         int direction) {
        log.begin().text("media: line ").decimal(line + 1).text(" rtp ").decimal(localPort).text(" -> [")
            .ip6(remote, remoteOff).text("]:").decimal(remotePort).text(" pt ").decimal(payloadType)
            .text(" ptime ").decimal(ptimeMs).text(" dtmf ").decimal(telephoneEventPt).text(" dir ")
            .decimal(direction).end();
        return true;
    }

    @Override
    public void hold(int line, int direction) {
        log.begin().text("media: line ").decimal(line + 1).text(" dir ").decimal(direction).end();
    }

    @Override
    public void stop(int line) {
    }

    @Override
    public void sendDtmf(int line, int digit) {
    }

    @Override
    public void select(int line) {
    }

    @Override
    public void setMuted(boolean muted) {
    }

    @Override
    public void route(int device) {
    }

    @Override
    public void tone(int tone) {
    }
}
