/*
 * fw_cpu.c for Cortex-M: the vector table, reset (copy .data, zero .bss, run the image), the interrupt mask (PRIMASK),
 * wait for interrupt (WFI), and debug output and halting through semihosting (QEMU: -semihosting-config
 * enable=on,target=native; a debugger otherwise). A board replaces fw_cpu_write with its UART when it has one.
 *
 * The linker script defines _sidata, _sdata, _edata, _sbss, _ebss and _estack. External interrupt n runs fw_irq_<n>,
 * which the image defines for the lines its drivers handle (weak defaults otherwise).
 */
#include "fw.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int fw_image_main(void);

static int fw_semihost(int op, const void* arg) {
    register int r0 __asm__("r0") = op;
    register const void* r1 __asm__("r1") = arg;
    __asm__ volatile ("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static int fw_stdout = -1;

__attribute__((weak)) void fw_cpu_write(const char* s, int len) {
    if (fw_stdout < 0) {
        uint32_t open[3] = {(uint32_t)(uintptr_t)":tt", 4, 3}; /* SYS_OPEN ":tt", mode "w": the host's stdout */
        fw_stdout = fw_semihost(0x01, open);
    }
    uint32_t args[3] = {(uint32_t)fw_stdout, (uint32_t)(uintptr_t)s, (uint32_t)len};
    fw_semihost(0x05, args);
}

__attribute__((weak)) void fw_cpu_halt(int code) {
    uint32_t args[2] = {0x20026, (uint32_t)code};
    for (;;) fw_semihost(0x20, args);
}

/* SYSRESETREQ in SCB_AIRCR (with its key): the core and the board's peripherals reset, as at power-up. */
void fw_cpu_reset(void) {
    __asm__ volatile ("dsb" : : : "memory");
    *(volatile uint32_t*)0xE000ED0Cu = 0x05FA0004u;
    __asm__ volatile ("dsb" : : : "memory");
    for (;;) {
    }
}

jboolean fw_irq_disable(void) {
    uint32_t primask;
    __asm__ volatile ("mrs %0, primask\n cpsid i" : "=r"(primask) : : "memory");
    return (jboolean)!(primask & 1);
}

void fw_irq_restore(jint enabled) {
    if (enabled) __asm__ volatile ("cpsie i" : : : "memory");
    else __asm__ volatile ("cpsid i" : : : "memory");
}

void fw_wait_for_interrupt(jint depth) {
    (void)depth;
    __asm__ volatile ("dsb\n wfi" : : : "memory");
}

/*
 * Reset: interrupts stay masked while .data and .bss are set up and the image replays init's hardware operations (a
 * line that init enabled may already be pending); the image unmasks them after the replay when init left them
 * enabled, so that the mission starts with the mask init ended with.
 */
void fw_reset(void) {
    __asm__ volatile ("cpsid i" : : : "memory");
    uint32_t* s = &_sidata;
    for (uint32_t* d = &_sdata; d < &_edata;) *d++ = *s++;
    for (uint32_t* d = &_sbss; d < &_ebss;) *d++ = 0;
    fw_cpu_halt(fw_image_main());
}

/*
 * The last steps of Reset.copyAndStart: a plain word loop (no memcpy, which lives in the code being overwritten), then
 * the stack pointer and the entry point from the vector table that was copied. It is position-independent (registers
 * and relative branches only) and runs from a copy in RAM, since the copy overwrites the code that called it; its
 * section fw_copyloop gives the linker's __start_/__stop_ bounds for that copy.
 */
__attribute__((section("fw_copyloop"), noinline, noreturn))
static void fw_copy_and_jump(const volatile uint32_t* src, volatile uint32_t* dst, uint32_t words) {
    for (uint32_t i = 0; i < words; i++) {
        dst[i] = src[i];
    }
    __asm__ volatile ("dsb\n isb" : : : "memory");
    uint32_t sp = dst[0];
    uint32_t entry = dst[1];
    __asm__ volatile ("msr msp, %0\n bx %1" : : "r"(sp), "r"(entry) : "memory");
    for (;;) {
    }
}

extern const uint16_t __start_fw_copyloop[], __stop_fw_copyloop[];

/*
 * Reset.copyAndStart: the CPU as a reset leaves it for the next image (interrupts masked; every NVIC line disabled
 * and its pending bit cleared; SysTick stopped; VTOR at the image's vector table), then the copy loop copied to RAM
 * and run from there.
 */
void fw_copy_and_start(jint source, jint destination, jint bytes) {
    static uint16_t ram[64];
    uint32_t n = (uint32_t)(__stop_fw_copyloop - __start_fw_copyloop);
    uint64_t at = (uint32_t)(uintptr_t)ram;
    uint64_t to = (uint32_t)destination;
    if (n > sizeof ram / sizeof ram[0] || (at < to + (uint32_t)bytes && to < at + sizeof ram)) {
        fw_panic("Reset.copyAndStart: the copy loop does not fit its RAM, or the image would overwrite it");
    }
    __asm__ volatile ("cpsid i" : : : "memory");
    for (int i = 0; i < 8; i++) {
        ((volatile uint32_t*)0xE000E180u)[i] = 0xFFFFFFFFu; /* NVIC_ICER */
        ((volatile uint32_t*)0xE000E280u)[i] = 0xFFFFFFFFu; /* NVIC_ICPR */
    }
    *(volatile uint32_t*)0xE000E010u = 0;                    /* SYST_CSR */
    *(volatile uint32_t*)0xE000ED08u = (uint32_t)destination; /* SCB_VTOR */
    for (uint32_t i = 0; i < n; i++) {
        ((volatile uint16_t*)ram)[i] = __start_fw_copyloop[i];
    }
    __asm__ volatile ("dsb\n isb" : : : "memory");
    uintptr_t offset = (uintptr_t)fw_copy_and_jump - (uintptr_t)__start_fw_copyloop; /* with the Thumb bit */
    void (*jump)(const volatile uint32_t*, volatile uint32_t*, uint32_t) =
        (void (*)(const volatile uint32_t*, volatile uint32_t*, uint32_t))((uintptr_t)ram + offset);
    jump((const volatile uint32_t*)(uintptr_t)(uint32_t)source, (volatile uint32_t*)(uintptr_t)(uint32_t)destination,
         (uint32_t)bytes / 4u);
    for (;;) {
    }
}

/*
 * A fault. The frame the CPU stacked holds the faulting instruction's address (word 6); when that instruction is one
 * of FW_SITE_TRAP's UDFs, it is a failed check and its number names the site. The firmware runs on the main stack
 * only (no process stack), so the frame is at MSP. On ARMv7-M the instruction is read only when the fault was an
 * undefined instruction (CFSR.UNDEFINSTR): after a jump to nowhere, reading at the PC would fault again.
 */
void fw_fault_at(const uint32_t* frame) {
#if FW_PANIC_NUMBERS
#if defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB >= 2
    int undefined = (*(volatile uint32_t*)0xE000ED28u & (1u << 16)) != 0;
#else
    int undefined = 1;
#endif
    const uint16_t* pc = (const uint16_t*)(uintptr_t)(frame[6] & ~1u);
    uint16_t h = undefined ? pc[0] : 0;
    if ((h & 0xFF00u) == 0xDE00u) {
        fw_panic_site(h & 0xFFu);
    }
    if ((h & 0xFFF0u) == 0xF7F0u && (pc[1] & 0xF000u) == 0xA000u) {
        fw_panic_site(((unsigned)(h & 0xFu) << 12) | (pc[1] & 0xFFFu));
    }
#else
    (void)frame;
#endif
    fw_cpu_write("panic: hard fault\n", 18);
    fw_panic_stop(99);
}

__attribute__((naked)) static void fw_fault(void) {
    __asm__ volatile ("mrs r0, msp\n b fw_fault_at");
}

static void fw_unexpected(void) {
    fw_cpu_write("panic: unexpected interrupt\n", 28);
    fw_panic_stop(98);
}

/* The NMI: the image defines fw_nmi when a driver handles it (@InterruptHandler(InterruptHandler.NMI), a
 * watchdog); any other NMI is unexpected. */
void fw_nmi(void) __attribute__((weak, alias("fw_unexpected")));

#define FW_IRQ(n) void fw_irq_##n(void) __attribute__((weak, alias("fw_unexpected")));
FW_IRQ(0) FW_IRQ(1) FW_IRQ(2) FW_IRQ(3) FW_IRQ(4) FW_IRQ(5) FW_IRQ(6) FW_IRQ(7)
FW_IRQ(8) FW_IRQ(9) FW_IRQ(10) FW_IRQ(11) FW_IRQ(12) FW_IRQ(13) FW_IRQ(14) FW_IRQ(15)
void fw_systick(void) __attribute__((weak, alias("fw_unexpected")));

__attribute__((section(".vectors"), used)) static void (* const fw_vectors[32])(void) = {
    (void (*)(void))(uintptr_t)&_estack, fw_reset, fw_nmi, fw_fault, fw_fault, fw_fault, fw_fault, 0, 0, 0, 0,
    fw_unexpected, fw_unexpected, 0, fw_unexpected, fw_systick,
    fw_irq_0, fw_irq_1, fw_irq_2, fw_irq_3, fw_irq_4, fw_irq_5, fw_irq_6, fw_irq_7,
    fw_irq_8, fw_irq_9, fw_irq_10, fw_irq_11, fw_irq_12, fw_irq_13, fw_irq_14, fw_irq_15,
};
