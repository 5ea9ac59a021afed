package org.firmerware.kernel.net.llc;

/**
 * Commands a top adds to the network console ({@link LlcConsole#setCommands}), such as the bootloader's
 * {@code slots}. Lines are parsed in place; answers go to the asking peer through {@link LlcConsole#answer} and its
 * siblings, during {@link #execute} only. Main loop only.
 */
public interface ConsoleCommands {

    /** What {@code help} lists for these commands, such as {@code "slots; boot"}. */
    String help();

    /**
     * Runs a command line if it is one of these.
     *
     * @param line the received bytes; the command is {@code line[start..end)}, trimmed of spaces
     * @return whether it was one of these commands (false: the console says it is unknown)
     */
    boolean execute(byte[] line, int start, int end, LlcConsole console);
}
