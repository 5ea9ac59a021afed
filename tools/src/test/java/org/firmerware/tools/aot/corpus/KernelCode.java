package org.firmerware.tools.aot.corpus;

import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.LogPort;
import org.firmerware.bottom.machine.Debug;
import org.firmerware.kernel.console.Format;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.ip6.InternetChecksum;
import org.firmerware.kernel.net.ip6.Ip6Address;

/**
 * Real firmware code under the compiler: the kernel's console log (a ring that drops its oldest lines), its
 * allocation-free number and address formatting (RFC 5952 text), the Internet checksum and IPv6 address helpers.
 */
public final class KernelCode {

    /** A clock that ticks 7 ms on every reading. */
    static final class TickingClock implements Clock {
        int ms = 1000;

        @Override
        public int now() {
            ms += 7;
            return ms;
        }

        @Override
        public void setAlarm(int atMs) {
        }

        @Override
        public void cancelAlarm() {
        }
    }

    /** A log port that prints each line. */
    static final class PrintingPort implements LogPort {
        @Override
        public void writeLine(byte[] text, int off, int len) {
            Debug.print("port: ");
            Debug.print(text, off, len);
            Debug.println();
        }
    }

    static final Log LOG = new Log(new TickingClock(), new PrintingPort(), 96, 40);
    static final byte[] MAC = {0x02, 0x00, 0x5E, 0x10, 0x00, (byte) 0xFE};
    static final byte[] BUF = new byte[64];
    static final byte[] ADDR = new byte[16];
    static final byte[] GROUP = new byte[16];
    static final byte[] GROUP_MAC = new byte[6];
    static final byte[] PACKET = new byte[48];
    static final byte[][] ADDRESSES = {
        {(byte) 0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
        {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
        {(byte) 0x20, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1},
        {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xff, 0x12, 0x34, 0x56},
    };

    public static void mission() {
        LOG.begin().text("mac ").mac(MAC, 0).text(" n=").decimal(-12345).text(" x=").hex(0xBEEF, 6).end();
        Ip6Address.linkLocalFromMac(MAC, 0, ADDR, 0);
        LOG.begin().text("ll ").ip6(ADDR, 0).end();
        Ip6Address.solicitedNode(ADDR, 0, GROUP, 0);
        Ip6Address.multicastMac(GROUP, 0, GROUP_MAC, 0);
        LOG.begin().text("sn ").ip6(GROUP, 0).text(" ").mac(GROUP_MAC, 0).end();
        for (int i = 0; i < ADDRESSES.length; i++) {
            byte[] a = ADDRESSES[i];
            LOG.begin().ip6(a, 0).text(" scope ").decimal(Ip6Address.scope(a, 0)).text(" prefix ")
                .decimal(Ip6Address.commonPrefixLength(a, 0, ADDRESSES[0], 0)).end();
            Out.z("multicast", Ip6Address.isMulticast(a, 0));
            Out.z("link-local", Ip6Address.isLinkLocal(a, 0));
            Out.z("solicited", Ip6Address.isSolicitedNodeOf(a, 0, ADDR, 0));
        }
        Out.i("first seq", LOG.firstSeq());
        Out.i("next seq", LOG.nextSeq());
        Out.i("dropped", LOG.droppedLines());
        for (int seq = LOG.firstSeq(); seq != LOG.nextSeq(); seq++) {
            int n = LOG.read(seq, BUF, 0, BUF.length);
            Debug.print("ring: ");
            Debug.print(LOG.timeOf(seq));
            Debug.print(" ");
            Debug.print(BUF, 0, n);
            Debug.println();
        }
        int end = Format.unsignedDecimal(BUF, 0, BUF.length, -1L);
        end = Format.zeroPadded(BUF, end, BUF.length, 42, 5);
        end = Format.millisAsSeconds(BUF, end, BUF.length, 123456);
        end = Format.decimal(BUF, end, 10, Integer.MIN_VALUE);
        Debug.print(BUF, 0, end);
        Debug.println();
        for (int i = 0; i < PACKET.length; i++) {
            PACKET[i] = (byte) (i * 37 + 11);
        }
        Bytes.put16(PACKET, 4, 8);
        Out.i("u32", Bytes.u32(PACKET, 8));
        Out.i("sum", InternetChecksum.finish(InternetChecksum.add(0, PACKET, 0, PACKET.length)));
        Out.i("odd sum", InternetChecksum.finish(InternetChecksum.add(0, PACKET, 1, 33)));
        InternetChecksum.setUpperLayer(PACKET, 0, 40, 8, 58, 42, false);
        Out.z("valid", InternetChecksum.isValid(PACKET, 0, 40, 8, 58));
        PACKET[45] ^= 1;
        Out.z("still valid", InternetChecksum.isValid(PACKET, 0, 40, 8, 58));
    }
}
