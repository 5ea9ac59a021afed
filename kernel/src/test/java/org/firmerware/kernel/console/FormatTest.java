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
}
