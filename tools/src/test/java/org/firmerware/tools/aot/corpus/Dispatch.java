package org.firmerware.tools.aot.corpus;

/**
 * Virtual and interface calls: a hierarchy with overrides, abstract methods, super calls and default methods;
 * single-target calls (devirtualised), few targets (a switch on the class id) and many (a table); instanceof and
 * checkcast against classes and interfaces.
 */
public final class Dispatch {

    interface Shape {
        int area();

        default int perimeterish() {
            return area() / 2 + 1;
        }
    }

    interface Named {
        int code();
    }

    abstract static class Base implements Shape {
        final int size;

        Base(int size) {
            this.size = size;
        }

        abstract int sides();

        int describe() {
            return sides() * 1000 + area();
        }
    }

    static class Square extends Base implements Named {
        Square(int s) {
            super(s);
        }

        @Override
        public int area() {
            return size * size;
        }

        @Override
        int sides() {
            return 4;
        }

        @Override
        public int code() {
            return 44;
        }
    }

    static final class Cube extends Square {
        Cube(int s) {
            super(s);
        }

        @Override
        public int area() {
            return 6 * super.area();
        }

        @Override
        public int perimeterish() {
            return -1;
        }
    }

    static final class Triangle extends Base {
        Triangle(int s) {
            super(s);
        }

        @Override
        public int area() {
            return size * size / 2;
        }

        @Override
        int sides() {
            return 3;
        }
    }

    static final class Circle implements Shape, Named {
        @Override
        public int area() {
            return 314;
        }

        @Override
        public int code() {
            return 0;
        }
    }

    /** Many implementations of one method: a table of functions. */
    abstract static class Op {
        abstract int apply(int x);
    }

    static final class Add extends Op {
        @Override
        int apply(int x) {
            return x + 1;
        }
    }

    static final class Mul extends Op {
        @Override
        int apply(int x) {
            return x * 3;
        }
    }

    static final class Neg extends Op {
        @Override
        int apply(int x) {
            return -x;
        }
    }

    static final class Sq extends Op {
        @Override
        int apply(int x) {
            return x * x;
        }
    }

    static final class Half extends Op {
        @Override
        int apply(int x) {
            return x >> 1;
        }
    }

    static final class Xor extends Op {
        @Override
        int apply(int x) {
            return x ^ 0x55;
        }
    }

    /** Only one class implements this: calls are direct. */
    interface Single {
        int only(int x);
    }

    static final class OnlyOne implements Single {
        @Override
        public int only(int x) {
            return x + 1000;
        }
    }

    static final Shape[] SHAPES = {new Square(3), new Cube(2), new Triangle(5), new Circle(), new Square(7)};
    static final Op[] OPS = {new Add(), new Mul(), new Neg(), new Sq(), new Half(), new Xor(), new Mul()};
    static final Single SINGLE = new OnlyOne();
    static final Object[] THINGS = {new Circle(), new Triangle(1), new Cube(1), SINGLE, "str", new int[0]};

    public static void mission() {
        int acc = 0;
        for (int i = 0; i < SHAPES.length; i++) {
            Shape s = SHAPES[i];
            acc = acc * 31 + s.area();
            acc = acc * 31 + s.perimeterish();
            if (s instanceof Base b) {
                acc = acc * 31 + b.describe() + b.sides();
            }
            if (s instanceof Named n) {
                acc = acc * 31 + n.code();
            }
            Out.i("shape", acc);
        }
        int x = 7;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < OPS.length; i++) {
                x = OPS[i].apply(x);
            }
            Out.i("ops", x);
        }
        Out.i("single", SINGLE.only(5));
        for (int i = 0; i < THINGS.length; i++) {
            Object o = THINGS[i];
            int bits = (o instanceof Shape ? 1 : 0) | (o instanceof Named ? 2 : 0) | (o instanceof Base ? 4 : 0)
                | (o instanceof Square ? 8 : 0) | (o instanceof Cube ? 16 : 0) | (o instanceof Single ? 32 : 0)
                | (o instanceof String ? 64 : 0) | (o instanceof int[] ? 128 : 0) | (o instanceof Object ? 256 : 0);
            Out.i("instanceof", bits);
        }
        Shape casted = (Shape) THINGS[1];
        Base base = (Base) casted;
        Out.i("checkcast", base.size + ((Named) THINGS[2]).code());
        Object nothing = null;
        Shape alsoNothing = (Shape) nothing;
        Out.z("cast null", alsoNothing == null);
    }
}
