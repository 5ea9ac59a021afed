package org.firmerware.top.sip.media;

import org.firmerware.bottom.hal.Sound;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.SoundHandler;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.net.Randomness;
import org.firmerware.kernel.net.udp.Udp;
import org.firmerware.top.sip.media.codec.AudioCodec;
import org.firmerware.top.sip.media.codec.G711Codec;
import org.firmerware.top.sip.media.codec.G722Codec;
import org.firmerware.top.sip.media.tone.ToneGenerator;
import org.firmerware.top.sip.rtp.JitterBuffer;
import org.firmerware.top.sip.rtp.RtpSession;
import org.firmerware.top.sip.rtp.SessionConfig;
import org.firmerware.top.sip.rtp.TelephoneEvent;
import org.firmerware.top.sip.rtp.TelephoneEventListener;

/**
 * The phone's audio path: the board's sound channel on one side, one {@link RtpSession} per line on the other, the
 * codecs between them, and the local tones. It is the kernel's {@link SoundHandler} (the constructor registers it).
 *
 * <pre>
 *   microphone --record blocks--&gt; frame (ptime) --resample--&gt; encode --&gt; selected line's RtpSession --&gt; UDP
 *   speaker   &lt;--play blocks-- frame &lt;--resample-- decode / conceal &lt;-- JitterBuffer &lt;-- selected line's RtpSession
 *                           \-- or a tone (dial, ringback, busy, congestion, ringing; call waiting over the call)
 * </pre>
 *
 * <h2>Lines</h2>
 * Every line has its RTP session (its ports, SSRC, statistics, RTCP and telephone events), started and changed by the
 * signalling from the SDP offer/answer ({@link #start}) and stopped at the end of the call ({@link #stop}). One line
 * is {@linkplain #select selected}: it is heard and spoken into, with the engine's first leg (a codec state,
 * resamplers, concealment and a playout buffer, {@link JitterBuffer}, moved to the selected session). The others keep
 * their sessions (RTCP goes on, telephone events are still reported) but send nothing and play nothing: they are on
 * hold, except the line {@linkplain #join joined} to the selected one in a conference, which has the second leg. {@link #setHold} holds
 * a line's media (nothing sent, nothing played) while the signalling's re-INVITE asks the other side to stop; the
 * direction the answer gives ({@code a=sendonly} etc.) then comes with {@link #start} in the configuration.
 *
 * <h2>Conference</h2>
 * With a line joined ({@link #join}), both legs are decoded every frame interval and played mixed (added, saturating);
 * each leg is sent the microphone's frame plus the last frame the other leg received, so each party hears the user and
 * the other party. Both lines must have the same packet interval (their codecs may differ: each leg has its own
 * resamplers to the sound rate). DTMF goes to the selected line only.
 *
 * <h2>Rates and blocks</h2>
 * The sound channel runs at 16000 Hz when the board accepts it (wideband for G.722, tones and everything), otherwise
 * at 8000 Hz; a codec at the other rate goes through a {@link Resampler} both ways. A sound block is the packet
 * interval when it fits the board's blocks, else half or a quarter of it, or 10 ms; the sound DMA is the clock of
 * both directions: one frame is sent per {@code ptime} of recorded blocks and one taken from the playout buffer per
 * {@code ptime} of played blocks. At most {@link #PLAY_AHEAD} blocks are queued for playing, which bounds the output
 * latency. Without a selected call or a tone the channel is routed to nothing, so the board may hibernate.
 *
 * <h2>What the signalling calls</h2>
 * {@link #start}, {@link #stop}, {@link #select}, {@link #join}, {@link #setHold}, {@link #setDevice}, {@link #setMute},
 * {@link #playTone}, {@link #keyDown}/{@link #keyUp} (DTMF as RFC 4733 events on the selected line),
 * {@link #setEventListener} (digits received, with their line). Everything is allocated by the constructor; nothing
 * after. Main loop only. On a board without a sound channel the sessions still run (signalling and RTCP) but nothing
 * is recorded or played.
 */
public final class MediaEngine implements SoundHandler {

