package org.firmerware.tools.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.firmerware.top.budgettest.Node;
import org.firmerware.top.budgettest.hw.Device;
import org.junit.jupiter.api.Test;

class HeapWalkTest {

    private static final TargetLayout SIM = new TargetLayout(2, 4, 4, 2, 8);

    private static HeapWalk walker() {
        return new HeapWalk(SIM, List.of("org.firmerware.top.budgettest.hw"), HotSpotSizes::sizeOf);
    }

    @Test
    void countsEachObjectOnceByItsShortestPath() {
        Node a = new Node();
        Node b = new Node();
        byte[] shared = new byte[10];
        a.next = b;
        b.next = a;
        a.data = shared;
        b.data = shared;
        b.other = new Object[] {shared, a, "hello"};

        HeapWalk walk = walker().root("Node", a).walk();

        List<String> paths = walk.items().stream().map(HeapWalk.Item::path).toList();
        assertEquals(List.of("Node", "Node.next", "Node.data", "Node.next.other"), paths);
        // Node: header 2 + 3 references + int = 18; byte[10] 16; Object[3] 2 + 4 + 12 = 18
        assertEquals(List.of(18L, 18L, 16L, 18L),
            walk.items().stream().map(HeapWalk.Item::targetBytes).toList());
        assertEquals("byte[10]", walk.items().get(2).shape());
        assertEquals("java.lang.Object[3]", walk.items().get(3).shape());
        assertEquals(List.of(new HeapWalk.Constant("Node.next.other[2]", "hello", 12)), walk.constants());
        assertEquals(List.of(), walk.unexpected());
    }

    @Test
    void stopsAtHardwareAndReportsJdkObjects() {
        Node a = new Node();
        a.other = new Device();
        Node b = new Node();
        a.next = b;
        b.other = Integer.valueOf(1234567);

        HeapWalk walk = walker().root("Top", a).walk();

        assertEquals(2, walk.items().size(), "Device's registers are not firmware RAM");
        assertEquals(List.of(new HeapWalk.Stop("org.firmerware.top.budgettest.hw.Device", "Top.other",
            "simulated hardware")), walk.hardware());
        assertEquals(List.of(new HeapWalk.Stop("java.lang.Integer", "Top.next.other", "not a firmware class")),
            walk.unexpected());
    }

    @Test
    void arraysOfArrays() {
        Node a = new Node();
        a.other = new byte[][] {new byte[3], new byte[5]};
        HeapWalk walk = walker().root("Top", a).walk();
        assertEquals(List.of("Top", "Top.other", "Top.other[0]", "Top.other[1]"),
            walk.items().stream().map(HeapWalk.Item::path).toList());
        assertEquals("byte[2][]", walk.items().get(1).shape());
        assertEquals("byte[][]", walk.items().get(1).className());
        assertEquals("org.firmerware.top.budgettest", walk.items().get(3).packageName());
    }

    @Test
    void firmwarePackages() {
        HeapWalk walk = walker();
        assertEquals(true, HeapWalk.isFirmwarePackage("org.firmerware.kernel.console"));
        assertEquals(true, HeapWalk.isFirmwarePackage("org.firmerware.top"));
        assertEquals(true, HeapWalk.isFirmwarePackage("org.firmerware.tops.sip"));
        assertEquals(true, HeapWalk.isFirmwarePackage("org.firmerware.boards.sim"));
        assertEquals(false, HeapWalk.isFirmwarePackage("org.firmerware.tools.budget"));
        assertEquals(false, HeapWalk.isFirmwarePackage("org.firmerware.kernelx"));
        assertEquals(false, walk.isFirmwareClass(Device.class));
        assertEquals(true, walk.isFirmwareClass(Node.class));
        assertThrows(IllegalArgumentException.class, () -> walk.staticsOf(Device.class));
    }
}
