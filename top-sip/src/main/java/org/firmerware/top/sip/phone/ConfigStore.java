package org.firmerware.top.sip.phone;

import org.firmerware.bottom.hal.Flash;
import org.firmerware.bottom.hal.Partition;
import org.firmerware.kernel.console.Format;
import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.flash.Crc32;
import org.firmerware.kernel.net.llc.ConsoleCommands;
import org.firmerware.kernel.net.llc.LlcConsole;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.time.TimerQueue;

/**
 * The phone's configuration text in the {@code config} partition, and the console commands that show and edit it
 * (docs/sip.md, "Configuration").
 *
 * <h2>What the partition holds</h2>
 * Either plain text from its first block (as {@code fw flash config FILE} writes it: the text ends at the first erased
 * or NUL byte), or one or more <b>copies</b>, each starting on a block boundary with a header line of
 * {@value #HEADER_BYTES} bytes, {@code #config-copy LLLLLLLL CCCCCCCC\n} (the text's length and its CRC-32, in hex),
 * followed by the text. The configuration is the last copy whose CRC-32 matches; without any, the plain text. The
 * console's {@code config save} appends a copy after everything written so far (NOR flash: only erased blocks are
 * programmed), so a power cut while it is written leaves a copy whose CRC fails and the previous text stands; only when
 * the partition is full is it erased and the copy written at its start (a cut in that erase or that write leaves no
 * configuration).
 *
 * <h2>Console commands</h2>
 * {@code config [N]} (the working copy's lines from N, passwords hidden), {@code config set [A.]KEY VALUE} (in the
 * phone's part, or account A's), {@code config add LINE}, {@code config delete N}, {@code config save},
 * {@code config revert}. Edits change the working copy only; {@code config save} writes it, and the phone uses it from
 * the next start ({@code reboot}). Main loop only; nothing allocates after init.
 */
public final class ConfigStore implements ConsoleCommands, TimerHandler {

    /** The longest text the console edits and saves. */
    public static final int TEXT_BYTES = 4096;
    /** The length of a copy's header line. */
    public static final int HEADER_BYTES = 31;
    /** How often a running erase is polled. */
    static final int ERASE_POLL_MS = 50;
    /** Room for one answer of {@code config} (the console's reply holds {@link LlcConsole#REPLY_BYTES}). */
    static final int ANSWER_BYTES = 800;

    private static final String MAGIC = "#config-copy ";

    private final Flash flash;
    private final Partition part;
    private final Log log;
    private final TimerQueue timers;
    private final Timer eraseTimer;
    private final byte[] block;
    private final byte[] text = new byte[TEXT_BYTES];
    private int length;
    /** Whether the working copy differs from the partition's text. */
    private boolean changed;
    /** Whether the partition's text was longer than {@link #TEXT_BYTES} (then the console does not edit it). */
    private boolean tooLong;
    /** Where the current text starts: its first block, and whether it has a header. */
    private int currentBlock = -1;
    private boolean saving;
    private int eraseUnit;
    /** The CRC-32 of the text being written. */
    private int textCrc;