    /** The sound channel used. */
    public static final int CHANNEL = 0;
    /** Play blocks queued ahead of the one playing, at most. */
    public static final int PLAY_AHEAD = 2;
    /** Jitter buffer slots. */
    public static final int JITTER_SLOTS = 16;
    /** No line ({@link #select}). */
    public static final int NO_LINE = -1;
    /** The block length without a call, milliseconds. */
    private static final int IDLE_BLOCK_MS = 20;

    private final Kernel kernel;
    private final Log log;
    private final Sound sound;
    private final RtpSession[] sessions;
    private final boolean[] held;
    private final AudioCodec pcmu = new G711Codec(true);
    private final AudioCodec pcma = new G711Codec(false);
    private final ToneGenerator tones = new ToneGenerator();
    private final int soundRate;

    private final short[] recordFrame;
    private final short[] mixFrame;
    private final short[] codecFrame;
    private final byte[] payload;

    /** The selected line's leg; with a conference, the joined line's (null on a one-line phone). */
    private final Leg heard;
    private final Leg joined;
    private int selected = NO_LINE;
    private boolean inCall;
    private boolean muted;
    private int device = Sound.DEVICE_HANDSET;
    private int blockSamples;
    private int frameSamples;
    private int recordFill;
    private int queuedPlay;
    private boolean configured;

    private int framesSent;
    private int framesDecoded;
    private int framesConcealed;
    private int framesSilent;

    /**
     * The engine over the board's sound channel and a UDP layer, with an RTP session (two UDP sockets) for each of
     * {@code lines} lines. Init only. Registers itself as the kernel's sound handler.
     *
     * @throws IllegalStateException when the board's sound channel cannot run at 8000 Hz
     */
    public MediaEngine(Kernel kernel, Udp udp, Randomness random, int lines) {
        this.kernel = kernel;
        this.log = kernel.log();
        this.sound = kernel.board().sound();
        if (sound != null && !sound.acceptsRate(CHANNEL, 8000)) {
            throw new IllegalStateException("the media engine needs a sound channel at 8000 Hz");
        }
        this.soundRate = sound != null && sound.acceptsRate(CHANNEL, 16000) && sound.maxBlockSamples() >= 160 ? 16000
            : 8000;
        int maxFrame = 16 * SessionConfig.MAX_PTIME_MS;
        this.recordFrame = new short[maxFrame];
        this.codecFrame = new short[maxFrame];
        int maxPayload = SessionConfig.payloadBytes(SessionConfig.G722, SessionConfig.MAX_PTIME_MS);
        this.payload = new byte[maxPayload];
        this.heard = new Leg(maxFrame, maxPayload);
        // A conference needs a second line, and a second leg: its playout buffer, codec state and frames.
        this.joined = lines > 1 ? new Leg(maxFrame, maxPayload) : null;
        this.mixFrame = lines > 1 ? new short[maxFrame] : null;
        this.sessions = new RtpSession[lines];
        this.held = new boolean[lines];
        for (int l = 0; l < lines; l++) {
            sessions[l] = new RtpSession(kernel, udp, random, l);
        }
        if (sound != null) {
            kernel.setSoundHandler(this);
        }
    }

    /** The number of lines (sessions). */
    public int lines() {
        return sessions.length;
    }

    /** A line's RTP session (statistics, RTCP figures; its playout buffer while selected). */
    public RtpSession session(int line) {
        return sessions[line];
    }

    /** The sound channel's rate. */
    public int soundRate() {
        return soundRate;
    }

    /** Who is told about telephone events (DTMF digits) received, with the line they came in on. */
    public void setEventListener(TelephoneEventListener l) {
        for (int i = 0; i < sessions.length; i++) {
            sessions[i].setEventListener(l);
        }
    }

    // ---------------------------------------------------------------- lines

