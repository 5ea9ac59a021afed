/**
 * The bottom contract: what a board provides to the firmware above it (downcalls, plain verbs) and what it reports
 * back (upcalls, {@code on<Event>} methods of the {@code *Listener} interfaces that the kernel implements).
 *
 * <h2>Who runs where</h2>
 * <ul>
 *   <li><b>Main loop</b>: the kernel's single thread of control. Every downcall is made from here, never from an
 *       upcall, unless its javadoc says otherwise.</li>
 *   <li><b>Upcall context</b>: what a board calls when hardware reports something. On a real CPU this is an
 *       interrupt handler; on the simulator it runs on the firmware thread while the main loop is asleep or inside
 *       {@link org.firmerware.bottom.hal.Cpu#commitSleep}. An upcall only records the fact (a flag, a count, an index)
 *       and returns at once. It never makes a downcall, never blocks, never allocates.</li>
 * </ul>
 *
 * <h2>Rules every implementation keeps</h2>
 * <ul>
 *   <li>Nothing here allocates after init. Buffers are passed as {@code (byte[] buf, int off, int len)} slices and
 *       the callee never keeps a reference to a caller's array beyond the call ("callee copies").</li>
 *   <li>Time is a 32-bit count of milliseconds that wraps; compare with {@link org.firmerware.bottom.hal.Clock#before}
 *       and friends, never with {@code <}.</li>
 *   <li>An optional device that a board lacks is reported as {@code null} by {@link org.firmerware.bottom.hal.Board};
 *       an optional feature of a device that is present answers {@code false} or a documented {@code NONE} value, it
 *       never throws.</li>
 *   <li>Between {@link org.firmerware.bottom.hal.Cpu#prepareSleep} and
 *       {@link org.firmerware.bottom.hal.Cpu#commitSleep} any upcall cancels the sleep: no wake-up is ever lost.</li>
 * </ul>
 *
 * <p>Compared with the C contract of the 0cpm firmware this one: names the critical region once (the old one had two
 * names for it), gives every board the same display levels by keeping them in the kernel over a raw
 * {@link org.firmerware.bottom.hal.Display}, reports the hook state as a downcall and an upcall, makes frame reception
 * unambiguous ({@link org.firmerware.bottom.hal.NetworkPort#receive} returns a length or {@code 0}), makes the link
 * state and the MAC address part of the network port, gives flash writes and an erase, and replaces the pseudo-random
 * bytes by an entropy source that says how much it delivered.
 */
package org.firmerware.bottom.hal;
