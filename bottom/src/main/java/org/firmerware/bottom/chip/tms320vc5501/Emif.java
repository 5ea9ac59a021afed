package org.firmerware.bottom.chip.tms320vc5501;

import static org.firmerware.bottom.chip.tms320vc5501.Vc5501Registers.*;

import org.firmerware.bottom.machine.Registers;

/**
 * The C5501's external memory interface: global control, the four chip-enable spaces CE0..CE3 (asynchronous devices
 * or SDRAM) and the SDRAM controller. The board gives the register values (timings of its parts); this driver writes
 * them in order, global control first.
 */
public final class Emif {

    /** The values of the EMIF registers. Immutable. */
    public static final class Config {
        public final int egcr1, egcr2, ce0Control1, ce0Control2, ce1Control1, ce1Control2, ce2Control1, ce3Control1,
            sdc1, sdc2, sdrc1, sdrc2, sdx1, cescr1;

        public Config(int egcr1, int egcr2, int ce0Control1, int ce0Control2, int ce1Control1, int ce1Control2,
                int ce2Control1, int ce3Control1, int sdc1, int sdc2, int sdrc1, int sdrc2, int sdx1, int cescr1) {
            this.egcr1 = egcr1;
            this.egcr2 = egcr2;
            this.ce0Control1 = ce0Control1;
            this.ce0Control2 = ce0Control2;
            this.ce1Control1 = ce1Control1;
            this.ce1Control2 = ce1Control2;
            this.ce2Control1 = ce2Control1;
            this.ce3Control1 = ce3Control1;
            this.sdc1 = sdc1;
            this.sdc2 = sdc2;
            this.sdrc1 = sdrc1;
            this.sdrc2 = sdrc2;
            this.sdx1 = sdx1;
            this.cescr1 = cescr1;
        }
    }

    private final Config config;

    /** Wires the interface; no I/O. */
    public Emif(Config config) {
        this.config = config;
    }

    /** Writes the board's EMIF settings. */
    public void configure() {
        Registers.ioWrite16(IO_EGCR1, config.egcr1);
        Registers.ioWrite16(IO_EGCR2, config.egcr2);
        Registers.ioWrite16(IO_CE0_1, config.ce0Control1);
        Registers.ioWrite16(IO_CE0_2, config.ce0Control2);
        Registers.ioWrite16(IO_CE1_1, config.ce1Control1);
        Registers.ioWrite16(IO_CE1_2, config.ce1Control2);
        Registers.ioWrite16(IO_CE2_1, config.ce2Control1);
        Registers.ioWrite16(IO_CE3_1, config.ce3Control1);
        Registers.ioWrite16(IO_SDC1, config.sdc1);
        Registers.ioWrite16(IO_SDC2, config.sdc2);
        Registers.ioWrite16(IO_SDRC1, config.sdrc1);
        Registers.ioWrite16(IO_SDRC2, config.sdrc2);
        Registers.ioWrite16(IO_SDX1, config.sdx1);
        Registers.ioWrite16(IO_CESCR1, config.cescr1);
    }
}
