/*
 * fw.h: what every AOT image of Firmerware needs, on every CPU. Part of the runtime of fw build (docs/aot.md).
 * Portable C99, no libc: only the freestanding headers <stdint.h> and <stddef.h>.
 *
 * Assumptions about the C compiler, true of GCC and Clang and checked by the corpus tests: two's complement, and
 * conversion of an out-of-range unsigned value to a signed type wraps (C99 6.3.1.3 leaves it implementation-defined).
 * Generated code never relies on signed overflow: it computes in uint32_t/uint64_t and converts back.
 *
 * The data model (fw_config.h, written by fw build from the board profile; docs/aot.md):
 *   FW_PACKED_BYTES 1: a word-addressed DSP (TI C55x, 16-bit char): byte[] and boolean[] hold two elements per 16-bit
 *     word (fw_word), big-endian, reached only through fw_bload/fw_bstore; a jbyte variable or field is a word.
 *   FW_SOFT_INT64 1: no 64-bit C type: jlong is two 32-bit halves and its operations are functions (fw_int64.h).
 *   FW_ARRAY_LENGTH_BYTES 2: array lengths are uint16_t.
 */
#ifndef FW_H
#define FW_H

#include <stdint.h>
#include <stddef.h>
#include <limits.h>
#include "fw_config.h"

#if FW_PACKED_BYTES
typedef int16_t jbyte;     /* holds -128..127; 16 bits wide like the DSP's char */
typedef uint16_t jboolean;
typedef uint16_t fw_word;  /* the storage cell of packed byte arrays */
#else
typedef int8_t jbyte;
typedef uint8_t jboolean;
#endif
typedef int16_t jshort;
typedef uint16_t jchar;
typedef int32_t jint;
#if FW_SOFT_INT64
typedef struct { uint32_t hi; uint32_t lo; } jlong; /* two's complement, high half first (big-endian words) */
#else
typedef int64_t jlong;
#endif
typedef float jfloat;
typedef double jdouble;
#if FW_ARRAY_LENGTH_BYTES == 2
typedef uint16_t fw_alen;
#else
typedef int32_t fw_alen;
#endif
/* 8-bit bytes per C char: 2 on the C55x, whose sizeof counts 16-bit words (for the layout checks). */
#define FW_CHAR_BYTES (CHAR_BIT / 8)

/* Every object starts with its 16-bit class id; arrays (and Strings, Latin-1 bytes) add their length. */
typedef struct fw_object { uint16_t cid; } fw_object;
typedef struct fw_array { uint16_t cid; fw_alen length; } fw_array;
#if FW_PACKED_BYTES
typedef struct { uint16_t cid; fw_alen length; fw_word data[]; } fw_arr_B;
#else
typedef struct { uint16_t cid; fw_alen length; jbyte data[]; } fw_arr_B;
#endif
typedef struct { uint16_t cid; fw_alen length; jchar data[]; } fw_arr_C;
typedef struct { uint16_t cid; fw_alen length; jshort data[]; } fw_arr_S;
typedef struct { uint16_t cid; fw_alen length; jint data[]; } fw_arr_I;
typedef struct { uint16_t cid; fw_alen length; jlong data[]; } fw_arr_J;
typedef struct { uint16_t cid; fw_alen length; jfloat data[]; } fw_arr_F;
typedef struct { uint16_t cid; fw_alen length; jdouble data[]; } fw_arr_D;
typedef struct { uint16_t cid; fw_alen length; fw_object* data[]; } fw_arr_A;

/* A zero array in .bss whose header the boot writes. */
typedef struct { fw_array* array; uint16_t cid; fw_alen length; } fw_fixup;
/* The non-zero start of such an array, copied at boot: sizeof counts chars, as the copy does. */
typedef struct { void* to; const void* from; size_t chars; } fw_copy;

#if defined(__GNUC__)
#define FW_NORETURN __attribute__((noreturn))
#define FW_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define FW_UNUSED __attribute__((unused))
#else
#define FW_NORETURN
#define FW_UNLIKELY(x) (x)
#define FW_UNUSED
#endif

