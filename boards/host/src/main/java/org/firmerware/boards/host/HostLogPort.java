package org.firmerware.boards.host;

import org.firmerware.bottom.hal.LogPort;
import org.firmerware.bottom.machine.Registers;

/** The console: a byte register, like a UART's data register; a line ends with {@code '\n'}. */
final class HostLogPort implements LogPort {

    @Override
    public void writeLine(byte[] text, int off, int len) {
        for (int i = 0; i < len; i++) {
            Registers.write8(HostMap.CONSOLE_DATA, text[off + i]);
        }
        Registers.write8(HostMap.CONSOLE_DATA, '\n');
    }
}
