package org.firmerware.tools.aot;

import org.firmerware.tools.UserError;
import org.firmerware.tools.profile.BoardProfile;

/**
 * How Java values are stored and computed in the generated C of one target, chosen by the board profile's
 * {@code "target"} facts. Two independent choices:
 *
 * <ul>
 *   <li><b>bytes</b> ({@code charBits}): 8 = C {@code char} is a byte, a {@code byte[]} is a C array of {@code int8_t};
 *       16 = a word-addressed DSP (TI C55x) whose smallest cell is a 16-bit word: {@code byte[]} and
 *       {@code boolean[]} are stored <em>packed</em>, two elements per 16-bit word ({@code fw_word}), big-endian
 *       (element 2k is the high half of word k), and read and written only through {@code fw_bload}/{@code fw_bstore};
 *       a {@code byte} or {@code boolean} field or variable is one word. Java {@code byte} is never C {@code char}.</li>
 *   <li><b>int64</b>: {@code native} = {@code jlong} is {@code int64_t}; {@code soft} = the C has no 64-bit type
 *       (the C55x's {@code stdint.h} has none): {@code jlong} is a struct of two 32-bit halves, high half first, and
 *       every operation is a call into the runtime's soft-int64 library ({@code fw_int64.h}, {@code fw_rt.c}) with
 *       Java's semantics.</li>
 * </ul>
 *
 * <p>Also the array length field: 4 bytes ({@code int32_t}) or 2 ({@code uint16_t}, arrays of at most 65535
 * elements). The native model generates exactly the C it always did; the others are what the C55x needs, and what the
 * host "emulation" model ({@link #emulating}) generates for gcc, so that the C55x's C is tested on the host.
 *
 * <p>The choices reach the runtime through {@code fw_config.h}, which {@code fw.h} includes.
 */
public final class DataModel {

    /** The model of all byte-addressed targets so far: 8-bit bytes, native int64, 32-bit array lengths. */
    public static final DataModel NATIVE = new DataModel(false, false, 4);

    private final boolean packedBytes;
    private final boolean softInt64;
    private final int arrayLengthBytes;

    DataModel(boolean packedBytes, boolean softInt64, int arrayLengthBytes) {
        this.packedBytes = packedBytes;
        this.softInt64 = softInt64;
        this.arrayLengthBytes = arrayLengthBytes;
    }

    /** The data model a profile asks for; a {@link UserError} for facts the compiler does not honour. */
    public static DataModel of(BoardProfile p) {
        String int64 = p.target("int64", "native");
        if (!int64.equals("native") && !int64.equals("soft")) {
            throw new UserError("board " + p.name() + ": \"target.int64\" must be \"native\" or \"soft\", not \""
                + int64 + "\"");
        }
        int charBits = p.targetInt("charBits", 8);
        if (charBits != 8 && charBits != 16) {
            throw new UserError("board " + p.name() + ": \"target.charBits\" must be 8 or 16 (a word-addressed DSP),"
                + " not " + charBits);
        }
        int lengthBytes = p.targetInt("arrayLengthBytes", 4);
        if (lengthBytes != 4 && lengthBytes != 2) {
            throw new UserError("board " + p.name() + ": \"target.arrayLengthBytes\" must be 4 or 2");
        }
        if (charBits == 16 && !"natural".equals(p.target("fieldAlignment", "packed"))) {
            throw new UserError("board " + p.name() + ": a 16-bit-char target needs \"target.fieldAlignment\":"
                + " \"natural\" (the C compiler aligns 32-bit members on even words)");
        }
        return new DataModel(charBits == 16, int64.equals("soft"), lengthBytes);
    }

    /**
     * The host profile with the C55x's data model (packed bytes, soft int64, 16-bit array lengths), for gcc on the
     * build host: the C55x's C, testable without a C55x ({@code fw build --emulate c55x}, {@code CorpusTest}).
     */
    public static BoardProfile emulating(BoardProfile host) {
        return host.with("target", "charBits", 16L).with("target", "int64", "soft")
            .with("target", "arrayLengthBytes", 2L).with("target", "int64AlignBytes", 4L)
            .with("target", "objectAlignBytes", 2L).with("target", "fieldAlignment", "natural");
    }

    /** Whether {@code byte[]} and {@code boolean[]} are packed two per 16-bit word. */
    public boolean packedBytes() {
        return packedBytes;
    }

    /** Whether {@code long} is computed by the soft-int64 library. */
    public boolean softInt64() {
        return softInt64;
    }

    /** The most elements an array may have. */
    public long maxArrayLength() {
        return arrayLengthBytes == 2 ? 0xFFFF : Integer.MAX_VALUE;
    }

    /** One line for reports. */
    public String describe() {
        return (packedBytes ? "bytes packed two per 16-bit word" : "8-bit bytes") + ", "
            + (softInt64 ? "soft int64" : "native int64") + ", " + (arrayLengthBytes * 8) + "-bit array lengths";
    }

    /**
     * {@code fw_config.h}: the model for the runtime, how a panic names its site (a text, or a number) and how it ends
     * (a halt, or a reset).
     */
    public String configHeader(boolean numberedSites, boolean panicResets) {
        return "/* fw_config.h: the data model of this image (generated by fw build from the board profile). */\n"
            + "#ifndef FW_CONFIG_H\n#define FW_CONFIG_H\n"
            + "#define FW_PACKED_BYTES " + (packedBytes ? 1 : 0) + "\n"
            + "#define FW_SOFT_INT64 " + (softInt64 ? 1 : 0) + "\n"
            + "#define FW_ARRAY_LENGTH_BYTES " + arrayLengthBytes + "\n"
            + "#define FW_PANIC_NUMBERS " + (numberedSites ? 1 : 0) + "\n"
            + "#define FW_PANIC_RESET " + (panicResets ? 1 : 0) + "\n"
            + "#endif\n";
    }

