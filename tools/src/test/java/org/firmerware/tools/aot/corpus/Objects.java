package org.firmerware.tools.aot.corpus;

/**
 * Objects built at init and used in the mission: a linked ring (a cycle in the snapshot), fields of every type,
 * static and instance, mutable and never written, shared references, and a long call chain without recursion.
 */
public final class Objects {

    static final class Node {
        final int id;
        Node next;
        long weight;
        byte tag;
        char letter;
        short small;
        boolean flag;
        final int[] data;

        Node(int id) {
            this.id = id;
            this.data = new int[id + 1];
            this.letter = (char) ('a' + id);
            this.tag = (byte) (id * 50);
            this.small = (short) (id * -1000);
            this.flag = id % 2 == 0;
            this.weight = (long) id << 33;
        }
    }

    static final class Config {
        final int limit;
        final String name;

        Config(int limit, String name) {
            this.limit = limit;
            this.name = name;
        }
    }

    static Node head;
    static final Config CONFIG = new Config(5, "ring");
    static int visits;
    static long total = -1;
    static boolean done;
    static final Node[] ALL = new Node[6];

    public static void init() {
        Node first = new Node(0);
        Node prev = first;
        ALL[0] = first;
        for (int i = 1; i < ALL.length; i++) {
            Node n = new Node(i);
            ALL[i] = n;
            prev.next = n;
            prev = n;
        }
        prev.next = first;
        head = first;
    }

    public static void mission() {
        Node n = head;
        for (int i = 0; i < 20; i++) {
            visits++;
            total += n.weight + n.id + n.tag + n.letter + n.small + (n.flag ? 1 : 0) + n.data.length;
            n.weight++;
            n.tag += 3;
            n.letter++;
            n.small -= 7;
            n.flag = !n.flag;
            n.data[n.data.length - 1] += i;
            n = n.next;
        }
        Out.i("visits", visits);
        Out.l("total", total);
        Out.i("config", CONFIG.limit + CONFIG.name.length());
        Out.s(CONFIG.name);
        for (int i = 0; i < ALL.length; i++) {
            Node a = ALL[i];
            Out.l("node", a.weight + a.tag * 1000L + a.letter * 100000L + a.small + (a.flag ? 7 : 0)
                + a.data[a.data.length - 1] * 1000000000L);
        }
        Out.z("shared", ALL[5].next == head);
        done = true;
        Out.z("done", done);
        Out.i("chain", a(3));
    }

    static int a(int x) {
        return b(x + 1, 2L) * 2;
    }

    static int b(int x, long y) {
        return c(x, y, (byte) -x, 'q') + 1;
    }

    static int c(int x, long y, byte z, char w) {
        return d(x * (int) y, y - z, w) - z;
    }

    static int d(int x, long y, int w) {
        return (int) (x * 1000 + y * 10 + w);
    }
}