    /**
     * Starts the media of a line's call with {@code config} (what SDP decided), or changes it: a configuration of
     * the same stream only changes the direction (hold and resume go on in one stream); another one restarts the
     * session.
     *
     * @return false when the session could not start (invalid configuration, port taken)
     */
    public boolean start(int line, SessionConfig config) {
        RtpSession s = sessions[line];
        if (!s.start(config)) {
            log.begin().text("media: line ").decimal(line + 1).text(" cannot start RTP on port ")
                .decimal(config.localPort).end();
            if (line == selected) {
                leaveCall();
            } else if (joined != null && line == joined.line) {
                join(NO_LINE);
            }
            return false;
        }
        log.begin().text("media: line ").decimal(line + 1).text(" rtp ").decimal(config.localPort).text(" -> [")
            .ip6(config.remoteAddress, 0).text("]:").decimal(config.remotePort).character(' ')
            .text(codecName(config.codec)).text(" pt ").decimal(config.payloadType).text(" ptime ")
            .decimal(config.ptimeMs).text(" dtmf ").decimal(config.telephoneEventPayloadType).character(' ')
            .text(config.directionName()).end();
        if (line == selected) {
            prepare();
        } else if (joined != null && line == joined.line && !prepareLeg(joined)) {
            join(NO_LINE);
        }
        return true;
    }

    /** Ends the media of a line's call (RTCP BYE, ports unbound); a tone keeps playing. */
    public void stop(int line) {
        held[line] = false;
        if (!sessions[line].isActive()) {
            return;
        }
        sessions[line].stop();
        if (joined != null && line == joined.line) {
            join(NO_LINE);
        }
        if (line == selected) {
            leaveCall();
        }
    }

    /** Whether a line's media runs. */
    public boolean isActive(int line) {
        return sessions[line].isActive();
    }

    /**
     * Chooses the line that is heard and spoken into ({@link #NO_LINE}: none); the others send and play nothing.
     * The selected line gets the playout buffer, empty, and the codec, reset.
     */
    public void select(int line) {
        if (line == selected) {
            return;
        }
        join(NO_LINE);
        if (selected != NO_LINE) {
            sessions[selected].stopEvent();
            sessions[selected].detachPlayout();
        }
        selected = line;
        heard.line = line;
        heard.prepared = -1;
        if (line == NO_LINE) {
            leaveCall();
            return;
        }
        sessions[line].attachPlayout(heard.jitter);
        prepare();
    }

    /**
     * A local three-way conference: {@code line} is heard and spoken into together with the selected line. The user
     * hears both lines mixed; each line is sent the microphone mixed with what the other line receives.
     * {@link #NO_LINE} ends it; so does a new {@link #select}, or the end of either line's media.
     *
     * @return false when there is no conference to make: no second leg (one line), no selected call, the same line,
     *     a line whose media does not run, or a packet interval other than the selected line's
     */
    public boolean join(int line) {
        if (joined == null) {
            return line == NO_LINE;
        }
        if (line == joined.line) {
            return true;
        }
        if (joined.line != NO_LINE) {
            sessions[joined.line].detachPlayout();
            log.begin().text("media: line ").decimal(joined.line + 1).text(" leaves the conference").end();
            joined.line = NO_LINE;
        }
        if (line == NO_LINE) {
            return true;
        }
        if (!inCall || line == selected || line < 0 || line >= sessions.length || !sessions[line].isActive()) {
            return false;
        }
        joined.line = line;
        joined.prepared = -1;
        sessions[line].attachPlayout(joined.jitter);
        if (!prepareLeg(joined)) {
            sessions[line].detachPlayout();
            joined.line = NO_LINE;
            return false;
        }
        log.begin().text("media: line ").decimal(line + 1).text(" joins line ").decimal(selected + 1)
            .text(" in a conference").end();
        return true;
    }

    /** The line heard together with the selected one (a conference), or {@link #NO_LINE}. */
    public int joined() {
        return joined == null ? NO_LINE : joined.line;
    }

    /** The line heard and spoken into, or {@link #NO_LINE}. */
    public int selected() {
        return selected;
    }

    /**
     * Holds a line's media, or releases it: while held nothing is sent (the timestamp keeps advancing) and what
     * arrives is not played. The direction SDP negotiates is the signalling's part ({@link #start}); this is the
     * media's, at once.
     */
    public void setHold(int line, boolean on) {
        held[line] = on;
    }

    /** Whether a line's media is held. */
    public boolean isHeld(int line) {
        return held[line];
    }

