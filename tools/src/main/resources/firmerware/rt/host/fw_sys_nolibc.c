/*
 * fw_sys_nolibc.c: the host's system layer without libc (x86-64 Linux system calls), so that a host image is as
 * self-contained as a firmware image and its sizes mean something. Provides _start and the memory functions GCC may
 * call even in freestanding code.
 */
#include "fw.h"

static long fw_syscall3(long n, long a, long b, long c) {
    long r;
    __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}

void fw_cpu_write(const char* s, int len) {
    while (len > 0) {
        long n = fw_syscall3(1, 1, (long)s, len);
        if (n <= 0) return;
        s += n;
        len -= (int)n;
    }
}

void fw_cpu_halt(int code) {
    for (;;) fw_syscall3(231, code, 0, 0);
}

int main(int argc, char** argv);

__attribute__((used)) void fw_start_c(long* sp) {
    int argc = (int)sp[0];
    char** argv = (char**)(sp + 1);
    fw_cpu_halt(main(argc, argv));
}

__asm__(".text\n.global _start\n_start:\n xor %rbp, %rbp\n mov %rsp, %rdi\n and $-16, %rsp\n call fw_start_c\n hlt\n");

