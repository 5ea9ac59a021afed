/*
 * host_devices.c: the devices of the board "host" (boards/host, HostMap.java), as C models behind the host target's
 * register access (fw_host_mmio_*). They run in virtual time: the clock stands still while the firmware runs and jumps
 * to the alarm when the firmware waits for an interrupt, as in the simulator, so a run repeats exactly. What the
 * devices show is printed in the simulator's trace format ("     0.500  led      message    on").
 *
 * Command line: image [SECONDS]: run that much virtual time (default 10), then stop.
 */
#include "fw.h"

#define BASE 0x40000000u
#define CLOCK_NOW (BASE + 0x000u)
#define ALARM_AT (BASE + 0x004u)
#define ALARM_CTRL (BASE + 0x008u)
#define CONSOLE_DATA (BASE + 0x100u)
#define LED_BASE (BASE + 0x200u)
#define DISPLAY_CELL (BASE + 0x300u)
#define DISPLAY_SHOW (BASE + 0x3F0u)
#define RESET (BASE + 0xF00u)
#define WIDTH 12
#define LEDS 16

static uint32_t now_ms;
static uint32_t end_ms = 10000;
static uint32_t alarm_at;
static int armed;
static char line[256];
static int line_len;
static char cells[WIDTH];
static char shown[WIDTH + 1];
static int shown_len = -1;
static int colour[LEDS];

static void put(const char* s, int n) { fw_cpu_write(s, n); }

static int len(const char* s) { int n = 0; while (s[n]) n++; return n; }

static void pad(const char* s, int width) {
    int n = len(s);
    put(s, n);
    for (; n < width; n++) put(" ", 1);
}

/* One trace line: time (%10.3f seconds), kind (%-8s), name (%-10s), value. */
static void trace(const char* kind, const char* name, const char* value, int value_len) {
    char t[16];
    int i = 16;
    uint32_t ms = now_ms;
    for (int d = 0; d < 3; d++) { t[--i] = (char)('0' + ms % 10); ms /= 10; }
    t[--i] = '.';
    do { t[--i] = (char)('0' + ms % 10); ms /= 10; } while (ms);
    while (i > 6) t[--i] = ' ';
    put(t + i, 16 - i);
    put("  ", 2);
    pad(kind, 8);
    put(" ", 1);
    pad(name, 10);
    put(" ", 1);
    put(value, value_len);
    put("\n", 1);
}

static const char* led_name(int led) {
    static const char* names[] = {"message", "handset", "speaker", "backlight", "headset", "mute"};
    return led < 6 ? names[led] : "line";
}

void fw_board_start(int argc, char** argv) {
    if (argc > 1) {
        uint32_t s = 0;
        for (const char* p = argv[1]; *p >= '0' && *p <= '9'; p++) s = s * 10 + (uint32_t)(*p - '0');
        end_ms = s * 1000;
    }
}

uint32_t fw_host_mmio_load(uint32_t address, int bits) {
    (void)bits;
    switch (address) {
    case CLOCK_NOW: return now_ms;
    default: return 0;
    }
}

void fw_host_mmio_store(uint32_t address, int bits, uint32_t value) {
    (void)bits;
    if (address == ALARM_AT) {
        alarm_at = value;
    } else if (address == ALARM_CTRL) {
        armed = value != 0;
        if (armed && (int32_t)(alarm_at - now_ms) <= 0) {
            armed = 0;
            fw_host_raise(0);
        }
    } else if (address == CONSOLE_DATA) {
        if (value == '\n') {
            trace("console", "log", line, line_len);
            line_len = 0;
        } else if (line_len < (int)sizeof line) {
            line[line_len++] = (char)value;
        }
    } else if (address >= LED_BASE && address < LED_BASE + 4 * LEDS) {
        int led = (int)(address - LED_BASE) / 4;
        int c = (int)value;
        if (colour[led] != c) {
            colour[led] = c;
            trace("led", led_name(led), c ? "on" : "off", c ? 2 : 3);
        }
    } else if (address >= DISPLAY_CELL && address < DISPLAY_CELL + WIDTH) {
        cells[address - DISPLAY_CELL] = (char)value;
    } else if (address == DISPLAY_SHOW) {
        int n = WIDTH;
        while (n > 0 && cells[n - 1] == ' ') n--;
        int same = n == shown_len;
        for (int i = 0; same && i < n; i++) same = shown[i] == cells[i];
        if (!same) {
            for (int i = 0; i < n; i++) shown[i] = cells[i];
            shown_len = n;
            trace("display", "text", shown, n);
        }
    } else if (address == RESET) {
        trace("cpu", "reboot", "", 0);
        fw_cpu_halt(0);
    }
}

/* The CPU waits: advance virtual time to the alarm and raise its line, or end the run when nothing is due in time. */
void fw_board_idle(jint depth) {
    (void)depth;
    if (!armed || (int32_t)(alarm_at - end_ms) > 0) {
        now_ms = end_ms;
        fw_cpu_halt(0);
    }
    if ((int32_t)(alarm_at - now_ms) > 0) now_ms = alarm_at;
    armed = 0;
    fw_host_raise(0);
}
