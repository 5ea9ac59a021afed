/* fw_sys_libc.c: the host's system layer over libc, for test builds with sanitizers (they need libc). */
#include <stdlib.h>
#include <unistd.h>
#include "fw.h"

void fw_cpu_write(const char* s, int len) {
    while (len > 0) {
        ssize_t n = write(1, s, (size_t)len);
        if (n <= 0) return;
        s += n;
        len -= (int)n;
    }
}

void fw_cpu_halt(int code) {
    exit(code);
}
