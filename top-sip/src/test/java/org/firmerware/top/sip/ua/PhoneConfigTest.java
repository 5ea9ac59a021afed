package org.firmerware.top.sip.ua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.firmerware.top.sip.rtp.SessionConfig;
import org.junit.jupiter.api.Test;

/** The configuration text (docs/sip.md) read into preallocated accounts, and read again over an earlier one. */
class PhoneConfigTest {

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String user(Account a) {
        return new String(a.user, 0, a.userLen, StandardCharsets.US_ASCII) + "@"
            + new String(a.domain, 0, a.domainLen, StandardCharsets.US_ASCII);
    }

    @Test
    void theKeysOfThePhoneAndOfEachAccount() {
        byte[] t = text("lines = 3\nsip-port = 5070  # a comment\nptime = 30\ncodecs = G722 PCMU\n"
            + "account = alice@example.test\npassword = a\nexpires = 120\n"
            + "account = bob@example.test\nproxy = [2001:db8::1]:5080\n\0garbage = 1\n");
        PhoneConfig c = PhoneConfig.parse(t, 0, t.length);
        assertEquals(3, c.lines);
        assertEquals(5070, c.sipPort);
        assertEquals(30, c.ptimeMs);
        assertEquals(2, c.codecCount);
        assertEquals(SessionConfig.G722, c.codecs[0]);
        assertEquals(2, c.accountCount);
        assertEquals("alice@example.test", user(c.accounts[0]));
        assertEquals(120, c.accounts[0].expiresS);
        assertEquals("bob@example.test", user(c.accounts[1]));
        assertEquals(true, c.accounts[1].hasProxy);
        assertEquals(5080, c.accounts[1].proxyPort);
        assertEquals(0, c.errorCount, "the text ends at the NUL");
    }

    @Test
    void anAccountBeyondTheFourAllocatedIsNotUnderstood() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            b.append("account = u").append(i).append("@example.test\npassword = p").append(i).append('\n');
        }
        byte[] t = text(b.toString());
        PhoneConfig c = PhoneConfig.parse(t, 0, t.length);
        assertEquals(PhoneConfig.MAX_ACCOUNTS, c.accountCount);
        assertEquals("u4@example.test", user(c.accounts[3]));
        assertEquals(1, c.errorCount, "the fifth account line; its password line is skipped with it");
        assertEquals(9, c.firstErrorLine);
    }

    @Test
    void readingAgainStartsFromTheDefaultsInTheSameAccounts() {
        byte[] first = text("lines = 1\nsip-port = 5070\naccount = alice@example.test\nexpires = 60\nnonsense\n");
        PhoneConfig c = PhoneConfig.parse(first, 0, first.length);
        Account alice = c.accounts[0];
        assertEquals(1, c.errorCount);
        byte[] second = text("account = bob@example.test\n");
        c.parseInto(second, 0, second.length);
        assertEquals(PhoneConfig.DEFAULT_LINES, c.lines);
        assertEquals(PhoneConfig.DEFAULT_SIP_PORT, c.sipPort);
        assertEquals(0, c.errorCount);
        assertEquals(1, c.accountCount);
        assertSame(alice, c.accounts[0], "the same account object, filled again");
        assertEquals("bob@example.test", user(c.accounts[0]));
        assertEquals(Account.DEFAULT_EXPIRES_S, c.accounts[0].expiresS);
        c.parseInto(new byte[0], 0, 0);
        assertEquals(0, c.accountCount);
    }
}
