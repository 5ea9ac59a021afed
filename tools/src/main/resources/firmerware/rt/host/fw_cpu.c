/*
 * fw_cpu.c for the host target: the interrupt controller of a virtual CPU. Interrupts are taken at the points where a
 * real core could take them and the simulator does (sim: upcalls run inside commitSleep): when the mask is lifted and
 * when the core waits. Waiting hands over to the board's device models (fw_board_idle), which advance virtual time to
 * their next event and raise its line, or end the run. So a run is deterministic: the same trace every time.
 */
#include "fw.h"

void fw_board_start(int argc, char** argv);
void fw_board_idle(jint depth);

static int fw_enabled;
static uint32_t fw_pending;

void fw_host_raise(int line) {
    fw_pending |= UINT32_C(1) << line;
}

static void fw_take(void) {
    while (fw_enabled && fw_pending) {
        int line = 0;
        while (!(fw_pending & (UINT32_C(1) << line))) line++;
        fw_pending &= ~(UINT32_C(1) << line);
        fw_enabled = 0;
        fw_dispatch_interrupt(line);
        fw_enabled = 1;
    }
}

jboolean fw_irq_disable(void) {
    jboolean was = (jboolean)fw_enabled;
    fw_enabled = 0;
    return was;
}

void fw_irq_restore(jint enabled) {
    fw_enabled = enabled != 0;
    fw_take();
}

void fw_wait_for_interrupt(jint depth) {
    if (!fw_pending) fw_board_idle(depth);
    fw_take();
}

/* The entry of a host image: the board's devices read the command line, then the image boots and runs. */
int fw_host_main(int argc, char** argv, int (*image)(void)) {
    fw_board_start(argc, argv);
    return image();
}
