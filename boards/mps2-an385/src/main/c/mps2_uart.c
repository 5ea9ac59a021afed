/*
 * mps2_uart.c: the board's debug output (panics, Debug.print) on CMSDK UART 0, where its panel lines go too, instead
 * of semihosting. Halting stays with the CPU runtime (semihosting exit under QEMU). The UART is set up here as well in
 * case a panic comes before the boot has replayed init's stores.
 */
#include "fw.h"

#define UART0_DATA 0x40004000u
#define UART0_STATE 0x40004004u
#define UART0_CTRL 0x40004008u
#define UART0_BAUDDIV 0x40004010u

void fw_cpu_write(const char* s, int len) {
    if ((FW_REG_LOAD32(UART0_CTRL) & 1) == 0) {
        FW_REG_STORE32(UART0_BAUDDIV, 25000000 / 115200);
        FW_REG_STORE32(UART0_CTRL, 1);
    }
    for (int i = 0; i < len; i++) {
        for (int n = 0; n < 100000 && (FW_REG_LOAD32(UART0_STATE) & 1) != 0; n++) {
        }
        FW_REG_STORE32(UART0_DATA, (unsigned char)s[i]);
    }
}
