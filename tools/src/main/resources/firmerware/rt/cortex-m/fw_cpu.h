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

#endif
