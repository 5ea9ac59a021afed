package org.firmerware.tools.aot.corpus;

/** Arrays of every primitive type and of objects, made at init; multi-dimensional arrays; arraycopy. */
public final class Arrays {

    static final boolean[] BOOLS = new boolean[5];
    static final byte[] BYTES = {1, -1, 127, -128, 0, 55};
    static final char[] CHARS = {'a', 'Z', 0xFFFF, 0};
    static final short[] SHORTS = {-1, 32767, -32768, 7};
    static final int[] INTS = new int[10];
    static final long[] LONGS = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
    static final int[][] GRID = new int[4][6];
    static final long[][][] CUBE = new long[2][3][4];
    static final byte[][] RAGGED = {{1}, {2, 3}, {}, {4, 5, 6}};
    static final Object[] MIXED = {"text", new int[] {9}, null, new Point(3, 4)};
    static final Point[] POINTS = new Point[3];
    static final byte[] BUFFER = new byte[256];
    static final byte[] EMPTY = {};

    static final class Point {
        int x;
        int y;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }
    }

    public static void init() {
        for (int i = 0; i < POINTS.length; i++) {
            POINTS[i] = new Point(i, i * i);
        }
        for (int i = 0; i < INTS.length; i++) {
            INTS[i] = i * i - 20;
        }
        BOOLS[1] = true;
        BOOLS[4] = true;
    }

    public static void mission() {
        int acc = 0;
        for (int i = 0; i < BOOLS.length; i++) {
            acc = acc * 31 + (BOOLS[i] ? 1 : 0);
            BOOLS[i] = !BOOLS[i];
        }
        for (int i = 0; i < BOOLS.length; i++) {
            acc = acc * 31 + (BOOLS[i] ? 1 : 0);
        }
        Out.i("booleans", acc);
        for (int i = 0; i < BYTES.length; i++) {
            acc = acc * 31 + BYTES[i];
            BYTES[i] += 100;
            acc = acc * 31 + BYTES[i];
            acc = acc * 31 + (BYTES[i] & 0xFF);
        }
        Out.i("bytes", acc);
        for (int i = 0; i < CHARS.length; i++) {
            acc = acc * 31 + CHARS[i];
            CHARS[i] += 2;
            acc = acc * 31 + CHARS[i];
        }
        Out.i("chars", acc);
        for (int i = 0; i < SHORTS.length; i++) {
            acc = acc * 31 + SHORTS[i];
            SHORTS[i] *= 3;
            acc = acc * 31 + SHORTS[i];
        }
        Out.i("shorts", acc);
        Out.sum("ints", INTS);
        long lacc = 0;
        for (int i = 0; i < LONGS.length; i++) {
            lacc = lacc * 31 + LONGS[i];
            LONGS[i] = LONGS[i] * 7 + i;
            lacc = lacc * 31 + LONGS[i]++;
            lacc = lacc * 31 + LONGS[i];
        }
        Out.l("longs", lacc);
        for (int r = 0; r < GRID.length; r++) {
            for (int c = 0; c < GRID[r].length; c++) {
                GRID[r][c] = r * 10 + c;
            }
        }
        for (int r = 0; r < GRID.length; r++) {
            Out.sum("grid row", GRID[r]);
        }
        for (int a = 0; a < CUBE.length; a++) {
            for (int b = 0; b < CUBE[a].length; b++) {
                for (int c = 0; c < CUBE[a][b].length; c++) {
                    CUBE[a][b][c] = (long) a << 40 | (long) b << 20 | c;
                    lacc += CUBE[a][b][c] * (c + 1);
                }
            }
        }
        Out.l("cube", lacc);
        acc = 0;
        for (int i = 0; i < RAGGED.length; i++) {
            acc = acc * 10 + RAGGED[i].length;
            for (int k = 0; k < RAGGED[i].length; k++) {
                acc += RAGGED[i][k];
            }
        }
        Out.i("ragged", acc);
        Out.i("mixed length", MIXED.length);
        Out.z("mixed[0] is a String", MIXED[0] instanceof String);
        Out.z("mixed[1] is an int[]", MIXED[1] instanceof int[]);
        Out.z("mixed[2] is a Point", MIXED[2] instanceof Point);
        Out.z("mixed[3] is a Point", MIXED[3] instanceof Point);
        Out.i("mixed[1][0]", ((int[]) MIXED[1])[0]);
        Point p = (Point) MIXED[3];
        Out.i("point", p.x * 100 + p.y);
        MIXED[2] = POINTS[2];
        MIXED[0] = MIXED[3];
        Out.i("swapped", ((Point) MIXED[2]).y + ((Point) MIXED[0]).x);
        POINTS[0] = POINTS[2];
        POINTS[2].x += 40;
        Out.i("aliased", POINTS[0].x);
        for (int i = 0; i < BUFFER.length; i++) {
            BUFFER[i] = (byte) (i * 7);
        }
        System.arraycopy(BUFFER, 0, BUFFER, 10, 100);
        System.arraycopy(BUFFER, 50, BUFFER, 5, 100);
        System.arraycopy(BYTES, 1, BUFFER, 200, 4);
        System.arraycopy(EMPTY, 0, BUFFER, 256, 0);
        acc = 0;
        for (int i = 0; i < BUFFER.length; i++) {
            acc = acc * 31 + BUFFER[i];
        }
        Out.i("arraycopy bytes", acc);
        System.arraycopy(INTS, 2, INTS, 0, 8);
        Out.sum("arraycopy ints", INTS);
        System.arraycopy(LONGS, 0, CUBE[1][2], 0, 4);
        Out.l("arraycopy longs", CUBE[1][2][3]);
        System.arraycopy(POINTS, 1, MIXED, 1, 2);
        Out.i("arraycopy objects", ((Point) MIXED[1]).y);
        Out.i("empty", EMPTY.length);
    }
}