    /** Prepares the codec and the sound channel for the selected line's stream, if it runs. */
    private void prepare() {
        RtpSession s = sessions[selected];
        if (!s.isActive() || sound == null) {
            leaveCall();
            return;
        }
        if (heard.prepared == s.streams() && inCall) {
            return;
        }
        SessionConfig config = s.config();
        frameSamples = soundRate * config.ptimeMs / 1000;
        prepareLeg(heard);
        if (joined != null && joined.line != NO_LINE && !prepareLeg(joined)) {
            join(NO_LINE);
        }
        int block = frameSamples;
        // Bounded: at most three halvings.
        for (int i = 0; i < 3 && block > sound.maxBlockSamples() && block % 2 == 0; i++) {
            block /= 2;
        }
        if (block > sound.maxBlockSamples()) {
            block = soundRate / 100;
        }
        inCall = true;
        recordFill = 0;
        configureSound(block);
        log.begin().text("media: line ").decimal(selected + 1).text(" heard, ").text(codecName(config.codec))
            .text(", sound at ").decimal(soundRate).text(" Hz in blocks of ").decimal(blockSamples).end();
    }

    /**
     * Prepares a leg's codec, resamplers and concealment for its line's stream (once per stream).
     *
     * @return false when its packet interval is not the engine's frame (a conference needs one interval)
     */
    private boolean prepareLeg(Leg leg) {
        RtpSession s = sessions[leg.line];
        SessionConfig config = s.config();
        if (soundRate * config.ptimeMs / 1000 != frameSamples) {
            return false;
        }
        if (leg.prepared == s.streams()) {
            return true;
        }
        leg.prepared = s.streams();
        leg.codec = config.codec == SessionConfig.G722 ? leg.g722 : config.codec == SessionConfig.PCMA ? pcma : pcmu;
        leg.codec.reset();
        leg.concealment.reset();
        int direction = leg.codec.sampleRate() == soundRate ? Resampler.COPY
            : leg.codec.sampleRate() > soundRate ? Resampler.UP : Resampler.DOWN;
        leg.recordResampler.configure(direction);
        leg.playResampler.configure(direction == Resampler.UP ? Resampler.DOWN
            : direction == Resampler.DOWN ? Resampler.UP : Resampler.COPY);
        leg.playPos = 0;
        leg.playLength = 0;
        return true;
    }

    private void leaveCall() {
        join(NO_LINE);
        inCall = false;
        heard.prepared = -1;
        updateRoute();
    }

    /** Whether the selected line's media runs (what is heard is the call, or a tone over it). */
    public boolean isCallActive() {
        return inCall;
    }

    // ---------------------------------------------------------------- the phone's sound

    /** Where sound goes: {@link Sound#DEVICE_HANDSET} or {@link Sound#DEVICE_SPEAKER} (or a headset). */
    public void setDevice(int soundDevice) {
        device = soundDevice;
        updateRoute();
    }

    /** The device sound goes to while a call or a tone plays. */
    public int device() {
        return device;
    }

    /** Mute: the microphone is replaced by silence (packets keep flowing, so the peer's buffer does not starve). */
    public void setMute(boolean on) {
        muted = on;
    }

    /** Whether muted. */
    public boolean isMuted() {
        return muted;
    }

    /**
     * Plays a local tone ({@link ToneGenerator#DIAL} and the others) instead of the call's audio, or over it for
     * {@link ToneGenerator#CALL_WAITING}; {@link ToneGenerator#NONE} stops it.
     */
    public void playTone(int tone) {
        if (tone == tones.tone()) {
            return;
        }
        if (tone != ToneGenerator.NONE && !inCall && sound != null) {
            configureSound(soundRate * IDLE_BLOCK_MS / 1000);
        }
        tones.start(tone, soundRate);
        updateRoute();
    }

    /** The tone playing. */
    public int tone() {
        return tones.tone();
    }

    /**
     * A key went down during a call: a DTMF key ('0'..'9', '*', '#', 'A'..'D') starts an RFC 4733 event on the
     * selected line.
     *
     * @return whether it was a DTMF key and the selected line's media runs
     */
    public boolean keyDown(int key) {
        int event = TelephoneEvent.fromChar(key);
        if (event < 0 || selected == NO_LINE || !sessions[selected].isActive()) {
            return false;
        }
        sessions[selected].startEvent(event);
        return true;
    }

    /** The keys went up: the event being sent ends. */
    public void keyUp() {
        if (selected != NO_LINE) {
            sessions[selected].stopEvent();
        }
    }

