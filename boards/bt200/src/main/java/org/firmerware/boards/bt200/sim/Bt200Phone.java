package org.firmerware.boards.bt200.sim;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import java.util.List;
import org.firmerware.boards.bt200.Bt200Board;
import org.firmerware.boards.bt200.Bt200Map;
import org.firmerware.boards.sim.hw.FirmwareImage;
import org.firmerware.boards.sim.hw.FirmwareThread;
import org.firmerware.boards.sim.hw.Microphone;
import org.firmerware.boards.sim.hw.Phone;
import org.firmerware.boards.sim.hw.SimPhone;
import org.firmerware.boards.sim.hw.Speaker;
import org.firmerware.boards.sim.hw.TraceRing;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.bottom.machine.Machine;

/**
 * A register-level simulator of the Grandstream BT200: the board's real firmware (its {@link Bt200Board} and every
 * chip driver) runs on the host JVM against models of the TMS320VC5501's peripherals and of the chips around it. This
 * class is the {@link Machine} the firmware thread is bound to (it decodes every register access to the model that
 * owns the address, keeps the CPU's interrupt state and dispatches the handlers), and the {@link Phone} the world hosts.
 *
 * <h2>Address decoding</h2>
 * <ul>
 *   <li>Data space: the CPU's memory-mapped registers (IER/IFR, ST1_55), the KSZ8842's window on CE0, the flash on
 *       CE1, the key/LCD latch on CE3.</li>
 *   <li>I/O space: idle control, PLL, EMIF, DMA, timers, McBSP0/1, GPIO and I2C.</li>
 * </ul>
 * Any other address is a model error (see {@link #hardwareErrors()}), as is any misuse a model notices (an HT1621
 * transaction cut short, a codec register written while the codec is in reset, a DMA block with no buffer...).
 *
 * <h2>Time</h2>
 * Virtual time ({@link #nowUs}) moves only while the firmware sleeps, as on the board {@code sim}. While it runs, the
 * machine counts CPU cycles instead (a few per register access, and every {@code Delay.cycles}), so that models can
 * check the timing between two accesses (the HT1621's WR clock, the codec's reset pulse) without moving the clock.
 *
 * <h2>Interrupts</h2>
 * A pending interrupt is a bit in IFR0/IFR1. While the CPU's mask is open, the machine runs the handler of the
 * lowest-numbered pending and enabled vector (the C55x's priority) after every register write and when the mask is
 * restored, with the mask closed and the flag cleared, as the CPU does when it takes an interrupt. The handlers are the
 * firmware's {@code @InterruptHandler} methods, found by {@link InterruptTable}. {@code IDLE} with nothing pending hands
 * control to the world (the firmware sleeps); it returns when an enabled interrupt is pending.
 */
public final class Bt200Phone implements Phone, Machine {

    /** Interrupt vectors of the C55x. */
    static final int VECTORS = 32;
    /** The crystal: 16.384 MHz. */
    static final long CRYSTAL_HZ = 16_384_000L;
    /** CPU cycles a register access costs: on-chip, and through the EMIF. */
    private static final int ON_CHIP_CYCLES = 4, EXTERNAL_CYCLES = 20;
    /** Wake reasons, as the world names them. */
    static final int WAKE_ALARM = 1, WAKE_SOUND = 4, WAKE_NETWORK = 8;

    final SimPhone.Config config;
    private final FirmwareImage image;
    final TraceRing trace = new TraceRing(2048, 64 * 1024);
    final FirmwareThread cpuThread;
    final ModelErrors errors = new ModelErrors();
    final DmaMemory dmaMemory = new DmaMemory();

    final Vc5501Model soc;
    final GptModel gpt0;
    final GptModel gpt1;
    final McbspModel mcbsp0;
    final McbspModel mcbsp1;
    final DmaModel dma;
    final I2cModel i2c;
    final Tlv320aic20kModel codec;
    final Ht1621Model lcd;
    final Bt200Glass glass;
    final KeyMatrixModel keys;
    final HookModel hook;
    final Ksz8842Model ethernet;
    final CfiFlashModel flash;

