package org.firmerware.kernel.net.llc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LlcHeaderTest {

    private final byte[] b = new byte[32];

    private byte[] header(int length) {
        return Arrays.copyOfRange(b, 5, 5 + length);
    }

    @Test
    void uFormatOctetsAreThoseOfTheStandard() {
        // SABME with P from SAP 0x14 to SAP 0x16: 16 14 7f
        assertEquals(3, LlcHeader.writeU(b, 5, 0x16, 0x14, false, LlcHeader.SABME, true));
        assertArrayEquals(new byte[] {0x16, 0x14, 0x7F}, header(3));
        LlcHeader.writeU(b, 5, 0x14, 0x16, true, LlcHeader.UA, true);
        assertArrayEquals(new byte[] {0x14, 0x17, 0x73}, header(3));
        LlcHeader.writeU(b, 5, 0x14, 0x16, false, LlcHeader.DISC, true);
        assertArrayEquals(new byte[] {0x14, 0x16, 0x53}, header(3));
        LlcHeader.writeU(b, 5, 0x14, 0x16, true, LlcHeader.DM, false);
        assertArrayEquals(new byte[] {0x14, 0x17, 0x0F}, header(3));
        LlcHeader.writeU(b, 5, 0x44, 0x44, false, LlcHeader.UI, false);
        assertArrayEquals(new byte[] {0x44, 0x44, 0x03}, header(3));
        // RFC 1042: XID is 175 (191 with poll), TEST 227 (243 with poll).
        assertEquals(175, LlcHeader.XID);
        assertEquals(243, LlcHeader.TEST | LlcHeader.U_PF);
        assertEquals(0x87, LlcHeader.FRMR);
    }

    @Test
    void uFormatReadsBack() {
        LlcHeader.writeU(b, 5, 0x16, 0x14, true, LlcHeader.XID, true);
        int c = LlcHeader.control(b, 5);
        assertTrue(LlcHeader.isU(c));
        assertFalse(LlcHeader.isI(c));
        assertFalse(LlcHeader.isS(c));
        assertEquals(LlcHeader.XID, LlcHeader.uCode(c));
        assertTrue(LlcHeader.uPollFinal(c));
        assertEquals(3, LlcHeader.headerLength(c));
        assertEquals(0x16, LlcHeader.dsap(b, 5));
        assertEquals(0x14, LlcHeader.ssap(b, 5));
        assertTrue(LlcHeader.isResponse(b, 5));
        assertFalse(LlcHeader.isGroup(b, 5));
    }

    @Test
    void iFormatCarriesBothSequenceNumbersModulo128() {
        assertEquals(4, LlcHeader.writeI(b, 5, 0x14, 0x14, false, 5, 3, true));
        assertArrayEquals(new byte[] {0x14, 0x14, 0x0A, 0x07}, header(4));
        LlcHeader.writeI(b, 5, 0x14, 0x14, true, 127, 128 + 126, false);
        int c = LlcHeader.control(b, 5);
        assertTrue(LlcHeader.isI(c));
        assertEquals(4, LlcHeader.headerLength(c));
        assertEquals(127, LlcHeader.ns(b, 5));
        assertEquals(126, LlcHeader.nr(b, 5));
        assertFalse(LlcHeader.isPollFinal(b, 5));
        assertTrue(LlcHeader.isResponse(b, 5));
    }

    @Test
    void sFormatCodes() {
        LlcHeader.writeS(b, 5, 0x14, 0x14, true, LlcHeader.RR, 1, true);
        assertArrayEquals(new byte[] {0x14, 0x15, 0x01, 0x03}, header(4));
        LlcHeader.writeS(b, 5, 0x14, 0x14, false, LlcHeader.RNR, 64, false);
        assertArrayEquals(new byte[] {0x14, 0x14, 0x05, (byte) 0x80}, header(4));
        LlcHeader.writeS(b, 5, 0x14, 0x14, false, LlcHeader.REJ, 2, true);
        assertArrayEquals(new byte[] {0x14, 0x14, 0x09, 0x05}, header(4));
        int c = LlcHeader.control(b, 5);
        assertTrue(LlcHeader.isS(c));
        assertEquals(2, LlcHeader.nr(b, 5));
        assertTrue(LlcHeader.isPollFinal(b, 5));
    }

    @Test
    void groupAndGlobalAddresses() {
        LlcHeader.writeSaps(b, 5, 0x14, true, 0x14, false);
        assertTrue(LlcHeader.isGroup(b, 5));
        assertEquals(0x14, LlcHeader.dsap(b, 5));
        assertEquals(0x15, LlcHeader.dsapOctet(b, 5));
        b[5] = (byte) 0xFF;
        assertEquals(LlcHeader.GLOBAL_SAP, LlcHeader.dsapOctet(b, 5));
    }
}
