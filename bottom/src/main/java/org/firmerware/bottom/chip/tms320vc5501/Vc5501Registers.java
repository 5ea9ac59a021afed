package org.firmerware.bottom.chip.tms320vc5501;

/**
 * The registers of the TI TMS320VC5501 fixed-point DSP (C55x core) that Firmerware uses, with their bits. Sources: the
 * TMS320VC5501 data manual for the memory map and interrupt vectors, and TI's C55x peripheral reference guides (64-bit
 * timer, McBSP, DMA controller, I2C module, clock generator and idle control). Addresses that the 0cpm port of the
 * Grandstream BT200 used on real hardware are marked "(BT200)"; the others are from the C5501/C5502 references and wait
 * for a test on hardware.
 *
 * <h2>Two address spaces</h2>
 * <ul>
 *   <li><b>I/O space</b> ({@code IO_*}): 16-bit registers at word addresses, reached with
 *       {@code Registers.ioRead16}/{@code ioWrite16} (the C55x compiler's {@code ioport} qualifier).</li>
 *   <li><b>Data space</b> ({@code MM_*}): the CPU's memory-mapped registers and external memory, reached with
 *       {@code Registers.read16}/{@code write16} at <em>byte</em> addresses, twice the C55x word address (so
 *       {@code MM_IFR0} = word 0x0001 is byte 0x0002). The DMA controller takes byte addresses too.</li>
 * </ul>
 */
public final class Vc5501Registers {

    private Vc5501Registers() {
    }

    // ------------------------------------------------------------------ CPU memory-mapped registers (data space)

    /** Interrupt enable register 0 (word 0x0000): bit n enables vector n, for n = 2..15. */
    public static final int MM_IER0 = 0x0000 << 1;
    /** Interrupt flag register 0 (word 0x0001): bit n flags vector n; write 1 to clear. */
    public static final int MM_IFR0 = 0x0001 << 1;
    /** Status register ST1_55 (word 0x0003): holds INTM and the XF output pin. */
    public static final int MM_ST1_55 = 0x0003 << 1;
    /** Interrupt enable register 1 (word 0x0045): bit n enables vector 16 + n. */
    public static final int MM_IER1 = 0x0045 << 1;
    /** Interrupt flag register 1 (word 0x0046). */
    public static final int MM_IFR1 = 0x0046 << 1;
    /** Interrupt vector pointers for the DSP and host vectors (words 0x0049, 0x004A). */
    public static final int MM_IVPD = 0x0049 << 1, MM_IVPH = 0x004A << 1;

    /** ST1_55: the XF output pin (BT200: the MESSAGE LED). */
    public static final int ST1_XF = 0x2000;
    /** ST1_55: the global interrupt mask (1 = masked). */
    public static final int ST1_INTM = 0x0800;

    // ------------------------------------------------------------------ interrupt vectors (BT200's table order)

    /** External interrupt INT0 (BT200: the KSZ8842). */
    public static final int VECTOR_INT0 = 2;
    /** Timer 0 (GPT0) interrupt. */
    public static final int VECTOR_TINT0 = 4;
    /** DMA channel 1 interrupt. */
    public static final int VECTOR_DMAC1 = 9;
    /** DMA channel 0 interrupt. */
    public static final int VECTOR_DMAC0 = 18;

    /** The data-space byte address of the IER that holds a vector's enable bit. */
    public static int ierOf(int vector) {
        return vector < 16 ? MM_IER0 : MM_IER1;
    }

    /** The data-space byte address of the IFR that holds a vector's flag. */
    public static int ifrOf(int vector) {
        return vector < 16 ? MM_IFR0 : MM_IFR1;
    }

    /** The bit of a vector in its IER and IFR. */
    public static int bitOf(int vector) {
        return 1 << (vector < 16 ? vector : vector - 16);
    }

    // ------------------------------------------------------------------ idle control (I/O space)

    /** Idle configuration register: the domains that the next IDLE instruction stops. (BT200) */
    public static final int IO_ICR = 0x0001;
    /** Idle status register. */
    public static final int IO_ISTR = 0x0002;
    /** Peripheral idle control register: the peripherals that idle when the PERI domain does. (BT200) */
    public static final int IO_PICR = 0x9400;

