/*
 * fw_cpu.h for the TI C55x (TMS320VC5501, cl55 in the large memory model): the CPU's part of fw.h.
 *
 * The C55x's data space is word-addressed: a C char and a pointer step are 16 bits, and a data pointer holds a word
 * address. Firmware Java's Registers take byte addresses (Registers' contract, and the board's maps: the KSZ8842 at
 * byte 0x024680 is word 0x012340), so the data-space macros halve them. 32-bit registers are read and written as one
 * 32-bit access at an even word; the C55x is big-endian, so the high 16 bits are at the even word.
 * The I/O space (peripherals: PLL, timers, McBSP, I2C, DMA, GPIO...) is a separate 64K-word space that only the
 * cl55 `ioport` qualifier reaches; Registers.ioRead16/ioWrite16 give its word addresses as they are.
 *
 * Not verified on hardware or with cl55 yet (docs/aot.md): the ioport cast from an integer, and the asm statements.
 */
#ifndef FW_CPU_H
#define FW_CPU_H

#if defined(__TMS320C55X__)
/* An ioport pointer is a 16-bit I/O-space word address (cl55); the access is then a single port instruction. */
#define FW_IOPORT ioport
#define FW_IO_ADDRESS(a) ((uint16_t)(a))
#define FW_INTERRUPT interrupt
#else
/* Not cl55: only for the host's syntax and layout check of the C55x sources (Bt200BuildTest, gcc -m32). */
#define FW_IOPORT
#define FW_IO_ADDRESS(a) ((uintptr_t)(uint16_t)(a))
#define FW_INTERRUPT
#endif

#define FW_C55X_WORD(a) ((uint32_t)(a) >> 1)
#define FW_REG_LOAD32(a) ((jint)*(volatile uint32_t*)(uintptr_t)FW_C55X_WORD(a))
#define FW_REG_LOAD16(a) ((jint)*(volatile uint16_t*)(uintptr_t)FW_C55X_WORD(a))
/* A byte of the data space: the high half of its word at an even byte address (big-endian), the low half at odd. */
#define FW_REG_LOAD8(a) ((jint)((((uint32_t)(a) & 1u) ? (uint32_t)FW_REG_LOAD16(a) \
    : ((uint32_t)FW_REG_LOAD16(a) >> 8)) & 0xFFu))
#define FW_REG_STORE32(a, v) (*(volatile uint32_t*)(uintptr_t)FW_C55X_WORD(a) = (uint32_t)(v))
#define FW_REG_STORE16(a, v) (*(volatile uint16_t*)(uintptr_t)FW_C55X_WORD(a) = (uint16_t)(v))
/* The data space has no byte stores: a read-modify-write of the word (fw_cpu.c), wrong for registers with side effects. */
#define FW_REG_STORE8(a, v) fw_c55x_store8((uint32_t)(a), (uint32_t)(v))
#define FW_IO_LOAD16(a) ((jint)*(volatile FW_IOPORT uint16_t*)FW_IO_ADDRESS(a))
#define FW_IO_STORE16(a, v) (*(volatile FW_IOPORT uint16_t*)FW_IO_ADDRESS(a) = (uint16_t)(v))

/* Memory.addressOf: the byte address of an array's first element, twice its word address. */
#define FW_ADDRESS_OF(p) ((jint)((uint32_t)(uintptr_t)(p) * 2u))

void fw_c55x_store8(uint32_t address, uint32_t value);

#endif
