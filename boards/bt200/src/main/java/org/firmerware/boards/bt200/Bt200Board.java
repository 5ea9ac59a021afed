package org.firmerware.boards.bt200;

import static org.firmerware.boards.bt200.Bt200Map.*;
import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.bottom.chip.cfi.CfiFlash;
import org.firmerware.bottom.chip.ht162x.Ht162x;
import org.firmerware.bottom.chip.ht162x.Ht162xRegisters;
import org.firmerware.bottom.chip.ksz8842.Ksz8842;
import org.firmerware.bottom.chip.tlv320aic2x.Tlv320aic2x;
import org.firmerware.bottom.chip.tlv320aic2x.Tlv320aic2xRegisters;
import org.firmerware.bottom.chip.tms320vc5501.Emif;
import org.firmerware.bottom.chip.tms320vc5501.ExternalInterrupt0;
import org.firmerware.bottom.chip.tms320vc5501.Gpio;
import org.firmerware.bottom.chip.tms320vc5501.I2cMaster;
import org.firmerware.bottom.chip.tms320vc5501.McbspDmaStream;
import org.firmerware.bottom.chip.tms320vc5501.McbspPins;
import org.firmerware.bottom.chip.tms320vc5501.Pll;
import org.firmerware.bottom.chip.tms320vc5501.TimerClock;
import org.firmerware.bottom.chip.tms320vc5501.Vc5501Cpu;
import org.firmerware.bottom.display.SevenSegmentLcd;
import org.firmerware.bottom.hal.Board;
import org.firmerware.bottom.hal.Buttons;
import org.firmerware.bottom.hal.Clock;
import org.firmerware.bottom.hal.Cpu;
import org.firmerware.bottom.hal.Display;
import org.firmerware.bottom.hal.Entropy;
import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Hook;
import org.firmerware.bottom.hal.Leds;
import org.firmerware.bottom.hal.LogPort;
import org.firmerware.bottom.hal.NetworkPort;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.hal.Sizes;
import org.firmerware.bottom.hal.Sound;
import org.firmerware.bottom.hal.Upcalls;
import org.firmerware.bottom.hal.WallClock;
import org.firmerware.bottom.hal.Watchdog;
import org.firmerware.bottom.machine.Delay;
import org.firmerware.bottom.machine.Registers;

/**
 * The board "bt200": the Grandstream BT200 IP phone. This class only wires: which chip driver sits on which bus and
 * pin, with which settings; the drivers live in {@code org.firmerware.bottom.chip.*}.
 *
 * <table>
 *   <caption>What is where</caption>
 *   <tr><th>Part</th><th>Driver</th><th>Wiring</th></tr>
 *   <tr><td>TMS320VC5501 DSP</td><td>{@code tms320vc5501.*}</td><td>16.384 MHz × 15 = 245.76 MHz; SYSCLK1 122.88
 *       MHz (timers), SYSCLK2 61.44 MHz (McBSP, I2C)</td></tr>
 *   <tr><td>HT1621 LCD controller</td><td>{@link Ht162x}, {@link SevenSegmentLcd}</td><td>CS on GPIO1, WR and DATA
 *       on the latch; the segment map of {@link Bt200Map}</td></tr>
 *   <tr><td>TLV320AIC20K codec</td><td>{@link Tlv320aic2x}</td><td>I2C 0x40, reset on GPIO7, samples on McBSP1 with
 *       DMA 0 and 1; the hands-free speaker is on the codec's headset path</td></tr>
 *   <tr><td>KSZ8842-16 Ethernet</td><td>{@link Ksz8842}</td><td>CE0 at word 0x012340, interrupt on INT0</td></tr>
 *   <tr><td>NOR flash, 2 MiB</td><td>{@link CfiFlash}</td><td>CE1 at word 0x200000; the MAC address at word
 *       0xA003</td></tr>
 *   <tr><td>Keys, hook</td><td>{@link Bt200Keys}, {@link Bt200Hook}</td><td>rows on the latch, columns on McBSP0's
 *       pins; hook on GPIO5; both polled</td></tr>
 *   <tr><td>Lights</td><td>{@link Bt200Leds}</td><td>MESSAGE on XF, backlight on McBSP0's DX, HANDSET and SPEAKER on
 *       the LCD</td></tr>
 * </table>
 *
 * <h2>Life</h2>
 * The constructor allocates every driver and does no I/O. {@link #configure()}, which the constructor calls last, is
 * the bring-up: on a device it must run at every boot (it is what the AOT image runs before the kernel's init). It
 * leaves interrupts masked; {@link #attach} hands the kernel's upcalls to the drivers and unmasks them.
 */
public final class Bt200Board implements Board {

