package org.firmerware.tools.check;

import java.util.List;

/**
 * A broken firmware-Java rule: what, where, and the shortest call chain that reaches it from a root.
 *
 * @param kind which rule
 * @param detail what exactly (the instruction, the class, the cycle)
 * @param method the method that breaks the rule
 * @param chain where: the offending line first, then each caller's call site, ending at the root
 * @param root the root the chain ends at
 */
public record Violation(Kind kind, String detail, MethodRef method, List<Frame> chain, ClosedWorld.Root root) {

    /** The rules, by what the code does. */
    public enum Kind {
        /** Mission code: {@code new}, an array creation or an array clone. */
        ALLOCATION("allocation"),
        /** Mission code: {@code new} of a {@code Throwable}: preallocate exceptions during init. */
        EXCEPTION("exception creation"),
        /** Mission code: {@code new StringBuilder} (or StringBuffer). */
        STRING_BUILDER("StringBuilder"),
        /** Mission code: the array javac creates for a call to a varargs method. */
        VARARGS("varargs array"),
        /** Mission code: {@code +} on strings. */
        STRING_CONCAT("string concatenation"),
        /** Mission code: a lambda or method reference created in the mission. */
        LAMBDA("creates a lambda or method reference: create it once during init and keep it in a field"),
        /** Mission code: any other {@code invokedynamic}. */
        INVOKEDYNAMIC("invokedynamic"),
        /** Mission code: a primitive boxed by a wrapper's {@code valueOf}. */
        BOXING("boxing"),
        /** Mission code: an enum's {@code values()}, which clones its array. */
        ENUM_VALUES("Enum values() clones the array of constants"),
        /** Mission code: the iterator of an enhanced {@code for} over an {@code Iterable}. */
        ITERATOR("iterates an Iterable (the iterator is allocated)"),
        /** Mission code: a cycle in the call graph; stack depth must be bounded. */
        RECURSION("recursion"),
        /** Mission code: {@code float} or {@code double} on a board whose profile forbids them. */
        FLOAT("float/double forbidden by the board profile"),
        /** Any code: {@code synchronized}. */
        MONITOR("monitor"),
        /** Any code: a JDK class or member that is not on the {@link AllowList}. */
        JDK("JDK use not on the allow-list");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Whether the rule is for mission code only (the others are for all firmware code). */
        public boolean missionRule() {
            return this != MONITOR && this != JDK;
        }

        /** What the rule forbids, for people. */
        public String label() {
            return label;
        }
    }

    /**
     * One line of a call chain.
     *
     * @param method the method
     * @param sourceFile its source file, or null
     * @param line the line in it (0 when unknown)
     */
    public record Frame(MethodRef method, String sourceFile, int line) {

        @Override
        public String toString() {
            String file = sourceFile == null ? "Unknown Source" : sourceFile;
            return method.display() + "(" + file + (line > 0 ? ":" + line : "") + ")";
        }
    }

    /** The offending line. */
    public int line() {
        return chain.get(0).line();
    }

    /** The offending source file. */
    public String sourceFile() {
        return chain.get(0).sourceFile();
    }

    /**
     * The violation as the check prints it:
     * <pre>
     * sim/planted: string concatenation (invokedynamic StringConcatFactory)
     *   at org.firmerware.tools.check.planted.PlantedTop.onTimer(PlantedTop.java:31)
     *   called from org.firmerware.kernel.time.Timer.fire(Timer.java:52)
     *   called from org.firmerware.kernel.Kernel.run(Kernel.java:140) [mission root: the main loop]
     * </pre>
     */
    public String format(String pair) {
        StringBuilder b = new StringBuilder();
        b.append(pair).append(": ").append(kind.label()).append(" (").append(detail).append(")");
        for (int i = 0; i < chain.size(); i++) {
            b.append(System.lineSeparator()).append(i == 0 ? "  at " : "  called from ").append(chain.get(i));
            if (i == chain.size() - 1 && root != null) {
                b.append(" [").append(root.phase() == ClosedWorld.Phase.INIT ? "init" : "mission").append(" root: ")
                    .append(root.why()).append("]");
            }
        }
        return b.toString();
    }
}
