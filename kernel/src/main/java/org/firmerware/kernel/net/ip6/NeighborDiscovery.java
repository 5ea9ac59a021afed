package org.firmerware.kernel.net.ip6;

import org.firmerware.kernel.net.Bytes;
import org.firmerware.kernel.net.Ethernet;
import org.firmerware.kernel.net.EthernetHeader;
import org.firmerware.kernel.net.Packet;

/**
 * Neighbour solicitations and advertisements (RFC 4861 §4.3, §4.4, §7): checked on input (§7.1), answered (§7.2.3,
 * §7.2.4), fed to the {@link NeighborCache} (§7.2.5) and to duplicate address detection (RFC 4862 §5.4.3, §5.4.4);
 * and sent for address resolution, unreachability probes and DAD. Also holds the protocol constants of RFC 4861 §10.
 *
 * <pre>
 *   NS:  type 135 | code 0 | checksum | reserved (4)          | target (16) | options (SLLA, nonce)
 *   NA:  type 136 | code 0 | checksum | R S O flags, reserved | target (16) | options (TLLA)
 * </pre>
 *
 * <p>Main loop only.
 */
public final class NeighborDiscovery {

    /** RFC 4861 §10 host constants. */
    public static final int MAX_RTR_SOLICITATION_DELAY_MS = 1000, RTR_SOLICITATION_INTERVAL_MS = 4000,
        MAX_RTR_SOLICITATIONS = 3, MAX_MULTICAST_SOLICIT = 3, MAX_UNICAST_SOLICIT = 3, REACHABLE_TIME_MS = 30000,
        RETRANS_TIMER_MS = 1000, DELAY_FIRST_PROBE_TIME_MS = 5000;
    /** The hop limit of every ND message, checked on input (§6.1, §7.1). */
    public static final int HOP_LIMIT = 255;

    public static final int TARGET_OFFSET = 8;
    public static final int FLAGS_OFFSET = 4;
    public static final int OPTIONS_OFFSET = 24;
    public static final int FLAG_ROUTER = 0x80, FLAG_SOLICITED = 0x40, FLAG_OVERRIDE = 0x20;

    /** Drop reasons ({@link #drops(int)}). */
    public static final int DROP_HOP_LIMIT = 0, DROP_CODE = 1, DROP_TOO_SHORT = 2, DROP_TARGET_MULTICAST = 3,
        DROP_BAD_OPTIONS = 4, DROP_DAD_NS_MALFORMED = 5, DROP_NOT_OUR_TARGET = 6, DROP_SOLICITED_TO_MULTICAST = 7,
        DROP_TENTATIVE_TARGET = 8, DROP_NO_SOURCE = 9, DROP_REASONS = 10;

    private final Ip6 ip6;
    private final InterfaceAddresses addresses;
    private final int[] drops = new int[DROP_REASONS];
    private final byte[] group = new byte[Ip6Address.LENGTH];
    private final byte[] ethSource = new byte[EthernetHeader.MAC_LENGTH];
    private int conflicts;
    private int solicitationsSent;
    private int advertisementsSent;

    NeighborDiscovery(Ip6 ip6) {
        this.ip6 = ip6;
        this.addresses = ip6.addresses();
    }

    /** Messages dropped for a reason ({@code DROP_*}). */
    public int drops(int reason) {
        return drops[reason];
    }

    /** Advertisements by another node for one of our valid addresses (RFC 4862 §5.4.4: logged, not acted on). */
    public int conflictCount() {
        return conflicts;
    }

    public int solicitationsSent() {
        return solicitationsSent;
    }

    public int advertisementsSent() {
        return advertisementsSent;
    }

    /** The checks common to NS and NA (§7.1.1, §7.1.2); the checksum was checked by {@link Icmp6}. */
    private boolean valid(byte[] b, int ip6Offset, int icmp, int len) {
        if (Ip6Header.hopLimit(b, ip6Offset) != HOP_LIMIT) {
            drops[DROP_HOP_LIMIT]++;
            return false;
        }
        if (Icmp6Header.code(b, icmp) != 0) {
            drops[DROP_CODE]++;
            return false;
        }
        if (len < OPTIONS_OFFSET) {
            drops[DROP_TOO_SHORT]++;
            return false;
        }
        if (Ip6Address.isMulticast(b, icmp + TARGET_OFFSET)) {
            drops[DROP_TARGET_MULTICAST]++;
            return false;
        }
        if (!NdOption.wellFormed(b, icmp + OPTIONS_OFFSET, icmp + len)) {
            drops[DROP_BAD_OPTIONS]++;
            return false;
        }
        return true;
    }