    /** ICR: the CPU domain. */
    public static final int ICR_CPUI = 0x0001;
    /** ICR: the DMA (memory port) domain. */
    public static final int ICR_MPI = 0x0002;
    /** ICR: the instruction cache. */
    public static final int ICR_ICACHEI = 0x0004;
    /** ICR: the peripheral domain (as selected by PICR). */
    public static final int ICR_PERI = 0x0008;
    /** ICR: the clock generator (stops everything but external interrupts). */
    public static final int ICR_CLKI = 0x0010;
    /** ICR: the EMIF (external memory: the BT200's SDRAM, flash, KSZ8842 and latch). */
    public static final int ICR_EMIFI = 0x0020;

    /** PICR: timer 0, timer 1, McBSP0, McBSP1, GPIO, I2C, UART, watchdog, boot-loader timer. */
    public static final int PICR_TIM0 = 0x0001, PICR_TIM1 = 0x0002, PICR_SP0 = 0x0004, PICR_SP1 = 0x0008,
        PICR_IO = 0x0040, PICR_I2C = 0x0080, PICR_URT = 0x0100, PICR_WDT = 0x0400, PICR_BIOST = 0x0800;

    // ------------------------------------------------------------------ PLL (I/O space)

    /** PLL control and status. (BT200) */
    public static final int IO_PLLCSR = 0x1C80;
    /** PLL multiplier. (BT200) */
    public static final int IO_PLLM = 0x1C88;
    /** PLL dividers 0..3: the CPU, SYSCLK1 (fast peripherals), SYSCLK2 (slow peripherals), SYSCLK3 (EMIF). (BT200) */
    public static final int IO_PLLDIV0 = 0x1C8A, IO_PLLDIV1 = 0x1C8C, IO_PLLDIV2 = 0x1C8E, IO_PLLDIV3 = 0x1C90;

    /** PLLCSR bits. */
    public static final int PLLCSR_PLLEN = 0x0001, PLLCSR_PLLRST = 0x0008, PLLCSR_LOCK = 0x0020,
        PLLCSR_STABLE = 0x0040;
    /** PLLDIVx: the divider's enable bit; the ratio minus one is in the low bits. */
    public static final int PLLDIV_ENABLE = 0x8000;

    // ------------------------------------------------------------------ EMIF (I/O space, all (BT200))

    public static final int IO_EGCR1 = 0x0800, IO_EGCR2 = 0x0801;
    public static final int IO_CE1_1 = 0x0802, IO_CE1_2 = 0x0803, IO_CE0_1 = 0x0804, IO_CE0_2 = 0x0805;
    public static final int IO_CE2_1 = 0x0808, IO_CE2_2 = 0x0809, IO_CE3_1 = 0x080A, IO_CE3_2 = 0x080B;
    public static final int IO_SDC1 = 0x080C, IO_SDC2 = 0x080D, IO_SDRC1 = 0x080E, IO_SDRC2 = 0x080F,
        IO_SDX1 = 0x0810;
    public static final int IO_CESCR1 = 0x0840;

    // ------------------------------------------------------------------ GPIO (I/O space)

    /** GPIO direction (1 = output). (BT200) */
    public static final int IO_IODIR = 0x3400;
    /** GPIO data. (BT200) */
    public static final int IO_IODATA = 0x3401;

    // ------------------------------------------------------------------ general-purpose timers (I/O space)

    /** Base of GPT0 and GPT1. (BT200) */
    public static final int IO_GPT0 = 0x1000, IO_GPT1 = 0x2400;
    /** GPT register offsets: counters 1..4 (1:2 is timer 12, 3:4 timer 34), periods 1..4, controls, global. */
    public static final int GPT_CNT1 = 0x08, GPT_CNT2 = 0x09, GPT_CNT3 = 0x0A, GPT_CNT4 = 0x0B, GPT_PRD1 = 0x0C,
        GPT_PRD2 = 0x0D, GPT_PRD3 = 0x0E, GPT_PRD4 = 0x0F, GPT_CTL1 = 0x10, GPT_CTL2 = 0x11, GPT_GCTL1 = 0x12;
    /** GPTCTLx: ENAMODE one-time (count to the period once, interrupt, stop). */
    public static final int GPTCTL_ONE_TIME = 0x0040;
    /** GPTCTLx: ENAMODE continuous (count to the period, interrupt, start again at 0). */
    public static final int GPTCTL_CONTINUOUS = 0x0080;
    /** GPTCTLx: the ENAMODE field. */
    public static final int GPTCTL_ENAMODE = 0x00C0;
    /**
     * GPTGCTL1: dual 32-bit timers, chained: timer 34 is the prescaler of timer 12, whose counter CNT2:CNT1 counts
     * prescaler periods and interrupts when it reaches PRD2:PRD1.
     */
    public static final int GPTGCTL_CHAINED = 0x000C;
    /** GPTGCTL1: timer 12 and timer 34 out of reset. */
    public static final int GPTGCTL_TIM12RS = 0x0001, GPTGCTL_TIM34RS = 0x0002;

