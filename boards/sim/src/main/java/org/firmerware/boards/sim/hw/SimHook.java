package org.firmerware.boards.sim.hw;

import org.firmerware.bottom.hal.Hook;

/** The hook switch; its changes go through the key ring so that order is kept. */
public final class SimHook implements Hook, Phone.HookSwitch {

    private final SimPhone phone;
    private boolean offHook;

    SimHook(SimPhone phone) {
        this.phone = phone;
    }

    @Override
    public boolean isOffHook() {
        return offHook;
    }

    @Override
    public int pollIntervalMs() {
        return 0;
    }

    @Override
    public void poll() {
    }

    /** World side: the handset is lifted ({@code true}) or replaced. A non-change does nothing. */
    @Override
    public void set(boolean lifted) {
        if (lifted != offHook) {
            offHook = lifted;
            phone.keys.add(SimKeys.HOOK, 0, lifted ? 1 : 0);
        }
    }
}
