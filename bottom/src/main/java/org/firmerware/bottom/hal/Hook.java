package org.firmerware.bottom.hal;

/** The hook switch of the handset. Changes are reported through {@link HookListener}. */
public interface Hook extends Polled {

    /** Whether the handset is lifted right now. Main loop only. */
    boolean isOffHook();
}