    private void configureSound(int block) {
        if (!configured || block != blockSamples) {
            sound.configure(CHANNEL, soundRate, block);
            blockSamples = block;
            configured = true;
            queuedPlay = 0;
            recordFill = 0;
            heard.restartPlay();
            if (joined != null) {
                joined.restartPlay();
            }
        }
        updateRoute();
    }

    private void updateRoute() {
        if (sound == null) {
            return;
        }
        boolean busy = inCall || tones.tone() != ToneGenerator.NONE;
        int want = busy ? device : Sound.DEVICE_NONE;
        if (sound.routed(CHANNEL) != want) {
            sound.route(CHANNEL, want);
            if (want == Sound.DEVICE_NONE) {
                // The ring was emptied: nothing is queued any more.
                queuedPlay = 0;
                recordFill = 0;
                heard.restartPlay();
                if (joined != null) {
                    joined.restartPlay();
                }
            }
        }
    }

    // ---------------------------------------------------------------- the sound handler

    @Override
    public void onRecordReady(int channel) {
        short[] samples = sound.samples(channel);
        // Bounded: at most every block of the ring.
        for (int b = 0; b < sound.blockCount(); b++) {
            int at = sound.claimRecord(channel);
            if (at == Sound.NONE) {
                break;
            }
            queuedPlay = Math.max(0, queuedPlay - 1);
            if (inCall) {
                int n = Math.min(blockSamples, frameSamples - recordFill);
                System.arraycopy(samples, at, recordFrame, recordFill, n);
                recordFill += n;
                if (recordFill >= frameSamples) {
                    recordFill = 0;
                    sendFrame();
                }
            } else {
                pollSessions();
            }
            sound.releaseRecord(channel);
        }
    }

    /** Ends received telephone events whose packets stopped, on every line. */
    private void pollSessions() {
        for (int i = 0; i < sessions.length; i++) {
            sessions[i].poll();
        }
    }

    private void sendFrame() {
        pollSessions();
        if (muted) {
            for (int i = 0; i < frameSamples; i++) {
                recordFrame[i] = 0;
            }
        }
        boolean conference = joined != null && joined.line != NO_LINE;
        sendLeg(heard, conference ? joined : null);
        if (conference) {
            sendLeg(joined, heard);
        }
    }

    /** Sends a leg the microphone's frame, mixed with the last frame the {@code other} leg received (a conference). */
    private void sendLeg(Leg leg, Leg other) {
        RtpSession s = sessions[leg.line];
        if (held[leg.line]) {
            s.skipFrame();
            return;
        }
        short[] src = recordFrame;
        if (other != null) {
            for (int i = 0; i < frameSamples; i++) {
                int v = recordFrame[i] + (i < other.playLength ? other.playFrame[i] : 0);
                mixFrame[i] = (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE : v < Short.MIN_VALUE ? Short.MIN_VALUE : v);
            }
            src = mixFrame;
        }
        int n = leg.recordResampler.process(src, 0, frameSamples, codecFrame, 0);
        int len = leg.codec.encode(codecFrame, 0, n, payload, 0);
        s.sendFrame(payload, 0, len);
        framesSent++;
    }

    @Override
    public void onPlayReady(int channel) {
        short[] samples = sound.samples(channel);
        int tone = tones.tone();
        for (int b = 0; b < sound.blockCount() && queuedPlay < PLAY_AHEAD; b++) {
            int at = sound.claimPlay(channel);
            if (at == Sound.NONE) {
                break;
            }
            if (tone != ToneGenerator.NONE && !ToneGenerator.isOverlay(tone)) {
                tones.generate(samples, at, blockSamples);
                if (inCall) {
                    // The call's frames are taken and dropped meanwhile, to keep the playout buffer in step.
                    playLeg(heard, null, 0, blockSamples, false);
                    if (joined != null && joined.line != NO_LINE) {
                        playLeg(joined, null, 0, blockSamples, false);
                    }
                }
            } else {
                if (inCall) {
                    playLeg(heard, samples, at, blockSamples, false);
                    if (joined != null && joined.line != NO_LINE) {
                        playLeg(joined, samples, at, blockSamples, true);
                    }
                } else {
                    for (int i = 0; i < blockSamples; i++) {
                        samples[at + i] = 0;
                    }
                }
                if (tone != ToneGenerator.NONE) {
                    tones.mix(samples, at, blockSamples);
                }
            }
            sound.releasePlay(channel);
            queuedPlay++;
        }
    }

