package org.firmerware.top.sip.media.echo;

import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Sound;
import org.firmerware.kernel.HookHandler;
import org.firmerware.kernel.KeyHandler;
import org.firmerware.kernel.Kernel;
import org.firmerware.kernel.Top;
import org.firmerware.kernel.net.Network;
import org.firmerware.kernel.net.ip6.AddressListener;
import org.firmerware.kernel.net.ip6.InterfaceAddresses;
import org.firmerware.kernel.net.ip6.Ip6;
import org.firmerware.kernel.net.udp.Udp;
import org.firmerware.kernel.ui.Screen;
import org.firmerware.top.sip.media.MediaEngine;
import org.firmerware.top.sip.media.tone.ToneGenerator;
import org.firmerware.top.sip.rtp.SessionConfig;
import org.firmerware.top.sip.rtp.TelephoneEvent;
import org.firmerware.top.sip.rtp.TelephoneEventListener;

/**
 * A test top for the media layer without signalling: two phones on one link call each other as soon as their
 * link-local addresses are formed, each sending RTP from port {@link #PORT} to the same port of the other (phone
 * {@code n} with MAC 02:00:00:00:00:0n calls the phone whose MAC ends in {@code n ^ 3}: 1 and 2 pair up), with a fixed
 * codec, a packet interval of 20 ms and telephone events on payload type {@link #EVENT_PT}.
 *
 * <ul>
 *   <li>the hook routes the call: off hook to the handset, on hook to the speaker;</li>
 *   <li>digits, '*' and '#' are sent as RFC 4733 events while held down; events received are logged once each
 *       ({@code mediaecho: digit 5}) with their duration when they end, and shown;</li>
 *   <li>hold and mute toggle hold and mute; menu cycles the local tones (dial, ringback, busy, congestion, ringing,
 *       none); up and down change the volume.</li>
 * </ul>
 * The codec is G.722; {@link Pcmu} and {@link Pcma} are the same top with G.711.
 */
public class MediaEcho implements Top, HookHandler, KeyHandler, AddressListener, TelephoneEventListener {

    /** The RTP port of both phones (RTCP on the next). */
    public static final int PORT = 5004;
    /** The payload type of telephone-event/8000. */
    public static final int EVENT_PT = 101;

    private final int codec;
    private Kernel kernel;
    private Ip6 ip6;
    private MediaEngine engine;
    private final SessionConfig config = new SessionConfig();
    private final byte[] digits = new byte[12];
    private int digitCount;
    private int toneIndex;
    private int eventsReceived;

    /** The G.722 variant. */
    public MediaEcho() {
        this(SessionConfig.G722);
    }

    protected MediaEcho(int codec) {
        this.codec = codec;
    }

    /** PCMU (G.711 µ-law). */
    public static final class Pcmu extends MediaEcho {
        public Pcmu() {
            super(SessionConfig.PCMU);
        }
    }

    /** PCMA (G.711 A-law). */
    public static final class Pcma extends MediaEcho {
        public Pcma() {
            super(SessionConfig.PCMA);
        }
    }

    @Override
    public void init(Kernel k) {
        kernel = k;
        k.screen().show(Screen.IDLE, "media wait");
        if (k.board().network() == null || k.board().sound() == null) {
            k.screen().show(Screen.ALERT, "no network");
            k.log().line("mediaecho: this board has no network port or no sound");
            return;
        }
        Network network = new Network(k);
        ip6 = new Ip6(network);
        Udp udp = new Udp(ip6);
        engine = new MediaEngine(k, udp, ip6.random(), 1);
        engine.setEventListener(this);
        k.setHookHandler(this);
        k.setKeyHandler(this);
        ip6.setAddressListener(this);
        Sound sound = k.board().sound();
        sound.setVolume(MediaEngine.CHANNEL, sound.maxVolume() / 2);
        config.localPort = PORT;
        config.remotePort = PORT;
        config.codec = codec;
        config.payloadType = SessionConfig.staticPayloadType(codec);
        config.ptimeMs = 20;
        config.telephoneEventPayloadType = EVENT_PT;
        // The peer's link-local address: fe80:: + the modified EUI-64 of its MAC, ours with the last octet ^ 3.
        byte[] mac = ip6.mac();
        byte[] a = config.remoteAddress;
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        a[8] = (byte) (mac[0] ^ 2);
        a[9] = mac[1];
        a[10] = mac[2];
        a[11] = (byte) 0xff;
        a[12] = (byte) 0xfe;
        a[13] = mac[3];
        a[14] = mac[4];
        a[15] = (byte) (mac[5] ^ 3);
        onHook(k.isOffHook());
        onAddressChanged(InterfaceAddresses.LINK_LOCAL, ip6.addresses().state(InterfaceAddresses.LINK_LOCAL));
    }

