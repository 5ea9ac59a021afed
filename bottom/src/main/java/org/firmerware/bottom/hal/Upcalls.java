package org.firmerware.bottom.hal;

/**
 * Every upcall a board can make: what the kernel implements and hands to {@link Board#attach} during init.
 * All methods run in upcall context (see the package description).
 */
public interface Upcalls extends TimerListener, ButtonListener, HookListener, NetworkListener, SoundListener {
}
