package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.console.Log;
import org.firmerware.kernel.sched.Priority;
import org.firmerware.kernel.time.Timer;
import org.firmerware.kernel.time.TimerHandler;
import org.firmerware.kernel.ui.Screen;

/**
 * IPv6 stateless address autoconfiguration (RFC 4862): the link-local address from the MAC's modified EUI-64
 * (§5.3), global addresses from the /64 prefixes of router advertisements with the A flag (§5.5.3, with the two-hour
 * rule), duplicate address detection (§5.4) with the nonce of RFC 7527, and the preferred and valid lifetimes
 * (§5.5.4).
 *
 * <h2>Duplicate address detection</h2>
 * A new address is tentative. After a random delay of up to {@link NeighborDiscovery#MAX_RTR_SOLICITATION_DELAY_MS}
 * (§5.4.2) we join its solicited-node group (MLD reports from {@code ::}) and send {@link #DUP_ADDR_DETECT_TRANSMITS}
 * neighbour solicitation from {@code ::} to that group, carrying a fresh nonce; if nothing contradicts it within
 * RetransTimer after the last one, the address becomes preferred ("address formed" in the log). A neighbour
 * advertisement for the tentative address, or a DAD solicitation for it from someone else (no nonce, or another
 * nonce than ours), makes it a duplicate (§5.4.3, §5.4.4): it is never used, the log says "duplicate address" and the
 * display shows "dup addr" at the {@link Screen#STATUS} level. A duplicate link-local address stops
 * autoconfiguration of further addresses (§5.4.5: they would share its interface identifier).
 *
 * <p>Main loop only.
 */
public final class AddressAutoconfiguration {

    /** DupAddrDetectTransmits (RFC 4862 §5.1). */
    public static final int DUP_ADDR_DETECT_TRANSMITS = 1;
    /** The two-hour rule of RFC 4862 §5.5.3 e), in seconds. */
    public static final int TWO_HOURS_S = 7200;
    /** The longest the lifetime timer sleeps, so that the seconds clock is read often enough. */
    public static final int MAX_TIMER_MS = 86_400_000;

    /** Drop reasons for prefixes ({@link #drops(int)}). */
    public static final int DROP_PREFIX_LINK_LOCAL = 0, DROP_PREFIX_LIFETIMES = 1, DROP_PREFIX_LENGTH = 2,
        DROP_NO_SLOT = 3, DROP_DISABLED = 4, DROP_TWO_HOUR_RULE = 5, DROP_REASONS = 6;

    private static final int DAD_NONE = 0, DAD_DELAY = 1, DAD_PROBING = 2;

    private final Ip6 ip6;
    private final InterfaceAddresses addresses;
    private final Log log;
    private final Timer timer;
    private final int[] dadPhase;
    private final int[] dadDeadlineMs;
    private final int[] dadProbesLeft;
    private final byte[] nonces;
    private final byte[] candidate = new byte[Ip6Address.LENGTH];
    private final byte[] group = new byte[Ip6Address.LENGTH];
    private final int[] drops = new int[DROP_REASONS];
    private boolean disabled;
    private int duplicates;
    private int loopedBack;

    AddressAutoconfiguration(Ip6 ip6) {
        this.ip6 = ip6;
        this.addresses = ip6.addresses();
        this.log = ip6.log();
        int n = addresses.capacity();
        this.dadPhase = new int[n];
        this.dadDeadlineMs = new int[n];
        this.dadProbesLeft = new int[n];
        this.nonces = new byte[n * NdOption.NONCE_BYTES];
        this.timer = new Timer(Priority.HIGH, new TimerHandler() {
            @Override
            public void onTimer(Timer t) {
                tick();
            }
        });
    }

    /** Prefixes ignored for a reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    /** Duplicates detected since init. */
    public int duplicateCount() {
        return duplicates;
    }

    /** Our own DAD solicitations that came back to us (RFC 7527), ignored. */
    public int loopedBackCount() {
        return loopedBack;
    }

    /** Whether autoconfiguration stopped because the link-local address is a duplicate (RFC 4862 §5.4.5). */
    public boolean isDisabled() {
        return disabled;
    }

    /** The link came up: form the link-local address and start its DAD (§5.3). */
    void start() {
        disabled = false;
        Ip6Address.linkLocalFromMac(ip6.mac(), 0, candidate, 0);
        addresses.set(InterfaceAddresses.LINK_LOCAL, candidate, 0, 64);
        addresses.validUntilS[InterfaceAddresses.LINK_LOCAL] = InterfaceAddresses.NEVER;
        addresses.preferredUntilS[InterfaceAddresses.LINK_LOCAL] = InterfaceAddresses.NEVER;
        beginTentative(InterfaceAddresses.LINK_LOCAL);
    }

    /** The link went down: every address is forgotten. */
    void reset() {
        for (int i = 0; i < addresses.capacity(); i++) {
            addresses.setState(i, InterfaceAddresses.FREE);
            dadPhase[i] = DAD_NONE;
        }
        ip6.kernel().timers().stop(timer);
    }