/* The CPU's part: register access (FW_REG_*, FW_IO_*), the interrupt mask, waiting, the debug output, halting. */
#include "fw_cpu.h"

jboolean fw_irq_disable(void);
void fw_irq_restore(jint enabled);
void fw_wait_for_interrupt(jint depth);
void fw_cpu_write(const char* s, int len);
FW_NORETURN void fw_cpu_halt(int code);
/* Resets the board as its reset button would (only runtimes that offer it: FW_PANIC_RESET needs it). */
FW_NORETURN void fw_cpu_reset(void);
/*
 * The end of every panic: fw_cpu_halt(code), or with FW_PANIC_RESET a reset (the profile's c.onPanic). Halting shows
 * a panic to whoever watches (a debugger, QEMU's exit status, the tests); a phone in the field should rather start
 * again, as a watchdog would make it, so that the bootloader runs and counts a panic of a firmware on trial as a
 * failed start (docs/bootloader.md, "The trial boot").
 */
#if FW_PANIC_RESET
#define fw_panic_stop(code) fw_cpu_reset()
#else
#define fw_panic_stop(code) fw_cpu_halt(code)
#endif

/* The common runtime (fw_rt.c). */
/*
 * How a failed check names its site: its text ("Kind at Class.method(File.java:12)"), or with FW_PANIC_NUMBERS its
 * number ("panic: #17"; report.txt has the texts), a small immediate that costs less flash than a pointer to a string.
 */
#if FW_PANIC_NUMBERS
typedef unsigned fw_site;
FW_NORETURN void fw_panic_site(fw_site site);
/*
 * A CPU runtime that can read a site's number back out of a trapping instruction defines FW_SITE_TRAP(site) in
 * fw_cpu.h: a failed check is then that one instruction, and its fault handler calls fw_panic_site.
 */
#ifdef FW_SITE_TRAP
#define FW_PANIC_AT(site) FW_SITE_TRAP(site)
#else
#define FW_PANIC_AT(site) fw_panic_site(site)
#endif
#else
typedef const char* fw_site;
#define fw_panic_site(site) fw_panic(site)
#define FW_PANIC_AT(site) fw_panic(site)
#endif
FW_NORETURN void fw_panic(const char* message);
void fw_debug_write(const char* s, int len);
void fw_debug_int(jint v);
void fw_debug_long(jlong v);
void fw_debug_string(fw_object* s, fw_site npe);
void fw_debug_bytes(fw_object* a, jint off, jint len, fw_site npe, fw_site oob);
void fw_arraycopy(fw_object* src, jint sp, fw_object* dst, jint dp, jint len, int esrc, int edst,
                  int (*store_ok)(uint16_t, uint16_t), fw_site npe, fw_site oob, fw_site ase);
void fw_apply_fixups(const fw_fixup* f, size_t n);
void fw_apply_copies(const fw_copy* c, size_t n);
void fw_set_dispatch(void (*dispatch)(int line));
void fw_dispatch_interrupt(int line);

/*
 * Mission images have no allocator: this symbol is declared and never defined, so an allocation that slipped past
 * fw check fails the link ("undefined reference to `fw_mission_allocation'").
 */
fw_object* fw_mission_allocation(fw_site site);

/* Intrinsics a CPU runtime provides when a board uses them (Delay, Reset; Memory.addressOf is FW_ADDRESS_OF). */
void fw_delay_cycles(jint cycles);
FW_NORETURN void fw_reset(void);
FW_NORETURN void fw_start_image(jint block);
FW_NORETURN void fw_copy_and_start(jint source, jint destination, jint bytes);
#ifndef FW_DELAY_CYCLES
#define FW_DELAY_CYCLES(n) fw_delay_cycles(n)
#endif

#define FW_NN(p, site) do { if (FW_UNLIKELY((p) == 0)) FW_PANIC_AT(site); } while (0)
#define FW_BOUNDS(a, i, site) \
    do { if (FW_UNLIKELY((uint32_t)(i) >= (uint32_t)((fw_array*)(a))->length)) FW_PANIC_AT(site); } while (0)
