/*
 * fw_cpu.c for the TI C55x (TMS320VC5501): start-up, the interrupt mask (INTM), IDLE, busy waits, RESET, and debug
 * output. TI's C runtime (rts55x.lib, _c_int00: stack, .cinit, then main) starts the image; the vector table and the
 * interrupt wrappers are generated per image (vectors.asm, fw_vectors.c: docs/aot.md).
 *
 * Memory-mapped CPU registers (word addresses, SPRU371): IER0 0x00, IFR0 0x01, ST1_55 0x03 (INTM is bit 11),
 * IER1 0x45, IFR1 0x46, IVPD 0x49, IVPH 0x4A.
 *
 * Not verified on hardware or with cl55 yet: see boards/bt200/README.md.
 */
#include "fw.h"

int fw_image_main(void);
extern void fw_vectors(void); /* vectors.asm: the 256-byte-aligned table of 32 vectors */

#define FW_C55X_MMR(w) (*(volatile uint16_t*)(uintptr_t)(w))
#define FW_C55X_ST1 0x03u
#define FW_C55X_INTM 0x0800u
#define FW_C55X_IVPD 0x49u
#define FW_C55X_IVPH 0x4Au

#if defined(__TMS320C55X__)
#define FW_ASM(s) asm(s)
#else
#define FW_ASM(s) ((void)0)
#endif

jboolean fw_irq_disable(void) {
    uint16_t st1 = FW_C55X_MMR(FW_C55X_ST1);
    FW_ASM(" BSET INTM");
    return (jboolean)((st1 & FW_C55X_INTM) == 0);
}

void fw_irq_restore(jint enabled) {
    if (enabled) {
        FW_ASM(" BCLR INTM");
    } else {
        FW_ASM(" BSET INTM");
    }
}

/* IDLE stops the domains the driver chose in ICR (Vc5501Cpu); a pending enabled interrupt ends it even under INTM. */
void fw_wait_for_interrupt(jint depth) {
    (void)depth;
    FW_ASM(" IDLE");
}

/* Delay.cycles: at least n cycles, 64 NOPs by one repeated instruction each turn (RPT #63 repeats NOP 64 times). */
void fw_delay_cycles(jint n) {
    while (n > 0) {
        FW_ASM(" RPT #63");
        FW_ASM(" NOP");
        n -= 64;
    }
}

void fw_reset(void) {
    FW_ASM(" RESET");
    for (;;) {
    }
}

void fw_start_image(jint block) {
    (void)block;
    fw_panic("Reset.image: starting another image is not implemented on the C55x yet");
}

void fw_c55x_store8(uint32_t address, uint32_t value) {
    volatile uint16_t* w = (volatile uint16_t*)(uintptr_t)(address >> 1);
    uint16_t old = *w;
    *w = (uint16_t)((address & 1u) ? ((old & 0xFF00u) | (value & 0xFFu)) : ((old & 0x00FFu) | ((value & 0xFFu) << 8)));
}

/*
 * Debug output: the BT200 has no serial port the firmware knows, so the text goes to a ring in RAM that a debugger
 * (JTAG) reads: fw_c55x_log, one character per word, fw_c55x_log_next the next index.
 */
char fw_c55x_log[1024];
uint16_t fw_c55x_log_next;

void fw_cpu_write(const char* s, int len) {
    int i;
    for (i = 0; i < len; i++) {
        fw_c55x_log[fw_c55x_log_next] = s[i];
        fw_c55x_log_next = (uint16_t)((fw_c55x_log_next + 1u) % sizeof fw_c55x_log);
    }
}

void fw_cpu_halt(int code) {
    (void)code;
    fw_irq_disable();
    for (;;) {
        FW_ASM(" IDLE");
    }
}

/* Every vector without a handler in this image. */
FW_INTERRUPT void fw_c55x_unexpected(void) {
    fw_panic("unexpected interrupt");
}

int main(void) {
    /* The vector table's 256-byte page, for the CPU's (IVPD) and the host's (IVPH) vectors. */
    uint16_t page = (uint16_t)((uint32_t)(uintptr_t)fw_vectors >> 8);
    FW_C55X_MMR(FW_C55X_IVPD) = page;
    FW_C55X_MMR(FW_C55X_IVPH) = page;
    return fw_image_main();
}
