package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.WavFile;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.tools.net.NetnsLab;
import org.firmerware.tools.profile.Tops;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The phone against real peers, in a network namespace of its own with the phone on a TAP (real time): kamailio as
 * registrar and proxy with digest authentication, baresip and linphone (linphonec) as the other phones. radvd gives
 * the phone its global address. Needs root and the Debian packages kamailio, baresip-core, linphone-cli, radvd,
 * tcpdump, tshark, python3; skipped without them, failed when CI=true (.ci/run installs them).
 *
 * <p>Each call carries audio both ways and is measured: a 1 kHz tone fed into the phone's microphone is decoded from
 * the RTP the peer received (tcpdump on the TAP, decoded here) and must be 1 kHz; the peer's 1 kHz source (baresip's
 * aufile, linphonec's played file) must be heard at 1 kHz from the phone's earpiece or speaker (the world's tone
 * analyser in the trace). DTMF both ways with baresip: digits pressed on the phone arrive at baresip as RFC 4733
 * events (its log, and tshark's decode of the capture), digits baresip sends ({@code sndcode}) are logged by the
 * phone, in order, once each. PCMU in a call from the phone (which the phone ends), G.722 in a call from baresip
 * (which baresip ends), a call baresip cancels while it rings; with linphone a call each way (PCMU).
 */
class PeersNetnsTest {

    static final String SERVER = "2001:db8:5060:1::1";
    static final String PHONE = "2001:db8:5060:1:0:ff:fe00:1";
    static final Duration LONG = Duration.ofSeconds(20);
    /** 1000 Hz as the phone's tone analyser reports it (rounded to 10 Hz). */
    static final String KHZ = "(99|100|101)0 Hz .*";

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("kamailio", "baresip", "linphonec", "radvd", "python3", "sysctl", "tcpdump",
            "tshark");
    }

    static byte[] phoneConfig(String password) {
        return ("lines = 2\naccount = 100@example.test\npassword = " + password + "\nproxy = [" + SERVER
            + "]:5060\nexpires = 300\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The namespace: the TAP's side has the server address (and a default route, which liblinphone wants), radvd
     * advertises the prefix, kamailio listens with digest authentication.
     */
    static NetnsLab.Phone network(NetnsLab lab, String password) throws Exception {
        NetnsLab.Phone phone = lab.startPhone(Tops.named("phone"), "tap0",
            c -> c.flashContents.put("config", phoneConfig(password)));
        servers(lab);
        return phone;
    }

    /** The namespace's side of {@link #network} on an existing tap0: addresses, route, radvd, kamailio. */
    static void servers(NetnsLab lab) throws Exception {
        lab.runOk("ip", "addr", "add", SERVER + "/64", "dev", "tap0", "nodad");
        lab.runOk("ip", "-6", "route", "add", "default", "dev", "tap0");
        lab.runOk("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        Path radvd = lab.dir().resolve("radvd.conf");
        Files.writeString(radvd, "interface tap0 {\n AdvSendAdvert on;\n MinRtrAdvInterval 3;\n MaxRtrAdvInterval 4;\n"
            + " prefix 2001:db8:5060:1::/64 {\n AdvOnLink on;\n AdvAutonomous on;\n };\n};\n");
        lab.start("radvd", "-n", "-C", radvd.toString(), "-p", lab.dir().resolve("radvd.pid").toString(), "-m",
            "stderr", "-d", "1");
        Path cfg = lab.dir().resolve("kamailio.cfg");
        try (InputStream in = PeersNetnsTest.class.getResourceAsStream("/sip/kamailio.cfg")) {
            Files.write(cfg, in.readAllBytes());
        }
        NetnsLab.Background kamailio = lab.start("kamailio", "-f", cfg.toString(), "-A", "WITH_AUTH", "-A",
            "LISTEN=udp:[" + SERVER + "]:5060", "-P", lab.dir().resolve("kamailio.pid").toString(), "-Y",
            lab.dir().toString(), "-m", "64", "-M", "8", "-DD", "-E");
        kamailio.awaitOutput("REQ|INFO|listening|Listening", LONG);
    }

    /**
     * baresip as user 200 on [SERVER]:5082, registered through kamailio, answering automatically, offering and
     * accepting only {@code codec} ("PCMU" or "G722"), its microphone a 1 kHz tone at the codec's rate.
     */
    static NetnsLab.Background baresip(NetnsLab lab, String codec) throws IOException {
        return baresip(lab, codec, "200", 5082, 4441, 30000);
    }

    /**
     * baresip as {@code user} on [SERVER]:{@code sipPort}, its control on {@code ctrlPort}, RTP from {@code rtpPort}
     * (two instances keep their SIP ports at least 2 apart: baresip also opens TLS on port + 1).
     */
    static NetnsLab.Background baresip(NetnsLab lab, String codec, String user, int sipPort, int ctrlPort,
                                       int rtpPort) throws IOException {
        return baresip(lab, codec, user, sipPort, ctrlPort, rtpPort, 1000);
    }

    /** {@link #baresip(NetnsLab, String, String, int, int, int)} with a microphone tone of {@code hz}. */
    static NetnsLab.Background baresip(NetnsLab lab, String codec, String user, int sipPort, int ctrlPort,
                                       int rtpPort, int hz) throws IOException {
        Path dir = lab.dir().resolve(user.equals("200") ? "baresip" : "baresip-" + user);
        Files.createDirectories(dir.resolve("home"));
        int rate = RtpCapture.rate(codec);
        Path wav = dir.resolve("tone.wav");
        Files.write(wav, sineWav(rate, hz, 40));
        Files.writeString(dir.resolve("config"), String.join("\n",
            "poll_method epoll", "net_interface " + SERVER, "sip_listen [" + SERVER + "]:" + sipPort,
            "audio_player alsa,null", "audio_source aufile," + wav, "audio_alert alsa,null", "ausrc_srate " + rate,
            "ausrc_channels 1", "rtp_ports " + rtpPort + "-" + (rtpPort + 20), "module_path /usr/lib/baresip/modules", "module g711.so",
            "module g722.so", "module alsa.so", "module aufile.so", "module_tmp account.so", "module_app menu.so",
            "module_app ctrl_tcp.so", "ctrl_tcp_listen [" + SERVER + "]:" + ctrlPort, ""));
        Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@example.test>;outbound=\"sip:[" + SERVER
            + "]:5060\";regint=300;answermode=auto;auth_user=" + user + ";auth_pass=secret-" + user + ";audio_codecs="
            + (codec.equals("G722") ? "G722/16000/1" : codec) + "\n");
        Files.writeString(dir.resolve("contacts"), "");
        Path home = dir.resolve("home");
        for (String d : List.of("xdg", "xdg-config", "tmp")) {
            Files.createDirectories(home.resolve(d));
        }
        NetnsLab.Background b = lab.start("env", "HOME=" + home, "XDG_RUNTIME_DIR=" + home.resolve("xdg"),
            "XDG_CONFIG_HOME=" + home.resolve("xdg-config"), "TMPDIR=" + home.resolve("tmp"), "baresip", "-6", "-f",
            dir.toString());
        b.awaitOutput(user + "@example.test.*200 OK", LONG);
        return b;
    }

    static String ctl(NetnsLab lab, String command, String params) throws IOException {
        return ctl(lab, 4441, command, params);
    }

    /** A command to the baresip whose control listens on {@code port}. */
    static String ctl(NetnsLab lab, int port, String command, String params) throws IOException {
        Path script = lab.dir().resolve("baresip-ctl.py");
        if (!Files.exists(script)) {
            try (InputStream in = PeersNetnsTest.class.getResourceAsStream("/sip/baresip-ctl.py")) {
                Files.write(script, in.readAllBytes());
            }
        }
        return lab.runOk("python3", script.toString(), SERVER, Integer.toString(port), command, params).stdout();
    }

    /** tcpdump on the TAP: every UDP datagram between the kernel (kamailio, the peers) and the phone. */
    static NetnsLab.Background capture(NetnsLab lab, String name) {
        // --immediate-mode: without it the packets of the last block of the capture ring are lost at SIGINT.
        NetnsLab.Background dump = lab.start("tcpdump", "-i", "tap0", "--immediate-mode", "-U", "-n", "-w",
            lab.dir().resolve(name).toString(), "udp");
        dump.awaitOutput("listening on", LONG);
        return dump;
    }

    /** Stops tcpdump and gives its capture's RTP. */
    static RtpCapture stop(NetnsLab lab, NetnsLab.Background dump, String name) throws IOException {
        dump.signal("INT");
        dump.awaitExit(LONG);
        return RtpCapture.read(lab.dir().resolve(name));
    }

    static byte[] sineWav(int rate, int hz, int seconds) {
        int n = rate * seconds;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVEfmt ".getBytes(
            StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
            .putInt(2 * rate).putShort((short) 2).putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII))
            .putInt(2 * n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / rate)));
        }
        return b.array();
    }

    static void press(NetnsLab.Phone phone, int cls, int code) throws InterruptedException {
        phone.onWorld(() -> phone.phone().keys().press(cls, code));
        Thread.sleep(150);
        phone.onWorld(() -> phone.phone().keys().release());
        Thread.sleep(150);
    }

    static void type(NetnsLab.Phone phone, String digits) throws InterruptedException {
        for (char c : digits.toCharArray()) {
            press(phone, Buttons.DTMF, c);
        }
    }

    static void hook(NetnsLab.Phone phone, boolean off) throws InterruptedException {
        phone.onWorld(() -> phone.phone().hook().set(off));
        Thread.sleep(200);
    }

    /** A 1 kHz tone at -12 dBFS into the phone's microphone, for {@code seconds} from 0.2 s on. */
    static void toneIntoThePhone(NetnsLab.Phone phone, double seconds) {
        WavFile wav = new WavFile(16000, MediaEchoOnSimTest.tone(16000, 1000, 8000, seconds));
        phone.onWorld(() -> phone.simulation().world().feedMicrophone(phone.phone(),
            phone.simulation().world().nowUs() + 200_000, wav));
    }

    /** Waits until the phone plays what {@code regex} says ("speaker 1000 Hz .*") after event {@code from}. */
    static TraceEvent awaitHeard(NetnsLab.Phone phone, int from, String regex) {
        return phone.awaitEvent(from, e -> e.kind().equals("sound") && (e.name() + " " + e.value()).matches(regex),
            LONG);
    }

    static int logIndex(NetnsLab.Phone phone) {
        return phone.events().size();
    }

    /** The digits the phone logged as received (RFC 4733) on line 1 since event {@code from}. */
    static List<String> digitsReceived(NetnsLab.Phone phone, int from) {
        return digitsReceived(phone, from, 1);
    }

    /** The digits the phone logged as received (RFC 4733) on a line since event {@code from}. */
    static List<String> digitsReceived(NetnsLab.Phone phone, int from, int line) {
        String prefix = "phone: line " + line + " received DTMF ";
        List<String> out = new ArrayList<>();
        List<TraceEvent> events = phone.events();
        for (TraceEvent e : events.subList(from, events.size())) {
            if (e.kind().equals("console") && e.value().startsWith(prefix)) {
                out.add(e.value().substring(prefix.length()));
            }
        }
        return out;
    }

    /** The DTMF tones linphonec printed as received ("Receiving tone 4 from sip:..."), in order. */
    static List<String> linphoneTones(Linphone l) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("Receiving tone (.) from").matcher(l.process.stdout());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The events baresip logged as received, at their start ("received event: '1' (end=0)"). */
    static List<String> baresipEvents(NetnsLab.Background b) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("received event: '(.)' \\(end=0\\)").matcher(b.stdout());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The RFC 4733 events in the capture from {@code source}, as tshark decodes them: one per event. */
    static List<String> eventsOnTheWire(NetnsLab lab, String pcap, String source) {
        NetnsLab.Result r = lab.runOk("tshark", "-n", "-r", lab.dir().resolve(pcap).toString(), "-d",
            "udp.port==16384,rtp", "-o", "rtpevent.event_payload_type_value:101", "-Y",
            "rtpevent && ipv6.src==" + source, "-T", "fields", "-e", "rtp.timestamp", "-e", "rtpevent.event_id");
        // An event is its packets with one timestamp and event code (baresip gives events sent back to back the
        // same timestamp, so the code tells them apart too).
        List<String> out = new ArrayList<>();
        String last = null;
        for (String line : r.stdout().split("\n")) {
            String[] f = line.trim().split("\t");
            if (f.length == 2 && !line.trim().equals(last)) {
                out.add(f[1]);
                last = line.trim();
            }
        }
        return out;
    }

    /** The audio of a stream in the capture decoded, its 100 ms windows, and the longest run at 1 kHz. */
    static void assertToneIn(RtpCapture cap, String what, String source, int sourcePort, String destination,
                             int destinationPort, int payloadType, String codec, int minWindows) {
        assertToneIn(cap, what, source, sourcePort, destination, destinationPort, payloadType, codec, minWindows, 1000);
    }

    /** {@link #assertToneIn} for a tone of {@code hz}. */
    static void assertToneIn(RtpCapture cap, String what, String source, int sourcePort, String destination,
                             int destinationPort, int payloadType, String codec, int minWindows, int hz) {
        List<RtpCapture.Packet> stream = cap.packets(p -> p.source().equals(RtpCapture.norm(source))
            && (sourcePort == 0 || p.sourcePort() == sourcePort)
            && p.destination().equals(RtpCapture.norm(destination))
            && (destinationPort == 0 || p.destinationPort() == destinationPort) && p.payloadType() == payloadType);
        assertTrue(stream.size() > 100, what + ": " + stream.size() + " packets of payload type " + payloadType
            + " in the capture:" + cap.summary());
        for (RtpCapture.Packet p : stream) {
            assertEquals(160, p.payload().length, what + ": 20 ms of audio at 64 kbit/s");
        }
        List<RtpCapture.Window> w = RtpCapture.windows(RtpCapture.decode(stream, codec), RtpCapture.rate(codec));
        int run = RtpCapture.longestTone(w, hz);
        assertTrue(run >= minWindows, what + ": the longest stretch at " + hz + " Hz is " + run + " windows of 100 ms, "
            + "expected " + minWindows + ": " + w);
    }

    @Test
    void aPcmuCallFromThePhoneToBaresipCarriesAToneAndDigitsBothWaysAndThePhoneEndsIt() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = network(lab, "secret-100");
            phone.awaitLog("ip6: address formed " + PHONE, LONG);
            phone.awaitLog("sip: registered 100@example.test for 300 s", LONG);
            phone.awaitLog("sip: < \\[" + SERVER + "\\]:5060 SIP/2.0 401 Unauthorized", Duration.ZERO);
            NetnsLab.Background bob = baresip(lab, "PCMU");
            NetnsLab.Background dump = capture(lab, "pcmu.pcap");

            // The phone calls baresip (hands-free: send without lifting): through kamailio, which challenges the
            // INVITE (407); baresip answers.
            int from = logIndex(phone);
            type(phone, "200");
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND);
            phone.awaitLog(from, "SIP/2.0 407 Proxy Authentication Required", LONG);
            phone.awaitLog(from, "sip: line 1 connected to 200", LONG);
            phone.awaitLog(from, "media: line 1 rtp 16384 -> \\[" + SERVER + "\\]:300\\d\\d PCMU pt 0 ptime 20 dtmf 101 "
                + "sendrecv", LONG);
            // baresip's 1 kHz is heard from the phone's speaker.
            awaitHeard(phone, from, "speaker " + KHZ);
            // 1 kHz into the phone's microphone for 3 s.
            toneIntoThePhone(phone, 3);
            Thread.sleep(3_400);
            // Digits both ways.
            type(phone, "159");
            bob.awaitOutput("received event: '9' \\(end=1\\)", LONG);
            int digitsFrom = logIndex(phone);
            ctl(lab, "sndcode", "246#");
            phone.awaitLog(digitsFrom, "phone: line 1 received DTMF #", LONG);
            assertEquals(List.of("2", "4", "6", "#"), digitsReceived(phone, digitsFrom));
            assertEquals(List.of("1", "5", "9"), baresipEvents(bob));

            // Hold and resume: re-INVITEs through kamailio; the answers' directions drive the media.
            int holdFrom = logIndex(phone);
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_HOLD);
            phone.awaitLog(holdFrom, "media: line 1 rtp 16384 -> .* (sendonly|inactive)", LONG);
            double heldAt = System.currentTimeMillis() / 1000.0;
            Thread.sleep(2_000);
            int resumeFrom = logIndex(phone);
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_HOLD);
            phone.awaitLog(resumeFrom, "media: line 1 rtp 16384 -> .* sendrecv", LONG);
            Thread.sleep(500);

            // The phone hangs up (the speaker key): BYE through the route set.
            from = logIndex(phone);
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_SPEAKER);
            phone.awaitLog(from, "sip: > \\[" + SERVER + "\\]:5060 BYE sip:200", LONG);
            phone.awaitLog(from, "sip: < \\[" + SERVER + "\\]:5060 SIP/2.0 200 OK", LONG);
            phone.awaitLog(from, "rtp: stop, sent \\d+, received \\d+", LONG);
            bob.awaitOutput("Call with sip:100@example.test terminated", LONG);
            ctl(lab, "quit", "");

            RtpCapture cap = stop(lab, dump, "pcmu.pcap");
            assertToneIn(cap, "phone to baresip, PCMU", PHONE, 16384, SERVER, 0, 0, "PCMU", 20);
            // On hold the phone sent no audio for about 2 s; the first packet after it has the marker bit.
            List<RtpCapture.Packet> sent = cap.packets(p -> p.source().equals(RtpCapture.norm(PHONE))
                && p.sourcePort() == 16384 && p.payloadType() == 0);
            RtpCapture.Packet gapEnd = null;
            double gap = 0;
            for (int i = 1; i < sent.size(); i++) {
                double g = sent.get(i).time() - sent.get(i - 1).time();
                if (g > gap) {
                    gap = g;
                    gapEnd = sent.get(i);
                }
            }
            assertTrue(gap > 1.5 && gap < 4 && Math.abs(gapEnd.time() - heldAt - gap) < 1.5, "the hold: the longest "
                + "pause in the phone's RTP is " + gap + " s, ending " + (gapEnd == null ? 0 : gapEnd.time() - heldAt)
                + " s after the hold");
            assertTrue(gapEnd.marker(), "the marker bit after the hold");
            assertToneIn(cap, "baresip to phone, PCMU", SERVER, 0, PHONE, 16384, 0, "PCMU", 20);
            assertEquals(List.of("1", "5", "9"), eventsOnTheWire(lab, "pcmu.pcap", PHONE));
            assertEquals(List.of("2", "4", "6", "11"), eventsOnTheWire(lab, "pcmu.pcap", SERVER));
        }
    }

    @Test
    void aG722CallFromBaresipRingsIsAnsweredCarriesAToneAndDigitsBothWaysAndBaresipEndsItOrCancelsIt()
        throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = network(lab, "secret-100");
            phone.awaitLog("sip: registered 100@example.test for 300 s", LONG);
            NetnsLab.Background bob = baresip(lab, "G722");
            NetnsLab.Background dump = capture(lab, "g722.pcap");

            // baresip calls the phone: the phone rings on its speaker and is answered off hook.
            int from = logIndex(phone);
            ctl(lab, "dial", "sip:100@example.test");
            phone.awaitLog(from, "sip: line 1 incoming call from 200", LONG);
            awaitHeard(phone, from, "speaker 1[0-3]\\d0 Hz .*");
            hook(phone, true);
            phone.awaitLog(from, "sip: line 1 answered 200", LONG);
            phone.awaitLog(from, "media: line 1 rtp 16384 -> \\[" + SERVER + "\\]:300\\d\\d G722 pt 9 ptime 20 dtmf \\d+ "
                + "sendrecv", LONG);
            // baresip's 1 kHz from the handset; the phone's 1 kHz to baresip.
            awaitHeard(phone, from, "handset " + KHZ);
            toneIntoThePhone(phone, 3);
            Thread.sleep(3_400);
            type(phone, "#07");
            bob.awaitOutput("received event: '7' \\(end=1\\)", LONG);
            int digitsFrom = logIndex(phone);
            ctl(lab, "sndcode", "*38");
            phone.awaitLog(digitsFrom, "phone: line 1 received DTMF 8", LONG);
            assertEquals(List.of("*", "3", "8"), digitsReceived(phone, digitsFrom));
            assertEquals(List.of("#", "0", "7"), baresipEvents(bob));

            // baresip hangs up: BYE from the other side.
            ctl(lab, "hangup", "");
            phone.awaitLog(from, "sip: line 1 ended by the other side", LONG);
            hook(phone, false);

            // baresip calls and gives up while it rings: CANCEL.
            Thread.sleep(3_500);
            from = logIndex(phone);
            ctl(lab, "dial", "sip:100@example.test");
            phone.awaitLog(from, "sip: line \\d incoming call from 200", LONG);
            Thread.sleep(1_000);
            ctl(lab, "hangup", "");
            phone.awaitLog(from, "sip: line \\d call cancelled by the caller", LONG);
            ctl(lab, "quit", "");

            RtpCapture cap = stop(lab, dump, "g722.pcap");
            assertToneIn(cap, "phone to baresip, G.722", PHONE, 16384, SERVER, 0, 9, "G722", 20);
            assertToneIn(cap, "baresip to phone, G.722", SERVER, 0, PHONE, 16384, 9, "G722", 20);
            assertEquals(List.of("11", "0", "7"), eventsOnTheWire(lab, "g722.pcap", PHONE));
            assertEquals(List.of("10", "3", "8"), eventsOnTheWire(lab, "g722.pcap", SERVER));
        }
    }

    /**
     * The phone as transferor: it calls baresip 200, then transfer, 201, send: baresip 200 gets the REFER, calls
     * baresip 201 through kamailio and reports it by NOTIFY; on the 200 OK sipfrag the phone ends its call. Both
     * baresips log the new call as established.
     */
    @Test
    void thePhoneTransfersBaresipToASecondBaresip() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = network(lab, "secret-100");
            phone.awaitLog("sip: registered 100@example.test for 300 s", LONG);
            NetnsLab.Background bob = baresip(lab, "PCMU");
            NetnsLab.Background carol = baresip(lab, "PCMU", "201", 5084, 4442, 30100);

            int from = logIndex(phone);
            hook(phone, true);
            type(phone, "200");
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND);
            phone.awaitLog(from, "sip: line 1 connected to 200", LONG);
            awaitHeard(phone, from, "handset " + KHZ);
            // baresip prints "Call with ... terminated" only for a call that lasted a whole second or more.
            Thread.sleep(1_200);

            // Transfer, the number, send: REFER through the route set, accepted; baresip calls 201.
            int xfer = logIndex(phone);
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_TRANSFER);
            phone.awaitLog(xfer, "media: line 1 rtp 16384 -> .* (sendonly|inactive)", LONG);
            type(phone, "201");
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND);
            phone.awaitLog(xfer, "sip: > \\[" + SERVER + "\\]:5060 REFER sip:200", LONG);
            phone.awaitLog(xfer, "sip: line 1 transfer to sip:201@example.test", LONG);
            phone.awaitLog(xfer, "sip: < \\[" + SERVER + "\\]:5060 SIP/2.0 202 Accepted", LONG);
            phone.awaitLog(xfer, "sip: < \\[" + SERVER + "\\]:5060 NOTIFY sip:100@", LONG);
            // baresip 201 answers by itself: the sipfrag says 200 and the phone ends its call with baresip 200.
            carol.awaitOutput("Call established: sip:200@example.test", LONG);
            bob.awaitOutput("Call established: sip:201@example.test", LONG);
            phone.awaitLog(xfer, "sip: line 1 transferred \\(200\\)", LONG);
            phone.awaitLog(xfer, "sip: > \\[" + SERVER + "\\]:5060 BYE sip:200", LONG);
            bob.awaitOutput("Call with sip:100@example.test terminated", LONG);
            TraceEvent shown = phone.awaitEvent(e -> e.kind().equals("display") && e.name().equals("text")
                && e.value().equals("transferred"), LONG);
            assertTrue(shown != null);
            hook(phone, false);
            // The transferred call goes on without the phone.
            Thread.sleep(1_000);
            assertTrue(!carol.stdout().contains("Call with sip:200@example.test terminated"), carol.stdout());
            ctl(lab, "hangup", "");
            carol.awaitOutput("Call with sip:200@example.test terminated", LONG);
            ctl(lab, 4442, "quit", "");
            ctl(lab, "quit", "");
        }
    }

    /**
     * The phone as transferee: baresip 200 calls the phone, which answers; baresip's {@code transfer} sends REFER to
     * 201: the phone accepts it (202), calls baresip 201 through kamailio on line 2 (digest challenge answered),
     * reports 100 and then 200 by NOTIFY, and baresip 200 ends its call with the phone. The phone hears baresip 201.
     */
    @Test
    void baresipTransfersThePhoneToASecondBaresip() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = network(lab, "secret-100");
            phone.awaitLog("sip: registered 100@example.test for 300 s", LONG);
            NetnsLab.Background bob = baresip(lab, "PCMU");
            NetnsLab.Background carol = baresip(lab, "PCMU", "201", 5084, 4442, 30100);

            int from = logIndex(phone);
            ctl(lab, "dial", "sip:100@example.test");
            phone.awaitLog(from, "sip: line 1 incoming call from 200", LONG);
            hook(phone, true);
            phone.awaitLog(from, "sip: line 1 answered 200", LONG);
            awaitHeard(phone, from, "handset " + KHZ);
            // baresip prints "Call with ... terminated" only for a call that lasted a whole second or more.
            Thread.sleep(1_200);

            int xfer = logIndex(phone);
            ctl(lab, "transfer", "sip:201@example.test");
            phone.awaitLog(xfer, "sip: < \\[" + SERVER + "\\]:5060 REFER sip:100@", LONG);
            phone.awaitLog(xfer, "sip: > \\[" + SERVER + "\\]:5060 SIP/2.0 202 Accepted", LONG);
            phone.awaitLog(xfer, "sip: line 1 asked to call sip:201@example.test", LONG);
            phone.awaitLog(xfer, "sip: > \\[" + SERVER + "\\]:5060 NOTIFY sip:200", LONG);
            phone.awaitLog(xfer, "sip: > \\[" + SERVER + "\\]:5060 INVITE sip:201@example.test", LONG);
            phone.awaitLog(xfer, "sip: line 2 connected to 201", LONG);
            carol.awaitOutput("Call established: sip:100@example.test", LONG);
            // The NOTIFY with 200 OK made baresip 200 end its call with the phone.
            phone.awaitLog(xfer, "sip: line 1 ended by the other side", LONG);
            bob.awaitOutput("Call with sip:100@example.test terminated", LONG);
            // Line 2 is heard: baresip 201's 1 kHz from the handset.
            int heard = logIndex(phone);
            phone.awaitLog(xfer, "media: line 2 heard", LONG);
            awaitHeard(phone, heard, "handset " + KHZ);
            Thread.sleep(1_500);
            hook(phone, false);
            phone.awaitLog(xfer, "sip: > \\[" + SERVER + "\\]:5060 BYE sip:201", LONG);
            // (baresip reports a BYE as the call terminated, or as its session closed by the peer.)
            carol.awaitOutput("Call with sip:100@example.test terminated|sip:100@example.test: session closed", LONG);
            ctl(lab, 4442, "quit", "");
            ctl(lab, "quit", "");
        }
    }

    /**
     * A conference of the phone with two baresips: the phone calls baresip 200 (its microphone 1000 Hz), holds it
     * (flash) and calls baresip 201 (600 Hz), then conference: the RTP the phone sends to each baresip (the capture,
     * decoded here) carries the other's tone, so each baresip hears the other through the phone's mix.
     */
    @Test
    void aConferenceWithTwoBaresipsSendsEachTheOther() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = network(lab, "secret-100");
            phone.awaitLog("sip: registered 100@example.test for 300 s", LONG);
            NetnsLab.Background bob = baresip(lab, "PCMU");
            NetnsLab.Background carol = baresip(lab, "PCMU", "201", 5084, 4442, 30100, 600);
            NetnsLab.Background dump = capture(lab, "conference.pcap");

            int from = logIndex(phone);
            hook(phone, true);
            type(phone, "200");
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND);
            phone.awaitLog(from, "sip: line 1 connected to 200", LONG);
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_FLASH);
            type(phone, "201");
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND);
            phone.awaitLog(from, "sip: line 2 connected to 201", LONG);
            Thread.sleep(500);
            int conf = logIndex(phone);
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_CONFERENCE);
            phone.awaitLog(conf, "media: line 1 joins line 2 in a conference", LONG);
            phone.awaitLog(conf, "media: line 1 rtp 16384 -> .* sendrecv", LONG);
            Thread.sleep(4_000);
            hook(phone, false);
            phone.awaitLog(conf, "sip: > \\[" + SERVER + "\\]:5060 BYE sip:200", LONG);
            phone.awaitLog(conf, "sip: > \\[" + SERVER + "\\]:5060 BYE sip:201", LONG);
            bob.awaitOutput("Call with sip:100@example.test terminated|sip:100@example.test: session closed", LONG);
            carol.awaitOutput("Call with sip:100@example.test terminated|sip:100@example.test: session closed", LONG);
            ctl(lab, 4442, "quit", "");
            ctl(lab, "quit", "");

            RtpCapture cap = stop(lab, dump, "conference.pcap");
            // Each baresip's own tone reaches the phone, and the phone sends each the other's.
            assertToneIn(cap, "baresip 200 to phone", SERVER, 0, PHONE, 16384, 0, "PCMU", 20, 1000);
            assertToneIn(cap, "baresip 201 to phone", SERVER, 0, PHONE, 16386, 0, "PCMU", 20, 600);
            assertToneIn(cap, "phone to baresip 200: baresip 201's tone", PHONE, 16384, SERVER, 0, 0, "PCMU", 20, 600);
            assertToneIn(cap, "phone to baresip 201: baresip 200's tone", PHONE, 16386, SERVER, 0, 0, "PCMU", 20, 1000);
        }
    }

    /**
     * An attended transfer with baresips: the phone calls baresip 200, holds it (flash), calls baresip 201, then
     * transfer: REFER to 200 with the Refer-To of 201's contact and the Replaces of the phone's call with 201. baresip
     * 200 calls 201 and reports it; the phone then ends both its calls, and 200 and 201 talk.
     */
    @Test
    void anAttendedTransferConnectsTwoBaresips() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = network(lab, "secret-100");
            phone.awaitLog("sip: registered 100@example.test for 300 s", LONG);
            NetnsLab.Background bob = baresip(lab, "PCMU");
            NetnsLab.Background carol = baresip(lab, "PCMU", "201", 5084, 4442, 30100);

            int from = logIndex(phone);
            hook(phone, true);
            type(phone, "200");
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND);
            phone.awaitLog(from, "sip: line 1 connected to 200", LONG);
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_FLASH);
            type(phone, "201");
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND);
            phone.awaitLog(from, "sip: line 2 connected to 201", LONG);
            Thread.sleep(500);
            int xfer = logIndex(phone);
            press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_TRANSFER);
            phone.awaitLog(xfer, "sip: line 1 attended transfer to sip:201", LONG);
            phone.awaitLog(xfer, "sip: < \\[" + SERVER + "\\]:5060 SIP/2.0 202 Accepted", LONG);
            bob.awaitOutput("Call established: sip:201", LONG);
            phone.awaitLog(xfer, "sip: line 1 transferred \\(200\\)", LONG);
            phone.awaitLog(xfer, "sip: > \\[" + SERVER + "\\]:5060 BYE sip:200", LONG);
            // Line 2 ends: by baresip 201 (Replaces) or by the phone.
            phone.awaitLog(xfer, "sip: line 2 (ended by the other side|ends: its party was transferred)", LONG);
            bob.awaitOutput("Call with sip:100@example.test terminated|sip:100@example.test: session closed", LONG);
            carol.awaitOutput("Call with sip:100@example.test terminated|sip:100@example.test: session closed", LONG);
            hook(phone, false);
            Thread.sleep(1_000);
            // 200 and 201 still talk.
            assertTrue(!bob.stdout().contains("Call with sip:201"), bob.stdout());
            ctl(lab, "hangup", "");
            ctl(lab, 4442, "quit", "");
            ctl(lab, "quit", "");
        }
    }

    /**
     * linphonec (liblinphone 5.1) as user 300, registered through kamailio, fed through a FIFO: no sound card but
     * files ({@code soundcard use files}), its microphone a 1 kHz WAV ({@code play}), answering automatically. The
     * peers README's pitfalls: a data directory must exist, the proxy goes in the rc file as route, the namespace needs
     * a non-loopback interface with a default route ({@link #network}), and media encryption is off.
     */
    static final class Linphone implements AutoCloseable {
        final NetnsLab.Background process;
        final Path fifo;
        final java.io.OutputStream in;
        final Path out;

        Linphone(NetnsLab lab) throws IOException, InterruptedException {
            Path dir = lab.dir().resolve("linphone");
            Path home = dir.resolve("home");
            Files.createDirectories(home.resolve(".local/share/linphone"));
            for (String d : List.of("xdg", "xdg-config", "tmp")) {
                Files.createDirectories(home.resolve(d));
            }
            Path wav = dir.resolve("tone.wav");
            Files.write(wav, sineWav(8000, 1000, 40));
            Path rc = dir.resolve("linphonerc");
            Files.writeString(rc, String.join("\n",
                "[sip]", "default_proxy=0", "sip_port=5070", "sip_tcp_port=0", "sip_tls_port=0",
                "media_encryption=none", "media_encryption_mandatory=0", "contact=sip:300@example.test",
                "inc_timeout=60", "[rtp]", "audio_rtp_port=31000", "audio_jitt_comp=60", "[sound]",
                "echocancellation=0", "[video]", "enabled=0", "capture=0", "display=0", "[misc]", "max_calls=2",
                "[proxy_0]", "reg_proxy=<sip:[" + SERVER + "]:5060;transport=udp>",
                "reg_route=<sip:[" + SERVER + "]:5060;transport=udp;lr>", "reg_identity=sip:300@example.test",
                "reg_expires=600", "reg_sendregister=1", "publish=0", "dial_escape_plus=0", "[auth_info_0]",
                "username=300", "userid=300", "passwd=secret-300", "realm=example.test", "domain=example.test", ""));
            fifo = dir.resolve("in.fifo");
            lab.runOk("mkfifo", fifo.toString());
            out = dir.resolve("linphonec.log");
            process = lab.start("sh", "-c", "exec env HOME=" + home + " XDG_RUNTIME_DIR=" + home.resolve("xdg")
                + " XDG_CONFIG_HOME=" + home.resolve("xdg-config") + " TMPDIR=" + home.resolve("tmp")
                + " linphonec -c " + rc + " -d 1 -l " + out + " < " + fifo);
            // Opening the FIFO for writing blocks until linphonec has it open for reading.
            in = Files.newOutputStream(fifo);
            command("soundcard use files");
            command("play " + wav);
            command("autoanswer enable");
        }

        /** Waits until linphonec's log (liblinphone's messages) has a line that matches. */
        void awaitLog(String regex, Duration timeout) throws IOException, InterruptedException {
            Pattern p = Pattern.compile(regex);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(out) && p.matcher(Files.readString(out, StandardCharsets.ISO_8859_1)).find()) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("linphonec logged nothing matching /" + regex + "/ within " + timeout + " (see "
                + out + ")\n--- stdout\n" + process.stdout());
        }

        void command(String line) throws IOException, InterruptedException {
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            Thread.sleep(300);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            try {
                command("quit");
            } catch (IOException e) {
                // linphonec already gone
            }
            in.close();
        }
    }

    @Test
    void linphoneAnswersACallFromThePhoneAndCallsThePhoneWithAToneBothWays() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = network(lab, "secret-100");
            phone.awaitLog("sip: registered 100@example.test for 300 s", LONG);
            try (Linphone alice = new Linphone(lab)) {
                alice.awaitLog("for identity \\[sip:300@example.test\\] moving from state .* to "
                    + "\\[LinphoneRegistrationOk\\]", LONG);
                NetnsLab.Background dump = capture(lab, "linphone.pcap");

                // The phone calls linphone, which answers by itself.
                int from = logIndex(phone);
                hook(phone, true);
                type(phone, "300");
                press(phone, Buttons.FIXED_FUNCTION, Buttons.KEY_SEND);
                phone.awaitLog(from, "sip: line 1 connected to 300", LONG);
                TraceEvent media = phone.awaitLog(from, "media: line 1 rtp 16384 -> .*", LONG);
                awaitHeard(phone, from, "handset " + KHZ);
                toneIntoThePhone(phone, 3);
                Thread.sleep(3_400);
                // Digits to linphone, which prints each RFC 4733 event it receives once.
                type(phone, "4#2");
                alice.process.awaitOutput("Receiving tone 2", LONG);
                assertEquals(List.of("4", "#", "2"), linphoneTones(alice));
                hook(phone, false);
                phone.awaitLog(from, "sip: line 1 .*ended|rtp: stop", LONG);

                // linphone calls the phone, which answers off hook; linphone ends the call. (The first call may still
                // be on the display of line 1: this one then comes in on line 2.)
                Thread.sleep(1_000);
                int second = logIndex(phone);
                alice.command("call sip:100@example.test");
                TraceEvent ring = phone.awaitLog(second, "sip: line \\d incoming call from 300", LONG);
                int line = Integer.parseInt(ring.value().replaceAll("sip: line (\\d).*", "$1"));
                hook(phone, true);
                phone.awaitLog(second, "sip: line " + line + " answered 300", LONG);
                TraceEvent media2 = phone.awaitLog(second, "media: line " + line + " rtp \\d+ -> .*", LONG);
                awaitHeard(phone, second, "handset " + KHZ);
                toneIntoThePhone(phone, 3);
                Thread.sleep(3_400);
                // Digits from linphone (a line of digits in a call is sent as DTMF).
                int digitsFrom = logIndex(phone);
                alice.command("*5");
                phone.awaitLog(digitsFrom, "phone: line " + line + " received DTMF 5", LONG);
                assertEquals(List.of("*", "5"), digitsReceived(phone, digitsFrom, line));
                alice.command("terminate");
                phone.awaitLog(second, "sip: line " + line + " ended by the other side", LONG);
                hook(phone, false);

                // linphone calls and gives up while the phone rings: CANCEL.
                Thread.sleep(3_500);
                int third = logIndex(phone);
                alice.command("call sip:100@example.test");
                phone.awaitLog(third, "sip: line \\d incoming call from 300", LONG);
                Thread.sleep(1_000);
                alice.command("terminate");
                phone.awaitLog(third, "sip: line \\d call cancelled by the caller", LONG);
                phone.awaitLog(third, "sip: < \\[" + SERVER + "\\]:5060 CANCEL sip:", LONG);

                RtpCapture cap = stop(lab, dump, "linphone.pcap");
                for (TraceEvent m : List.of(media, media2)) {
                    Matcher x = Pattern.compile("rtp (\\d+) -> \\[([0-9a-f:]+)\\]:(\\d+) (\\w+) pt (\\d+)")
                        .matcher(m.value());
                    assertTrue(x.find(), m.value());
                    int local = Integer.parseInt(x.group(1));
                    String[] ends = {PHONE, x.group(2)};
                    int[] ports = {local, Integer.parseInt(x.group(3))};
                    for (int way = 0; way < 2; way++) {
                        assertToneIn(cap, (way == 0 ? "phone to linphone (" : "linphone to phone (") + m.value() + ")",
                            ends[way], ports[way], ends[1 - way], ports[1 - way], Integer.parseInt(x.group(5)),
                            x.group(4), way == 0 ? 20 : 10);
                    }
                }
            }
        }
    }

    @Test
    void aWrongPasswordIsShownAndLogged() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = network(lab, "not-the-password");
            phone.awaitLog("sip: registration of 100@example.test refused: wrong user name or password", LONG);
            TraceEvent shown = phone.awaitEvent(e -> e.kind().equals("display") && e.name().equals("text")
                && e.value().equals("auth fail"), LONG);
            assertTrue(shown != null);
        }
    }
}
