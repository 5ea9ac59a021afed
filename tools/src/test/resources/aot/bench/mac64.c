/* Hand-written C equivalent of BenchMac64.java, for the callgrind comparison (CallgrindBench). */
#include "fw.h"

static int32_t a[1024];
static int32_t b[1024];

static int64_t mac(int64_t acc, const int32_t* x, const int32_t* y, int n) {
    uint64_t s = (uint64_t)acc;
    for (int i = 0; i < n; i++) s += (uint64_t)((int64_t)x[i] * y[i]);
    return (int64_t)s;
}

__attribute__((noinline)) void bench(void) {
    int64_t acc = 0;
    for (int round = 0; round < 64; round++) acc = mac(acc, a, b, 1024);
    fw_debug_long(acc);
    fw_debug_write("\n", 1);
}

int main(int argc, char** argv) {
    (void)argc;
    (void)argv;
    uint32_t seed = 12345;
    for (int i = 0; i < 1024; i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = (int32_t)seed >> 8;
        seed = seed * 1103515245u + 12345u;
        b[i] = (int32_t)seed >> 4;
    }
    bench();
    return 0;
}
