/* fw_rt.c: the common runtime of AOT images: panics, debug output, arraycopy, boot fixups, interrupt dispatch. */
#include "fw.h"

static void (*fw_dispatcher)(int line);

FW_NORETURN void fw_panic(const char* site) {
    int n = 0;
    while (site[n]) n++;
    fw_cpu_write("panic: ", 7);
    fw_cpu_write(site, n);
    fw_cpu_write("\n", 1);
    fw_cpu_halt(3);
}

void fw_debug_write(const char* s, int len) {
    fw_cpu_write(s, len);
}

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

void fw_debug_string(fw_object* s, const char* npe) {
    FW_NN(s, npe);
    fw_cpu_write((const char*)((fw_arr_B*)s)->data, ((fw_array*)s)->length);
}

void fw_debug_bytes(fw_object* a, jint off, jint len, const char* npe, const char* oob) {
    FW_NN(a, npe);
    if (off < 0 || len < 0 || off > ((fw_array*)a)->length - len) fw_panic(oob);
    fw_cpu_write((const char*)((fw_arr_B*)a)->data + off, len);
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
                  int (*store_ok)(uint16_t, uint16_t), const char* npe, const char* oob, const char* ase) {
    FW_NN(src, npe);
    FW_NN(dst, npe);
    if (esrc == 0 || edst == 0 || esrc != edst || (esrc > 0 && src->cid != dst->cid)) fw_panic(ase);
    if (sp < 0 || dp < 0 || len < 0 || sp > ((fw_array*)src)->length - len || dp > ((fw_array*)dst)->length - len) {
        fw_panic(oob);
    }
    if (esrc < 0 && src->cid != dst->cid) {
        fw_object** s = ((fw_arr_A*)src)->data + sp;
        fw_object** d = ((fw_arr_A*)dst)->data + dp;
        for (jint i = 0; i < len; i++) {
            if (s[i] && !store_ok(dst->cid, s[i]->cid)) fw_panic(ase);
            d[i] = s[i];
        }
        return;
    }
    size_t size = (size_t)(esrc < 0 ? -esrc : esrc);
    size_t off = esrc == 1 ? offsetof(fw_arr_B, data) : esrc == 2 ? offsetof(fw_arr_C, data)
        : esrc == 4 ? offsetof(fw_arr_I, data) : esrc == 8 ? offsetof(fw_arr_J, data) : offsetof(fw_arr_A, data);
    if (esrc < 0) off = offsetof(fw_arr_A, data);
    fw_move((unsigned char*)dst + off + (size_t)dp * size, (const unsigned char*)src + off + (size_t)sp * size,
            (size_t)len * size);
}

void fw_apply_fixups(const fw_fixup* f, size_t n) {
    for (size_t i = 0; i < n; i++) {
        f[i].array->cid = f[i].cid;
        f[i].array->length = f[i].length;
    }
}

void fw_set_dispatch(void (*dispatch)(int line)) {
    fw_dispatcher = dispatch;
}

void fw_dispatch_interrupt(int line) {
    if (fw_dispatcher) fw_dispatcher(line);
}