    /** A neighbour solicitation (§7.1.1, §7.2.3; RFC 4862 §5.4.3; RFC 7527 §4.2). */
    void onSolicitation(Packet p, int ip6Offset, int icmp, int len) {
        byte[] b = p.data;
        if (!valid(b, ip6Offset, icmp, len)) {
            return;
        }
        int src = ip6Offset + Ip6Header.SOURCE_OFFSET;
        int dst = ip6Offset + Ip6Header.DESTINATION_OFFSET;
        int target = icmp + TARGET_OFFSET;
        int end = icmp + len;
        int slla = NdOption.find(b, icmp + OPTIONS_OFFSET, end, NdOption.SOURCE_LINK_LAYER);
        boolean fromUnspecified = Ip6Address.isUnspecified(b, src);
        if (fromUnspecified) {
            // §7.1.1: a DAD probe goes to a solicited-node group and has no source link-layer option.
            if (!Ip6Address.isSolicitedNodeOf(b, dst, b, target) || slla >= 0) {
                drops[DROP_DAD_NS_MALFORMED]++;
                return;
            }
        }
        if (slla >= 0 && NdOption.length(b, slla) < NdOption.LINK_LAYER_LENGTH) {
            drops[DROP_BAD_OPTIONS]++;
            return;
        }
        int index = addresses.find(b, target);
        if (index < 0) {
            drops[DROP_NOT_OUR_TARGET]++;
            return;
        }
        int s = addresses.state(index);
        if (s == InterfaceAddresses.TENTATIVE) {
            if (!fromUnspecified) {
                // RFC 4862 §5.4.3: address resolution for a tentative address is not answered.
                drops[DROP_TENTATIVE_TARGET]++;
                return;
            }
            int nonce = NdOption.find(b, icmp + OPTIONS_OFFSET, end, NdOption.NONCE);
            AddressAutoconfiguration autoconf = ip6.autoconfiguration();
            if (nonce >= 0 && NdOption.length(b, nonce) >= NdOption.NONCE_LENGTH
                && Bytes.equal(b, nonce + NdOption.NONCE_NONCE_OFFSET, autoconf.nonces(), autoconf.nonceOffset(index),
                NdOption.NONCE_BYTES)) {
                autoconf.onLoopedBack();
                return;
            }
            autoconf.onDuplicate(index, "DAD NS");
            return;
        }
        if (s == InterfaceAddresses.DUPLICATE) {
            drops[DROP_NOT_OUR_TARGET]++;
            return;
        }
        if (!fromUnspecified && slla >= 0) {
            ip6.neighbors().onLinkLayerAddress(b, src, b, slla + NdOption.LINK_LAYER_ADDRESS_OFFSET, false);
        }
        // §7.2.4: answer to the soliciting node, or to all nodes when it has no address yet.
        System.arraycopy(b, EthernetHeader.SOURCE_OFFSET, ethSource, 0, EthernetHeader.MAC_LENGTH);
        sendAdvertisement(addresses.bytes(), addresses.offset(index), fromUnspecified ? Ip6Address.ALL_NODES : b,
            fromUnspecified ? 0 : src, !fromUnspecified, fromUnspecified ? null : ethSource);
    }

    /** A neighbour advertisement (§7.1.2, §7.2.5; RFC 4862 §5.4.4). */
    void onAdvertisement(Packet p, int ip6Offset, int icmp, int len) {
        byte[] b = p.data;
        if (!valid(b, ip6Offset, icmp, len)) {
            return;
        }
        int flags = Bytes.u8(b, icmp + FLAGS_OFFSET);
        boolean solicited = (flags & FLAG_SOLICITED) != 0;
        if (solicited && Ip6Address.isMulticast(b, ip6Offset + Ip6Header.DESTINATION_OFFSET)) {
            drops[DROP_SOLICITED_TO_MULTICAST]++;
            return;
        }
        int target = icmp + TARGET_OFFSET;
        int tlla = NdOption.find(b, icmp + OPTIONS_OFFSET, icmp + len, NdOption.TARGET_LINK_LAYER);
        if (tlla >= 0 && NdOption.length(b, tlla) < NdOption.LINK_LAYER_LENGTH) {
            drops[DROP_BAD_OPTIONS]++;
            return;
        }
        int index = addresses.find(b, target);
        if (index >= 0) {
            if (addresses.state(index) == InterfaceAddresses.TENTATIVE) {
                ip6.autoconfiguration().onDuplicate(index, "NA");
            } else if (addresses.state(index) != InterfaceAddresses.DUPLICATE) {
                conflicts++;
                ip6.log().begin().text("ip6: another node advertises our address ").ip6(b, target).end();
            }
            return;
        }
        ip6.neighbors().onAdvertisement(b, target, b,
            tlla < 0 ? -1 : tlla + NdOption.LINK_LAYER_ADDRESS_OFFSET, (flags & FLAG_ROUTER) != 0, solicited,
            (flags & FLAG_OVERRIDE) != 0);
    }

