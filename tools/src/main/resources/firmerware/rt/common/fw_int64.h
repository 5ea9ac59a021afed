/*
 * fw_int64.h: Java's long without a 64-bit C type (FW_SOFT_INT64, the TI C55x: its stdint.h has no int64_t). Part of
 * the runtime of fw build (docs/aot.md); included by fw.h at its end, never on its own.
 *
 * A jlong is two uint32_t halves, high first; the value is the two's complement 64-bit number hi:lo. Every operation
 * has Java's semantics (JLS 15.17, 15.19, 5.1.2, 5.1.3): add, sub and mul wrap; division truncates toward zero,
 * MIN_VALUE / -1 is MIN_VALUE and % -1 is 0, a zero divisor panics (ArithmeticException); shift counts are masked with
 * 63. Only 32-bit unsigned arithmetic is used, and only the 16x16->32 products of it for multiplication, so the code is
 * the same on any C99 compiler; the corpus checks it bit for bit against HotSpot on the host (CorpusTest, emulation).
 * The larger functions (multiply, divide, decimal output) are in fw_rt.c.
 */
#ifndef FW_INT64_H
#define FW_INT64_H

static inline jlong fw_lmake(uint32_t hi, uint32_t lo) { jlong r; r.hi = hi; r.lo = lo; return r; }
#define FW_LZERO { 0, 0 }

static inline jint fw_l2i(jlong a) { return (jint)a.lo; }
static inline jlong fw_i2l(jint a) { return fw_lmake(a < 0 ? 0xFFFFFFFFUL : 0, (uint32_t)a); }
static inline int fw_lneg_p(jlong a) { return (a.hi & 0x80000000UL) != 0; }
static inline int fw_lzero_p(jlong a) { return a.hi == 0 && a.lo == 0; }
static inline int fw_leq(jlong a, jlong b) { return a.hi == b.hi && a.lo == b.lo; }

static inline jlong fw_ladd(jlong a, jlong b) {
    uint32_t lo = a.lo + b.lo;
    return fw_lmake(a.hi + b.hi + (lo < a.lo ? 1u : 0u), lo);
}
static inline jlong fw_lsub(jlong a, jlong b) {
    return fw_lmake(a.hi - b.hi - (a.lo < b.lo ? 1u : 0u), a.lo - b.lo);
}
static inline jlong fw_lneg(jlong a) { return fw_lsub(fw_lmake(0, 0), a); }
static inline jlong fw_land(jlong a, jlong b) { return fw_lmake(a.hi & b.hi, a.lo & b.lo); }
static inline jlong fw_lor(jlong a, jlong b) { return fw_lmake(a.hi | b.hi, a.lo | b.lo); }
static inline jlong fw_lxor(jlong a, jlong b) { return fw_lmake(a.hi ^ b.hi, a.lo ^ b.lo); }
static inline jlong fw_lnot(jlong a) { return fw_lmake(~a.hi, ~a.lo); }

static inline jlong fw_lshl(jlong a, jint s) {
    s &= 63;
    if (s == 0) return a;
    if (s >= 32) return fw_lmake(a.lo << (s - 32), 0);
    return fw_lmake((a.hi << s) | (a.lo >> (32 - s)), a.lo << s);
}
static inline jlong fw_lushr(jlong a, jint s) {
    s &= 63;
    if (s == 0) return a;
    if (s >= 32) return fw_lmake(0, a.hi >> (s - 32));
    return fw_lmake(a.hi >> s, (a.lo >> s) | (a.hi << (32 - s)));
}
static inline jlong fw_lshr(jlong a, jint s) {
    return fw_lneg_p(a) ? fw_lnot(fw_lushr(fw_lnot(a), s)) : fw_lushr(a, s);
}

/* Signed and unsigned comparison: -1, 0 or 1 (lcmp, Long.compareUnsigned). */
static inline jint fw_lcmp(jlong a, jlong b) {
    if (a.hi != b.hi) return (jint)a.hi < (jint)b.hi ? -1 : 1;
    return a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0;
}
static inline jint fw_lcmpu(jlong a, jlong b) {
    if (a.hi != b.hi) return a.hi < b.hi ? -1 : 1;
    return a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0;
}

/* fw_rt.c: the product modulo 2^64; unsigned division with remainder (divisor not zero). */
jlong fw_lmul(jlong a, jlong b);
void fw_ludivmod(jlong n, jlong d, jlong* q, jlong* r);

