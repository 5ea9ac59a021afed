package org.firmerware.kernel.net.llc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.Packet;
import org.junit.jupiter.api.Test;

/** LLC type 1 (UI, XID, TEST), the SAP table and the station's answers without a connection. */
class LlcTest {

    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private final TestLan lan = new TestLan();
    private final TestLan.Station phone = lan.station(1, 2, 7, 256);
    private final TestLan.Station host = lan.station(9, 2, 7, 256);
    private final List<String> heard = new ArrayList<>();

    private LlcType1Handler recorder(String who) {
        return new LlcType1Handler() {
            @Override
            public void onUnitData(Packet p, int llcOffset, int infoOffset, int infoLength) {
                heard.add(who + " UI " + new String(p.data, infoOffset, infoLength) + " from "
                    + (p.data[EthernetHeader.SOURCE_OFFSET + 5]));
            }

            @Override
            public void onType1Response(Packet p, int llcOffset, int code, int infoOffset, int infoLength) {
                StringBuilder b = new StringBuilder(who + (code == LlcHeader.TEST ? " TEST " : " XID "));
                for (int i = 0; i < infoLength; i++) {
                    b.append(String.format("%02x", p.data[infoOffset + i]));
                }
                b.append(" from ").append(String.format("%02x", LlcHeader.ssap(p.data, llcOffset)));
                b.append(" F=").append(LlcHeader.uPollFinal(LlcHeader.control(p.data, llcOffset)) ? 1 : 0);
                heard.add(b.toString());
            }
        };
    }

    @Test
    void testToTheBroadcastAddressFindsTheConsoleSapAndIsEchoedWithF() {
        phone.llc.register(Llc.CONSOLE_SAP, null, new Recorder());
        host.llc.register(Llc.CONSOLE_SAP, recorder("host"), null);
        byte[] nonce = {1, 2, 3, 4};
        host.llc.sendTest(BROADCAST, 0, Llc.CONSOLE_SAP, Llc.CONSOLE_SAP, nonce, 0, 4);
        lan.run(10);
        assertEquals(List.of("host TEST 01020304 from 14 F=1"), heard);
        assertEquals(1, phone.llc.testsAnswered());
        assertEquals(List.of("1000 s9 TEST cmd P 14>14 len 4", "1001 s1 TEST rsp F 14>14 len 4"), lan.log);
    }

    @Test
    void xidIsAnsweredWithTheBasicFormatTheClassAndTheWindow() {
        phone.llc.register(Llc.CONSOLE_SAP, null, new Recorder());
        phone.llc.register(Llc.TFTP_SAP, recorder("phone"), null);
        host.llc.register(0x20, recorder("host"), null);
        host.llc.sendXid(phone.mac, 0, Llc.CONSOLE_SAP, 0x20);
        host.llc.sendXid(phone.mac, 0, Llc.TFTP_SAP, 0x20);
        host.llc.sendXid(phone.mac, 0, LlcHeader.NULL_SAP, 0x20);
        lan.run(10);
        assertEquals(List.of("host XID 81030e from 14 F=1", "host XID 810100 from 44 F=1",
            "host XID 810100 from 00 F=1"), heard);
    }

    @Test
    void theFBitOfAnAnswerIsThePBitOfTheCommand() {
        phone.llc.register(Llc.CONSOLE_SAP, null, new Recorder());
        host.llc.register(0x20, recorder("host"), null);
        // TEST command without P, to the phone's MAC.
        byte[] f = new byte[60];
        EthernetHeader.write(f, phone.mac, 0, host.mac, 0, 3 + 2);
        LlcHeader.writeU(f, 14, Llc.CONSOLE_SAP, 0x20, false, LlcHeader.TEST, false);
        f[17] = 'h';
        f[18] = 'i';
        lan.inject(host, f);
        lan.run(10);
        assertEquals(List.of("host TEST 6869 from 14 F=0"), heard);
    }

    @Test
    void theGlobalSapIsAnsweredByEverySapAndUnitDataReachesItsSap() {
        phone.llc.register(Llc.CONSOLE_SAP, null, new Recorder());
        phone.llc.register(Llc.TFTP_SAP, recorder("phone"), null);
        host.llc.register(0x20, recorder("host"), null);
        host.llc.sendTest(phone.mac, 0, LlcHeader.GLOBAL_SAP, 0x20, new byte[0], 0, 0);
        byte[] hello = "hello".getBytes();
        host.llc.sendUnitData(phone.mac, 0, Llc.TFTP_SAP, 0x20, hello, 0, hello.length);
        host.llc.sendUnitData(phone.mac, 0, 0x30, 0x20, hello, 0, hello.length);
        lan.run(10);
        assertEquals(List.of("phone UI hello from 9", "host TEST  from 14 F=1", "host TEST  from 44 F=1"), heard);
        assertEquals(1, phone.llc.drops(Llc.DROP_NO_SAP), "UI to a SAP nobody registered");
    }

    @Test
    void framesForAnotherStationAndTruncatedHeadersAreDropped() {
        phone.llc.register(Llc.CONSOLE_SAP, null, new Recorder());
        byte[] f = new byte[60];
        EthernetHeader.write(f, new byte[] {2, 0, 0, 0, 0, 7}, 0, host.mac, 0, 3);
        LlcHeader.writeU(f, 14, Llc.CONSOLE_SAP, 0x20, false, LlcHeader.TEST, true);
        lan.inject(host, f);
        byte[] g = new byte[60];
        EthernetHeader.write(g, phone.mac, 0, host.mac, 0, 3);
        LlcHeader.writeI(g, 14, Llc.CONSOLE_SAP, 0x20, false, 0, 0, false);
        lan.inject(host, g);
        lan.run(10);
        assertEquals(1, phone.llc.drops(Llc.DROP_NOT_FOR_US));
        assertEquals(1, phone.llc.drops(Llc.DROP_MALFORMED));
        assertEquals(0, phone.llc.testsAnswered());
    }

    @Test
    void aPollWithoutAConnectionIsAnsweredWithDmAndAFullTableRefusesSabme() {
        TestLan.Station small = lan.station(2, 1, 7, 256);
        small.llc.register(Llc.CONSOLE_SAP, null, new Recorder());
        Recorder a = new Recorder();
        host.llc.register(0x20, null, a);
        host.llc.register(0x22, null, new Recorder());
        assertNotNull(host.llc.connect(0x20, small.mac, 0, Llc.CONSOLE_SAP));
        lan.run(10);
        assertEquals(List.of("connected"), a.events);
        LlcType2Link second = host.llc.connect(0x22, small.mac, 0, Llc.CONSOLE_SAP);
        lan.run(10);
        assertEquals(LlcType2Link.ADM, second.state(), "refused with DM");
        assertEquals(1, small.llc.drops(Llc.DROP_NO_FREE_LINK));
        assertNull(host.llc.connect(0x30, small.mac, 0, Llc.CONSOLE_SAP), "SAP 0x30 is not registered");

        lan.log.clear();
        byte[] f = new byte[60];
        EthernetHeader.write(f, small.mac, 0, host.mac, 0, 4);
        LlcHeader.writeS(f, 14, Llc.CONSOLE_SAP, 0x24, false, LlcHeader.RR, 0, true);
        lan.inject(host, f);
        lan.run(10);
        assertEquals("DM rsp F 14>24", lan.log.get(1).substring(lan.log.get(1).indexOf(' ', 5) + 1));
    }
}
