/*
 * fw_cpu.h for Cortex-M (ARMv6-M and ARMv7-M): register access is one volatile load or store at a constant address.
 * The Cortex-M has no I/O space: FW_IO_* are memory accesses too.
 */
#ifndef FW_CPU_H
#define FW_CPU_H

#define FW_REG_LOAD32(a) ((jint)*(volatile uint32_t*)(uintptr_t)(a))
#define FW_REG_LOAD16(a) ((jint)*(volatile uint16_t*)(uintptr_t)(a))
#define FW_REG_LOAD8(a) ((jint)*(volatile uint8_t*)(uintptr_t)(a))
#define FW_REG_STORE32(a, v) (*(volatile uint32_t*)(uintptr_t)(a) = (uint32_t)(v))
#define FW_REG_STORE16(a, v) (*(volatile uint16_t*)(uintptr_t)(a) = (uint16_t)(v))
#define FW_REG_STORE8(a, v) (*(volatile uint8_t*)(uintptr_t)(a) = (uint8_t)(v))
#define FW_IO_LOAD16(a) FW_REG_LOAD16(a)
#define FW_IO_STORE16(a, v) FW_REG_STORE16(a, v)

/*
 * A failed check with a numbered site is one permanently undefined instruction that holds the number: UDF #imm8 (2
 * bytes) below 256, UDF.W #imm16 (4 bytes, Thumb-2) below 65536, where loading the number and calling fw_panic_site
 * takes 6 to 8. The fault handler (fw_cpu.c) reads the number back from the faulting instruction. A site the compiler
 * cannot see as a constant (the runtime's own checks) calls fw_panic_site.
 */
#if defined(__GNUC__) && FW_PANIC_NUMBERS
#if defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB >= 2
#define FW_SITE_TRAP_WIDE(site) \
    else if (__builtin_constant_p(site) && (site) < 65536u) { \
        __asm__ volatile ("udf.w %0" : : "i" (site)); __builtin_unreachable(); }
#else
#define FW_SITE_TRAP_WIDE(site)
#endif
#define FW_SITE_TRAP(site) do { \
    if (__builtin_constant_p(site) && (site) < 256u) { __asm__ volatile ("udf %0" : : "i" (site)); __builtin_unreachable(); } \
    FW_SITE_TRAP_WIDE(site) \
    else fw_panic_site(site); } while (0)
#endif

#endif
