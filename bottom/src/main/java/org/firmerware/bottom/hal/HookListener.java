package org.firmerware.bottom.hal;

/** Upcall of the {@link Hook}; implemented by the kernel. */
public interface HookListener {

    /**
     * The hook switch changed (already debounced). Upcall context.
     *
     * @param offHook whether the handset is now lifted
     */
    void onHookChanged(boolean offHook);
}
