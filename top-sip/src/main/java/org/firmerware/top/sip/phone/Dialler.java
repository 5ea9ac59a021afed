package org.firmerware.top.sip.phone;

import org.firmerware.top.sip.message.Ip6Text;
import org.firmerware.top.sip.message.SipWriter;
import org.firmerware.top.sip.ua.Account;

/**
 * Turns what was typed on the keypad into a SIP URI (docs/sip.md, "Dialling").
 *
 * <ul>
 *   <li>Digits ({@code 0-9 * #}) not starting with {@code #}: {@code sip:DIGITS@DOMAIN} of the first account, sent
 *       through its proxy.</li>
 *   <li>{@code #USER#ADDRESS} (optionally {@code ##PORT} after it): a direct call without any server to
 *       {@code sip:USER@[ADDRESS]:PORT} ({@code sip:[ADDRESS]} when USER is empty). USER is digits; ADDRESS is the
 *       IPv6 address with {@code *} for {@code :} (so {@code **} is {@code ::}), hex digits 0-9 typed as themselves
 *       and a-f as {@code #0} to {@code #5}. Example: {@code #100#2001*#3#18**1} calls {@code sip:100@[2001:db8::1]};
 *       {@code #100##5#480**2##5062} calls {@code sip:100@[fe80::2]:5062}.</li>
 * </ul>
 * Main loop only; nothing allocates.
 */
public final class Dialler {

    /** Results of {@link #toUri}. */
    public static final int VIA_ACCOUNT = 0, DIRECT = 1, INVALID = -1;

    private final byte[] address = new byte[48];
    private final byte[] binary = new byte[16];

    /**
     * Writes the URI for the digits into {@code w}.
     *
     * @param account the account for plain digits, or null when there is none
     * @return {@link #VIA_ACCOUNT}, {@link #DIRECT} or {@link #INVALID}
     */
    public int toUri(byte[] digits, int off, int len, Account account, SipWriter w) {
        if (len <= 0) {
            return INVALID;
        }
        if (digits[off] != '#') {
            if (account == null) {
                return INVALID;
            }
            w.text("sip:").bytes(digits, off, len).character('@').bytes(account.domain, 0, account.domainLen);
            return w.overflowed() ? INVALID : VIA_ACCOUNT;
        }
        int end = off + len;
        int i = off + 1;
        int userStart = i;
        while (i < end && digits[i] != '#') {
            if (digits[i] < '0' || digits[i] > '9') {
                return INVALID;
            }
            i++;
        }
        int userEnd = i;
        if (i == end) {
            return INVALID;
        }
        i++;
        int n = 0;
        int port = -1;
        while (i < end) {
            int c = digits[i];
            if (c == '*') {
                address[n++] = ':';
                i++;
            } else if (c >= '0' && c <= '9') {
                address[n++] = (byte) c;
                i++;
            } else if (c == '#' && i + 1 < end && digits[i + 1] >= '0' && digits[i + 1] <= '5') {
                address[n++] = (byte) ('a' + digits[i + 1] - '0');
                i += 2;
            } else if (c == '#' && i + 1 < end && digits[i + 1] == '#') {
                port = 0;
                for (int k = i + 2; k < end; k++) {
                    if (digits[k] < '0' || digits[k] > '9' || port > 6553) {
                        return INVALID;
                    }
                    port = port * 10 + digits[k] - '0';
                }
                if (port < 1 || port > 65535) {
                    return INVALID;
                }
                break;
            } else {
                return INVALID;
            }
            if (n >= address.length) {
                return INVALID;
            }
        }
        if (!Ip6Text.parse(address, 0, n, binary, 0)) {
            return INVALID;
        }
        w.text("sip:");
        if (userEnd > userStart) {
            w.bytes(digits, userStart, userEnd - userStart).character('@');
        }
        w.character('[').ip6(binary, 0).character(']');
        if (port > 0) {
            w.character(':').decimal(port);
        }
        return w.overflowed() ? INVALID : DIRECT;
    }
}
