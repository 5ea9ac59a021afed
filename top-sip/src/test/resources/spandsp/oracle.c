/*
 * Test oracle for Firmerware's codecs: runs Debian's spandsp (libspandsp-dev) on files, so that the Java codecs can
 * be compared with an independent implementation byte for byte. Test code only; never part of the firmware.
 *
 *   oracle g722enc IN.s16 OUT.g722     16 kHz 16-bit native-endian samples to G.722 at 64 kbit/s (one octet per
 *                                      two samples)
 *   oracle g722dec IN.g722 OUT.s16     G.722 octets to 16 kHz samples
 *   oracle ulaw OUT.enc OUT.dec        every 16-bit value through linear_to_ulaw (65536 octets, -32768 first),
 *                                      and every octet through ulaw_to_linear (256 samples)
 *   oracle alaw OUT.enc OUT.dec        the same for A-law
 *   oracle g722bench IN.s16 N          encodes and decodes IN N times in 20 ms frames (for callgrind)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <spandsp.h>

static void *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *buf = malloc(n > 0 ? n : 1);
    if (n > 0 && fread(buf, 1, n, f) != (size_t) n) {
        perror(path);
        exit(2);
    }
    fclose(f);
    *len = (size_t) n;
    return buf;
}

static void write_all(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: oracle g722enc|g722dec|ulaw|alaw|g722bench ...\n");
        return 2;
    }
    const char *mode = argv[1];
    if (strcmp(mode, "g722enc") == 0) {
        size_t n;
        int16_t *pcm = read_all(argv[2], &n);
        int samples = (int) (n / 2);
        uint8_t *out = malloc(samples / 2 + 1);
        g722_encode_state_t *s = g722_encode_init(NULL, 64000, 0);
        int len = g722_encode(s, out, pcm, samples);
        write_all(argv[3], out, (size_t) len);
        g722_encode_free(s);
    } else if (strcmp(mode, "g722dec") == 0) {
        size_t n;
        uint8_t *code = read_all(argv[2], &n);
        int16_t *out = malloc(2 * (2 * n + 1));
        g722_decode_state_t *s = g722_decode_init(NULL, 64000, 0);
        int len = g722_decode(s, out, code, (int) n);
        write_all(argv[3], out, 2 * (size_t) len);
        g722_decode_free(s);
    } else if (strcmp(mode, "ulaw") == 0 || strcmp(mode, "alaw") == 0) {
        int ulaw = mode[0] == 'u';
        uint8_t enc[65536];
        int16_t dec[256];
        for (int i = 0; i < 65536; i++) {
            enc[i] = ulaw ? linear_to_ulaw(i - 32768) : linear_to_alaw(i - 32768);
        }
        for (int i = 0; i < 256; i++) {
            dec[i] = ulaw ? ulaw_to_linear((uint8_t) i) : alaw_to_linear((uint8_t) i);
        }
        write_all(argv[2], enc, sizeof enc);
        write_all(argv[3], dec, sizeof dec);
    } else if (strcmp(mode, "g722bench") == 0) {
        size_t n;
        int16_t *pcm = read_all(argv[2], &n);
        int rounds = atoi(argv[3]);
        int frames = (int) (n / 2 / 320);
        uint8_t code[160];
        int16_t out[320];
        g722_encode_state_t *e = g722_encode_init(NULL, 64000, 0);
        g722_decode_state_t *d = g722_decode_init(NULL, 64000, 0);
        long sum = 0;
        for (int r = 0; r < rounds; r++) {
            for (int f = 0; f < frames; f++) {
                int len = g722_encode(e, code, pcm + 320 * f, 320);
                int got = g722_decode(d, out, code, len);
                sum += out[got - 1];
            }
        }
        printf("%d frames, checksum %ld\n", rounds * frames, sum);
    } else {
        fprintf(stderr, "oracle: unknown mode %s\n", mode);
        return 2;
    }
    return 0;
}
