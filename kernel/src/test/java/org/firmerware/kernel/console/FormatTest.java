package org.firmerware.kernel.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormatTest {

    private interface Writer {
        int write(byte[] buf, int off, int end);
    }

    private static String out(int capacity, Writer w) {
        byte[] buf = new byte[capacity];
        int end = w.write(buf, 0, capacity);
        return new String(buf, 0, end, StandardCharsets.US_ASCII);
    }

    @Test
    void decimalsIncludingTheExtremes() {
        assertEquals("0", out(20, (b, o, e) -> Format.decimal(b, o, e, 0)));
        assertEquals("-42", out(20, (b, o, e) -> Format.decimal(b, o, e, -42)));
        assertEquals("2147483647", out(20, (b, o, e) -> Format.decimal(b, o, e, Integer.MAX_VALUE)));
        assertEquals("-2147483648", out(20, (b, o, e) -> Format.decimal(b, o, e, Integer.MIN_VALUE)));
        assertEquals("9223372036854775807", out(20, (b, o, e) -> Format.unsignedDecimal(b, o, e, Long.MAX_VALUE)));
    }

    @Test
    void outputIsCutAtTheEndAndNeverOverflows() {
        assertEquals("123", out(3, (b, o, e) -> Format.decimal(b, o, e, 12345)));
        assertEquals("-1", out(2, (b, o, e) -> Format.decimal(b, o, e, -12)));
        assertEquals("ab", out(2, (b, o, e) -> Format.text(b, o, e, "abc")));
    }

    @Test
    void paddedHexMacAndSeconds() {
        assertEquals("007", out(10, (b, o, e) -> Format.zeroPadded(b, o, e, 7, 3)));
        assertEquals("-07", out(10, (b, o, e) -> Format.zeroPadded(b, o, e, -7, 2)));
        assertEquals("00ff", out(10, (b, o, e) -> Format.hex(b, o, e, 255, 4)));
        assertEquals("deadbeef", out(10, (b, o, e) -> Format.hex(b, o, e, 0xDEADBEEF, 8)));
        byte[] mac = {0, 0x0b, (byte) 0x82, 0x19, (byte) 0xa0, (byte) 0xf4};
        assertEquals("00:0b:82:19:a0:f4", out(20, (b, o, e) -> Format.mac(b, o, e, mac, 0)));
        assertEquals("12.345", out(20, (b, o, e) -> Format.millisAsSeconds(b, o, e, 12345)));
        assertEquals("4294967.295", out(20, (b, o, e) -> Format.millisAsSeconds(b, o, e, -1)));
        assertEquals("caf?", out(20, (b, o, e) -> Format.text(b, o, e, "caf\u00e9")));
    }

    private static String ip6(String text) {
        byte[] a;
        try {
            a = java.net.InetAddress.getByName(text).getAddress();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        byte[] out = new byte[64];
        int n = Format.ip6(out, 0, out.length, a, 0);
        return new String(out, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @org.junit.jupiter.api.Test
    void ip6AddressesInTheTextFormOfRfc5952() {
        org.junit.jupiter.api.Assertions.assertEquals("::", ip6("::"));
        org.junit.jupiter.api.Assertions.assertEquals("::1", ip6("::1"));
        org.junit.jupiter.api.Assertions.assertEquals("fe80::ff:fe00:1", ip6("fe80:0:0:0:0:ff:fe00:1"));
        org.junit.jupiter.api.Assertions.assertEquals("2001:db8::1", ip6("2001:0db8:0:0:0:0:0:1"));
        org.junit.jupiter.api.Assertions.assertEquals("2001:db8:0:1:1:1:1:1", ip6("2001:db8:0:1:1:1:1:1"),
            "one zero group is not shortened (4.2.2)");
        org.junit.jupiter.api.Assertions.assertEquals("2001:0:0:1::1", ip6("2001:0:0:1:0:0:0:1"),
            "the longest run (4.2.3)");
        org.junit.jupiter.api.Assertions.assertEquals("2001:db8::1:0:0:1", ip6("2001:db8:0:0:1:0:0:1"),
            "the first of equal runs (4.2.3)");
        org.junit.jupiter.api.Assertions.assertEquals("ff02::1:ff00:1", ip6("ff02::1:ff00:1"));
        org.junit.jupiter.api.Assertions.assertEquals("2001:db8:1::", ip6("2001:db8:1::"));
        org.junit.jupiter.api.Assertions.assertEquals("abcd:ef01:2345:6789:abcd:ef01:2345:6789",
            ip6("ABCD:EF01:2345:6789:ABCD:EF01:2345:6789"), "lower case (4.3)");
        byte[] small = new byte[5];
        org.junit.jupiter.api.Assertions.assertEquals(5, Format.ip6(small, 0, 5,
            new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xfe, 0, 0, 1}, 0),
            "cut at the end");
    }
}