    /** Virtual time, set by the world. */
    long nowUs;
    /** CPU cycles executed since power-up (see the class comment). */
    long cycles;
    private InterruptTable vectors;
    private boolean interruptsEnabled;
    private boolean dispatching;

    /**
     * @param config the phone's name, MAC address (written into the flash where the BT200 keeps it), clock origin,
     *     sizes, partitions, watchdog and link
     * @param image the firmware
     */
    public Bt200Phone(SimPhone.Config config, FirmwareImage image) {
        this.config = config;
        this.image = image;
        soc = new Vc5501Model(this);
        gpt0 = new GptModel(this, IO_GPT0, true);
        gpt1 = new GptModel(this, IO_GPT1, false);
        keys = new KeyMatrixModel(this);
        hook = new HookModel();
        codec = new Tlv320aic20kModel(this);
        mcbsp0 = new McbspModel(this, IO_MCBSP0);
        mcbsp1 = new McbspModel(this, IO_MCBSP1);
        dma = new DmaModel(this);
        i2c = new I2cModel(this, codec);
        glass = new Bt200Glass(this);
        lcd = new Ht1621Model(this, glass);
        ethernet = new Ksz8842Model(this, config.mac, Math.max(config.sizes.netFrames(), 8));
        flash = new CfiFlashModel(this, config.mac);
        cpuThread = new FirmwareThread(config.name, config.watchdogMs, trace, new FirmwareThread.Body() {
            @Override
            public long nowUs() {
                return nowUs;
            }

            @Override
            public void resetHardware() {
                powerUp();
            }

            @Override
            public Runnable boot(int imageBlock) {
                Machine.bind(Bt200Phone.this);
                Partition[] partitions = config.partitions != null ? config.partitions
                    : new Partition[] {new Partition("flash", 0, 4096, Partition.READ_ONLY)};
                Bt200Board board = new Bt200Board(config.sizes, partitions);
                useBoard(board);
                return imageBlock >= 0 ? image.start(board, imageBlock) : image.init(board);
            }
        });
    }

    /**
     * Every model to its power-up state (the flash keeps its contents), with this machine bound to the calling thread.
     * Firmware thread; tests call it to drive the board on a bench, without the world.
     */
    void powerUp() {
        Machine.bind(this);
        vectors = null;
        interruptsEnabled = false;
        dispatching = false;
        cycles = 0;
        dmaMemory.clear();
        soc.reset();
        gpt0.reset(0);
        gpt1.reset(config.clockOriginMs);
        mcbsp0.reset();
        mcbsp1.reset();
        dma.reset();
        i2c.reset();
        codec.reset();
        lcd.reset();
        glass.reset();
        keys.reset();
        ethernet.reset(config.linkUp);
        flash.reset();
    }

    /** Takes the interrupt handlers of a board built on this machine (the power-up does it; tests on a bench too). */
    void useBoard(Object board) {
        vectors = InterruptTable.of(board, VECTORS);
    }

    // ------------------------------------------------------------------ Machine (firmware thread)

    @Override
    public int load(int address, int bits) {
        if (address >= 0 && address < 0xC0) {
            cycles += ON_CHIP_CYCLES;
            check16(address, bits);
            return soc.mmrLoad(address);
        }
        cycles += EXTERNAL_CYCLES;
        if (!soc.emifReady()) {
            errors.report(nowUs, "data access at %x before the EMIF was set up", address, 0, 0);
        }
        if (address >= Bt200Map.KSZ8842 && address < Bt200Map.KSZ8842 + 0x20) {
            if (bits != 32) {
                errors.report(nowUs, "KSZ8842 read of %d bits at %x: the BT200 reads its registers as 32 bits",
                    bits, address, 0);
            }
            return ethernet.hostRead(address - Bt200Map.KSZ8842);
        }
        if (address >= Bt200Map.FLASH && address < Bt200Map.FLASH + CfiFlashModel.SIZE) {
            check16(address, bits);
            return flash.read((address - Bt200Map.FLASH) >> 1);
        }
        if (address == Bt200Map.LATCH) {
            errors.report(nowUs, "read of the write-only key/LCD latch", 0, 0, 0);
            return 0xFFFF;
        }
        errors.report(nowUs, "read of %d bits at data address %x: no device there", bits, address, 0);
        return 0;
    }