/* The bounds check of an array whose length the compiler knows (every array the reference can be has it). */
#define FW_BOUNDS_N(i, n, site) do { if (FW_UNLIKELY((uint32_t)(i) >= (uint32_t)(n))) FW_PANIC_AT(site); } while (0)

/* Copy loops unrolled four times where GCC can (the delay lines of filters shift a few dozen elements a sample). */
#if defined(__GNUC__) && __GNUC__ >= 8
#define FW_UNROLL4 _Pragma("GCC unroll 4")
#else
#define FW_UNROLL4
#endif

/*
 * System.arraycopy between arrays known to have the same primitive element type: Java's checks in Java's order (null,
 * then bounds; no ArrayStoreException is possible), then the elements one by one, backwards when the array copies
 * onto a later part of itself. Inline, so the C compiler sees the element type and, often, the count.
 */
#define FW_ARRAYCOPY_PRIMITIVE(E, T) \
static inline void fw_arraycopy_##E(fw_object* src, jint sp, fw_object* dst, jint dp, jint len, fw_site npe, \
                                    fw_site oob) { \
    FW_NN(src, npe); \
    FW_NN(dst, npe); \
    if (FW_UNLIKELY(sp < 0 || dp < 0 || len < 0 || sp > (jint)((fw_array*)src)->length - len \
                    || dp > (jint)((fw_array*)dst)->length - len)) FW_PANIC_AT(oob); \
    T* s = ((fw_arr_##E*)src)->data + sp; \
    T* d = ((fw_arr_##E*)dst)->data + dp; \
    if (src == dst && sp < dp) { \
        FW_UNROLL4 for (jint i = len - 1; i >= 0; i--) d[i] = s[i]; \
    } else if (src != dst || sp != dp) { \
        FW_UNROLL4 for (jint i = 0; i < len; i++) d[i] = s[i]; \
    } \
}
#if !FW_PACKED_BYTES
FW_ARRAYCOPY_PRIMITIVE(B, jbyte)
#endif
FW_ARRAYCOPY_PRIMITIVE(C, jchar)
FW_ARRAYCOPY_PRIMITIVE(S, jshort)
FW_ARRAYCOPY_PRIMITIVE(I, jint)
FW_ARRAYCOPY_PRIMITIVE(J, jlong)

#if !FW_SOFT_INT64
#define FW_LCMP(a, b) ((jint)(((a) > (b)) - ((a) < (b))))
#endif
#define FW_I2B(x) ((jint)((((x) & 0xFF) ^ 0x80) - 0x80))
#define FW_I2S(x) ((jint)((((x) & 0xFFFF) ^ 0x8000) - 0x8000))

static inline uint16_t fw_cid_or_0(fw_object* o) { return o ? o->cid : 0; }

static inline jint fw_idiv(jint a, jint b, fw_site site) {
    if (FW_UNLIKELY(b == 0)) FW_PANIC_AT(site);
    if (b == -1) return (jint)(0u - (uint32_t)a);
    return a / b;
}
static inline jint fw_irem(jint a, jint b, fw_site site) {
    if (FW_UNLIKELY(b == 0)) FW_PANIC_AT(site);
    if (b == -1) return 0;
    return a % b;
}
#if FW_PACKED_BYTES
/* Element i of a packed byte[] or boolean[]: the high half of word i/2 when i is even, the low half when odd. */
static inline jint fw_bload(const fw_word* d, jint i) {
    uint32_t w = d[(uint32_t)i >> 1];
    uint32_t b = (i & 1) ? (w & 0xFFu) : ((w >> 8) & 0xFFu);
    return (jint)(b ^ 0x80u) - 0x80;
}
static inline void fw_bstore(fw_word* d, jint i, jint v) {
    uint32_t k = (uint32_t)i >> 1;
    uint32_t w = d[k];
    uint32_t b = (uint32_t)v & 0xFFu;
    d[k] = (fw_word)((i & 1) ? ((w & 0xFF00u) | b) : ((w & 0x00FFu) | (b << 8)));
}
#endif

#if !FW_SOFT_INT64
/*
 * On a 32-bit CPU, a long divided by a constant from 1 to 65535 (the decimal digits of a long, milliseconds to
 * seconds) is four 32-bit divisions of 16-bit digits: C's 64-bit division would link libgcc's, about 850 bytes on a
 * Cortex-M3. |a| as unsigned (2^63 for MIN_VALUE), the quotient and remainder take the signs Java gives them.
 */
#if defined(__GNUC__) && UINTPTR_MAX == 0xFFFFFFFFu
#define FW_LDIV_SMALL(b) (__builtin_constant_p(b) && (b) >= 1 && (b) <= 0xFFFF)
static inline uint64_t fw_udiv_small(uint64_t a, uint32_t d, uint32_t* rem) {
    uint32_t hi = (uint32_t)(a >> 32), lo = (uint32_t)a;
    uint32_t q3 = hi / d, r = hi % d, n;
    n = (r << 16) | (lo >> 16);
    uint32_t q1 = n / d;
    r = n % d;
    n = (r << 16) | (lo & 0xFFFFu);
    uint32_t q0 = n / d;
    *rem = n % d;
    return ((uint64_t)q3 << 32) | (q1 << 16) | q0;
}
static inline jlong fw_ldiv_small(jlong a, uint32_t d) {
    uint32_t r;
    uint64_t q = fw_udiv_small(a < 0 ? UINT64_C(0) - (uint64_t)a : (uint64_t)a, d, &r);
    return (jlong)(a < 0 ? UINT64_C(0) - q : q);
}
static inline jlong fw_lrem_small(jlong a, uint32_t d) {
    uint32_t r;
    fw_udiv_small(a < 0 ? UINT64_C(0) - (uint64_t)a : (uint64_t)a, d, &r);
    return a < 0 ? -(jlong)r : (jlong)r;
}
#else
#define FW_LDIV_SMALL(b) 0
#define fw_ldiv_small(a, d) ((a) / (jlong)(d))
#define fw_lrem_small(a, d) ((a) % (jlong)(d))
#endif
static inline jlong fw_ldiv(jlong a, jlong b, fw_site site) {
    if (FW_LDIV_SMALL(b)) return fw_ldiv_small(a, (uint32_t)b);
    if (FW_UNLIKELY(b == 0)) FW_PANIC_AT(site);
    if (b == -1) return (jlong)(UINT64_C(0) - (uint64_t)a);
    return a / b;
}
static inline jlong fw_lrem(jlong a, jlong b, fw_site site) {
    if (FW_LDIV_SMALL(b)) return fw_lrem_small(a, (uint32_t)b);
    if (FW_UNLIKELY(b == 0)) FW_PANIC_AT(site);
    if (b == -1) return 0;
    return a % b;
}
static inline jlong fw_lshr(jlong a, jint s) { s &= 63; return a < 0 ? ~(~a >> s) : a >> s; }
#endif
/* Arithmetic right shifts without relying on the implementation-defined >> of negative values. */
static inline jint fw_ishr(jint a, jint s) { s &= 31; return a < 0 ? ~(~a >> s) : a >> s; }

static inline jchar fw_string_char_at(fw_object* s, jint i, fw_site npe, fw_site oob) {
    FW_NN(s, npe);
    FW_BOUNDS(s, i, oob);
#if FW_PACKED_BYTES
    return (jchar)(fw_bload(((fw_arr_B*)s)->data, i) & 0xFF);
#else
    return (jchar)(uint8_t)((fw_arr_B*)s)->data[i];
#endif
}

/* java.lang.Math */
static inline jint fw_math_min_i(jint a, jint b) { return a <= b ? a : b; }
static inline jint fw_math_max_i(jint a, jint b) { return a >= b ? a : b; }
static inline jint fw_math_abs_i(jint a) { return a < 0 ? (jint)(0u - (uint32_t)a) : a; }
static inline jint fw_math_floorDiv_i(jint x, jint y, fw_site site) {
    jint q = fw_idiv(x, y, site);
    if ((x ^ y) < 0 && (jint)((uint32_t)q * (uint32_t)y) != x) q--;
    return q;
}
static inline jint fw_math_floorMod_i(jint x, jint y, fw_site site) {
    jint m = fw_irem(x, y, site);
    if ((m ^ y) < 0 && m != 0) m = (jint)((uint32_t)m + (uint32_t)y);
    return m;
}
#if !FW_SOFT_INT64
static inline jlong fw_math_min_l(jlong a, jlong b) { return a <= b ? a : b; }
static inline jlong fw_math_max_l(jlong a, jlong b) { return a >= b ? a : b; }
static inline jlong fw_math_abs_l(jlong a) { return a < 0 ? (jlong)(UINT64_C(0) - (uint64_t)a) : a; }
static inline jlong fw_math_floorDiv_l(jlong x, jlong y, fw_site site) {
    jlong q = fw_ldiv(x, y, site);
    if ((x ^ y) < 0 && (jlong)((uint64_t)q * (uint64_t)y) != x) q--;
    return q;
}
static inline jlong fw_math_floorDiv_li(jlong x, jint y, fw_site site) { return fw_math_floorDiv_l(x, y, site); }
static inline jlong fw_math_floorMod_l(jlong x, jlong y, fw_site site) {
    jlong m = fw_lrem(x, y, site);
    if ((m ^ y) < 0 && m != 0) m = (jlong)((uint64_t)m + (uint64_t)y);
    return m;
}
static inline jint fw_math_floorMod_li(jlong x, jint y, fw_site site) {
    return (jint)fw_math_floorMod_l(x, y, site);
}
#endif

/* java.lang.Integer */
static inline jint fw_int_compareUnsigned_i(jint a, jint b) {
    return (uint32_t)a < (uint32_t)b ? -1 : (uint32_t)a > (uint32_t)b ? 1 : 0;
}
static inline jint fw_int_divideUnsigned_i(jint a, jint b, fw_site site) {
    if (FW_UNLIKELY(b == 0)) FW_PANIC_AT(site);
    return (jint)((uint32_t)a / (uint32_t)b);
}
static inline jint fw_int_remainderUnsigned_i(jint a, jint b, fw_site site) {
    if (FW_UNLIKELY(b == 0)) FW_PANIC_AT(site);
    return (jint)((uint32_t)a % (uint32_t)b);
}
#if !FW_SOFT_INT64
static inline jlong fw_int_toUnsignedLong_i(jint a) { return (jlong)(uint32_t)a; }
#endif
static inline jint fw_int_numberOfLeadingZeros_i(jint a) {
    uint32_t x = (uint32_t)a;
    jint n = 0;
    if (x == 0) return 32;
    while (!(x & 0x80000000u)) { x <<= 1; n++; }
    return n;
}
static inline jint fw_int_numberOfTrailingZeros_i(jint a) {
    uint32_t x = (uint32_t)a;
    jint n = 0;
    if (x == 0) return 32;
    while (!(x & 1u)) { x >>= 1; n++; }
    return n;
}
static inline jint fw_int_bitCount_i(jint a) {
    uint32_t x = (uint32_t)a;
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0Fu;
    return (jint)((x * 0x01010101u) >> 24);
}
static inline jint fw_int_reverseBytes_i(jint a) {
    uint32_t x = (uint32_t)a;
    return (jint)((x >> 24) | ((x >> 8) & 0xFF00u) | ((x << 8) & 0xFF0000u) | (x << 24));
}
static inline jint fw_int_rotateLeft_i(jint a, jint d) {
    uint32_t x = (uint32_t)a;
    return (jint)((x << (d & 31)) | (x >> ((32 - (d & 31)) & 31)));
}
static inline jint fw_int_rotateRight_i(jint a, jint d) {
    uint32_t x = (uint32_t)a;
    return (jint)((x >> (d & 31)) | (x << ((32 - (d & 31)) & 31)));
}
static inline jint fw_int_highestOneBit_i(jint a) {
    return a == 0 ? 0 : (jint)(0x80000000u >> fw_int_numberOfLeadingZeros_i(a));
}
static inline jint fw_int_lowestOneBit_i(jint a) { return (jint)((uint32_t)a & (0u - (uint32_t)a)); }
static inline jint fw_int_signum_i(jint a) { return (a > 0) - (a < 0); }

/* java.lang.Long */
#if !FW_SOFT_INT64
static inline jint fw_long_compareUnsigned_l(jlong a, jlong b) {
    return (uint64_t)a < (uint64_t)b ? -1 : (uint64_t)a > (uint64_t)b ? 1 : 0;
}
static inline jlong fw_long_divideUnsigned_l(jlong a, jlong b, fw_site site) {
    if (FW_UNLIKELY(b == 0)) FW_PANIC_AT(site);
    return (jlong)((uint64_t)a / (uint64_t)b);
}
static inline jlong fw_long_remainderUnsigned_l(jlong a, jlong b, fw_site site) {
    if (FW_UNLIKELY(b == 0)) FW_PANIC_AT(site);
    return (jlong)((uint64_t)a % (uint64_t)b);
}
static inline jint fw_long_numberOfLeadingZeros_l(jlong a) {
    uint32_t hi = (uint32_t)((uint64_t)a >> 32);
    return hi ? fw_int_numberOfLeadingZeros_i((jint)hi) : 32 + fw_int_numberOfLeadingZeros_i((jint)(uint32_t)a);
}
static inline jint fw_long_numberOfTrailingZeros_l(jlong a) {
    uint32_t lo = (uint32_t)(uint64_t)a;
    return lo ? fw_int_numberOfTrailingZeros_i((jint)lo) : 32 + fw_int_numberOfTrailingZeros_i((jint)(uint32_t)((uint64_t)a >> 32));
}
static inline jint fw_long_bitCount_l(jlong a) {
    return fw_int_bitCount_i((jint)(uint32_t)(uint64_t)a) + fw_int_bitCount_i((jint)(uint32_t)((uint64_t)a >> 32));
}
static inline jlong fw_long_reverseBytes_l(jlong a) {
    uint64_t x = (uint64_t)a;
    uint64_t lo = (uint32_t)fw_int_reverseBytes_i((jint)(uint32_t)x);
    uint64_t hi = (uint32_t)fw_int_reverseBytes_i((jint)(uint32_t)(x >> 32));
    return (jlong)((lo << 32) | hi);
}
static inline jlong fw_long_rotateLeft_li(jlong a, jint d) {
    uint64_t x = (uint64_t)a;
    return (jlong)((x << (d & 63)) | (x >> ((64 - (d & 63)) & 63)));
}
static inline jlong fw_long_rotateRight_li(jlong a, jint d) {
    uint64_t x = (uint64_t)a;
    return (jlong)((x >> (d & 63)) | (x << ((64 - (d & 63)) & 63)));
}
static inline jlong fw_long_highestOneBit_l(jlong a) {
    return a == 0 ? 0 : (jlong)(UINT64_C(0x8000000000000000) >> fw_long_numberOfLeadingZeros_l(a));
}
static inline jlong fw_long_lowestOneBit_l(jlong a) { return (jlong)((uint64_t)a & (UINT64_C(0) - (uint64_t)a)); }
static inline jint fw_long_signum_l(jlong a) { return (a > 0) - (a < 0); }
#endif

/* java.lang.Short */
static inline jint fw_short_compareUnsigned_s(jint a, jint b) { return (a & 0xFFFF) - (b & 0xFFFF); }
#if !FW_SOFT_INT64
static inline jlong fw_short_toUnsignedLong_s(jint a) { return (jlong)(a & 0xFFFF); }
#endif

#if FW_SOFT_INT64
#include "fw_int64.h"
#endif
static inline jint fw_short_reverseBytes_s(jint a) { return FW_I2S(((a & 0xFF) << 8) | ((a >> 8) & 0xFF)); }

#endif
