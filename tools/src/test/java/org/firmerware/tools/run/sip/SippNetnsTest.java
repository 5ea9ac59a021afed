package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.sim.world.TraceEvent;
import org.firmerware.boards.sim.world.WavFile;
import org.firmerware.tools.net.NetnsLab;
import org.firmerware.tools.profile.Tops;
import org.firmerware.top.sip.message.SipMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIPp (Debian's sip-tester) against the running firmware over a TAP, in a namespace of its own: the XML scenarios
 * in {@code src/test/resources/sip/sipp} send malformed and unsupported requests and expect the status RFC 3261 gives
 * each (or nothing, where dropping is right), a normal OPTIONS, and a call that the test answers by lifting the
 * phone's handset. Each scenario is one SIPp run ({@code -m 1}); SIPp exits 0 only when its call succeeded: every
 * expected response came, with the headers the scenario checks, and nothing unexpected did. The phone's log is
 * checked too: what it dropped, and that it stayed up.
 */
class SippNetnsTest {

    static final String US = "2001:db8:5060:1::1";
    static final String PHONE = "2001:db8:5060:1:0:ff:fe00:1";
    static final Duration LONG = Duration.ofSeconds(20);

    @BeforeAll
    static void needs() {
        NetnsLab.assumeAvailable("sipp", "radvd", "sysctl");
    }

    /** The phone with two lines and no account, on tap0; radvd gives it its global address. */
    static NetnsLab.Phone phone(NetnsLab lab) throws Exception {
        NetnsLab.Phone phone = lab.startPhone(Tops.named("phone"), "tap0",
            c -> c.flashContents.put("config", "lines = 2\n".getBytes(StandardCharsets.US_ASCII)));
        lab.runOk("ip", "addr", "add", US + "/64", "dev", "tap0", "nodad");
        lab.runOk("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        Path radvd = lab.dir().resolve("radvd.conf");
        Files.writeString(radvd, "interface tap0 {\n AdvSendAdvert on;\n MinRtrAdvInterval 3;\n MaxRtrAdvInterval 4;\n"
            + " prefix 2001:db8:5060:1::/64 {\n AdvOnLink on;\n AdvAutonomous on;\n };\n};\n");
        lab.start("radvd", "-n", "-C", radvd.toString(), "-p", lab.dir().resolve("radvd.pid").toString(), "-m",
            "stderr", "-d", "1");
        phone.awaitLog("ip6: address formed " + PHONE, LONG);
        return phone;
    }

    /** Starts SIPp with a scenario of the test resources, as a UAC towards the phone. */
    static NetnsLab.Background sipp(NetnsLab lab, String scenario, String... more) throws IOException {
        Path file = lab.dir().resolve(scenario);
        try (InputStream in = SippNetnsTest.class.getResourceAsStream("/sip/sipp/" + scenario)) {
            Files.write(file, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", US, "-p", "5090", "-m", "1",
            "-nostdin", "-timeout", "20s", "-timeout_error", "-trace_err", "-error_file",
            lab.dir().resolve(scenario + ".errors.log").toString(), "-trace_msg", "-message_file",
            lab.dir().resolve(scenario + ".messages.log").toString()));
        cmd.addAll(List.of(more));
        cmd.add("[" + PHONE + "]:5060");
        return lab.start(cmd.toArray(new String[0]));
    }

    /** Runs a scenario to its end and fails unless SIPp exits 0 (its one call succeeded). */
    static void passes(NetnsLab lab, String scenario) throws IOException {
        NetnsLab.Background s = sipp(lab, scenario);
        int exit = s.awaitExit(LONG);
        assertEquals(0, exit, scenario + ": SIPp exit status (0: the call succeeded)\n" + messages(lab, scenario)
            + "\n--- errors\n" + read(lab.dir().resolve(scenario + ".errors.log")));
    }

    static String messages(NetnsLab lab, String scenario) {
        return read(lab.dir().resolve(scenario + ".messages.log"));
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "(none)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    static long count(NetnsLab.Phone phone, int from, String prefix) {
        List<TraceEvent> events = phone.events();
        return events.subList(from, events.size()).stream().filter(e -> e.kind().equals("console")
            && e.value().startsWith(prefix)).count();
    }

    @Test
    void malformedAndUnsupportedRequestsGetTheirStatusOrNoneAndACallWorks() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Phone phone = phone(lab);
            for (String scenario : List.of("options.xml", "bad-cseq.xml", "unsupported-method.xml", "bad-sdp.xml",
                "require.xml", "cancel-unknown.xml")) {
                passes(lab, scenario);
            }

            // Dropped, not answered: a request without Call-ID, one with more headers than the phone keeps, and one
            // of 3 kB, more than the phone reassembles (nothing of it reaches SIP); one of 1.7 kB, which IPv6
            // fragments, is reassembled and answered.
            int from = phone.events().size();
            passes(lab, "no-call-id.xml");
            phone.awaitLog(from, "sip: dropped a malformed message \\(problem " + SipMessage.PROBLEM_MISSING_HEADER
                + "\\)", LONG);
            phone.awaitLog(from, "sip: > \\[" + US + "\\]:5090 SIP/2.0 200 OK", LONG);
            assertEquals(1, count(phone, from, "sip: > "), "one answer, to the good OPTIONS");
            from = phone.events().size();
            passes(lab, "huge-headers.xml");
            phone.awaitLog(from, "sip: dropped a malformed message \\(problem " + SipMessage.PROBLEM_TOO_MANY_HEADERS
                + "\\)", LONG);
            phone.awaitLog(from, "sip: < \\[" + US + "\\]:5090 OPTIONS .*", LONG);
            long deadline = System.nanoTime() + LONG.toNanos();
            while (count(phone, from, "sip: > ") < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(4, count(phone, from, "sip: < [" + US + "]:5090 OPTIONS "), "four OPTIONS reached SIP "
                + "(the one of 3 kB did not)");
            assertEquals(3, count(phone, from, "sip: > [" + US + "]:5090 SIP/2.0 200 OK"), "three were answered");
            assertEquals(3, count(phone, from, "sip: > "), "nothing else was sent");

            // A call: SIPp's INVITE rings the phone, the test lifts the handset, SIPp echoes the phone's RTP back
            // (so a tone into the phone's microphone comes back to its earpiece), and ends the call with BYE.
            from = phone.events().size();
            NetnsLab.Background call = sipp(lab, "call.xml", "-rtp_echo", "-mp", "6000");
            phone.awaitLog(from, "sip: line 1 incoming call from sipp", LONG);
            phone.onWorld(() -> phone.phone().hook().set(true));
            phone.awaitLog(from, "media: line 1 rtp 16384 -> \\[" + US + "\\]:6000 PCMU pt 0 ptime 20 dtmf 101 sendrecv",
                LONG);
            WavFile tone = new WavFile(16000, MediaEchoOnSimTest.tone(16000, 1000, 8000, 2));
            phone.onWorld(() -> phone.simulation().world().feedMicrophone(phone.phone(),
                phone.simulation().world().nowUs() + 300_000, tone));
            assertEquals(0, call.awaitExit(LONG), "call.xml: SIPp exit status\n" + messages(lab, "call.xml")
                + "\n--- errors\n" + read(lab.dir().resolve("call.xml.errors.log")));
            phone.awaitLog(from, "sip: line 1 ended by the other side", LONG);
            phone.onWorld(() -> phone.phone().hook().set(false));
            TraceEvent heard = phone.awaitEvent(from, e -> e.kind().equals("sound") && e.name().equals("handset")
                && e.value().matches("(99|100|101)0 Hz .*"), Duration.ZERO);
            assertTrue(heard != null);

            // Still up after all of it.
            passes(lab, "options.xml");
        }
    }
}