    /**
     * Plays {@code n} samples of a leg into {@code dst} from {@code at}: copied, or added (saturating) to what is
     * there for the second leg of a conference; with {@code dst} null, taken and dropped.
     */
    private void playLeg(Leg leg, short[] dst, int at, int n, boolean add) {
        // Bounded: a block is at most a frame, so at most one new frame is needed per pass.
        for (int done = 0, k = 0; done < n && k < 4; k++) {
            if (leg.playPos == leg.playLength) {
                nextPlayFrame(leg);
            }
            int m = Math.min(n - done, leg.playLength - leg.playPos);
            if (dst != null && add) {
                for (int i = 0; i < m; i++) {
                    int v = dst[at + done + i] + leg.playFrame[leg.playPos + i];
                    dst[at + done + i] = (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE
                        : v < Short.MIN_VALUE ? Short.MIN_VALUE : v);
                }
            } else if (dst != null) {
                System.arraycopy(leg.playFrame, leg.playPos, dst, at + done, m);
            }
            leg.playPos += m;
            done += m;
        }
    }

    /** Takes a leg's next frame from its playout buffer into its play frame: decoded, concealed or silence. */
    private void nextPlayFrame(Leg leg) {
        RtpSession s = sessions[leg.line];
        boolean quiet = held[leg.line];
        AudioCodec codec = leg.codec;
        int codecSamples = codec.sampleRate() * s.config().ptimeMs / 1000;
        int result = leg.jitter.take(payload, 0);
        if (result == JitterBuffer.FRAME && !quiet) {
            int n = codec.decode(payload, 0, leg.jitter.lastLength(), codecFrame, 0);
            // A frame of another length than expected is cut or padded to the interval.
            for (int i = n; i < codecSamples; i++) {
                codecFrame[i] = 0;
            }
            leg.concealment.remember(codecFrame, 0, codecSamples);
            framesDecoded++;
        } else if (result == JitterBuffer.LOST && !quiet) {
            leg.concealment.conceal(codecFrame, 0, codecSamples);
            framesConcealed++;
        } else {
            for (int i = 0; i < codecSamples; i++) {
                codecFrame[i] = 0;
            }
            framesSilent++;
        }
        leg.playLength = leg.playResampler.process(codecFrame, 0, codecSamples, leg.playFrame, 0);
        leg.playPos = 0;
    }

    /**
     * What hearing a line takes: its playout buffer, codec state (G.722's; G.711 has none), resamplers, concealment
     * and the frame being played. One for the selected line; a second for the line joined in a conference.
     */
    private static final class Leg {
        final JitterBuffer jitter;
        final AudioCodec g722 = new G722Codec();
        final Resampler recordResampler = new Resampler();
        final Resampler playResampler = new Resampler();
        final Concealment concealment;
        final short[] playFrame;
        int line = NO_LINE;
        /** The line's stream ({@link RtpSession#streams}) the codec was prepared for; -1: not prepared. */
        int prepared = -1;
        AudioCodec codec;
        int playPos;
        int playLength;

        Leg(int maxFrame, int maxPayload) {
            jitter = new JitterBuffer(JITTER_SLOTS, maxPayload);
            concealment = new Concealment(maxFrame);
            playFrame = new short[maxFrame];
        }

        void restartPlay() {
            playPos = 0;
            playLength = 0;
        }
    }

    /** The name of a codec ({@link SessionConfig#PCMU} ...). */
    public static String codecName(int codec) {
        return codec == SessionConfig.G722 ? "G722" : codec == SessionConfig.PCMA ? "PCMA" : "PCMU";
    }

    /** Frames encoded and handed to a session since init. */
    public int framesSent() {
        return framesSent;
    }

    /** Frames decoded from the playout buffer since init. */
    public int framesDecoded() {
        return framesDecoded;
    }

    /** Frames concealed since init. */
    public int framesConcealed() {
        return framesConcealed;
    }

    /** Frame intervals played as silence (nothing buffered, or held) since init. */
    public int framesSilent() {
        return framesSilent;
    }
}
