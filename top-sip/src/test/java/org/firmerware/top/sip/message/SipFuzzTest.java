package org.firmerware.top.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.firmerware.top.sip.auth.DigestAuth;
import org.firmerware.top.sip.sdp.Sdp;
import org.junit.jupiter.api.Test;

/**
 * A seeded random mutator over the parsers: a million mutated SIP messages (with SDP bodies and digest challenges)
 * through {@link SipMessage}, {@link Via}, {@link SipUri}, {@link Params}, {@link Sdp} and {@link DigestAuth}. None
 * may throw or loop, and every offset a parse reports must lie inside the datagram.
 */
class SipFuzzTest {

    static final String[] SEEDS = {
        "INVITE sip:100@[2001:db8::1]:5060;transport=udp SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP [2001:db8::2]:5070;branch=z9hG4bK776asdhds;rport, SIP/2.0/UDP proxy.test;branch=z9hG4bK1\r\n"
            + "Max-Forwards: 70\r\nRoute: <sip:[2001:db8::9];lr>\r\nRecord-Route: <sip:[2001:db8::9];lr;ftag=x>\r\n"
            + "From: \"Bob, the \\\"caller\\\"\" <sip:bob@example.test>;tag=1928301774\r\n"
            + "To: <sip:100@example.test>\r\nCall-ID: a84b4c76e66710@pc33.example.test\r\nCSeq: 314159 INVITE\r\n"
            + "Contact: <sip:bob@[2001:db8::2]:5070>\r\nContent-Type: application/sdp\r\nContent-Length: 212\r\n\r\n"
            + "v=0\r\no=- 1 2 IN IP6 2001:db8::2\r\ns=-\r\nc=IN IP6 2001:db8::2\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 9 0 8 96 101\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"
            + "a=ptime:30\r\na=sendonly\r\n",
        "SIP/2.0 401 Unauthorized\r\nv: SIP/2.0/UDP [2001:db8::2]:5060;branch=z9hG4bKx;received=2001:db8::2;rport=5060\r\n"
            + "f: <sip:a@b>;tag=1\r\nt: <sip:a@b>\r\n  ;tag=2\r\ni: c\r\nCSeq: 1 REGISTER\r\n"
            + "WWW-Authenticate: Digest realm=\"example.test\", nonce=\"abc\", qop=\"auth,auth-int\", "
            + "algorithm=SHA-256, opaque=\"x\", stale=FALSE\r\n"
            + "WWW-Authenticate: Digest realm=\"example.test\", nonce=\"abc\", algorithm=MD5\r\nl: 0\r\n\r\n",
        "\r\n\r\nOPTIONS sip:[::1] SIP/2.0\r\nVia: SIP/2.0/UDP [::1]\r\nFrom: sip:x@[::1];tag=a\r\nTo: sip:y@[::1]\r\n"
            + "Call-ID: 1\r\nCSeq: 1 OPTIONS\r\nRequire: foo, bar\r\n\r\n"};

    private static final byte[] SPECIAL = "\r\n:;,<>\" @[]=/\\0123456789abcdefz9hG4bK".getBytes(StandardCharsets.US_ASCII);

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int len = b.length;
        int edits = 1 + r.nextInt(8);
        for (int e = 0; e < edits && len > 0; e++) {
            int at = r.nextInt(len);
            switch (r.nextInt(6)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] = SPECIAL[r.nextInt(SPECIAL.length)];
                case 2 -> len = at;
                case 3 -> {
                    int n = Math.min(1 + r.nextInt(20), len - at);
                    System.arraycopy(b, at + n, b, at, len - at - n);
                    len -= n;
                }
                case 4 -> {
                    int from = r.nextInt(len);
                    int n = Math.min(r.nextInt(40), Math.min(len - from, b.length - at));
                    System.arraycopy(b, from, b, at, n);
                }
                default -> b[at] = (byte) (b[at] ^ (1 << r.nextInt(8)));
            }
        }
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, 0, len);
        return out;
    }

    @Test
    void aMillionMutatedMessagesParseSafely() {
        Random r = new Random(20261127);
        SipMessage m = new SipMessage();
        Via via = new Via();
        SipUri uri = new SipUri();
        Sdp sdp = new Sdp();
        DigestAuth auth = new DigestAuth();
        int[] slice = new int[4];
        byte[][] seeds = new byte[SEEDS.length][];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = SEEDS[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        int ok = 0;
        int bad = 0;
        int answerable = 0;
        long start = System.nanoTime();
        int cases = 1_000_000;
        for (int i = 0; i < cases; i++) {
            byte[] d = mutate(seeds[i % seeds.length], r);
            int result = m.parse(d, 0, d.length);
            if (result == SipMessage.BAD) {
                bad++;
                if (m.answerStatus() > 0) {
                    answerable++;
                    assertTrue(m.first(SipHeader.VIA) >= 0 && m.first(SipHeader.CALL_ID) >= 0);
                }
                continue;
            }
            if (result != SipMessage.OK) {
                continue;
            }
            ok++;
            for (int h = 0; h < m.headerCount(); h++) {
                assertTrue(m.valueOffset(h) >= 0 && m.valueOffset(h) + m.valueLength(h) <= d.length);
                if (m.headerId(h) == SipHeader.FROM || m.headerId(h) == SipHeader.CONTACT) {
                    if (Params.nameAddr(d, m.valueOffset(h), m.valueLength(h), slice)) {
                        assertTrue(slice[0] >= 0 && slice[0] + slice[1] <= d.length);
                        uri.parse(d, slice[0], slice[1]);
                        Params.find(d, slice[2], slice[3], "tag");
                    }
                }
            }
            assertTrue(m.bodyOffset() + m.bodyLength() <= d.length);
            if (via.parse(m)) {
                assertTrue(via.branchOffset() + via.branchLength() <= d.length);
            }
            if (m.isRequest()) {
                uri.parse(d, m.uriOffset(), m.uriLength());
            }
            sdp.parse(d, m.bodyOffset(), m.bodyLength());
            if (m.status() == 401 || m.status() == 407) {
                auth.takeChallenge(m);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("SipFuzzTest: %d cases in %.1f s: %d parsed, %d bad (%d answerable)%n", cases, seconds, ok,
            bad, answerable);
        assertEquals(cases, ok + bad + (cases - ok - bad));
        assertTrue(ok > cases / 20, "enough mutants still parse to reach the inner parsers: " + ok);
        assertTrue(bad > cases / 20, "and enough are bad: " + bad);
    }
}
