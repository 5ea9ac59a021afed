package org.firmerware.tools.budget;

import java.io.PrintStream;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/**
 * Object sizes as this JVM lays objects out, from JOL. JOL is most exact with Instrumentation, which on JDK 17 it gets
 * by attaching to its own JVM; that needs {@code -Djdk.attach.allowAttachSelf=true} (./fw and the tests set it).
 * Without it JOL computes the same sizes from field offsets, after printing a warning to standard output, which would
 * land in the middle of a report: this class sends that warning to standard error instead.
 */
public final class HotSpotSizes {

    private static VirtualMachine vm;

    private HotSpotSizes() {
    }

    /** The shallow size of {@code o} in bytes on this JVM. */
    public static long sizeOf(Object o) {
        return vm().sizeOf(o);
    }

    private static synchronized VirtualMachine vm() {
        if (vm == null) {
            PrintStream out = System.out;
            System.setOut(System.err);
            try {
                vm = VM.current();
            } finally {
                System.setOut(out);
            }
        }
        return vm;
    }
}
