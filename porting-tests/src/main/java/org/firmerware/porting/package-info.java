/**
 * Porting tests: mini tops that each prove one part of a new board, in the order a porter brings a board up.
 * <ol>
 *   <li>{@code switch2led}: the hook switch, a light and the display (control flow and toolchain work);</li>
 *   <li>{@code timer2led}: the clock, the alarm and sleeping (interrupts work);</li>
 *   <li>{@code keys2display}: the keys and the display levels;</li>
 *   <li>{@code echo}: the codec, playing and recording in lockstep, routing and volume;</li>
 *   <li>{@code netconsole}: the Ethernet port: link state, broadcast reception, and the network console over LLC
 *       type 2 (reach it with {@code fw console}).</li>
 * </ol>
 * Each is board-independent: it uses only the kernel and the bottom contract, so the same expected trace holds on
 * every board.
 */
package org.firmerware.porting;