static inline jlong fw_ldiv(jlong a, jlong b, fw_site site) {
    jlong q, r;
    int neg;
    if (FW_UNLIKELY(fw_lzero_p(b))) FW_PANIC_AT(site);
    if (b.hi == 0xFFFFFFFFUL && b.lo == 0xFFFFFFFFUL) return fw_lneg(a);
    neg = fw_lneg_p(a) != fw_lneg_p(b);
    fw_ludivmod(fw_lneg_p(a) ? fw_lneg(a) : a, fw_lneg_p(b) ? fw_lneg(b) : b, &q, &r);
    return neg ? fw_lneg(q) : q;
}
static inline jlong fw_lrem(jlong a, jlong b, fw_site site) {
    jlong q, r;
    if (FW_UNLIKELY(fw_lzero_p(b))) FW_PANIC_AT(site);
    if (b.hi == 0xFFFFFFFFUL && b.lo == 0xFFFFFFFFUL) return fw_lmake(0, 0);
    fw_ludivmod(fw_lneg_p(a) ? fw_lneg(a) : a, fw_lneg_p(b) ? fw_lneg(b) : b, &q, &r);
    return fw_lneg_p(a) ? fw_lneg(r) : r;
}

/* java.lang.Math */
static inline jlong fw_math_min_l(jlong a, jlong b) { return fw_lcmp(a, b) <= 0 ? a : b; }
static inline jlong fw_math_max_l(jlong a, jlong b) { return fw_lcmp(a, b) >= 0 ? a : b; }
static inline jlong fw_math_abs_l(jlong a) { return fw_lneg_p(a) ? fw_lneg(a) : a; }
static inline jlong fw_math_floorDiv_l(jlong x, jlong y, fw_site site) {
    jlong q = fw_ldiv(x, y, site);
    if (fw_lneg_p(fw_lxor(x, y)) && !fw_leq(fw_lmul(q, y), x)) q = fw_lsub(q, fw_lmake(0, 1));
    return q;
}
static inline jlong fw_math_floorDiv_li(jlong x, jint y, fw_site site) {
    return fw_math_floorDiv_l(x, fw_i2l(y), site);
}
static inline jlong fw_math_floorMod_l(jlong x, jlong y, fw_site site) {
    jlong m = fw_lrem(x, y, site);
    if (fw_lneg_p(fw_lxor(m, y)) && !fw_lzero_p(m)) m = fw_ladd(m, y);
    return m;
}
static inline jint fw_math_floorMod_li(jlong x, jint y, fw_site site) {
    return fw_l2i(fw_math_floorMod_l(x, fw_i2l(y), site));
}

/* java.lang.Integer, java.lang.Short */
static inline jlong fw_int_toUnsignedLong_i(jint a) { return fw_lmake(0, (uint32_t)a); }
static inline jlong fw_short_toUnsignedLong_s(jint a) { return fw_lmake(0, (uint32_t)a & 0xFFFFu); }

/* java.lang.Long */
static inline jint fw_long_compareUnsigned_l(jlong a, jlong b) { return fw_lcmpu(a, b); }
static inline jlong fw_long_divideUnsigned_l(jlong a, jlong b, fw_site site) {
    jlong q, r;
    if (FW_UNLIKELY(fw_lzero_p(b))) FW_PANIC_AT(site);
    fw_ludivmod(a, b, &q, &r);
    return q;
}
static inline jlong fw_long_remainderUnsigned_l(jlong a, jlong b, fw_site site) {
    jlong q, r;
    if (FW_UNLIKELY(fw_lzero_p(b))) FW_PANIC_AT(site);
    fw_ludivmod(a, b, &q, &r);
    return r;
}
static inline jint fw_long_numberOfLeadingZeros_l(jlong a) {
    return a.hi ? fw_int_numberOfLeadingZeros_i((jint)a.hi) : 32 + fw_int_numberOfLeadingZeros_i((jint)a.lo);
}
static inline jint fw_long_numberOfTrailingZeros_l(jlong a) {
    return a.lo ? fw_int_numberOfTrailingZeros_i((jint)a.lo) : 32 + fw_int_numberOfTrailingZeros_i((jint)a.hi);
}
static inline jint fw_long_bitCount_l(jlong a) {
    return fw_int_bitCount_i((jint)a.lo) + fw_int_bitCount_i((jint)a.hi);
}
static inline jlong fw_long_reverseBytes_l(jlong a) {
    return fw_lmake((uint32_t)fw_int_reverseBytes_i((jint)a.lo), (uint32_t)fw_int_reverseBytes_i((jint)a.hi));
}
static inline jlong fw_long_rotateLeft_li(jlong a, jint d) {
    return fw_lor(fw_lshl(a, d), fw_lushr(a, (64 - (d & 63)) & 63));
}
static inline jlong fw_long_rotateRight_li(jlong a, jint d) {
    return fw_lor(fw_lushr(a, d), fw_lshl(a, (64 - (d & 63)) & 63));
}
static inline jlong fw_long_highestOneBit_l(jlong a) {
    return fw_lzero_p(a) ? a : fw_lushr(fw_lmake(0x80000000UL, 0), fw_long_numberOfLeadingZeros_l(a));
}
static inline jlong fw_long_lowestOneBit_l(jlong a) { return fw_land(a, fw_lneg(a)); }
static inline jint fw_long_signum_l(jlong a) { return fw_lcmp(a, fw_lmake(0, 0)); }

#endif