    private void beginTentative(int index) {
        addresses.setState(index, InterfaceAddresses.TENTATIVE);
        dadPhase[index] = DAD_DELAY;
        dadProbesLeft[index] = DUP_ADDR_DETECT_TRANSMITS;
        dadDeadlineMs[index] = ip6.nowMs() + ip6.random().below(NeighborDiscovery.MAX_RTR_SOLICITATION_DELAY_MS + 1);
        log.begin().text("ip6: tentative ").ip6(addresses.bytes(), addresses.offset(index)).end();
        ip6.addressChanged(index, InterfaceAddresses.TENTATIVE);
        arm();
    }

    /**
     * A prefix information option with the A flag (RFC 4862 §5.5.3).
     *
     * @param prefixOff the prefix's 16 bytes
     * @param validLifetime seconds, unsigned; all ones is infinity
     * @param preferredLifetime seconds, unsigned; all ones is infinity
     */
    void onPrefix(byte[] b, int prefixOff, int prefixLength, int validLifetime, int preferredLifetime) {
        if (Ip6Address.isLinkLocal(b, prefixOff)) {
            drops[DROP_PREFIX_LINK_LOCAL]++;
            return;
        }
        long valid = validLifetime & 0xFFFFFFFFL;
        long preferred = preferredLifetime & 0xFFFFFFFFL;
        if (preferred > valid) {
            drops[DROP_PREFIX_LIFETIMES]++;
            return;
        }
        if (prefixLength != 64) {
            // §5.5.3 d): prefix length plus the 64-bit interface identifier (RFC 4291 §2.5.1) must make 128.
            drops[DROP_PREFIX_LENGTH]++;
            return;
        }
        System.arraycopy(b, prefixOff, candidate, 0, 8);
        System.arraycopy(addresses.bytes(), addresses.offset(InterfaceAddresses.LINK_LOCAL) + 8, candidate, 8, 8);
        int index = addresses.find(candidate, 0);
        int now = ip6.nowSeconds();
        if (index < 0) {
            if (valid == 0) {
                return;
            }
            if (disabled) {
                drops[DROP_DISABLED]++;
                return;
            }
            index = addresses.freeSlot();
            if (index < 0) {
                drops[DROP_NO_SLOT]++;
                return;
            }
            addresses.set(index, candidate, 0, prefixLength);
            addresses.validUntilS[index] = until(now, valid);
            addresses.preferredUntilS[index] = until(now, preferred);
            beginTentative(index);
            return;
        }
        if (addresses.state(index) == InterfaceAddresses.DUPLICATE) {
            return;
        }
        // §5.5.3 e): the preferred lifetime is reset; the valid lifetime only under the two-hour rule.
        addresses.preferredUntilS[index] = until(now, preferred);
        int validUntil = addresses.validUntilS[index];
        long remaining = validUntil == InterfaceAddresses.NEVER ? Long.MAX_VALUE : (long) validUntil - now;
        if (valid > TWO_HOURS_S || valid > remaining) {
            addresses.validUntilS[index] = until(now, valid);
        } else if (remaining <= TWO_HOURS_S) {
            drops[DROP_TWO_HOUR_RULE]++;
        } else {
            addresses.validUntilS[index] = now + TWO_HOURS_S;
        }
        if (addresses.state(index) == InterfaceAddresses.DEPRECATED && preferred > 0) {
            addresses.setState(index, InterfaceAddresses.PREFERRED);
            log.begin().text("ip6: address preferred again ").ip6(addresses.bytes(), addresses.offset(index)).end();
            ip6.addressChanged(index, InterfaceAddresses.PREFERRED);
        }
        arm();
    }

    private static int until(int nowS, long lifetime) {
        if (lifetime == 0xFFFFFFFFL) {
            return InterfaceAddresses.NEVER;
        }
        return (int) Math.min(InterfaceAddresses.NEVER - 1L, nowS + lifetime);
    }

    /** The nonce of the last DAD probe for an address, 6 bytes at {@link #nonceOffset(int)} of {@link #nonces()}. */
    byte[] nonces() {
        return nonces;
    }

    int nonceOffset(int index) {
        return index * NdOption.NONCE_BYTES;
    }

    /**
     * Evidence that a tentative address is in use by another node (RFC 4862 §5.4.3, §5.4.4).
     *
     * @param how "NA" or "NS", for the log
     */
    void onDuplicate(int index, String how) {
        if (addresses.state(index) != InterfaceAddresses.TENTATIVE) {
            return;
        }
        duplicates++;
        dadPhase[index] = DAD_NONE;
        addresses.setState(index, InterfaceAddresses.DUPLICATE);
        Ip6Address.solicitedNode(addresses.bytes(), addresses.offset(index), group, 0);
        if (dadJoined(index)) {
            ip6.mld().leave(group, 0);
        }
        log.begin().text("ip6: duplicate address ").ip6(addresses.bytes(), addresses.offset(index)).text(" (")
            .text(how).text(" from another node); not used").end();
        if (index == InterfaceAddresses.LINK_LOCAL) {
            disabled = true;
            log.line("ip6: link-local address is a duplicate: no further addresses are formed (RFC 4862 5.4.5)");
        }
        ip6.kernel().screen().show(Screen.STATUS, "dup addr");
        ip6.addressChanged(index, InterfaceAddresses.DUPLICATE);
    }