    @Override
    public void store(int address, int bits, int value) {
        if (address >= 0 && address < 0xC0) {
            cycles += ON_CHIP_CYCLES;
            check16(address, bits);
            soc.mmrStore(address, value & 0xFFFF);
        } else {
            cycles += EXTERNAL_CYCLES;
            if (!soc.emifReady()) {
                errors.report(nowUs, "data access at %x before the EMIF was set up", address, 0, 0);
            }
            if (address >= Bt200Map.KSZ8842 && address < Bt200Map.KSZ8842 + 0x20) {
                if (bits != 32) {
                    errors.report(nowUs, "KSZ8842 write of %d bits at %x: the BT200 writes its registers as 32 bits",
                        bits, address, 0);
                }
                ethernet.hostWrite(address - Bt200Map.KSZ8842, value);
            } else if (address >= Bt200Map.FLASH && address < Bt200Map.FLASH + CfiFlashModel.SIZE) {
                check16(address, bits);
                flash.write((address - Bt200Map.FLASH) >> 1, value & 0xFFFF);
            } else if (address == Bt200Map.LATCH) {
                check16(address, bits);
                latchWritten(value & 0xFFFF);
            } else {
                errors.report(nowUs, "write of %x to data address %x: no device there", value, address, 0);
            }
        }
        afterWrite();
    }

    private void check16(int address, int bits) {
        if (bits != 16) {
            errors.report(nowUs, "%d-bit access at %x to a 16-bit register", bits, address, 0);
        }
    }

    /** The latch drives the key rows and the LCD's WR and DATA. */
    private void latchWritten(int value) {
        if ((value >> 8) != (value & 0xFF)) {
            errors.report(nowUs, "latch written with %x: the latch is 8 bits wide on a 16-bit bus, so every bit goes "
                + "in both bytes", value, 0, 0);
        }
        keys.rows(~value & 0x1F);
        lcd.pins(soc.lcdSelected(), (value & Bt200Map.LATCH_LCD_WR) != 0, (value & Bt200Map.LATCH_LCD_DATA) != 0);
    }

    @Override
    public int ioLoad(int address) {
        cycles += ON_CHIP_CYCLES;
        if (address >= IO_GPT0 && address <= IO_GPT0 + GPT_GCTL1) {
            return gpt0.read(address - IO_GPT0);
        }
        if (address >= IO_GPT1 && address <= IO_GPT1 + GPT_GCTL1) {
            return gpt1.read(address - IO_GPT1);
        }
        if (address >= IO_MCBSP0 && address <= IO_MCBSP0 + MCBSP_PCR) {
            return mcbsp0.read(address - IO_MCBSP0);
        }
        if (address >= IO_MCBSP1 && address <= IO_MCBSP1 + MCBSP_PCR) {
            return mcbsp1.read(address - IO_MCBSP1);
        }
        if (address >= IO_DMA0 && address < IO_DMA0 + 6 * DMA_CHANNEL_STRIDE || address >= IO_DMAGCR
            && address <= IO_DMAGCR + 3) {
            return dma.read(address);
        }
        if (address >= IO_I2COAR && address <= IO_I2CPSC) {
            return i2c.read(address);
        }
        return soc.ioLoad(address);
    }