    /** The HT1621's settings at power-up, in the order of the 0cpm port, LCD ON last (after the RAM is cleared). */
    private static final int[] LCD_SETUP = {
        Ht162xRegisters.CMD_LCD_OFF, Ht162xRegisters.CMD_NORMAL, Ht162xRegisters.CMD_RC_256K,
        Ht162xRegisters.CMD_SYS_EN, Ht162xRegisters.CMD_TIMER_DIS, Ht162xRegisters.CMD_WDT_DIS,
        Ht162xRegisters.CMD_TONE_OFF, Ht162xRegisters.CMD_BIAS_THIRD | Ht162xRegisters.BIAS_4_COMMONS,
        Ht162xRegisters.CMD_TONE_2K};
    private static final int[] LCD_ENABLE = {Ht162xRegisters.CMD_LCD_ON};
    /** CPU cycles of half a WR period: 2 µs at 245.76 MHz (the HT1621 needs about 1.7 µs at 3 V). */
    private static final int LCD_HALF_BIT_CYCLES = 500;
    /** CPU cycles the codec's reset is held, and waited for after: 132 MCLK (4.3 µs) and more. */
    private static final int CODEC_RESET_CYCLES = 2000;

    private final Sizes sizes;
    private final Vc5501Cpu cpu;
    private final Pll pll;
    private final Emif emif;
    private final Gpio gpio;
    private final TimerClock clock;
    private final McbspPins mcbsp0;
    private final Bt200Latch latch;
    private final Ht162x lcdController;
    private final SevenSegmentLcd display;
    private final Bt200Leds leds;
    private final Bt200Keys keys;
    private final Bt200Hook hook;
    private final I2cMaster i2c;
    private final McbspDmaStream sampleStream;
    private final Tlv320aic2x codec;
    private final CfiFlash flash;
    private final Ksz8842 ethernet;
    private final ExternalInterrupt0 ethernetInterrupt;
    private final Bt200Entropy entropy;
    private final byte[] mac = new byte[6];

    /**
     * Wires the board and brings it up.
     *
     * @param sizes the profile's sizes
     * @param partitions the profile's flash partitions
     */
    public Bt200Board(Sizes sizes, Partition[] partitions) {
        this.sizes = sizes;
        cpu = new Vc5501Cpu(new Vc5501Cpu.Config(ICR_CPUI, ICR_CPUI | ICR_ICACHEI | ICR_MPI | ICR_PERI,
            PICR_BIOST | PICR_WDT | PICR_URT | PICR_I2C | PICR_SP1, 4));
        pll = new Pll(new Pll.Config(15, new int[] {1, 2, 4, 4}, 300, 10_000));
        emif = new Emif(new Emif.Config(0xFF7F, 0x0005, 0x3F2F, 0xFFFF, 0x0922, 0x31F2, 0xFF37, 0xFF13, 0x6FFE,
            0x8712, 0xF5DC, 0xFFFF, 0xB809, 0xFFFC));
        gpio = new Gpio(1 << GPIO_LCD_CS | 1 << GPIO_CODEC_RESET, 1 << GPIO_LCD_CS);
        clock = new TimerClock(cpu, new TimerClock.Config(122_880));
        mcbsp0 = new McbspPins(IO_MCBSP0);
        latch = new Bt200Latch();
        lcdController = new Ht162x(new Bt200LcdPins(gpio, latch),
            new Ht162x.Config(2 * LCD_BYTES, LCD_SETUP, LCD_ENABLE, LCD_HALF_BIT_CYCLES));
        display = new SevenSegmentLcd(lcdController, new SevenSegmentLcd.Layout(TEXT_CELLS, POINT_POSITIONS,
            CLOCK_FIRST_UNITS, CLOCK_SECOND_TENS, CLOCK_SECOND_UNITS, CLOCK_TENS_ONE, CLOCK_COLON, SYMBOL_CELLS,
            BAR_CELL, BAR_LEVELS));
        leds = new Bt200Leds(cpu, mcbsp0, display);
        keys = new Bt200Keys(latch, mcbsp0, cpu, clock);
        hook = new Bt200Hook(gpio, cpu, clock);
        i2c = new I2cMaster(new I2cMaster.Config(5, 46, 46, 0x5A, 100_000));
        sampleStream = new McbspDmaStream(cpu, new McbspDmaStream.Config(61_440_000, 12_288_000));
        codec = new Tlv320aic2x(i2c, sampleStream, cpu, new Tlv320aic2x.Config(Tlv320aic2xRegisters.ADDRESS,
            30_720_000, 1875, 52_000, codecInputs(), codecOutputs()), sizes.soundBlocks(), sizes.soundBlockSamples());
        flash = new CfiFlash(new FlashBus(), new CfiFlash.Config(512, partitions, 10_000, 4));
        ethernet = new Ksz8842(new EthernetBus(), new Ksz8842.Config(1518, 4, 8));
        ethernetInterrupt = new ExternalInterrupt0(cpu, new EthernetInterrupt(ethernet));
        entropy = new Bt200Entropy(clock);
        configure();
    }

