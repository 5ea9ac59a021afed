package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.firmerware.boards.bt200.Bt200Board;
import org.firmerware.boards.bt200.Bt200Map;
import org.firmerware.boards.sim.hw.SimDisplay;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.hw.TraceRing;
import org.firmerware.bottom.display.SevenSegment;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Display;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.hal.Sizes;
import org.firmerware.bottom.hal.Upcalls;
import org.firmerware.bottom.machine.Registers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BT200's drivers on a bench: the board is built on the test's thread against the register-level models (no
 * world, no kernel), and each test drives one device through its driver and reads what the models saw.
 */
class Bt200BenchTest {

    private static final byte[] MAC = {0x00, 0x0b, (byte) 0x82, 0x19, (byte) 0xa0, (byte) 0xf4};

    private Bt200Phone phone;
    private Bt200Board board;
    private final List<String> upcalls = new ArrayList<>();

    @BeforeEach
    void powerUp() {
        SimPhone.Config config = new SimPhone.Config();
        config.mac = MAC;
        phone = new Bt200Phone(config, b -> () -> { });
        phone.powerUp();
        board = new Bt200Board(new Sizes(), new Partition[] {
            new Partition("boot", 0, 128, Partition.WRITE_PROTECT), new Partition("rest", 128, 3968, 0)});
        phone.useBoard(board);
        assertEquals(List.of(), phone.hardwareErrors(), "the bring-up is clean");
        phone.trace().clear();
    }

    private void attachRecorder() {
        board.attach(new Upcalls() {
            @Override public void onAlarm() { upcalls.add("alarm"); }
            @Override public void onButtonPress(int c, int code) { upcalls.add("press " + c + " " + (char) code); }
            @Override public void onButtonRelease() { upcalls.add("release"); }
            @Override public void onHookChanged(boolean offHook) { upcalls.add("hook " + offHook); }
            @Override public void onCanReceive() { upcalls.add("receive"); }
            @Override public void onCanSend() { upcalls.add("send"); }
            @Override public void onOnline() { upcalls.add("online"); }
            @Override public void onOffline() { upcalls.add("offline"); }
            @Override public void onCanPlay(int channel) { upcalls.add("play"); }
            @Override public void onCanRecord(int channel) { upcalls.add("record"); }
        });
    }