    @Override
    public void ioStore(int address, int value) {
        cycles += ON_CHIP_CYCLES;
        int v = value & 0xFFFF;
        if (address >= IO_GPT0 && address <= IO_GPT0 + GPT_GCTL1) {
            gpt0.write(address - IO_GPT0, v);
        } else if (address >= IO_GPT1 && address <= IO_GPT1 + GPT_GCTL1) {
            gpt1.write(address - IO_GPT1, v);
        } else if (address >= IO_MCBSP0 && address <= IO_MCBSP0 + MCBSP_PCR) {
            mcbsp0.write(address - IO_MCBSP0, v);
        } else if (address >= IO_MCBSP1 && address <= IO_MCBSP1 + MCBSP_PCR) {
            mcbsp1.write(address - IO_MCBSP1, v);
        } else if (address >= IO_DMA0 && address < IO_DMA0 + 6 * DMA_CHANNEL_STRIDE || address >= IO_DMAGCR
            && address <= IO_DMAGCR + 3) {
            dma.write(address, v);
        } else if (address >= IO_I2COAR && address <= IO_I2CPSC) {
            i2c.write(address, v);
        } else {
            soc.ioStore(address, v);
        }
        afterWrite();
    }

    @Override
    public boolean disableInterrupts() {
        boolean was = interruptsEnabled;
        interruptsEnabled = false;
        return was;
    }

    @Override
    public void restoreInterrupts(boolean enabled) {
        interruptsEnabled = enabled;
        if (enabled) {
            dispatch();
        }
    }

    @Override
    public void waitForInterrupt(int depth) {
        ethernet.updateLine();
        if (soc.pendingVector() >= 0) {
            return;
        }
        soc.checkIdle(depth);
        cpuThread.sleep(nowUs, depth);
        int lines = 0;
        int pending = soc.pendingMask();
        if ((pending & 1 << VECTOR_TINT0) != 0) {
            lines |= WAKE_ALARM;
        }
        if ((pending & (1 << VECTOR_DMAC1 | 1 << VECTOR_DMAC0)) != 0) {
            lines |= WAKE_SOUND;
        }
        if ((pending & 1 << VECTOR_INT0) != 0) {
            lines |= WAKE_NETWORK;
        }
        record(TraceRing.WAKE, lines, 0, 0, null, 0, 0);
    }

    @Override
    public int addressOf(Object array) {
        return dmaMemory.addressOf(array);
    }

    @Override
    public void delayCycles(int n) {
        cycles += Math.max(0, n);
    }

    @Override
    public void reset() {
        cpuThread.reboot();
    }

    @Override
    public void startImage(int block) {
        cpuThread.startImage(block);
    }