    /**
     * Sends a solicitation for address resolution (to the target's solicited-node group) or, with {@code unicastMac},
     * an unreachability probe to the cached address (§7.2.2, §7.3.3). The source is the source of the prompting
     * packet if it is ours, else the best address for the target (§7.2.2); the SLLA option is always included.
     *
     * @param prompting the packet waiting for resolution, or null
     */
    void sendSolicitation(byte[] target, int targetOff, byte[] unicastMac, int macOff, Packet prompting) {
        int source = -1;
        if (prompting != null) {
            source = addresses.find(prompting.data, Ip6.IP6_OFFSET + Ip6Header.SOURCE_OFFSET);
            if (source >= 0 && !addresses.isUsable(source)) {
                source = -1;
            }
        }
        if (source < 0) {
            source = addresses.selectSource(target, targetOff);
        }
        if (source < 0) {
            drops[DROP_NO_SOURCE]++;
            return;
        }
        Packet p = ip6.acquire();
        if (p == null) {
            return;
        }
        int length = OPTIONS_OFFSET + NdOption.LINK_LAYER_LENGTH;
        if (unicastMac == null) {
            Ip6Address.solicitedNode(target, targetOff, group, 0);
            Ip6.writeHeader(p, length, Ip6Header.NEXT_ICMP6, HOP_LIMIT, addresses.bytes(), addresses.offset(source),
                group, 0);
        } else {
            Ip6.writeHeader(p, length, Ip6Header.NEXT_ICMP6, HOP_LIMIT, addresses.bytes(), addresses.offset(source),
                target, targetOff);
        }
        byte[] b = p.data;
        int icmp = Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        Icmp6Header.write(b, icmp, Icmp6Header.TYPE_NEIGHBOR_SOLICITATION, 0);
        Bytes.put32(b, icmp + 4, 0);
        System.arraycopy(target, targetOff, b, icmp + TARGET_OFFSET, Ip6Address.LENGTH);
        NdOption.writeLinkLayer(b, icmp + OPTIONS_OFFSET, NdOption.SOURCE_LINK_LAYER, ip6.mac(), 0);
        Icmp6.setChecksum(p);
        solicitationsSent++;
        if (unicastMac == null) {
            ip6.sendMulticast(p, Ethernet.SEND_CONTROL);
        } else {
            ip6.sendToMac(p, unicastMac, macOff, Ethernet.SEND_CONTROL);
        }
    }

    /**
     * Sends a DAD probe (RFC 4862 §5.4.2): from {@code ::} to the tentative address's solicited-node group, without a
     * source link-layer option, with a nonce option (RFC 7527 §4.1).
     */
    void sendDadSolicitation(byte[] target, int targetOff, byte[] nonce, int nonceOff) {
        Packet p = ip6.acquire();
        if (p == null) {
            return;
        }
        Ip6Address.solicitedNode(target, targetOff, group, 0);
        int length = OPTIONS_OFFSET + NdOption.NONCE_LENGTH;
        Ip6.writeHeader(p, length, Ip6Header.NEXT_ICMP6, HOP_LIMIT, Ip6Address.UNSPECIFIED, 0, group, 0);
        byte[] b = p.data;
        int icmp = Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        Icmp6Header.write(b, icmp, Icmp6Header.TYPE_NEIGHBOR_SOLICITATION, 0);
        Bytes.put32(b, icmp + 4, 0);
        System.arraycopy(target, targetOff, b, icmp + TARGET_OFFSET, Ip6Address.LENGTH);
        int opt = icmp + OPTIONS_OFFSET;
        b[opt] = (byte) NdOption.NONCE;
        b[opt + 1] = (byte) (NdOption.NONCE_LENGTH / NdOption.UNIT);
        System.arraycopy(nonce, nonceOff, b, opt + NdOption.NONCE_NONCE_OFFSET, NdOption.NONCE_BYTES);
        Icmp6.setChecksum(p);
        solicitationsSent++;
        ip6.sendMulticast(p, Ethernet.SEND_CONTROL);
    }

    /**
     * Sends an advertisement for one of our addresses (§7.2.4) with the override flag and our link-layer address.
     *
     * @param solicited whether it answers a solicitation from a unicast source
     * @param dstMac where to send it, or null to go through {@link Ip6#send} (multicast)
     */
    private void sendAdvertisement(byte[] target, int targetOff, byte[] dst, int dstOff, boolean solicited,
                                   byte[] dstMac) {
        Packet p = ip6.acquire();
        if (p == null) {
            return;
        }
        int length = OPTIONS_OFFSET + NdOption.LINK_LAYER_LENGTH;
        Ip6.writeHeader(p, length, Ip6Header.NEXT_ICMP6, HOP_LIMIT, target, targetOff, dst, dstOff);
        byte[] b = p.data;
        int icmp = Ip6.IP6_OFFSET + Ip6Header.HEADER_LENGTH;
        Icmp6Header.write(b, icmp, Icmp6Header.TYPE_NEIGHBOR_ADVERTISEMENT, 0);
        Bytes.put32(b, icmp + 4, 0);
        b[icmp + FLAGS_OFFSET] = (byte) (FLAG_OVERRIDE | (solicited ? FLAG_SOLICITED : 0));
        System.arraycopy(target, targetOff, b, icmp + TARGET_OFFSET, Ip6Address.LENGTH);
        NdOption.writeLinkLayer(b, icmp + OPTIONS_OFFSET, NdOption.TARGET_LINK_LAYER, ip6.mac(), 0);
        Icmp6.setChecksum(p);
        advertisementsSent++;
        if (dstMac == null) {
            ip6.sendMulticast(p, Ethernet.SEND_CONTROL);
        } else {
            ip6.sendToMac(p, dstMac, 0, Ethernet.SEND_CONTROL);
        }
    }
}
