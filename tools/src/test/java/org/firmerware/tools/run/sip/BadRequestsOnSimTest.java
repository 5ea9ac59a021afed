package org.firmerware.tools.run.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.tools.profile.Tops;
import org.firmerware.tools.run.Simulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Requests the phone must refuse, each with the status RFC 3261 gives it, sent by a Java host on the virtual LAN;
 * and a stream of mutated requests that must neither crash nor hang the phone.
 */
class BadRequestsOnSimTest {

    Simulation sim;
    SimPhone phone;
    SipInjector host;

    @BeforeEach
    void start() {
        sim = Simulation.of("sim");
        phone = sim.addPhone(Tops.named("phone"), c -> c.flashContents.put("config",
            "lines = 1\n".getBytes(StandardCharsets.US_ASCII)));
        host = new SipInjector(sim.world());
        sim.runMs(3_000);
    }

    @AfterEach
    void close() {
        sim.close();
    }

    String ask(String request) {
        int before = host.received().size();
        sim.world().at(sim.world().nowUs(), () -> host.sendTo(phone, request.getBytes(StandardCharsets.ISO_8859_1)));
        sim.runMs(300);
        return host.received().size() > before ? host.received().get(before) : "(no answer)";
    }

    static String request(String startLine, String method, String extra, String body) {
        return startLine + "\r\nVia: SIP/2.0/UDP [fe80::10]:5070;branch=z9hG4bK" + Integer.toHexString(body.hashCode()
            ^ startLine.hashCode() ^ extra.hashCode()) + ";rport\r\nMax-Forwards: 70\r\n"
            + "From: <sip:test@[fe80::10]>;tag=t1\r\nTo: <sip:100@[fe80::ff:fe00:1]>\r\nCall-ID: bad-"
            + Integer.toHexString(startLine.hashCode() ^ extra.hashCode()) + "\r\nCSeq: 1 " + method + "\r\n" + extra
            + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static final String SDP_IP4 = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
        + "m=audio 4000 RTP/AVP 0\r\n";
    static final String SDP_GSM = "v=0\r\no=- 1 1 IN IP6 fe80::10\r\ns=-\r\nc=IN IP6 fe80::10\r\nt=0 0\r\n"
        + "m=audio 4000 RTP/AVP 3\r\n";

    @ParameterizedTest(name = "{0} gets {1}")
    @CsvSource(delimiter = '|', value = {
        "OPTIONS          | 200 OK",
        "FOO              | 501 Not Implemented",
        "REGISTER         | 405 Method Not Allowed",
        "SUBSCRIBE        | 405 Method Not Allowed",
        "bad CSeq         | 400 Bad Request",
        "CSeq method      | 400 Bad Request",
        "version          | 505 Version Not Supported",
        "sips             | 416 Unsupported URI Scheme",
        "tel              | 416 Unsupported URI Scheme",
        "Require          | 420 Bad Extension",
        "Content-Length   | 400 Bad Request",
        "text body        | 415 Unsupported Media Type",
        "IPv4 SDP         | 488 Not Acceptable Here",
        "no common codec  | 488 Not Acceptable Here",
        "BYE no dialog    | 481 Call/Transaction Does Not Exist",
        "REFER no dialog  | 481 Call/Transaction Does Not Exist",
        "REFER outside    | 403 Forbidden",
        "NOTIFY no dialog | 481 Call/Transaction Does Not Exist",
        "Replaces nothing | 481 Call/Transaction Does Not Exist",
        "CANCEL no INVITE | 481 Call/Transaction Does Not Exist"})
    void aBadRequestGetsTheRightStatus(String what, String status) {
        String uri = "sip:100@[fe80::ff:fe00:1]";
        String r = switch (what) {
            case "OPTIONS" -> request("OPTIONS " + uri + " SIP/2.0", "OPTIONS", "", "");
            case "FOO" -> request("FOO " + uri + " SIP/2.0", "FOO", "", "");
            case "REGISTER" -> request("REGISTER " + uri + " SIP/2.0", "REGISTER", "", "");
            case "SUBSCRIBE" -> request("SUBSCRIBE " + uri + " SIP/2.0", "SUBSCRIBE", "Event: presence\r\n", "");
            case "bad CSeq" -> request("OPTIONS " + uri + " SIP/2.0", "OPTIONS", "", "").replace("CSeq: 1", "CSeq: x1");
            case "CSeq method" -> request("OPTIONS " + uri + " SIP/2.0", "INVITE", "", "");
            case "version" -> request("OPTIONS " + uri + " SIP/3.0", "OPTIONS", "", "");
            case "sips" -> request("OPTIONS sips:100@[fe80::ff:fe00:1] SIP/2.0", "OPTIONS", "", "");
            case "tel" -> request("OPTIONS tel:+15551234 SIP/2.0", "OPTIONS", "", "");
            case "Require" -> request("OPTIONS " + uri + " SIP/2.0", "OPTIONS", "Require: 100rel\r\n", "");
            case "Content-Length" -> request("OPTIONS " + uri + " SIP/2.0", "OPTIONS", "", "")
                .replace("Content-Length: 0", "Content-Length: 500");
            case "text body" -> request("INVITE " + uri + " SIP/2.0", "INVITE",
                "Contact: <sip:test@[fe80::10]:5070>\r\nContent-Type: text/plain\r\n", "hello");
            case "IPv4 SDP" -> request("INVITE " + uri + " SIP/2.0", "INVITE",
                "Contact: <sip:test@[fe80::10]:5070>\r\nContent-Type: application/sdp\r\n", SDP_IP4);
            case "no common codec" -> request("INVITE " + uri + " SIP/2.0", "INVITE",
                "Contact: <sip:test@[fe80::10]:5070>\r\nContent-Type: application/sdp\r\n", SDP_GSM);
            case "REFER no dialog" -> request("REFER " + uri + " SIP/2.0", "REFER", "Contact: <sip:test@[fe80::10]:5070>"
                + "\r\nRefer-To: <sip:300@[fe80::3]>\r\n", "")
                .replace("To: <sip:100@[fe80::ff:fe00:1]>", "To: <sip:100@[fe80::ff:fe00:1]>;tag=nope");
            case "REFER outside" -> request("REFER " + uri + " SIP/2.0", "REFER", "Contact: <sip:test@[fe80::10]:5070>"
                + "\r\nRefer-To: <sip:300@[fe80::3]>\r\n", "");
            case "NOTIFY no dialog" -> request("NOTIFY " + uri + " SIP/2.0", "NOTIFY", "Event: refer\r\n"
                + "Subscription-State: active\r\nContent-Type: message/sipfrag\r\n", "SIP/2.0 200 OK\r\n")
                .replace("To: <sip:100@[fe80::ff:fe00:1]>", "To: <sip:100@[fe80::ff:fe00:1]>;tag=nope");
            // An INVITE that would replace a call the phone does not have (RFC 3891 §3), with Require: replaces.
            case "Replaces nothing" -> request("INVITE " + uri + " SIP/2.0", "INVITE",
                "Contact: <sip:test@[fe80::10]:5070>\r\nRequire: replaces\r\nReplaces: nocall@x;to-tag=a;"
                + "from-tag=b\r\n", "");
            case "BYE no dialog" -> request("BYE " + uri + " SIP/2.0", "BYE", "", "")
                .replace("To: <sip:100@[fe80::ff:fe00:1]>", "To: <sip:100@[fe80::ff:fe00:1]>;tag=nope");
            default -> request("CANCEL " + uri + " SIP/2.0", "CANCEL", "", "");
        };
        String answer = ask(r);
        assertTrue(answer.startsWith("SIP/2.0 " + status + "\r\n"), what + ":\n" + answer);
        if (!status.startsWith("100")) {
            assertTrue(answer.contains(";received=fe80::10;rport=5070"), "rport and received (RFC 3581):\n" + answer);
            assertTrue(answer.matches("(?s).*\r\nTo: <sip:100@\\[fe80::ff:fe00:1\\]>;tag=[0-9a-z]+\r\n.*"),
                "a To tag:\n" + answer);
        }
        if (status.startsWith("405")) {
            assertTrue(answer.contains("\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY\r\n"), answer);
        }
        if (status.startsWith("420")) {
            assertTrue(answer.contains("\r\nUnsupported: 100rel\r\n"), answer);
        }
    }

    @Test
    void compactFormsAndFoldedHeadersAreUnderstood() {
        String r = "OPTIONS sip:100@[fe80::ff:fe00:1] SIP/2.0\r\nv: SIP/2.0/UDP [fe80::10]:5070\r\n"
            + " ;branch=z9hG4bKcompact;rport\r\nMax-Forwards: 70\r\nf: <sip:test@[fe80::10]>;tag=t1\r\n"
            + "t: <sip:100@[fe80::ff:fe00:1]>\r\ni: compact-1\r\nCSeq: 7 OPTIONS\r\nl: 0\r\n\r\n";
        String answer = ask(r);
        assertTrue(answer.startsWith("SIP/2.0 200 OK\r\n"), answer);
        assertTrue(answer.contains("Call-ID: compact-1\r\n"), answer);
        assertTrue(answer.contains("branch=z9hG4bKcompact"), answer);
    }

    @Test
    void requestsWithoutTheHeadersAResponseNeedsAreDroppedAndTheStackStaysUp() {
        assertEquals("(no answer)", ask("OPTIONS sip:100@[fe80::ff:fe00:1] SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n"));
        assertEquals("(no answer)", ask("\u0000\u0001garbage"));
        assertEquals("(no answer)", ask("SIP/2.0 200 OK\r\n\r\n"));
        assertTrue(ask(request("OPTIONS sip:100@[fe80::ff:fe00:1] SIP/2.0", "OPTIONS", "", ""))
            .startsWith("SIP/2.0 200 OK"));
    }

    @Test
    void aThousandMutatedRequestsNeitherCrashNorHangThePhone() {
        Random random = new Random(11);
        for (int i = 0; i < 1000; i++) {
            byte[] d = SipInjector.mutated(random);
            sim.world().at(sim.world().nowUs() + i * 10_000L, () -> host.sendTo(phone, d));
        }
        sim.runMs(12_000);
        assertTrue(host.received().size() > 100, "answers: " + host.received().size());
        for (String a : host.received()) {
            assertTrue(a.startsWith("SIP/2.0 ") || a.equals("\r\n"), a);
        }
        // Still answering.
        String answer = ask(request("OPTIONS sip:100@[fe80::ff:fe00:1] SIP/2.0", "OPTIONS", "", ""));
        assertTrue(answer.startsWith("SIP/2.0 200 OK"), answer);
    }
}
