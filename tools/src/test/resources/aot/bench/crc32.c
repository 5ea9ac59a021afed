/* Hand-written C equivalent of BenchCrc32.java, for the callgrind comparison (CallgrindBench). */
#include "fw.h"

static uint32_t table[256];
static uint8_t data[4096];

static uint32_t crc32(uint32_t crc, const uint8_t* buf, int len) {
    crc = ~crc;
    for (int i = 0; i < len; i++) crc = table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

__attribute__((noinline)) void bench(void) {
    uint32_t crc = 0;
    for (int round = 0; round < 64; round++) crc = crc32(crc, data, 4096);
    fw_debug_int((jint)crc);
    fw_debug_write("\n", 1);
}

int main(int argc, char** argv) {
    (void)argc;
    (void)argv;
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    for (int i = 0; i < 4096; i++) data[i] = (uint8_t)(i * 31 + 7);
    bench();
    return 0;
}
