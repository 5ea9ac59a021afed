/* fw_rt.c: the common runtime of AOT images: panics, debug output, arraycopy, boot fixups, interrupt dispatch. */
#include "fw.h"

static void (*fw_dispatcher)(int line);

FW_NORETURN void fw_panic(const char* message) {
    int n = 0;
    while (message[n]) n++;
    fw_cpu_write("panic: ", 7);
    fw_cpu_write(message, n);
    fw_cpu_write("\n", 1);
    fw_panic_stop(3);
}

#if FW_PANIC_NUMBERS
FW_NORETURN void fw_panic_site(fw_site site) {
    char d[13];
    int i = sizeof d;
    d[--i] = '\n';
    do { d[--i] = (char)('0' + site % 10u); site /= 10u; } while (site);
    d[--i] = '#';
    fw_cpu_write("panic: ", 7);
    fw_cpu_write(d + i, (int)sizeof d - i);
    fw_panic_stop(3);
}
#endif

void fw_debug_write(const char* s, int len) {
    fw_cpu_write(s, len);
}

#if FW_SOFT_INT64
/* The low 32 bits of a 32x32 product and its high 32 bits, from 16x16->32 products. */
static void fw_umul32(uint32_t a, uint32_t b, uint32_t* hi, uint32_t* lo) {
    uint32_t a0 = a & 0xFFFFu, a1 = a >> 16, b0 = b & 0xFFFFu, b1 = b >> 16;
    uint32_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint32_t mid = (p00 >> 16) + (p01 & 0xFFFFu) + (p10 & 0xFFFFu);
    *lo = (mid << 16) | (p00 & 0xFFFFu);
    *hi = p11 + (p01 >> 16) + (p10 >> 16) + (mid >> 16);
}

jlong fw_lmul(jlong a, jlong b) {
    uint32_t hi, lo;
    fw_umul32(a.lo, b.lo, &hi, &lo);
    return fw_lmake(hi + a.hi * b.lo + a.lo * b.hi, lo);
}

/* Shift-and-subtract division of unsigned 64-bit numbers, one quotient bit per step from the divisor's top bit. */
void fw_ludivmod(jlong n, jlong d, jlong* q, jlong* r) {
    jlong quot = fw_lmake(0, 0);
    jlong rem = fw_lmake(0, 0);
    int i;
    if (d.hi == 0 && n.hi == 0) {
        *q = fw_lmake(0, n.lo / d.lo);
        *r = fw_lmake(0, n.lo % d.lo);
        return;
    }
    for (i = 63; i >= 0; i--) {
        rem = fw_lshl(rem, 1);
        rem.lo |= (i >= 32 ? (n.hi >> (i - 32)) : (n.lo >> i)) & 1u;
        if (fw_lcmpu(rem, d) >= 0) {
            rem = fw_lsub(rem, d);
            if (i >= 32) quot.hi |= (uint32_t)1 << (i - 32); else quot.lo |= (uint32_t)1 << i;
        }
    }
    *q = quot;
    *r = rem;
}

void fw_debug_long(jlong v) {
    char buf[24];
    int i = 24;
    jlong u = fw_lneg_p(v) ? fw_lneg(v) : v;
    jlong ten = fw_lmake(0, 10);
    do {
        jlong q, r;
        fw_ludivmod(u, ten, &q, &r);
        buf[--i] = (char)('0' + (int)r.lo);
        u = q;
    } while (!fw_lzero_p(u));
    if (fw_lneg_p(v)) buf[--i] = '-';
    fw_cpu_write(buf + i, 24 - i);
}

