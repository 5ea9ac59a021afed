package org.firmerware.boards.mps2an385;

import org.firmerware.bottom.display.ReportingDisplay;

/**
 * A display of the simulated phone's shape ({@link ReportingDisplay}), reported on UART 0 (the MPS2 has no display the
 * firmware could use): each change of the main line is a panel line {@code @<ms> text <cells as hex>}, which the host
 * reads back as the simulator does; the others are {@code time <first> <second> <colon>}, {@code time off},
 * {@code symbol <n> <on>} and {@code bar <level>}.
 */
final class Mps2Display extends ReportingDisplay {

    private final Mps2Panel panel;

    Mps2Display(Mps2Panel panel) {
        this.panel = panel;
    }

    @Override
    protected void textChanged(byte[] cells) {
        panel.begin("text").hex(cells, 0, WIDTH).end();
    }

    @Override
    protected void timeChanged(int first, int second, boolean colon) {
        panel.begin("time").number(first).number(second).number(colon ? 1 : 0).end();
    }

    @Override
    protected void timeCleared() {
        panel.begin("time").text(" off").end();
    }

    @Override
    protected void symbolChanged(int symbol, boolean on) {
        panel.begin("symbol").number(symbol).number(on ? 1 : 0).end();
    }

    @Override
    protected void barChanged(int level) {
        panel.begin("bar").number(level).end();
    }
}
