package org.firmerware.boards.bt200.sim;

import org.firmerware.boards.sim.hw.Phone;

/** The hook switch on GPIO5: high while the handset is lifted. */
public final class HookModel implements Phone.HookSwitch {

    private boolean offHook;

    @Override
    public void set(boolean lifted) {
        offHook = lifted;
    }

    boolean offHook() {
        return offHook;
    }
}