    @Override
    public void onAddressChanged(int index, int state) {
        boolean usable = ip6.addresses().isUsable(InterfaceAddresses.LINK_LOCAL);
        if (usable && !engine.isActive(0)) {
            if (engine.start(0, config)) {
                engine.select(0);
                kernel.screen().show(Screen.TALKING, codecText());
            }
        } else if (!usable && engine.isActive(0)) {
            engine.stop(0);
            kernel.screen().close(Screen.TALKING);
        }
    }

    private String codecText() {
        return codec == SessionConfig.G722 ? "g722 call" : codec == SessionConfig.PCMA ? "pcma call" : "pcmu call";
    }

    @Override
    public void onHook(boolean offHook) {
        if (engine != null) {
            engine.setDevice(offHook ? Sound.DEVICE_HANDSET : Sound.DEVICE_SPEAKER);
        }
    }

    @Override
    public void onKeyPressed(int buttonClass, int code) {
        if (engine == null) {
            return;
        }
        if (buttonClass == Buttons.DTMF) {
            engine.keyDown(code);
            return;
        }
        Sound sound = kernel.board().sound();
        switch (code) {
            case Buttons.KEY_HOLD:
                engine.setHold(0, !engine.isHeld(0));
                kernel.log().begin().text("mediaecho: hold ").text(engine.isHeld(0) ? "on" : "off").end();
                break;
            case Buttons.KEY_MUTE:
                engine.setMute(!engine.isMuted());
                kernel.log().begin().text("mediaecho: mute ").text(engine.isMuted() ? "on" : "off").end();
                break;
            case Buttons.KEY_MENU:
                toneIndex = toneIndex == ToneGenerator.RINGING ? ToneGenerator.NONE : toneIndex + 1;
                engine.playTone(toneIndex);
                kernel.log().begin().text("mediaecho: tone ").decimal(toneIndex).end();
                break;
            case Buttons.KEY_UP:
                sound.setVolume(MediaEngine.CHANNEL, sound.volume(MediaEngine.CHANNEL) + 1);
                break;
            case Buttons.KEY_DOWN:
                sound.setVolume(MediaEngine.CHANNEL, sound.volume(MediaEngine.CHANNEL) - 1);
                break;
            default:
                break;
        }
    }

    @Override
    public void onKeysReleased() {
        if (engine != null) {
            engine.keyUp();
        }
    }

    @Override
    public void onEventStart(int session, int event) {
        eventsReceived++;
        char c = TelephoneEvent.toChar(event);
        kernel.log().begin().text("mediaecho: digit ").character(c == 0 ? '?' : c).end();
        if (digitCount == digits.length) {
            System.arraycopy(digits, 1, digits, 0, digits.length - 1);
            digitCount--;
        }
        digits[digitCount++] = (byte) (c == 0 ? '-' : c);
        kernel.screen().show(Screen.DIALING, digits, 0, digitCount);
    }

    @Override
    public void onEventEnd(int session, int event, int durationTicks) {
        char c = TelephoneEvent.toChar(event);
        kernel.log().begin().text("mediaecho: digit ").character(c == 0 ? '?' : c).text(" ended after ")
            .decimal(durationTicks / 8).text(" ms").end();
    }

    /** The media engine (null on a board without network or sound). */
    public MediaEngine engine() {
        return engine;
    }

    /** Telephone events received. */
    public int eventsReceived() {
        return eventsReceived;
    }
}
