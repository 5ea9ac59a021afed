package org.firmerware.top.sip.media;

import org.firmerware.bottom.hal.Sound;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.SoundHandler;
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
 * The phone's audio path: the board's sound channel on one side, the codec and the {@link RtpSession} on the other,
 * and the local tones. It is the kernel's {@link SoundHandler} (the constructor registers it).
 *
 * <pre>
 *   microphone --record blocks--&gt; frame (ptime) --resample--&gt; encode --&gt; RtpSession.sendFrame --&gt; UDP
 *   speaker   &lt;--play blocks-- frame &lt;--resample-- decode / conceal &lt;-- JitterBuffer.take &lt;-- RtpSession &lt;-- UDP
 *                           \-- or a tone (dial, ringback, busy, congestion, ringing) from the ToneGenerator
 * </pre>
 *
 * <h2>Rates and blocks</h2>
 * The sound channel runs at 16000 Hz when the board accepts it (wideband for G.722, tones and everything), otherwise
 * at 8000 Hz; a codec at the other rate goes through a {@link Resampler} both ways. A sound block is the packet
 * interval when it fits the board's blocks, else half or a quarter of it, or 10 ms; the sound DMA is the clock of
 * both directions: one frame is sent per {@code ptime} of recorded blocks and one taken from the jitter buffer per
 * {@code ptime} of played blocks. At most {@link #PLAY_AHEAD} blocks are queued for playing, which bounds the output
 * latency. Without a call or a tone the channel is routed to nothing, so the board may hibernate.
 *
 * <h2>What the signalling calls</h2>
 * {@link #startCall(SessionConfig)}, {@link #stopCall()}, {@link #setDevice}, {@link #setMute}, {@link #setHold},
 * {@link #playTone}, {@link #keyDown}/{@link #keyUp} (DTMF as RFC 4733 events), {@link #setEventListener} (digits
 * received). Everything is allocated by the constructor; nothing after. Main loop only.
 */
public final class MediaEngine implements SoundHandler {

    /** The sound channel used. */
    public static final int CHANNEL = 0;
    /** Play blocks queued ahead of the one playing, at most. */
    public static final int PLAY_AHEAD = 2;
    /** Jitter buffer slots. */
    public static final int JITTER_SLOTS = 16;
    /** The block length without a call, milliseconds. */
    private static final int IDLE_BLOCK_MS = 20;

    private final Kernel kernel;
    private final Sound sound;
    private final RtpSession session;
    private final AudioCodec pcmu = new G711Codec(true);
    private final AudioCodec pcma = new G711Codec(false);
    private final AudioCodec g722 = new G722Codec();
    private final ToneGenerator tones = new ToneGenerator();
    private final Resampler recordResampler = new Resampler();
    private final Resampler playResampler = new Resampler();
    private final Concealment concealment;
    private final int soundRate;

    private final short[] recordFrame;
    private final short[] playFrame;
    private final short[] codecFrame;
    private final byte[] payload;

    private AudioCodec codec;
    private boolean callActive;
    private boolean muted;
    private boolean held;
    private int device = Sound.DEVICE_HANDSET;
    private int blockSamples;
    private int frameSamples;
    private int recordFill;
    private int playPos;
    private int playLength;
    private int queuedPlay;
    private boolean configured;

    private int framesSent;
    private int framesDecoded;
    private int framesConcealed;
    private int framesSilent;

    /**
     * The engine over the board's sound channel and a UDP layer, with its RTP session. Init only. Registers itself as
     * the kernel's sound handler.
     *
     * @throws IllegalStateException when the board has no sound channel at 8000 Hz
     */
    public MediaEngine(Kernel kernel, Udp udp, Randomness random) {
        this.kernel = kernel;
        this.sound = kernel.board().sound();
        if (sound == null || !sound.acceptsRate(CHANNEL, 8000)) {
            throw new IllegalStateException("the media engine needs a sound channel at 8000 Hz");
        }
        this.soundRate = sound.acceptsRate(CHANNEL, 16000) && sound.maxBlockSamples() >= 160 ? 16000 : 8000;
        int maxFrame = 16 * SessionConfig.MAX_PTIME_MS;
        this.recordFrame = new short[maxFrame];
        this.playFrame = new short[maxFrame];
        this.codecFrame = new short[maxFrame];
        this.payload = new byte[SessionConfig.payloadBytes(SessionConfig.G722, SessionConfig.MAX_PTIME_MS)];
        this.concealment = new Concealment(maxFrame);
        this.session = new RtpSession(kernel, udp, random, JITTER_SLOTS);
        kernel.setSoundHandler(this);
    }

    /** The RTP session (statistics, the jitter buffer, RTCP figures). */
    public RtpSession session() {
        return session;
    }

    /** The sound channel's rate. */
    public int soundRate() {
        return soundRate;
    }

    /** Who is told about telephone events (DTMF digits) received. */
    public void setEventListener(TelephoneEventListener l) {
        session.setEventListener(l);
    }

    /**
     * Starts the media of a call: the RTP session with {@code config}, the codec, the sound channel.
     *
     * @return false when the session could not start (invalid configuration, port taken)
     */
    public boolean startCall(SessionConfig config) {
        stopCall();
        if (!session.start(config)) {
            return false;
        }
        codec = config.codec == SessionConfig.G722 ? g722 : config.codec == SessionConfig.PCMA ? pcma : pcmu;
        codec.reset();
        concealment.reset();
        int direction = codec.sampleRate() == soundRate ? Resampler.COPY
            : codec.sampleRate() > soundRate ? Resampler.UP : Resampler.DOWN;
        recordResampler.configure(direction);
        playResampler.configure(direction == Resampler.UP ? Resampler.DOWN
            : direction == Resampler.DOWN ? Resampler.UP : Resampler.COPY);
        frameSamples = soundRate * config.ptimeMs / 1000;
        int block = frameSamples;
        // Bounded: at most three halvings.
        for (int i = 0; i < 3 && block > sound.maxBlockSamples() && block % 2 == 0; i++) {
            block /= 2;
        }
        if (block > sound.maxBlockSamples()) {
            block = soundRate / 100;
        }
        callActive = true;
        muted = false;
        held = false;
        configureSound(block);
        kernel.log().begin().text("media: call with ").text(codecName(config.codec)).text(", sound at ")
            .decimal(soundRate).text(" Hz in blocks of ").decimal(blockSamples).end();
        return true;
    }

    /** Ends the media of the call (RTCP BYE); a tone keeps playing. */
    public void stopCall() {
        if (!callActive) {
            return;
        }
        callActive = false;
        session.stop();
        updateRoute();
    }

    /** Whether a call's media runs. */
    public boolean isCallActive() {
        return callActive;
    }

    /** Where sound goes: {@link Sound#DEVICE_HANDSET} or {@link Sound#DEVICE_SPEAKER} (or a headset). */
    public void setDevice(int soundDevice) {
        device = soundDevice;
        updateRoute();
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
     * Hold: nothing is sent (the timestamp keeps advancing) and what arrives is not played. The SDP direction
     * (sendonly/recvonly/inactive) is the signalling's part; this is the media's.
     */
    public void setHold(boolean on) {
        held = on;
    }

    /** Whether on hold. */
    public boolean isHeld() {
        return held;
    }

    /** Plays a local tone ({@link ToneGenerator#DIAL} and the others) instead of the call's audio; NONE stops it. */
    public void playTone(int tone) {
        if (tone == tones.tone()) {
            return;
        }
        if (tone != ToneGenerator.NONE && !callActive) {
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
     * A key went down during a call: a DTMF key ('0'..'9', '*', '#', 'A'..'D') starts an RFC 4733 event.
     *
     * @return whether it was a DTMF key and a call runs
     */
    public boolean keyDown(int key) {
        int event = TelephoneEvent.fromChar(key);
        if (event < 0 || !callActive) {
            return false;
        }
        session.startEvent(event);
        return true;
    }

    /** The keys went up: the event being sent ends. */
    public void keyUp() {
        session.stopEvent();
    }

    private void configureSound(int block) {
        if (!configured || block != blockSamples) {
            sound.configure(CHANNEL, soundRate, block);
            blockSamples = block;
            configured = true;
            queuedPlay = 0;
            recordFill = 0;
            playPos = 0;
            playLength = 0;
        }
        updateRoute();
    }

    private void updateRoute() {
        boolean busy = callActive || tones.tone() != ToneGenerator.NONE;
        int want = busy ? device : Sound.DEVICE_NONE;
        if (sound.routed(CHANNEL) != want) {
            sound.route(CHANNEL, want);
            if (want == Sound.DEVICE_NONE) {
                // The ring was emptied: nothing is queued any more.
                queuedPlay = 0;
                recordFill = 0;
                playPos = 0;
                playLength = 0;
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
            if (callActive) {
                int n = Math.min(blockSamples, frameSamples - recordFill);
                System.arraycopy(samples, at, recordFrame, recordFill, n);
                recordFill += n;
                if (recordFill >= frameSamples) {
                    recordFill = 0;
                    sendFrame();
                }
            }
            sound.releaseRecord(channel);
        }
    }

    private void sendFrame() {
        session.poll();
        if (held) {
            session.skipFrame();
            return;
        }
        if (muted) {
            for (int i = 0; i < frameSamples; i++) {
                recordFrame[i] = 0;
            }
        }
        int n = recordResampler.process(recordFrame, 0, frameSamples, codecFrame, 0);
        int len = codec.encode(codecFrame, 0, n, payload, 0);
        session.sendFrame(payload, 0, len);
        framesSent++;
    }

    @Override
    public void onPlayReady(int channel) {
        short[] samples = sound.samples(channel);
        for (int b = 0; b < sound.blockCount() && queuedPlay < PLAY_AHEAD; b++) {
            int at = sound.claimPlay(channel);
            if (at == Sound.NONE) {
                break;
            }
            if (tones.tone() != ToneGenerator.NONE) {
                tones.generate(samples, at, blockSamples);
                if (callActive) {
                    // The call's frames are taken and dropped meanwhile, to keep the jitter buffer in step.
                    skipPlay(blockSamples);
                }
            } else if (callActive) {
                fillFromCall(samples, at, blockSamples);
            } else {
                for (int i = 0; i < blockSamples; i++) {
                    samples[at + i] = 0;
                }
            }
            sound.releasePlay(channel);
            queuedPlay++;
        }
    }

    private void fillFromCall(short[] dst, int at, int n) {
        // Bounded: a block is at most a frame, so at most one new frame is needed per pass.
        for (int done = 0, k = 0; done < n && k < 4; k++) {
            if (playPos == playLength) {
                nextPlayFrame();
            }
            int m = Math.min(n - done, playLength - playPos);
            System.arraycopy(playFrame, playPos, dst, at + done, m);
            playPos += m;
            done += m;
        }
    }

    private void skipPlay(int n) {
        for (int done = 0, k = 0; done < n && k < 4; k++) {
            if (playPos == playLength) {
                nextPlayFrame();
            }
            int m = Math.min(n - done, playLength - playPos);
            playPos += m;
            done += m;
        }
    }

    /** Takes the next frame from the jitter buffer into {@link #playFrame}: decoded, concealed or silence. */
    private void nextPlayFrame() {
        JitterBuffer jb = session.jitterBuffer();
        int codecSamples = codec.sampleRate() * session.config().ptimeMs / 1000;
        int result = jb.take(payload, 0);
        if (result == JitterBuffer.FRAME && !held) {
            int n = codec.decode(payload, 0, jb.lastLength(), codecFrame, 0);
            // A frame of another length than expected is cut or padded to the interval.
            for (int i = n; i < codecSamples; i++) {
                codecFrame[i] = 0;
            }
            concealment.remember(codecFrame, 0, codecSamples);
            framesDecoded++;
        } else if (result == JitterBuffer.LOST && !held) {
            concealment.conceal(codecFrame, 0, codecSamples);
            framesConcealed++;
        } else {
            for (int i = 0; i < codecSamples; i++) {
                codecFrame[i] = 0;
            }
            framesSilent++;
        }
        playLength = playResampler.process(codecFrame, 0, codecSamples, playFrame, 0);
        playPos = 0;
    }

    private static String codecName(int codec) {
        return codec == SessionConfig.G722 ? "G722" : codec == SessionConfig.PCMA ? "PCMA" : "PCMU";
    }

    /** Frames encoded and handed to the session in calls since init. */
    public int framesSent() {
        return framesSent;
    }

    /** Frames decoded from the jitter buffer since init. */
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
