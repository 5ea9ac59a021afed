package org.firmerware.top.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.firmerware.top.sip.message.SipMessage;
import org.firmerware.top.sip.message.SipWriter;
import org.junit.jupiter.api.Test;

/** MD5 and SHA-256 against the standards' vectors and the JDK; digest responses against RFC 2617 and RFC 7616. */
class DigestTest {

    private static String hash(MessageDigest d, String text) {
        byte[] in = text.getBytes(StandardCharsets.ISO_8859_1);
        d.update(in, 0, in.length);
        byte[] out = new byte[d.length()];
        d.digest(out, 0);
        return HexFormat.of().formatHex(out);
    }

    @Test
    void md5MatchesTheRfc1321TestSuite() {
        Md5 m = new Md5();
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", hash(m, ""));
        assertEquals("0cc175b9c0f1b6a831c399e269772661", hash(m, "a"));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", hash(m, "abc"));
        assertEquals("f96b697d7cb7938d525a2f31aaf161d0", hash(m, "message digest"));
        assertEquals("c3fcd3d76192e4007dfb496cca67e13b", hash(m, "abcdefghijklmnopqrstuvwxyz"));
        assertEquals("d174ab98d277d9f5a5611c2c9f419d9f",
            hash(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
        assertEquals("57edf4a22be3c955ac49da2e2107b67a",
            hash(m, "12345678901234567890123456789012345678901234567890123456789012345678901234567890"));
    }

    @Test
    void sha256MatchesTheFips180Examples() {
        Sha256 s = new Sha256();
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hash(s, ""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash(s, "abc"));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            hash(s, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
    }

    @Test
    void bothAgreeWithTheJdkOnEveryLengthAroundTheBlockBoundaries() throws Exception {
        Random r = new Random(7);
        Md5 m = new Md5();
        Sha256 s = new Sha256();
        for (int len = 0; len < 300; len++) {
            byte[] in = new byte[len];
            r.nextBytes(in);
            byte[] a = new byte[16];
            m.update(in, 0, len);
            m.digest(a, 0);
            assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(in)),
                HexFormat.of().formatHex(a), "MD5 of " + len + " bytes");
            byte[] b = new byte[32];
            s.update(in, 0, len);
            s.digest(b, 0);
            assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(in)),
                HexFormat.of().formatHex(b), "SHA-256 of " + len + " bytes");
        }
    }

    private static SipMessage response(String challengeLines) {
        String text = "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP [2001:db8::1];branch=z9hG4bKx\r\n"
            + "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n" + challengeLines
            + "Content-Length: 0\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        SipMessage m = new SipMessage();
        assertEquals(SipMessage.OK, m.parse(b, 0, b.length));
        return m;
    }

    private static String authorize(DigestAuth d, String method, String uri, String user, String pw, byte[] cnonce) {
        byte[] out = new byte[1000];
        SipWriter w = new SipWriter().reset(out, 0, out.length);
        byte[] u = uri.getBytes(StandardCharsets.ISO_8859_1);
        byte[] us = user.getBytes(StandardCharsets.ISO_8859_1);
        byte[] p = pw.getBytes(StandardCharsets.ISO_8859_1);
        d.writeAuthorization(w, method, u, 0, u.length, us, 0, us.length, p, 0, p.length, cnonce, 0, cnonce.length);
        assertFalse(w.overflowed());
        return new String(out, 0, w.length(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theRfc2617ExampleGivesItsResponse() {
        // RFC 2617 §3.5: Mufasa / "Circle Of Life", qop=auth, nc=00000001, cnonce 0a4f113b.
        SipMessage m = response("WWW-Authenticate: Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
            + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n");
        DigestAuth d = new DigestAuth();
        assertTrue(d.takeChallenge(m));
        assertEquals(DigestAuth.MD5, d.algorithm());
        String h = authorize(d, "GET", "/dir/index.html", "Mufasa", "Circle Of Life",
            new byte[] {0x0a, 0x4f, 0x11, 0x3b});
        assertTrue(h.contains("response=\"6629fae49393a05397450978507c4ef1\""), h);
        assertTrue(h.contains("nc=00000001"), h);
        assertTrue(h.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""), h);
        assertTrue(h.startsWith("Authorization: Digest username=\"Mufasa\""), h);
    }

    @Test
    void theRfc7616ExamplesGiveTheirResponses() {
        // RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256; the client takes SHA-256.
        SipMessage m = response(
            "WWW-Authenticate: Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"\r\n"
            + "WWW-Authenticate: Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"\r\n");
        DigestAuth d = new DigestAuth();
        assertTrue(d.takeChallenge(m));
        assertEquals(DigestAuth.SHA256, d.algorithm());
        byte[] cnonce = HexFormat.of().parseHex("f2ed7e8b7b6e7b2b"); // not the RFC's base64 cnonce, see below
        String h = authorize(d, "GET", "/dir/index.html", "Mufasa", "Circle of Life", cnonce);
        assertTrue(h.contains("algorithm=SHA-256"), h);
        // The RFC's cnonce is base64 text, which the phone never sends; recompute the expected value with the JDK.
        assertTrue(h.contains("response=\"" + expected("SHA-256", "Mufasa", "http-auth@example.org",
            "Circle of Life", "GET", "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
            "f2ed7e8b7b6e7b2b") + "\""), h);
    }

    @Test
    void theRfc7616Sha256VectorHoldsForItsOwnCnonce() {
        // The §3.9.1 SHA-256 response, computed with the RFC's own cnonce through the formula.
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
            expected("SHA-256", "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"));
    }

    @Test
    void aSecondChallengeWithTheSameNonceCountsOnAndStaleIsSeen() {
        DigestAuth d = new DigestAuth();
        SipMessage m = response("WWW-Authenticate: Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"\r\n");
        assertTrue(d.takeChallenge(m));
        authorize(d, "REGISTER", "sip:example.test", "alice", "pw", new byte[8]);
        assertTrue(authorize(d, "REGISTER", "sip:example.test", "alice", "pw", new byte[8]).contains("nc=00000002"));
        SipMessage stale = response("WWW-Authenticate: Digest realm=\"r\", nonce=\"n2\", stale=TRUE\r\n");
        assertTrue(d.takeChallenge(stale));
        assertTrue(d.isStale());
        String h = authorize(d, "REGISTER", "sip:example.test", "alice", "pw", new byte[8]);
        assertFalse(h.contains("qop"), h);
        assertTrue(h.contains("response=\"" + expectedNoQop("alice", "r", "pw", "REGISTER", "sip:example.test", "n2")
            + "\""), h);
    }

    @Test
    void unusableChallengesAreRefused() {
        DigestAuth d = new DigestAuth();
        assertFalse(d.takeChallenge(response("WWW-Authenticate: Basic realm=\"r\"\r\n")));
        assertFalse(d.takeChallenge(response("WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", "
            + "algorithm=SHA-512-256\r\n")));
        assertFalse(d.takeChallenge(response("WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"\r\n")));
        assertFalse(d.takeChallenge(response("WWW-Authenticate: Digest realm=\"r\"\r\n")));
        assertFalse(d.takeChallenge(response("")));
    }

    static String expected(String alg, String user, String realm, String pw, String method, String uri,
                           String nonce, String nc, String cnonce) {
        String ha1 = h(alg, user + ":" + realm + ":" + pw);
        String ha2 = h(alg, method + ":" + uri);
        return h(alg, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    }

    static String expectedNoQop(String user, String realm, String pw, String method, String uri, String nonce) {
        return h("MD5", h("MD5", user + ":" + realm + ":" + pw) + ":" + nonce + ":" + h("MD5", method + ":" + uri));
    }

    static String h(String alg, String text) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance(alg)
                .digest(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
