/*
 * memcpy, memmove, memset and memcmp for images without a C library (the Cortex-M runtime, host images without libc):
 * the C compiler may emit calls to them for structure copies and large initialisers, and fw_rt.c uses them. Byte
 * loops: images copy little at run time, and the AOT compiler inlines Java's array copies (fw.h).
 */
#include <stddef.h>

void* memcpy(void* d, const void* s, size_t n) {
    unsigned char* dd = d;
    const unsigned char* ss = s;
    while (n--) *dd++ = *ss++;
    return d;
}

void* memmove(void* d, const void* s, size_t n) {
    unsigned char* dd = d;
    const unsigned char* ss = s;
    if (dd < ss) {
        while (n--) *dd++ = *ss++;
    } else {
        while (n--) dd[n] = ss[n];
    }
    return d;
}

void* memset(void* d, int c, size_t n) {
    unsigned char* dd = d;
    while (n--) *dd++ = (unsigned char)c;
    return d;
}

int memcmp(const void* a, const void* b, size_t n) {
    const unsigned char* x = a;
    const unsigned char* y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y) return *x - *y;
    }
    return 0;
}
