/*
 * bt200.cmd: the linker command file of a BT200 image for TI's C55x linker (cl55 -z), filled in by fw build.
 *
 * The TMS320VC5501's data space is word-addressed, but a C55x linker command file gives every origin and length in
 * bytes (twice the word address): the KSZ8842 at word 0x012340 is byte 0x024680 here and in the board's Java.
 * The map is the old port's (bt200-hardware.md 3.4): on-chip dual-access RAM from byte 0x000000 to 0x007FFF (words
 * 0x0000..0x3FFF, the memory-mapped registers first), SDRAM on CE2 from byte 0x800000 (word 0x400000).
 *
 * The ROM bootloader copies the boot table (hex55) into these regions, then starts _c_int00 (TI's C runtime), which
 * copies .cinit into .bss and calls main (fw_cpu.c).
 *
 * The budget: ${RAM_BYTES} bytes of RAM = the stacks in DARAM (${STACK_BYTES} bytes: --stack_size and
 * --sys_stacksize) + .bss in SDRAM (${DATA_BYTES} bytes: the region RAM); the link fails when .bss does not fit.
 * Code and constants (${FLASH_BYTES} bytes at most: what the boot medium holds) are loaded into the region IMAGE.
 */
MEMORY
{
    MMR    (RW)  : origin = 0x000000, length = 0x0000C0   /* the CPU's memory-mapped registers (words 0x00..0x5F) */
    VECS   (RX)  : origin = 0x000100, length = 0x000100   /* the vector table, one 256-byte page (IVPD, IVPH) */
    DARAM  (RW)  : origin = 0x000200, length = 0x007E00   /* the rest of the 32 KiB of on-chip RAM: the stacks */
    IMAGE  (RX)  : origin = 0x800000, length = ${FLASH_BYTES}   /* SDRAM (CE2): code and constants */
    RAM    (RW)  : origin = ${RAM_ORIGIN}, length = ${DATA_BYTES}   /* SDRAM (CE2): variables (.bss) */
}

SECTIONS
{
    .vectors  : > VECS  ALIGN(256)   /* vectors.asm */
    .stack    : > DARAM               /* the C stack (SP) */
    .sysstack : > DARAM               /* the C55x's secondary system stack (SSP) */
    .text     : > IMAGE
    .const    : > IMAGE
    .switch   : > IMAGE
    .cinit    : > IMAGE
    .pinit    : > IMAGE
    .bss      : > RAM
    .data     : > RAM
    .sysmem   : > RAM                 /* empty: --heap_size=0, images have no allocator */
    .cio      : > RAM
}
