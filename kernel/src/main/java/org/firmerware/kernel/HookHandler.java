package org.firmerware.kernel;

/** What a top does when the handset is lifted or replaced. Runs in the main loop at {@code NORMAL} priority. */
public interface HookHandler {

    /** @param offHook whether the handset is now lifted */
    void onHook(boolean offHook);
}
