/**
 * The SMSC (Microchip) LAN9118 family of Ethernet controllers with integrated PHY (LAN9115 to LAN9118, LAN9220 and
 * LAN9221 share the register interface), as a {@link org.firmerware.bottom.hal.NetworkPort}:
 * {@link org.firmerware.bottom.chip.lan9118.Lan9118}, its registers in
 * {@link org.firmerware.bottom.chip.lan9118.Lan9118Registers} (SMSC LAN9118 data sheet, section 5).
 */
package org.firmerware.bottom.chip.lan9118;