    // ------------------------------------------------------------------ McBSP (I/O space)

    /** Base of McBSP0 and McBSP1. (BT200) */
    public static final int IO_MCBSP0 = 0x2800, IO_MCBSP1 = 0x2C00;
    /** McBSP register offsets (C5501/C5502 layout; the BT200 used SPCRx, SRGRx and PCR at these). */
    public static final int MCBSP_DRR1 = 0x00, MCBSP_DRR2 = 0x01, MCBSP_DXR1 = 0x02, MCBSP_DXR2 = 0x03,
        MCBSP_SPCR1 = 0x04, MCBSP_SPCR2 = 0x05, MCBSP_RCR1 = 0x06, MCBSP_RCR2 = 0x07, MCBSP_XCR1 = 0x08,
        MCBSP_XCR2 = 0x09, MCBSP_SRGR1 = 0x0A, MCBSP_SRGR2 = 0x0B, MCBSP_MCR1 = 0x0C, MCBSP_MCR2 = 0x0D,
        MCBSP_PCR = 0x12;
    /** SPCR1: receiver out of reset; receive ready; receive overrun. */
    public static final int SPCR1_RRST = 0x0001, SPCR1_RRDY = 0x0002, SPCR1_RFULL = 0x0004;
    /** SPCR2: transmitter out of reset; transmit ready; transmit underrun; sample-rate generator and frame sync
     *  generator out of reset; free running under emulation. */
    public static final int SPCR2_XRST = 0x0001, SPCR2_XRDY = 0x0002, SPCR2_XEMPTY = 0x0004, SPCR2_GRST = 0x0040,
        SPCR2_FRST = 0x0080, SPCR2_FREE = 0x0200;
    /** SRGR2: clock from the CPU clock; frame sync from the generator every FPER + 1 clocks (FPER: 12 bits). */
    public static final int SRGR2_CLKSM = 0x2000, SRGR2_FSGM = 0x1000, SRGR2_FPER = 0x0FFF;
    /** SRGR1: frame-sync pulse width minus one (bits 15:8) and clock divider minus one (bits 7:0). */
    public static final int SRGR1_CLKGDV = 0x00FF;
    /** RCR1/XCR1: one word of 16 bits per frame. */
    public static final int XCR1_ONE_16_BIT_WORD = 0x0040;
    /** RCR2/XCR2: one bit of data delay after the frame sync. */
    public static final int XCR2_ONE_BIT_DELAY = 0x0001;
    /** PCR: the pin bits read or driven in GPIO mode: CLKR, CLKX, FSR, FSX, DR (in), DX (out), CLKS. */
    public static final int PCR_CLKRP = 0x0001, PCR_CLKXP = 0x0002, PCR_FSRP = 0x0004, PCR_FSXP = 0x0008,
        PCR_DRSTAT = 0x0010, PCR_DXSTAT = 0x0020, PCR_CLKSSTAT = 0x0040;
    /** PCR: pin direction in GPIO mode or master mode (1 = the DSP drives it). */
    public static final int PCR_CLKRM = 0x0100, PCR_CLKXM = 0x0200, PCR_FSRM = 0x0400, PCR_FSXM = 0x0800;
    /** PCR: the receiver's and transmitter's pins become GPIO (while the receiver/transmitter is in reset). */
    public static final int PCR_RIOEN = 0x1000, PCR_XIOEN = 0x2000;

    // ------------------------------------------------------------------ DMA (I/O space)