    /** The codec's input for each {@code Sound.DEVICE_*}; the speakerphone is on the headset path. */
    private static int[] codecInputs() {
        int[] in = {-1, -1, -1, -1, -1};
        in[Sound.DEVICE_HANDSET] = Tlv320aic2xRegisters.INPUT_HANDSET;
        in[Sound.DEVICE_SPEAKER] = Tlv320aic2xRegisters.INPUT_HEADSET;
        return in;
    }

    /** The codec's output for each {@code Sound.DEVICE_*}. */
    private static int[] codecOutputs() {
        int[] out = {-1, -1, -1, -1, -1};
        out[Sound.DEVICE_HANDSET] = Tlv320aic2xRegisters.OUTPUT_HANDSET;
        out[Sound.DEVICE_SPEAKER] = Tlv320aic2xRegisters.OUTPUT_HEADSET;
        return out;
    }

    /**
     * The bring-up, in dependency order: interrupts masked, clocks, external memory, pins, timers, the LCD, the
     * codec (out of reset, then over I2C), the flash (its query table, then the MAC address) and the Ethernet chip.
     */
    public void configure() {
        cpu.configure();
        pll.configure();
        emif.configure();
        gpio.configure();
        clock.configure();
        mcbsp0.configure();
        latch.configure();
        lcdController.configure();
        leds.configure();
        hook.configure();
        Delay.cycles(CODEC_RESET_CYCLES);
        gpio.set(GPIO_CODEC_RESET, true);
        Delay.cycles(CODEC_RESET_CYCLES);
        i2c.configure();
        codec.configure();
        if (flash.configure()) {
            for (int i = 0; i < 3; i++) {
                int word = Registers.read16(FLASH + 2 * (FLASH_MAC_WORD + i));
                mac[2 * i] = (byte) (word >> 8);
                mac[2 * i + 1] = (byte) word;
            }
        }
        ethernet.useMacAddress(mac, 0);
        ethernet.configure();
        ethernetInterrupt.configure();
    }

    @Override public String name() { return "bt200"; }
    @Override public Sizes sizes() { return sizes; }
    @Override public Cpu cpu() { return cpu; }
    @Override public Clock clock() { return clock; }
    @Override public WallClock wallClock() { return null; }
    @Override public Leds leds() { return leds; }
    @Override public Buttons buttons() { return keys; }
    @Override public Hook hook() { return hook; }
    @Override public Display display() { return display; }
    @Override public Sound sound() { return codec; }
    @Override public NetworkPort network() { return ethernet; }
    @Override public Flash flash() { return flash; }
    @Override public Entropy entropy() { return entropy; }
    /** The C5501's watchdog timer is not driven yet (docs/bootloader.md, "What remains"). */
    @Override public Watchdog watchdog() { return null; }
    @Override public LogPort logPort() { return null; }

    @Override
    public void attach(Upcalls upcalls) {
        clock.attach(upcalls);
        keys.attach(upcalls);
        hook.attach(upcalls);
        codec.attach(upcalls);
        ethernet.attach(upcalls);
        cpu.start();
    }

    /** The flash on CE1: word {@code i} at {@code FLASH + 2i}. */
    private static final class FlashBus implements CfiFlash.Bus {
        @Override
        public int read(int index) {
            return Registers.read16(FLASH + 2 * index);
        }

        @Override
        public void write(int index, int value) {
            Registers.write16(FLASH + 2 * index, value);
        }
    }

    /** The KSZ8842 on CE0: each 16-bit register read and written as 32 bits, its bytes swapped (see {@link Bt200Map}). */
    private static final class EthernetBus implements Ksz8842.Bus {
        @Override
        public int read(int offset) {
            return swap(Registers.read32(KSZ8842 + (offset >> 1) * 4));
        }

        @Override
        public void write(int offset, int value) {
            Registers.write32(KSZ8842 + (offset >> 1) * 4, swap(value));
        }

        private static int swap(int v) {
            return (v & 0xFF) << 8 | v >> 8 & 0xFF;
        }
    }

    /** INT0 is the KSZ8842's interrupt line. */
    private static final class EthernetInterrupt implements ExternalInterrupt0.Listener {
        private final Ksz8842 chip;

        EthernetInterrupt(Ksz8842 chip) {
            this.chip = chip;
        }

        @Override
        public void onInterrupt() {
            chip.onInterrupt();
        }
    }
}