void fw_debug_int(jint v) {
    fw_debug_long(fw_i2l(v));
}
#else
void fw_debug_long(jlong v) {
    char buf[24];
    int i = 24;
    uint64_t u = v < 0 ? UINT64_C(0) - (uint64_t)v : (uint64_t)v;
    do {
        buf[--i] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    if (v < 0) buf[--i] = '-';
    fw_cpu_write(buf + i, 24 - i);
}

void fw_debug_int(jint v) {
    fw_debug_long(v);
}
#endif

#if FW_PACKED_BYTES
/* Writes bytes [off, off+len) of a packed byte array, a char each (on the C55x a char is a 16-bit word). */
static void fw_write_packed(const fw_word* d, jint off, jint len) {
    char buf[32];
    while (len > 0) {
        int n = len < 32 ? (int)len : 32;
        int k;
        for (k = 0; k < n; k++) buf[k] = (char)(fw_bload(d, off + k) & 0xFF);
        fw_cpu_write(buf, n);
        off += n;
        len -= n;
    }
}
#endif

void fw_debug_string(fw_object* s, fw_site npe) {
    FW_NN(s, npe);
#if FW_PACKED_BYTES
    fw_write_packed(((fw_arr_B*)s)->data, 0, ((fw_array*)s)->length);
#else
    fw_cpu_write((const char*)((fw_arr_B*)s)->data, ((fw_array*)s)->length);
#endif
}

void fw_debug_bytes(fw_object* a, jint off, jint len, fw_site npe, fw_site oob) {
    FW_NN(a, npe);
    if (off < 0 || len < 0 || off > ((fw_array*)a)->length - len) fw_panic_site(oob);
#if FW_PACKED_BYTES
    fw_write_packed(((fw_arr_B*)a)->data, off, len);
#else
    fw_cpu_write((const char*)((fw_arr_B*)a)->data + off, len);
#endif
}

static void fw_move(unsigned char* d, const unsigned char* s, size_t n) {
    if (d < s) {
        for (size_t i = 0; i < n; i++) d[i] = s[i];
    } else if (d > s) {
        for (size_t i = n; i > 0; i--) d[i - 1] = s[i - 1];
    }
}

/* System.arraycopy. esrc/edst: element sizes, negative for arrays of references, 0 for objects that are no arrays. */
void fw_arraycopy(fw_object* src, jint sp, fw_object* dst, jint dp, jint len, int esrc, int edst,
                  int (*store_ok)(uint16_t, uint16_t), fw_site npe, fw_site oob, fw_site ase) {
    FW_NN(src, npe);
    FW_NN(dst, npe);
    if (esrc == 0 || edst == 0 || esrc != edst || (esrc > 0 && src->cid != dst->cid)) fw_panic_site(ase);
    if (sp < 0 || dp < 0 || len < 0 || sp > ((fw_array*)src)->length - len || dp > ((fw_array*)dst)->length - len) {
        fw_panic_site(oob);
    }
    if (esrc < 0 && src->cid != dst->cid) {
        fw_object** s = ((fw_arr_A*)src)->data + sp;
        fw_object** d = ((fw_arr_A*)dst)->data + dp;
        for (jint i = 0; i < len; i++) {
            if (s[i] && !store_ok(dst->cid, s[i]->cid)) fw_panic_site(ase);
            d[i] = s[i];
        }
        return;
    }
#if FW_PACKED_BYTES
    if (esrc == 1) {
        /* Packed bytes: element by element (odd offsets straddle words), in the direction that overlap allows. */
        fw_word* d = ((fw_arr_B*)dst)->data;
        const fw_word* s = ((fw_arr_B*)src)->data;
        jint i;
        if (src == dst && sp < dp) {
            for (i = len - 1; i >= 0; i--) fw_bstore(d, dp + i, fw_bload(s, sp + i));
        } else {
            for (i = 0; i < len; i++) fw_bstore(d, dp + i, fw_bload(s, sp + i));
        }
        return;
    }
#endif
    /* Element sizes in C chars (sizeof), which on the C55x are 16-bit words, not bytes. */
    size_t size = esrc == 1 ? sizeof(jbyte) : esrc == 2 ? sizeof(jchar) : esrc == 4 ? sizeof(jint)
        : esrc == 8 ? sizeof(jlong) : sizeof(fw_object*);
    size_t off = esrc == 1 ? offsetof(fw_arr_B, data) : esrc == 2 ? offsetof(fw_arr_C, data)
        : esrc == 4 ? offsetof(fw_arr_I, data) : esrc == 8 ? offsetof(fw_arr_J, data) : offsetof(fw_arr_A, data);
    if (esrc < 0) {
        size = sizeof(fw_object*);
        off = offsetof(fw_arr_A, data);
    }
    fw_move((unsigned char*)dst + off + (size_t)dp * size, (const unsigned char*)src + off + (size_t)sp * size,
            (size_t)len * size);
}

void fw_apply_fixups(const fw_fixup* f, size_t n) {
    for (size_t i = 0; i < n; i++) {
        f[i].array->cid = f[i].cid;
        f[i].array->length = f[i].length;
    }
}

void fw_apply_copies(const fw_copy* c, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char* to = (char*)c[i].to;
        const char* from = (const char*)c[i].from;
        for (size_t k = 0; k < c[i].chars; k++) to[k] = from[k];
    }
}

void fw_set_dispatch(void (*dispatch)(int line)) {
    fw_dispatcher = dispatch;
}

void fw_dispatch_interrupt(int line) {
    if (fw_dispatcher) fw_dispatcher(line);
}
