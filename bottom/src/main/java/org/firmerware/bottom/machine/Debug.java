package org.firmerware.bottom.machine;

/**
 * A raw debug output for tests of the AOT compiler and for bring-up: text and decimal numbers, no line framing.
 * AOT images compile each call to the CPU runtime's debug output ({@code fw_debug_*}: stdout on the host target,
 * a UART or semihosting on a board); on the host JVM the text goes to the {@link Machine} bound to the thread, or to
 * the standard output when there is none.
 *
 * <p>Numbers print as Java prints them ({@code Integer.toString}, {@code Long.toString}); a {@code String} must be a
 * constant of Latin-1 characters (one byte each); bytes print as they are.
 */
public final class Debug {

    private Debug() {
    }

    /** Prints a String constant. */
    public static void print(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        write(b, 0, b.length);
    }

    /** Prints an int in decimal. */
    public static void print(int v) {
        print(Integer.toString(v));
    }

    /** Prints a long in decimal. */
    public static void print(long v) {
        print(Long.toString(v));
    }

    /** Prints {@code len} bytes of {@code b} from {@code off}, as they are. */
    public static void print(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new ArrayIndexOutOfBoundsException("Debug.print: " + off + "+" + len + " outside " + b.length);
        }
        write(b, off, len);
    }

    /** Ends a line. */
    public static void println() {
        write(new byte[] {'\n'}, 0, 1);
    }

    private static void write(byte[] b, int off, int len) {
        Machine m = Registers.CURRENT.get();
        if (m != null) {
            m.debugOutput(b, off, len);
        } else {
            System.out.write(b, off, len);
            System.out.flush();
        }
    }
}