    /** DMA global control: free running under emulation. (BT200) */
    public static final int IO_DMAGCR = 0x0E00;
    /** Base of DMA channel n: {@code IO_DMA0 + n * DMA_CHANNEL_STRIDE}. (BT200) */
    public static final int IO_DMA0 = 0x0C00, DMA_CHANNEL_STRIDE = 0x20;
    /** DMA channel register offsets. (BT200) */
    public static final int DMA_CSDP = 0x00, DMA_CCR = 0x01, DMA_CICR = 0x02, DMA_CSR = 0x03, DMA_CSSAL = 0x04,
        DMA_CSSAU = 0x05, DMA_CDSAL = 0x06, DMA_CDSAU = 0x07, DMA_CEN = 0x08, DMA_CFN = 0x09, DMA_CSFI = 0x0A,
        DMA_CSEI = 0x0B, DMA_CSAC = 0x0C, DMA_CDAC = 0x0D, DMA_CDEI = 0x0E, DMA_CDFI = 0x0F;
    /** DMAGCR: the FREE bit. */
    public static final int DMAGCR_FREE = 0x0004;
    /** DMACSDP: ports (DARAM, EMIF, peripheral) of source (bits 5:2) and destination (bits 12:9), 16-bit elements. */
    public static final int CSDP_SRC_DARAM = 0x0000, CSDP_SRC_EMIF = 0x0008, CSDP_SRC_PERIPH = 0x000C,
        CSDP_DST_DARAM = 0x0000, CSDP_DST_EMIF = 0x0400, CSDP_DST_PERIPH = 0x0600, CSDP_16_BIT = 0x0001;
    /** DMACCR: address modes (constant, post-increment) of destination (15:14) and source (13:12). */
    public static final int CCR_DST_CONST = 0x0000, CCR_DST_POSTINC = 0x4000, CCR_SRC_CONST = 0x0000,
        CCR_SRC_POSTINC = 0x1000;
    /**
     * DMACCR: ENDPROG (the CPU has programmed the next block: with AUTOINIT and no REPEAT the channel waits for it at
     * the end of a block, copies the configuration registers and clears it), REPEAT, AUTOINIT, EN (enabled), PRIO.
     */
    public static final int CCR_ENDPROG = 0x0800, CCR_REPEAT = 0x0200, CCR_AUTOINIT = 0x0100, CCR_EN = 0x0080,
        CCR_PRIO = 0x0040;
    /** DMACCR: the synchronisation event field and the McBSP1 receive and transmit events. (BT200) */
    public static final int CCR_SYNC = 0x001F, SYNC_REVT1 = 0x05, SYNC_XEVT1 = 0x06;
    /** DMACICR/DMACSR: block, last frame, frame, half frame, dropped event, timeout. */
    public static final int DMA_BLOCK = 0x0020, DMA_LAST = 0x0010, DMA_FRAME = 0x0008, DMA_HALF = 0x0004,
        DMA_DROP = 0x0002, DMA_TIMEOUT = 0x0001;
    /**
     * Data-space byte addresses below this lie in the C5501's on-chip DARAM (32 KiB); the DMA reaches them through its
     * DARAM port and everything above through the EMIF port.
     */
    public static final int DARAM_END = 0x8000;

    // ------------------------------------------------------------------ I2C (I/O space, all (BT200))

    public static final int IO_I2COAR = 0x3C00, IO_I2CIER = 0x3C01, IO_I2CSTR = 0x3C02, IO_I2CCLKL = 0x3C03,
        IO_I2CCLKH = 0x3C04, IO_I2CCNT = 0x3C05, IO_I2CDRR = 0x3C06, IO_I2CSAR = 0x3C07, IO_I2CDXR = 0x3C08,
        IO_I2CMDR = 0x3C09, IO_I2CISRC = 0x3C0A, IO_I2CPSC = 0x3C0C;
    /** I2CMDR: NACK mode, free running, START, STOP, master, transmitter, module out of reset (IRS). */
    public static final int I2CMDR_NACKMOD = 0x8000, I2CMDR_FREE = 0x4000, I2CMDR_STT = 0x2000,
        I2CMDR_STP = 0x0800, I2CMDR_MST = 0x0400, I2CMDR_TRX = 0x0200, I2CMDR_IRS = 0x0020;
    /** I2CSTR: bus busy, stop detected, transmit ready, receive ready, access ready, no acknowledge, arbitration lost. */
    public static final int I2CSTR_BB = 0x1000, I2CSTR_SCD = 0x0020, I2CSTR_XRDY = 0x0010, I2CSTR_RRDY = 0x0008,
        I2CSTR_ARDY = 0x0004, I2CSTR_NACK = 0x0002, I2CSTR_AL = 0x0001;
}