    /** Runs the handlers of pending, enabled interrupts while the mask is open (see the class comment). */
    private void dispatch() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            for (int guard = 0; interruptsEnabled && guard < 64; guard++) {
                ethernet.updateLine();
                int vector = soc.pendingVector();
                if (vector < 0) {
                    break;
                }
                soc.acknowledge(vector);
                Runnable handler = vectors == null ? null : vectors.handler(vector);
                if (handler == null) {
                    errors.report(nowUs, "interrupt %d is enabled and was raised, but the firmware has no handler",
                        vector, 0, 0);
                    continue;
                }
                interruptsEnabled = false;
                handler.run();
                interruptsEnabled = true;
            }
        } finally {
            dispatching = false;
        }
    }

    private void afterWrite() {
        if (interruptsEnabled) {
            dispatch();
        }
    }

    /** Records what the firmware did (firmware thread). */
    void record(int kind, int a, int b, int c, byte[] payload, int off, int len) {
        cpuThread.record(nowUs, kind, a, b, c, payload, off, len);
    }

    /** Raises an interrupt line (sets its IFR bit). */
    void raise(int vector) {
        soc.raise(vector);
    }

    // ------------------------------------------------------------------ Phone (world thread)

    @Override
    public String name() {
        return config.name;
    }

    @Override
    public void start(long timeUs) {
        nowUs = timeUs;
        cpuThread.start();
    }

    @Override
    public boolean isHalted() {
        return cpuThread.isHalted();
    }

    @Override
    public Throwable crash() {
        return cpuThread.crash();
    }

    @Override
    public long nextEventUs() {
        if (cpuThread.isHalted() || cpuThread.isOff()) {
            return Long.MAX_VALUE;
        }
        ethernet.updateLine();
        if (soc.pendingVector() >= 0 || soc.wakeable()) {
            return nowUs;
        }
        return Math.min(gpt0.nextInterruptUs(), dma.nextEventUs());
    }

    @Override
    public void advanceTo(long timeUs, Speaker speaker, Microphone microphone) {
        if (timeUs > nowUs) {
            nowUs = timeUs;
        }
        gpt0.advance();
        gpt1.advance();
        dma.advance(speaker, microphone);
        ethernet.updateLine();
    }

    @Override
    public boolean hasPending() {
        ethernet.updateLine();
        return cpuThread.isAsleep() && soc.wakeable();
    }

    @Override
    public void resume() {
        cpuThread.resume();
    }

    @Override
    public void powerOff() {
        cpuThread.powerOff();
    }

    /**
     * Cuts the power now, while the firmware sleeps: the firmware stops where it is, an erase still running leaves its
     * sector undefined, and the phone stays off until {@link #start} powers it on again. World thread.
     */
    @Override
    public void cutPower() {
        if (!cpuThread.isAsleep()) {
            return;
        }
        flash.powerCut();
        cpuThread.cutPower();
        cpuThread.recordFromWorld(nowUs, TraceRing.POWER, 0);
    }

    @Override
    public boolean isOff() {
        return cpuThread.isOff();
    }

    /** Power failed in the middle of a flash operation: the firmware stops and the phone is off. Firmware thread. */
    void powerFailure() {
        cpuThread.powerFailure();
    }

    /** Word programs and sector erases of the flash chip so far (world side, for tests). */
    public long flashOperations() {
        return flash.operations();
    }

    /**
     * Fails the power at the flash chip's operation {@code operation} ({@link #flashOperations()} counts them; -1:
     * never), just before it or in the middle of it. World side, for tests.
     */
    public void failFlashAt(long operation, boolean during) {
        flash.failAtOperation(operation, during);
    }

    @Override
    public void onFlush(Runnable drain) {
        cpuThread.onFlush(drain);
    }

    @Override
    public TraceRing trace() {
        return trace;
    }

    @Override
    public int sleepCount() {
        return cpuThread.sleepCount();
    }

    @Override
    public int bootCount() {
        return cpuThread.bootCount();
    }

    @Override
    public long missionAllocatedBytes() {
        return cpuThread.missionAllocatedBytes();
    }

    @Override
    public KeyMatrixModel keys() {
        return keys;
    }

    @Override
    public HookModel hook() {
        return hook;
    }

    @Override
    public Ksz8842Model network() {
        return ethernet;
    }

    @Override
    public List<String> hardwareErrors() {
        return errors.lines();
    }

    /** The flash chip's contents (world side: to load or inspect an image; 16-bit words big-endian). */
    @Override
    public byte[] flashMemory() {
        return flash.memory();
    }

    /** The HT1621's display RAM as the glass shows it: byte i of the segment map (world side, for tests). */
    public int lcdByte(int index) {
        return lcd.cellByte(index);
    }

    /** Whether the LCD is on (system oscillator, bias generator, bias and commons as the BT200's glass needs). */
    public boolean lcdVisible() {
        return lcd.visible();
    }

    /** How the main line reads now (world side, for tests). */
    public String displayText() {
        return glass.text();
    }

    /** HT1621 transactions the model decoded. */
    public int lcdTransactions() {
        return lcd.transactions();
    }

    /** Sound blocks the DMA moved. */
    public long soundBlocks() {
        return dma.blocksMoved();
    }
}
