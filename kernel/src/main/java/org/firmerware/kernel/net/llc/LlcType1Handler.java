package org.firmerware.kernel.net.llc;

import org.firmerware.kernel.net.Packet;

/**
 * What a SAP does with LLC type 1 (connectionless) PDUs addressed to it. XID and TEST commands are answered by the
 * {@link Llc} itself; the handler sees UI PDUs and the responses to XID and TEST commands it sent. Runs in the main
 * loop. The packet stays the caller's: copy what must be kept. The sender's MAC address is at
 * {@link org.firmerware.kernel.net.EthernetHeader#SOURCE_OFFSET}, its SAP is {@link LlcHeader#ssap}.
 */
public interface LlcType1Handler {

    /**
     * A UI PDU (unacknowledged data) arrived for this SAP.
     *
     * @param llcOffset at which the LLC header starts
     * @param infoOffset at which the information field starts
     * @param infoLength its length (from the 802.3 length field)
     */
    void onUnitData(Packet p, int llcOffset, int infoOffset, int infoLength);

    /**
     * An XID or TEST response arrived for this SAP: the answer to {@link Llc#sendTest} or {@link Llc#sendXid}.
     *
     * @param code {@link LlcHeader#XID} or {@link LlcHeader#TEST}
     */
    void onType1Response(Packet p, int llcOffset, int code, int infoOffset, int infoLength);
}
