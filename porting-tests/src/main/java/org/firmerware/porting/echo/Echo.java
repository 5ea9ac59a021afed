package org.firmerware.porting.echo;

import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.bottom.hal.Sound;
import org.firmerware.kernel.HookHandler;
import org.firmerware.kernel.KeyHandler;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.SoundHandler;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.ui.Screen;

/**
 * Porting test 4: the codec. The phone plays a 1 kHz tone to the handset when it is off hook and to the speaker when
 * on hook. Everything the microphone hears is played back {@link #DELAY_MS} later, in place of the tone for as long
 * as that echo is louder than {@link #ECHO_THRESHOLD}. Volume up and down change the volume, shown on the bar graph.
 * This proves playing and recording in lockstep, routing, volume, and the timing of both directions.
 *
 * <p>Sound runs at 8000 Hz in blocks of {@link #BLOCK} samples (8 ms).
 */
public final class Echo implements Top, HookHandler, KeyHandler, SoundHandler {

    /** The sample rate. */
    public static final int RATE = 8000;
    /** Samples per block. */
    public static final int BLOCK = 64;
    /** How long the echo takes. */
    public static final int DELAY_MS = 1000;
    /** The peak a delayed block must exceed to be played instead of the tone (about -40 dBFS). */
    public static final int ECHO_THRESHOLD = 330;
    /** One cycle of a 1 kHz sine at 8000 Hz, peak 16383 (-6 dBFS). */
    private static final short[] SINE_1KHZ = {0, 11585, 16383, 11585, 0, -11585, -16383, -11585};

    private static final int CHANNEL = 0;
    private static final int DELAY_SAMPLES = RATE * DELAY_MS / 1000;

    private Kernel kernel;
    private Sound sound;
    private final short[] delay = new short[DELAY_SAMPLES];
    private int delayWrite;
    private int tonePhase;
    private int echoBlocks;

    @Override
    public void init(Kernel k) {
        kernel = k;
        sound = k.board().sound();
        k.setHookHandler(this);
        k.setKeyHandler(this);
        k.setSoundHandler(this);
        k.screen().show(Screen.IDLE, "echo");
        if (sound == null || !sound.configure(CHANNEL, RATE, BLOCK)) {
            k.screen().show(Screen.ALERT, "no sound");
            k.log().line("echo: this board cannot play 8000 Hz in blocks of 64 samples");
            sound = null;
            return;
        }
        sound.setVolume(CHANNEL, sound.maxVolume() / 2);
        showVolume();
        onHook(k.isOffHook());
    }

    @Override
    public void onHook(boolean offHook) {
        if (sound == null) {
            return;
        }
        int device = offHook ? Sound.DEVICE_HANDSET : Sound.DEVICE_SPEAKER;
        sound.route(CHANNEL, device);
        kernel.lights().set(Leds.HANDSET, offHook ? Leds.GREEN : Leds.OFF);
        kernel.lights().set(Leds.SPEAKER, offHook ? Leds.OFF : Leds.GREEN);
        kernel.log().begin().text("echo: playing to the ").text(offHook ? "handset" : "speaker").end();
    }

    @Override
    public void onKeyPressed(int buttonClass, int code) {
        if (sound == null || buttonClass != Buttons.FIXED_FUNCTION) {
            return;
        }
        if (code == Buttons.KEY_UP) {
            sound.setVolume(CHANNEL, sound.volume(CHANNEL) + 1);
        } else if (code == Buttons.KEY_DOWN) {
            sound.setVolume(CHANNEL, sound.volume(CHANNEL) - 1);
        } else {
            return;
        }
        showVolume();
        kernel.log().begin().text("echo: volume ").decimal(sound.volume(CHANNEL)).end();
    }

    @Override
    public void onKeysReleased() {
    }

    private void showVolume() {
        int steps = kernel.board().display() == null ? 0 : kernel.board().display().barSteps();
        if (steps > 0) {
            int max = sound.maxVolume();
            kernel.board().display().showBar((sound.volume(CHANNEL) * steps + max - 1) / max);
        }
    }

    @Override
    public void onRecordReady(int channel) {
        short[] samples = sound.samples(channel);
        // Bounded: at most every block of the ring is recorded.
        for (int b = 0; b < sound.blockCount(); b++) {
            int at = sound.claimRecord(channel);
            if (at == Sound.NONE) {
                break;
            }
            for (int i = 0; i < BLOCK; i++) {
                delay[delayWrite] = samples[at + i];
                delayWrite = delayWrite + 1 == DELAY_SAMPLES ? 0 : delayWrite + 1;
            }
            sound.releaseRecord(channel);
        }
    }

    @Override
    public void onPlayReady(int channel) {
        short[] samples = sound.samples(channel);
        for (int b = 0; b < sound.blockCount(); b++) {
            int at = sound.claimPlay(channel);
            if (at == Sound.NONE) {
                break;
            }
            // The oldest samples of the delay line are DELAY_MS old: they start where the next write goes.
            int peak = 0;
            int r = delayWrite;
            for (int i = 0; i < BLOCK; i++) {
                peak = Math.max(peak, Math.abs(delay[r]));
                r = r + 1 == DELAY_SAMPLES ? 0 : r + 1;
            }
            boolean echo = peak > ECHO_THRESHOLD;
            r = delayWrite;
            for (int i = 0; i < BLOCK; i++) {
                if (echo) {
                    samples[at + i] = delay[r];
                    delay[r] = 0;
                    r = r + 1 == DELAY_SAMPLES ? 0 : r + 1;
                } else {
                    samples[at + i] = SINE_1KHZ[tonePhase];
                    tonePhase = (tonePhase + 1) & 7;
                }
            }
            if (echo) {
                echoBlocks++;
            }
            sound.releasePlay(channel);
        }
    }

    /** Blocks played from the delay line rather than the tone. */
    public int echoBlocks() {
        return echoBlocks;
    }
}
