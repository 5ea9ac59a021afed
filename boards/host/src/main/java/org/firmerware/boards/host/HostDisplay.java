package org.firmerware.boards.host;

import org.firmerware.bottom.hal.Display;
import org.firmerware.bottom.machine.Registers;

/** A one-line text display of {@link HostMap#DISPLAY_WIDTH} cells, no clock digits, symbols or bar. */
final class HostDisplay implements Display {

    @Override
    public int textWidth() {
        return HostMap.DISPLAY_WIDTH;
    }

    @Override
    public void showText(byte[] text, int off, int len) {
        int n = Math.min(len, HostMap.DISPLAY_WIDTH);
        for (int i = 0; i < HostMap.DISPLAY_WIDTH; i++) {
            Registers.write8(HostMap.DISPLAY_CELL + i, i < n ? text[off + i] : ' ');
        }
        Registers.write32(HostMap.DISPLAY_SHOW, 1);
    }

    @Override
    public boolean hasPoint(int position) {
        return false;
    }

    @Override
    public void showTime(int first, int second, boolean colon) {
    }

    @Override
    public void clearTime() {
    }

    @Override
    public boolean hasSymbol(int symbol) {
        return false;
    }

    @Override
    public void setSymbol(int symbol, boolean on) {
    }

    @Override
    public int barSteps() {
        return 0;
    }

    @Override
    public void showBar(int level) {
    }
}