    /**
     * Reads the current text from the board's {@code config} partition (none: an empty text that cannot be saved).
     * Init only.
     */
    public ConfigStore(Flash flash, String partitionName, Log log, TimerQueue timers) {
        this.log = log;
        this.timers = timers;
        Partition found = null;
        if (flash != null) {
            Partition[] parts = flash.partitions();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].name.equals(partitionName)) {
                    found = parts[i];
                }
            }
        }
        this.part = found;
        this.flash = found == null ? null : flash;
        this.block = new byte[flash == null ? 0 : flash.blockSize()];
        this.eraseTimer = new Timer(Priority.NORMAL, this);
        load();
    }

    /** Whether there is a partition to read and write. */
    public boolean hasPartition() {
        return part != null;
    }

    /** The working copy of the text (as read at init, until edited). */
    public byte[] text() {
        return text;
    }

    /** The length of {@link #text()}. */
    public int length() {
        return length;
    }

    /** Whether the working copy has edits that are not saved. */
    public boolean isChanged() {
        return changed;
    }

    /** Whether the partition's text is longer than the console edits (then it is read whole at init, not here). */
    public boolean isTooLong() {
        return tooLong;
    }

    /** Whether a save is under way. */
    public boolean isSaving() {
        return saving;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads the partition's current text into the working copy again, edits dropped (the phone does at the start of
     * its main loop). Allocates nothing.
     */
    public void reload() {
        load();
    }

    /** Reads the current text into the working copy. */
    private void load() {
        length = 0;
        changed = false;
        tooLong = false;
        currentBlock = -1;
        if (part == null) {
            return;
        }
        int bs = block.length;
        int found = -1;
        int foundLength = 0;
        int b = 0;
        while (b < part.blockCount) {
            int len = copyAt(b);
            if (len >= 0) {
                found = b;
                foundLength = len;
                b += (HEADER_BYTES + len + bs - 1) / bs;
            } else {
                b++;
            }
        }
        if (found >= 0) {
            currentBlock = found;
            copyText(found, HEADER_BYTES, foundLength);
            return;
        }
        // Plain text from the first block, unless it starts as a copy (a damaged one: then there is no text).
        if (!flash.read(part.firstBlock, block, 0) || startsWithMagic()) {
            return;
        }
        currentBlock = 0;
        int n = 0;
        boolean end = false;
        for (int k = 0; k < part.blockCount && !end; k++) {
            if (!flash.read(part.firstBlock + k, block, 0)) {
                break;
            }
            for (int i = 0; i < bs && !end; i++) {
                if (block[i] == (byte) 0xFF || block[i] == 0) {
                    end = true;
                } else if (n < TEXT_BYTES) {
                    text[n++] = block[i];
                } else {
                    tooLong = true;
                }
            }
        }
        length = n;
    }

    /** The length of the text of a valid copy starting at partition block {@code b}, or -1. */
    private int copyAt(int b) {
        if (!flash.read(part.firstBlock + b, block, 0) || !startsWithMagic()) {
            return -1;
        }
        int len = hexAt(MAGIC.length());
        int crc = hexAt(MAGIC.length() + 9);
        if (len < 0 || len > TEXT_BYTES || block[MAGIC.length() + 8] != ' ' || block[HEADER_BYTES - 1] != '\n'
            || (HEADER_BYTES + len + block.length - 1) / block.length > part.blockCount - b) {
            return -1;
        }
        int c = Crc32.START;
        int offset = HEADER_BYTES;
        int left = len;
        int k = b;
        while (left > 0) {
            if (offset == block.length) {
                k++;
                if (!flash.read(part.firstBlock + k, block, 0)) {
                    return -1;
                }
                offset = 0;
            }
            int n = Math.min(left, block.length - offset);
            c = Crc32.update(c, block, offset, n);
            offset += n;
            left -= n;
        }
        return Crc32.finish(c) == crc ? len : -1;
    }

    /** Copies {@code len} bytes of text from partition block {@code b} at byte {@code offset} to the working copy. */
    private void copyText(int b, int offset, int len) {
        int n = 0;
        int k = b;
        flash.read(part.firstBlock + k, block, 0);
        while (n < len) {
            if (offset == block.length) {
                k++;
                flash.read(part.firstBlock + k, block, 0);
                offset = 0;
            }
            int m = Math.min(len - n, block.length - offset);
            System.arraycopy(block, offset, text, n, m);
            n += m;
            offset += m;
        }
        length = len;
    }

    private boolean startsWithMagic() {
        for (int i = 0; i < MAGIC.length(); i++) {
            if (block[i] != MAGIC.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Eight hex digits of {@link #block} at {@code off}, or -1 for a length that is not; any value for a CRC. */
    private int hexAt(int off) {
        int v = 0;
        for (int i = 0; i < 8; i++) {
            int ch = block[off + i];
            int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    // ------------------------------------------------------------------ saving

    /**
     * Starts writing the working copy as a new copy: after everything written so far, or, when it does not fit, at the
     * start of the partition once it is erased. The result is logged ({@code phone: config saved ...}).
     *
     * @return null when started, else the reason it cannot
     */
    public String save() {
        if (part == null) {
            return "no config partition";
        }
        if (saving || flash.isBusy()) {
            return "busy: a save is under way";
        }
        int bs = block.length;
        int need = (HEADER_BYTES + length + bs - 1) / bs;
        int used = 0;
        for (int b = part.blockCount - 1; b >= 0 && used == 0; b--) {
            if (!flash.read(part.firstBlock + b, block, 0)) {
                return "the flash cannot be read";
            }
            for (int i = 0; i < bs; i++) {
                if (block[i] != (byte) 0xFF) {
                    used = b + 1;
                    break;
                }
            }
        }
        saving = true;
        if (used + need <= part.blockCount) {
            write(used);
        } else {
            log.line("phone: config partition full: erasing it");
            eraseUnit = 0;
            erase();
        }
        return null;
    }

    private void erase() {
        if (!flash.erase(part.firstBlock + eraseUnit * flash.eraseUnitBlocks())) {
            saving = false;
            log.line("phone: config not saved: the erase was refused");
            return;
        }
        timers.start(eraseTimer, ERASE_POLL_MS);
    }

    @Override
    public void onTimer(Timer timer) {
        if (flash.isBusy()) {
            timers.start(eraseTimer, ERASE_POLL_MS);
            return;
        }
        eraseUnit++;
        if (eraseUnit * flash.eraseUnitBlocks() < part.blockCount) {
            erase();
        } else {
            write(0);
        }
    }

    /** Programs the copy from partition block {@code first}, then reads it back. */
    private void write(int first) {
        int bs = block.length;
        int total = HEADER_BYTES + length;
        textCrc = Crc32.of(text, 0, length);
        int n = 0;
        for (int k = 0; n < total; k++) {
            for (int i = 0; i < bs; i++, n++) {
                block[i] = n < total ? copyByte(n) : (byte) 0xFF;
            }
            if (!flash.program(part.firstBlock + first + k, block, 0)) {
                saving = false;
                log.begin().text("phone: config not saved: programming block ").decimal(first + k).text(" failed")
                    .end();
                return;
            }
        }
        saving = false;
        if (copyAt(first) != length) {
            log.begin().text("phone: config not saved: the copy at block ").decimal(first).text(" reads back wrong")
                .end();
            return;
        }
        currentBlock = first;
        changed = false;
        log.begin().text("phone: config saved: ").decimal(length).text(" bytes at block ").decimal(first)
            .text(" of config; it applies from the next start").end();
    }

    /** Byte {@code n} of the copy: the header line, then the text. */
    private byte copyByte(int n) {
        if (n >= HEADER_BYTES) {
            return text[n - HEADER_BYTES];
        }
        if (n < MAGIC.length()) {
            return (byte) MAGIC.charAt(n);
        }
        if (n < MAGIC.length() + 8) {
            return hexDigit(length, 7 - (n - MAGIC.length()));
        }
        if (n == MAGIC.length() + 8) {
            return ' ';
        }
        if (n < HEADER_BYTES - 1) {
            return hexDigit(textCrc, 7 - (n - MAGIC.length() - 9));
        }
        return '\n';
    }

    private static byte hexDigit(int value, int nibble) {
        int d = (value >>> (nibble * 4)) & 0xF;
        return (byte) (d < 10 ? '0' + d : 'a' + d - 10);
    }

    // ------------------------------------------------------------------ editing

    /** The number of lines of the working copy (a last line without its newline counts). */
    int lineCount() {
        int count = 0;
        for (int i = 0; i < length; i++) {
            if (text[i] == '\n') {
                count++;
            }
        }
        return length > 0 && text[length - 1] != '\n' ? count + 1 : count;
    }

    /** Where line {@code n} (from 1) starts; {@link #length} for the line after the last. */
    int lineStart(int n) {
        int line = 1;
        for (int i = 0; i < length && line < n; i++) {
            if (text[i] == '\n') {
                line++;
                if (line == n) {
                    return i + 1;
                }
            }
        }
        return n <= 1 ? 0 : length;
    }

    /** Where the line starting at {@code start} ends (its newline, or the end of the text). */
    int lineEnd(int start) {
        int i = start;
        while (i < length && text[i] != '\n') {
            i++;
        }
        return i;
    }

    /** Replaces {@code text[from..to)} with {@code src[off..off+len)} and a newline; false when it does not fit. */
    boolean replace(int from, int to, byte[] src, int off, int len, boolean newline) {
        int add = len + (newline ? 1 : 0);
        int grow = add - (to - from);
        if (length + grow > TEXT_BYTES) {
            return false;
        }
        System.arraycopy(text, to, text, to + grow, length - to);
        System.arraycopy(src, off, text, from, len);
        if (newline) {
            text[from + len] = '\n';
        }
        length += grow;
        changed = true;
        return true;
    }

    /** The start of the key of the line at {@code start} (after spaces). */
    private int keyStart(int start, int end) {
        int i = start;
        while (i < end && (text[i] == ' ' || text[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The end of the key that starts at {@code k}. */
    private int keyEnd(int k, int end) {
        int i = k;
        while (i < end && text[i] != ' ' && text[i] != '\t' && text[i] != '=' && text[i] != '#') {
            i++;
        }
        return i;
    }

    /** Whether the line at {@code start} has the key {@code src[off..off+len)} (ASCII case ignored). */
    private boolean lineHasKey(int start, byte[] src, int off, int len) {
        int end = lineEnd(start);
        int k = keyStart(start, end);
        int ke = keyEnd(k, end);
        if (ke - k != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (lower(text[k + i]) != lower(src[off + i])) {
                return false;
            }
        }
        return true;
    }

    private boolean lineIsAccount(int start) {
        int end = lineEnd(start);
        int k = keyStart(start, end);
        return LlcConsole.isWord(text, k, keyEnd(k, end), "account");
    }

    private static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 'a' - 'A' : b;
    }

    /**
     * Sets {@code KEY = VALUE} in section {@code account} (0: the phone's keys before the first account; A: account A's
     * lines): replaces the section's line with that key, or adds one at the section's end.
     *
     * @param line holds the key at {@code [k, ke)} and the value at {@code [v, ve)}
     * @return null when done, else the reason
     */
    String set(int account, byte[] line, int k, int ke, int v, int ve) {
        int from;
        int to;
        if (account == 0) {
            from = 0;
            to = 0;
            while (to < length && !lineIsAccount(to)) {
                to = lineEnd(to) + 1;
            }
            to = Math.min(to, length);
        } else {
            int a = 0;
            from = -1;
            for (int s = 0; s < length; s = lineEnd(s) + 1) {
                if (lineIsAccount(s)) {
                    a++;
                    if (a == account) {
                        from = s;
                        break;
                    }
                }
            }
            if (from < 0) {
                return "no such account; add one with: config add account = USER@DOMAIN";
            }
            to = lineEnd(from) + 1;
            while (to < length && !lineIsAccount(to)) {
                to = lineEnd(to) + 1;
            }
            to = Math.min(to, length);
        }
        int at = -1;
        for (int s = from; s < to; s = lineEnd(s) + 1) {
            if (lineHasKey(s, line, k, ke - k)) {
                at = s;
            }
        }
        int newLength = (ke - k) + 3 + (ve - v);
        int start;
        int end;
        boolean newline;
        if (at >= 0) {
            start = at;
            end = lineEnd(at);
            newline = false;
        } else {
            // At the section's end; a last line without its newline gets one first.
            if (to > 0 && to == length && text[length - 1] != '\n') {
                if (!replace(length, length, line, 0, 0, true)) {
                    return "the text is full";
                }
                to = length;
            }
            start = to;
            end = to;
            newline = true;
        }
        int grow = newLength + (newline ? 1 : 0) - (end - start);
        if (length + grow > TEXT_BYTES) {
            return "the text is full";
        }
        System.arraycopy(text, end, text, end + grow, length - end);
        int o = start;
        System.arraycopy(line, k, text, o, ke - k);
        o += ke - k;
        text[o++] = ' ';
        text[o++] = '=';
        text[o++] = ' ';
        System.arraycopy(line, v, text, o, ve - v);
        o += ve - v;
        if (newline) {
            text[o] = '\n';
        }
        length += grow;
        changed = true;
        return null;
    }

    // ------------------------------------------------------------------ console commands

    @Override
    public String help() {
        return "config [N] (the configuration from line N); config set [A.]KEY VALUE (A: account A); config add LINE;"
            + " config delete N; config save (applies from the next start); config revert";
    }

    @Override
    public boolean execute(byte[] line, int start, int end, LlcConsole c) {
        if (end - start < 6 ? !LlcConsole.isWord(line, start, end, "config")
            : !(LlcConsole.isWord(line, start, start + 6, "config") && (end == start + 6 || line[start + 6] == ' '))) {
            return false;
        }
        int w = skip(line, start + 6, end);
        int we = word(line, w, end);
        if (part == null) {
            c.answer("config: this board has no config partition\n");
        } else if (w == end) {
            show(c, 1);
        } else if (isDigits(line, w, we)) {
            show(c, decimal(line, w, we));
        } else if (tooLong) {
            c.answer("config: the text is longer than the console edits (");
            c.answerDecimal(TEXT_BYTES);
            c.answer(" bytes); write it with fw flash\n");
        } else if (LlcConsole.isWord(line, w, we, "set")) {
            setCommand(c, line, skip(line, we, end), end);
        } else if (LlcConsole.isWord(line, w, we, "add")) {
            int from = skip(line, we, end);
            if (from == end) {
                c.answer("config: add what? config add KEY = VALUE\n");
            } else if (length > 0 && text[length - 1] != '\n' && !replace(length, length, line, 0, 0, true)
                || !replace(length, length, line, from, end - from, true)) {
                c.answer("config: the text is full\n");
            } else {
                c.answer("config: line ");
                c.answerDecimal(lineCount());
                c.answer(" added (not saved)\n");
            }
        } else if (LlcConsole.isWord(line, w, we, "delete")) {
            int n = skip(line, we, end);
            int ne = word(line, n, end);
            if (!isDigits(line, n, ne) || ne != end || decimal(line, n, ne) < 1 || decimal(line, n, ne) > lineCount()) {
                c.answer("config: delete which line? config delete N, N from 1 to ");
                c.answerDecimal(lineCount());
                c.answer("\n");
            } else {
                int s = lineStart(decimal(line, n, ne));
                int e = lineEnd(s);
                replace(s, e < length ? e + 1 : e, line, 0, 0, false);
                c.answer("config: line deleted (not saved)\n");
            }
        } else if (LlcConsole.isWord(line, w, we, "save") && we == end) {
            String why = save();
            if (why != null) {
                c.answer("config: not saved: ");
                c.answer(why);
                c.answer("\n");
            } else {
                c.answer("config: saving ");
                c.answerDecimal(length);
                c.answer(" bytes; the log says when it is done\n");
            }
        } else if (LlcConsole.isWord(line, w, we, "revert") && we == end) {
            if (saving) {
                c.answer("config: busy: a save is under way\n");
            } else {
                load();
                c.answer("config: the saved text again (");
                c.answerDecimal(length);
                c.answer(" bytes)\n");
            }
        } else {
            c.answer("config: unknown; try help\n");
        }
        return true;
    }

    private void setCommand(LlcConsole c, byte[] line, int k, int end) {
        int ke = word(line, k, end);
        int account = 0;
        int dot = k;
        while (dot < ke && line[dot] >= '0' && line[dot] <= '9') {
            dot++;
        }
        if (dot > k && dot < ke && line[dot] == '.') {
            account = decimal(line, k, dot);
            k = dot + 1;
        }
        int v = skip(line, ke, end);
        if (k == ke || v == end || account < 0) {
            c.answer("config: set what? config set KEY VALUE, or config set A.KEY VALUE for account A\n");
            return;
        }
        if (account == 0 && LlcConsole.isWord(line, k, ke, "account")) {
            c.answer("config: a new account: config add account = USER@DOMAIN\n");
            return;
        }
        String why = set(account, line, k, ke, v, end);
        if (why != null) {
            c.answer("config: ");
            c.answer(why);
            c.answer("\n");
        } else {
            c.answer("config: set (not saved)\n");
        }
    }

    /** Answers the working copy's lines from {@code from}, numbered, as many as fit one answer. */
    private void show(LlcConsole c, int from) {
        int lines = lineCount();
        c.answer("config: ");
        c.answerDecimal(length);
        c.answer(" bytes, ");
        c.answerDecimal(lines);
        c.answer(changed ? " lines, not saved\n" : " lines, as saved\n");
        int used = 40;
        int n = Math.max(1, from);
        for (int s = lineStart(n); n <= lines; n++) {
            int e = lineEnd(s);
            int k = keyStart(s, e);
            boolean secret = LlcConsole.isWord(text, k, keyEnd(k, e), "password");
            int shown = secret ? keyEnd(k, e) - s : e - s;
            if (used + shown + 16 > ANSWER_BYTES) {
                c.answer("(more: config ");
                c.answerDecimal(n);
                c.answer(")\n");
                return;
            }
            c.answerDecimal(n);
            c.answer(n < 10 ? "  | " : " | ");
            c.answerBytes(text, s, shown);
            c.answer(secret ? " = (hidden)\n" : "\n");
            used += shown + 16;
            s = e + 1;
        }
    }

    private static int skip(byte[] b, int i, int end) {
        while (i < end && b[i] == ' ') {
            i++;
        }
        return i;
    }

    private static int word(byte[] b, int i, int end) {
        while (i < end && b[i] != ' ') {
            i++;
        }
        return i;
    }

    private static boolean isDigits(byte[] b, int from, int to) {
        if (from == to || to - from > 6) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static int decimal(byte[] b, int from, int to) {
        if (to - from > 6) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + b[i] - '0';
        }
        return v;
    }
}