    /** The C type of an array's length field. */
    String lengthType() {
        return arrayLengthBytes == 2 ? "uint16_t" : "int32_t";
    }

    // ------------------------------------------------------------------ bytes

    /** The C storage of an array's elements of kind {@code elem} ({@code ctype data[length]}), for its typedef. */
    String arrayData(char elem, String ctype, int length) {
        if (packedBytes && (elem == 'B' || elem == 'Z')) {
            return "fw_word data[" + (length + 1) / 2 + "];";
        }
        return ctype + " data[" + length + "];";
    }

    /** A C expression for {@code sizeof} in 8-bit bytes (on the C55x {@code sizeof} counts 16-bit chars). */
    String sizeofBytes(String operand) {
        return packedBytes ? "sizeof(" + operand + ") * FW_CHAR_BYTES" : "sizeof(" + operand + ")";
    }

    /** The same for {@code offsetof}. */
    String offsetofBytes(String type, String member) {
        return packedBytes ? "offsetof(" + type + ", " + member + ") * FW_CHAR_BYTES"
            : "offsetof(" + type + ", " + member + ")";
    }

    /** The initialiser of a byte or boolean array's elements ({@code values} as ints), without braces. */
    String byteElements(int[] values) {
        StringBuilder b = new StringBuilder();
        if (!packedBytes) {
            for (int i = 0; i < values.length; i++) {
                b.append(i > 0 ? (i % 16 == 0 ? ",\n    " : ", ") : "").append(values[i]);
            }
            return b.toString();
        }
        for (int i = 0; i < values.length; i += 2) {
            int hi = values[i] & 0xFF;
            int lo = i + 1 < values.length ? values[i + 1] & 0xFF : 0;
            b.append(i > 0 ? (i % 32 == 0 ? ",\n    " : ", ") : "").append(String.format("0x%04X", hi << 8 | lo));
        }
        return b.toString();
    }

    /** A load of a {@code byte[]} or {@code boolean[]} element, as a {@code jint}. */
    String byteLoad(String array, String index) {
        return packedBytes ? "fw_bload(((fw_arr_B*)" + array + ")->data, " + index + ")"
            : "((fw_arr_B*)" + array + ")->data[" + index + "]";
    }

    /** A store of a {@code byte[]} or {@code boolean[]} element. */
    String byteStore(String array, String index, String value) {
        return packedBytes ? "fw_bstore(((fw_arr_B*)" + array + ")->data, " + index + ", " + value + ");"
            : "((fw_arr_B*)" + array + ")->data[" + index + "] = (jbyte)" + value + ";";
    }

    /** The value stored to a {@code byte} field: narrowed exactly (a word-wide jbyte would not wrap by a cast). */
    String narrowByte(String v) {
        return packedBytes ? "(jbyte)FW_I2B(" + v + ")" : "(jbyte)" + v;
    }

    // ------------------------------------------------------------------ long

    /** A {@code long} constant in an expression. */
    String longValue(long v) {
        if (!softInt64) {
            return CodeGen.literal(v);
        }
        return "fw_lmake(" + hex((int) (v >>> 32)) + ", " + hex((int) v) + ")";
    }

    /** A {@code long} constant in a static initialiser. */
    String longInit(long v) {
        if (!softInt64) {
            return CodeGen.literal(v);
        }
        return "{ " + hex((int) (v >>> 32)) + ", " + hex((int) v) + " }";
    }

    /** The initial value of a {@code long} local variable. */
    String longZero() {
        return softInt64 ? "FW_LZERO" : "0";
    }

    private static String hex(int v) {
        return String.format("0x%08XUL", v);
    }

    /**
     * The C of a {@code long} bytecode as a format with {@code %s} for the operands, or null when it does not depend
     * on the model (division, remainder and {@code lshr} are runtime functions either way).
     */
    String longOp(String op) {
        if (!softInt64) {
            return switch (op) {
                case "ladd" -> "(jlong)((uint64_t)%s + (uint64_t)%s)";
                case "lsub" -> "(jlong)((uint64_t)%s - (uint64_t)%s)";
                case "lmul" -> "(jlong)((uint64_t)%s * (uint64_t)%s)";
                case "land" -> "(%s & %s)";
                case "lor" -> "(%s | %s)";
                case "lxor" -> "(%s ^ %s)";
                case "lshl" -> "(jlong)((uint64_t)%s << (%s & 63))";
                case "lushr" -> "(jlong)((uint64_t)%s >> (%s & 63))";
                case "lcmp" -> "FW_LCMP(%s, %s)";
                case "lneg" -> "(jlong)(UINT64_C(0) - (uint64_t)%s)";
                case "i2l" -> "(jlong)%s";
                case "l2i" -> "(jint)(uint32_t)(uint64_t)%s";
                default -> throw new IllegalArgumentException(op);
            };
        }
        return switch (op) {
            case "ladd", "lsub", "lmul", "land", "lor", "lxor", "lshl", "lushr", "lcmp", "lneg", "i2l", "l2i" ->
                "fw_" + op + (op.equals("lneg") || op.equals("i2l") || op.equals("l2i") ? "(%s)" : "(%s, %s)");
            default -> throw new IllegalArgumentException(op);
        };
    }
}
