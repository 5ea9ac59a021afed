package org.firmerware.kernel.net.llc;

/** Describes LLC frames for test logs and assertions: {@code I(3,2) cmd P}, {@code RR(4) rsp F}, {@code SABME cmd P}. */
final class Decode {

    private Decode() {
    }

    static String frame(byte[] f) {
        int length = (f[12] & 0xFF) << 8 | f[13] & 0xFF;
        if (length > 1500) {
            return String.format("type 0x%04x", length);
        }
        return pdu(f, 14, length);
    }

    static String pdu(byte[] f, int o, int length) {
        int c = f[o + 2] & 0xFF;
        boolean rsp = (f[o + 1] & 1) != 0;
        String cr = rsp ? " rsp" : " cmd";
        String saps = String.format(" %02x>%02x", f[o + 1] & 0xFE, f[o] & 0xFF);
        if ((c & 1) == 0) {
            int c2 = f[o + 3] & 0xFF;
            return "I(" + (c >> 1) + "," + (c2 >> 1) + ")" + cr + pf(c2 & 1, rsp) + saps + " len " + (length - 4);
        }
        if ((c & 3) == 1) {
            int c2 = f[o + 3] & 0xFF;
            String name = c == 0x01 ? "RR" : c == 0x05 ? "RNR" : c == 0x09 ? "REJ" : String.format("S?%02x", c);
            return name + "(" + (c2 >> 1) + ")" + cr + pf(c2 & 1, rsp) + saps;
        }
        int code = c & ~0x10;
        String name;
        switch (code) {
            case 0x03: name = "UI"; break;
            case 0x6F: name = "SABME"; break;
            case 0x63: name = "UA"; break;
            case 0x43: name = "DISC"; break;
            case 0x0F: name = "DM"; break;
            case 0x87: name = "FRMR"; break;
            case 0xAF: name = "XID"; break;
            case 0xE3: name = "TEST"; break;
            default: name = String.format("U?%02x", c);
        }
        return name + cr + pf((c >> 4) & 1, rsp) + saps + (length > 3 ? " len " + (length - 3) : "");
    }

    private static String pf(int bit, boolean response) {
        return bit == 0 ? "" : response ? " F" : " P";
    }
}
