/*
 * fw_cpu.h for the host target (x86-64 Linux): the CPU's part of fw.h. The host has no memory-mapped hardware, so
 * register access goes to the board's C device models (fw_host_mmio_*, in the board's sources), which act on stores
 * as devices do. On a real CPU these macros are single volatile accesses, e.g. on Cortex-M
 *   #define FW_REG_LOAD32(a) ((jint)*(volatile uint32_t*)(uintptr_t)(a))
 */
#ifndef FW_CPU_H
#define FW_CPU_H

uint32_t fw_host_mmio_load(uint32_t address, int bits);
void fw_host_mmio_store(uint32_t address, int bits, uint32_t value);

#define FW_REG_LOAD32(a) ((jint)fw_host_mmio_load((a), 32))
#define FW_REG_LOAD16(a) ((jint)(fw_host_mmio_load((a), 16) & 0xFFFFu))
#define FW_REG_LOAD8(a) ((jint)(fw_host_mmio_load((a), 8) & 0xFFu))
#define FW_REG_STORE32(a, v) fw_host_mmio_store((a), 32, (v))
#define FW_REG_STORE16(a, v) fw_host_mmio_store((a), 16, (v))
#define FW_REG_STORE8(a, v) fw_host_mmio_store((a), 8, (v))
/* The host has no I/O space: it is a second map of the device models, told apart by bits = -16. */
#define FW_IO_LOAD16(a) ((jint)(fw_host_mmio_load((a), -16) & 0xFFFFu))
#define FW_IO_STORE16(a, v) fw_host_mmio_store((a), -16, (v))

/* For the board's device models: raise an interrupt line; wait for time to pass (see fw_cpu.c). */
void fw_host_raise(int line);

#endif