    /** The trace records of a kind since the last clear, as "a b c". */
    private List<String> records(int kind) {
        TraceRing r = phone.trace();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            if (r.kind(i) == kind) {
                out.add(r.a(i) + " " + r.b(i) + " " + r.c(i));
            }
        }
        return out;
    }

    private void show(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        board.display().showText(b, 0, b.length);
    }

    // ------------------------------------------------------------------ the LCD: HT1621 driver, model, glass

    @Test
    void everyCharacterOfTheFontReachesTheGlassAsSevenSegmentDrawsIt() {
        for (int c = 0; c < 256; c++) {
            if (c == '.') {
                continue;
            }
            byte[] line = new byte[12];
            java.util.Arrays.fill(line, (byte) c);
            board.display().showText(line, 0, line.length);
            byte[] expected = new byte[12];
            for (int i = 0; i < 12; i++) {
                int cell = phone.lcdByte(Bt200Map.TEXT_CELLS[i]);
                assertEquals(SevenSegment.glyph(c), cell & ~SevenSegment.SYMBOL_BIT,
                    "character " + c + " at position " + i);
                assertEquals(0, cell & SevenSegment.SYMBOL_BIT, "no point lit by character " + c);
                expected[i] = (byte) SevenSegment.glyph(c);
            }
            assertEquals(SimDisplay.read(expected), phone.displayText(), "how character " + c + " reads");
            phone.trace().clear();
        }
        // A lone point has no character to sit on: it takes a cell, drawn as a dash.
        show(".");
        assertEquals(SevenSegment.DASH, phone.lcdByte(Bt200Map.TEXT_CELLS[0]));
        assertEquals(List.of(), phone.hardwareErrors());
    }

    @Test
    void eachCharacterAtEachPositionLightsOnlyItsCell() {
        for (int pos = 0; pos < 12; pos++) {
            for (char c : "0123456789abcdefghijklmnopqrstuvwxyz-".toCharArray()) {
                byte[] line = "            ".getBytes(StandardCharsets.ISO_8859_1);
                line[pos] = (byte) c;
                board.display().showText(line, 0, line.length);
                for (int i = 0; i < 12; i++) {
                    int cell = phone.lcdByte(Bt200Map.TEXT_CELLS[i]) & ~SevenSegment.SYMBOL_BIT;
                    assertEquals(i == pos ? SevenSegment.glyph(c) : 0, cell, c + " at " + pos + ", cell " + i);
                }
            }
            phone.trace().clear();
        }
    }

    @Test
    void pointsOfAnIpv4AddressRideOnCellsTwoFiveAndEight() {
        show("192.168.001.254");
        assertEquals("192.168.001.254", phone.displayText());
        for (int i = 0; i < 12; i++) {
            boolean point = (phone.lcdByte(Bt200Map.TEXT_CELLS[i]) & SevenSegment.SYMBOL_BIT) != 0;
            assertEquals(i == 2 || i == 5 || i == 8, point, "point of cell " + i);
        }
        show("1.2");
        assertEquals("1-2", phone.displayText(), "no point on cell 0: the point takes a cell");
    }

    @Test
    void clockSymbolsBarAndLightsAreDecodedFromTheSegments() {
        Display d = board.display();
        d.showTime(12, 34, true);
        d.showTime(5, 7, false);
        d.clearTime();
        assertEquals(List.of("12 34 1", "5 7 0"), records(TraceRing.TIME));
        assertEquals(1, records(TraceRing.TIME_OFF).size());
        for (int s = 0; s < Display.SYMBOLS; s++) {
            d.setSymbol(s, true);
        }
        for (int s = 0; s < Display.SYMBOLS; s++) {
            d.setSymbol(s, false);
        }
        List<String> symbols = records(TraceRing.SYMBOL);
        assertEquals(2 * Display.SYMBOLS, symbols.size());
        for (int s = 0; s < Display.SYMBOLS; s++) {
            assertEquals(s + " 1 0", symbols.get(s));
            assertEquals(s + " 0 0", symbols.get(Display.SYMBOLS + s));
        }
        for (int level = 1; level <= 7; level++) {
            d.showBar(level);
        }
        d.showBar(0);
        assertEquals(List.of("1 0 0", "2 0 0", "3 0 0", "4 0 0", "5 0 0", "6 0 0", "7 0 0", "0 0 0"),
            records(TraceRing.BAR));
        Leds leds = board.leds();
        for (int led : new int[] {Leds.MESSAGE, Leds.HANDSET, Leds.SPEAKER, Leds.BACKLIGHT}) {
            leds.set(led, Leds.GREEN);
            leds.set(led, Leds.OFF);
        }
        assertEquals(List.of("0 1 0", "0 0 0", "1 1 0", "1 0 0", "2 1 0", "2 0 0", "3 1 0", "3 0 0"),
            records(TraceRing.LED));
        assertEquals(List.of(), phone.hardwareErrors());
    }

    @Test
    void onlyChangesAreSentToTheController() {
        show("hello");
        int after = phone.lcdTransactions();
        show("hello");
        assertEquals(after, phone.lcdTransactions(), "nothing changed, nothing sent");
        show("hellp");
        assertEquals(after + 1, phone.lcdTransactions(), "one change, one transaction");
    }

    // ------------------------------------------------------------------ the HT1621 model's protocol checks

    /** Drives the latch's WR and DATA (rows kept low) as a driver would, with the given CPU cycles per half bit. */
    private void latch(boolean wr, boolean data, int halfBitCycles) {
        int v = (wr ? Bt200Map.LATCH_LCD_WR : 0) | (data ? Bt200Map.LATCH_LCD_DATA : 0);
        Registers.write16(Bt200Map.LATCH, v);
        org.firmerware.bottom.machine.Delay.cycles(halfBitCycles);
    }

    private void cs(boolean low) {
        int data = Registers.ioRead16(IO_IODATA);
        Registers.ioWrite16(IO_IODATA, low ? data & ~(1 << Bt200Map.GPIO_LCD_CS) : data | 1 << Bt200Map.GPIO_LCD_CS);
    }

    private void bits(String bits, int halfBitCycles) {
        for (char b : bits.toCharArray()) {
            latch(false, b == '1', halfBitCycles);
            latch(true, b == '1', halfBitCycles);
        }
    }

    @Test
    void theControllerModelFlagsBrokenTransactions() {
        cs(true);
        bits("100" + "0000", 500);
        cs(false);
        assertTrue(phone.hardwareErrors().get(0).contains("CS went high 4 bits"), phone.hardwareErrors().toString());

        cs(true);
        bits("100" + "11100000" + "0", 500);
        cs(false);
        assertTrue(phone.hardwareErrors().get(1).contains("test-mode command 0xe0"), phone.hardwareErrors().toString());

        cs(true);
        bits("110", 500);
        cs(false);
        assertTrue(phone.hardwareErrors().get(2).contains("mode 6"), phone.hardwareErrors().toString());

        cs(true);
        bits("101", 40);
        cs(false);
        assertTrue(phone.hardwareErrors().get(3).contains("WR changed"), phone.hardwareErrors().toString());
    }

    // ------------------------------------------------------------------ keys and hook

    @Test
    void theMatrixScanFindsEveryKeyAndTheHookIsReadOnGpio5() {
        attachRecorder();
        List<String> expected = new ArrayList<>();
        String codes = Bt200Map.KEY_CODES;
        for (int k = 0; k < codes.length(); k++) {
            int keyClass = k / 5 <= 3 && k % 5 <= 2 ? Buttons.DTMF : Buttons.FIXED_FUNCTION;
            phone.keys().press(keyClass, codes.charAt(k));
            board.buttons().poll();
            phone.nowUs += 30_000;
            phone.keys().release();
            board.buttons().poll();
            phone.nowUs += 30_000;
            expected.add("press " + keyClass + " " + codes.charAt(k));
            expected.add("release");
        }
        assertEquals(expected, upcalls);
        upcalls.clear();
        assertFalse(board.hook().isOffHook());
        phone.hook().set(true);
        board.hook().poll();
        assertTrue(board.hook().isOffHook());
        assertEquals(List.of("hook true"), upcalls);
        assertEquals(List.of(), phone.hardwareErrors());
    }

    @Test
    void aBouncingKeyIsReportedOnce() {
        attachRecorder();
        phone.keys().press(Buttons.DTMF, '5');
        board.buttons().poll();
        phone.keys().release();
        phone.nowUs += 5_000;
        board.buttons().poll();
        phone.keys().press(Buttons.DTMF, '5');
        phone.nowUs += 5_000;
        board.buttons().poll();
        assertEquals(List.of("press 1 5"), upcalls, "bounces within 20 ms are not reported");
        phone.keys().release();
        phone.nowUs += 30_000;
        board.buttons().poll();
        assertEquals(List.of("press 1 5", "release"), upcalls);
    }

    // ------------------------------------------------------------------ flash

    @Test
    void theFlashIsFoundByItsQueryTableAndKeepsTheMacAddress() {
        Flash flash = board.flash();
        assertEquals(512, flash.blockSize());
        assertEquals(4096, flash.blockCount());
        assertEquals(128, flash.eraseUnitBlocks(), "the largest sector is 64 KiB");
        byte[] block = new byte[512];
        assertTrue(flash.read(0x014006 / 512, block, 0));
        assertArrayEquals(MAC, java.util.Arrays.copyOfRange(block, 6, 12));
        byte[] mac = new byte[6];
        board.network().macAddress(mac, 0);
        assertArrayEquals(MAC, mac, "the KSZ8842 got the MAC address from the flash");
    }

    @Test
    void flashBlocksAreErasedProgrammedAndProtected() {
        Flash flash = board.flash();
        byte[] data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        assertTrue(flash.program(300, data, 0));
        byte[] back = new byte[512];
        assertTrue(flash.read(300, back, 0));
        assertArrayEquals(data, back);
        byte[] ones = new byte[512];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertFalse(flash.program(300, ones, 0), "a 0 cannot become 1 without an erase");
        assertTrue(flash.read(300, back, 0), "the chip was reset after the failed program");

        assertTrue(flash.erase(300));
        assertTrue(flash.isBusy());
        assertFalse(flash.read(300, back, 0), "no reading while erasing");
        phone.nowUs += CfiFlashModel.ERASE_US;
        assertFalse(flash.isBusy());
        assertTrue(flash.read(300, back, 0));
        assertArrayEquals(ones, back);

        assertFalse(flash.erase(5), "the boot partition is write-protected");
        assertFalse(flash.program(5, data, 0));
        assertEquals(List.of(), phone.hardwareErrors());
    }

    @Test
    void erasingTheFirstUnitErasesItsFourBootSectorsOneAfterTheOther() {
        board = new Bt200Board(new Sizes(), new Partition[] {new Partition("all", 0, 4096, 0)});
        phone.useBoard(board);
        Flash flash = board.flash();
        byte[] zeros = new byte[512];
        for (int b = 0; b < 128; b += 31) {
            assertTrue(flash.program(b, zeros, 0));
        }
        assertTrue(flash.erase(70));
        int sectors = 0;
        while (flash.isBusy()) {
            phone.nowUs += CfiFlashModel.ERASE_US;
            sectors++;
        }
        assertEquals(4, sectors, "16, 8, 8 and 32 KiB");
        byte[] back = new byte[512];
        for (int b = 0; b < 128; b++) {
            assertTrue(flash.read(b, back, 0));
            for (byte x : back) {
                assertEquals((byte) 0xFF, x, "block " + b);
            }
        }
    }

    // ------------------------------------------------------------------ codec

    @Test
    void theCodecAnswersOnlyAfterItsResetPulse() {
        // A bench without the pulse: GPIO7 goes high straight away, and I2C follows at once.
        phone.powerUp();
        Registers.ioWrite16(IO_IODATA, 0x02);
        Registers.ioWrite16(IO_IODIR, 0x82);
        Registers.ioWrite16(IO_IODATA, 0x82);
        org.firmerware.bottom.chip.tms320vc5501.I2cMaster i2c = new org.firmerware.bottom.chip.tms320vc5501.I2cMaster(
            new org.firmerware.bottom.chip.tms320vc5501.I2cMaster.Config(5, 46, 46, 0x5A, 100));
        i2c.configure();
        assertFalse(i2c.write(0x40, new byte[] {1, 0x49}, 0, 2), "the codec does not acknowledge yet");
        List<String> errors = phone.hardwareErrors();
        assertTrue(errors.stream().anyMatch(e -> e.contains("codec reset held low")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("132 MCLK")), errors.toString());
    }

    @Test
    void theCodecIsSetUpAsTheOldPortsKnownGoodDumpAndItsPllFollowsTheRate() {
        Tlv320aic20kModel codec = phone.codec;
        assertEquals(0x49, codec.register(1, 0));
        assertEquals(0xA0, codec.register(2, 0));
        assertEquals(0x31, codec.register(3, 0), "powered down until routed");
        assertEquals(0x08, codec.register(4, 0), "8000 Hz: N = 1, P = 8");
        assertEquals(0x9E, codec.register(4, 1), "8000 Hz: M = 30");
        assertEquals(0x50, codec.register(5, 1), "volume 15");
        assertEquals(8000, codec.sampleRateHz());
        var sound = board.sound();
        for (int hz : new int[] {8000, 16000, 1875, 48000}) {
            assertTrue(sound.configure(0, hz, 64));
            assertEquals(hz, codec.sampleRateHz(), "the PLL makes " + hz + " Hz exactly");
            assertEquals(hz, phone.mcbsp1.frameRateHz(), "McBSP1 frames at " + hz + " Hz");
        }
        assertFalse(sound.configure(0, 1000, 64), "below 1875 Hz");
        sound.route(0, org.firmerware.bottom.hal.Sound.DEVICE_SPEAKER);
        assertEquals(0x01, codec.register(3, 0), "powered up");
        assertEquals(0x81, codec.register(6, 1), "the speakerphone is on the headset output");
        assertEquals(0x01, codec.register(6, 0), "and the headset input");
        assertEquals(0x81, ((org.firmerware.bottom.chip.tlv320aic2x.Tlv320aic2x) board.sound()).readRegister(6),
            "read back over I2C");
        assertEquals(List.of(), phone.hardwareErrors());
    }

    @Test
    void theSoundRingStartsTheStreamAndCountsBlocks() {
        attachRecorder();
        var sound = board.sound();
        assertTrue(sound.configure(0, 8000, 64));
        sound.route(0, org.firmerware.bottom.hal.Sound.DEVICE_HANDSET);
        for (int b = 0; b < sound.blockCount(); b++) {
            assertTrue(sound.claimPlay(0) >= 0);
            sound.releasePlay(0);
        }
        assertEquals(-1, sound.claimPlay(0), "the ring is full");
        assertTrue(phone.mcbsp1.framing(), "frames run once a block is queued");
        phone.nowUs += 8_000;
        phone.advanceTo(phone.nowUs, null, null);
        board.cpu().prepareSleep();
        board.cpu().commitSleep(org.firmerware.bottom.hal.Cpu.SNOOZE);
        assertTrue(upcalls.contains("record"), upcalls.toString());
        assertEquals(List.of(), phone.hardwareErrors());
    }
}