    /** Our own probe came back (same nonce, RFC 7527 §4.2): counted and ignored. */
    void onLoopedBack() {
        loopedBack++;
    }

    /** Whether the address has joined its solicited-node group (after the initial delay). */
    private boolean dadJoined(int index) {
        return dadPhase[index] != DAD_DELAY;
    }

    private void tick() {
        int nowMs = ip6.nowMs();
        int nowS = ip6.nowSeconds();
        for (int i = 0; i < addresses.capacity(); i++) {
            int s = addresses.state(i);
            if (s == InterfaceAddresses.FREE || s == InterfaceAddresses.DUPLICATE) {
                continue;
            }
            if (s == InterfaceAddresses.TENTATIVE && dadPhase[i] != DAD_NONE && nowMs - dadDeadlineMs[i] >= 0) {
                dadStep(i, nowMs);
            }
            s = addresses.state(i);
            if (s == InterfaceAddresses.FREE) {
                continue;
            }
            if (addresses.validUntilS[i] != InterfaceAddresses.NEVER && nowS - addresses.validUntilS[i] >= 0) {
                log.begin().text("ip6: address expired ").ip6(addresses.bytes(), addresses.offset(i)).end();
                Ip6Address.solicitedNode(addresses.bytes(), addresses.offset(i), group, 0);
                if (s != InterfaceAddresses.TENTATIVE || dadJoined(i)) {
                    ip6.mld().leave(group, 0);
                }
                addresses.setState(i, InterfaceAddresses.FREE);
                dadPhase[i] = DAD_NONE;
                ip6.addressChanged(i, InterfaceAddresses.FREE);
            } else if (s == InterfaceAddresses.PREFERRED && addresses.preferredUntilS[i] != InterfaceAddresses.NEVER
                && nowS - addresses.preferredUntilS[i] >= 0) {
                addresses.setState(i, InterfaceAddresses.DEPRECATED);
                log.begin().text("ip6: address deprecated ").ip6(addresses.bytes(), addresses.offset(i)).end();
                ip6.addressChanged(i, InterfaceAddresses.DEPRECATED);
            }
        }
        arm();
    }

    private void dadStep(int i, int nowMs) {
        if (dadPhase[i] == DAD_DELAY) {
            Ip6Address.solicitedNode(addresses.bytes(), addresses.offset(i), group, 0);
            // §5.4.2: join the all-nodes group (implicit) and the solicited-node group before probing.
            ip6.mld().join(group, 0);
            dadPhase[i] = DAD_PROBING;
        }
        if (dadProbesLeft[i] > 0) {
            dadProbesLeft[i]--;
            ip6.random().fill(nonces, nonceOffset(i), NdOption.NONCE_BYTES);
            ip6.neighborDiscovery().sendDadSolicitation(addresses.bytes(), addresses.offset(i), nonces,
                nonceOffset(i));
            dadDeadlineMs[i] = nowMs + ip6.retransTimerMs();
            return;
        }
        dadPhase[i] = DAD_NONE;
        int nowS = ip6.nowSeconds();
        boolean preferred = addresses.preferredUntilS[i] == InterfaceAddresses.NEVER
            || nowS - addresses.preferredUntilS[i] < 0;
        addresses.setState(i, preferred ? InterfaceAddresses.PREFERRED : InterfaceAddresses.DEPRECATED);
        log.begin().text("ip6: address formed ").ip6(addresses.bytes(), addresses.offset(i)).text(preferred ? ""
            : " (deprecated)").end();
        ip6.addressChanged(i, addresses.state(i));
        if (i == InterfaceAddresses.LINK_LOCAL) {
            ip6.routers().onLinkLocalReady();
        }
    }

    /** Arms the timer for the earliest DAD step or lifetime end. */
    private void arm() {
        int nowMs = ip6.nowMs();
        int nowS = ip6.nowSeconds();
        long best = MAX_TIMER_MS;
        boolean any = false;
        for (int i = 0; i < addresses.capacity(); i++) {
            int s = addresses.state(i);
            if (s == InterfaceAddresses.FREE || s == InterfaceAddresses.DUPLICATE) {
                continue;
            }
            any = true;
            if (s == InterfaceAddresses.TENTATIVE && dadPhase[i] != DAD_NONE) {
                best = Math.min(best, Math.max(0, dadDeadlineMs[i] - nowMs));
            }
            if (addresses.validUntilS[i] != InterfaceAddresses.NEVER) {
                best = Math.min(best, Math.max(0L, (long) addresses.validUntilS[i] - nowS) * 1000);
            }
            if (s == InterfaceAddresses.PREFERRED && addresses.preferredUntilS[i] != InterfaceAddresses.NEVER) {
                best = Math.min(best, Math.max(0L, (long) addresses.preferredUntilS[i] - nowS) * 1000);
            }
        }
        if (any) {
            ip6.kernel().timers().start(timer, (int) best);
        } else {
            ip6.kernel().timers().stop(timer);
        }
    }
}
