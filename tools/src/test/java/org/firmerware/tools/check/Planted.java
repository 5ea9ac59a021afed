package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.firmerware.tools.check.Violation.Kind;
import org.firmerware.tools.profile.BoardProfile;
import org.firmerware.tools.profile.Tops;

/**
 * Helpers for the rule tests: check a test top (registered by passing a {@link Tops.Entry}, so that no test top ever
 * reaches {@code fw check --all}) and find the line a test planted a violation on by a marker comment.
 */
final class Planted {

    /** The simulated board, whose profile forbids floats. */
    static final CheckTarget SIM = CheckTarget.of(BoardProfile.named("sim"));

    private Planted() {
    }

    /** The closed world of the sim board and a test top. */
    static ClosedWorld world(CheckTarget target, Class<?> top) {
        return ClosedWorld.build(target, new Tops.Entry(top.getSimpleName(), top.getName(), "a test top"));
    }

    /** The violations of the sim board and a test top. */
    static List<Violation> check(Class<?> top) {
        return Checker.check(world(SIM, top));
    }

    /** The one violation of a kind; fails when there is none or more than one. */
    static Violation only(List<Violation> violations, Kind kind) {
        List<Violation> of = violations.stream().filter(v -> v.kind() == kind).toList();
        if (of.size() != 1) {
            fail("expected one " + kind + " violation, got " + of.size() + " in:\n" + text(violations));
        }
        return of.get(0);
    }

    /** The violations as the check prints them. */
    static String text(List<Violation> violations) {
        StringBuilder b = new StringBuilder();
        for (Violation v : violations) {
            b.append(v.format("test")).append('\n');
        }
        return b.toString();
    }

    /**
     * The line of a test source (of the top-level class of {@code c}) that ends with the comment {@code marker};
     * exactly one may.
     */
    static int lineOf(Class<?> c, String marker) {
        Class<?> outer = c;
        while (outer.getEnclosingClass() != null) {
            outer = outer.getEnclosingClass();
        }
        Path source = Path.of("src/test/java", outer.getName().replace('.', '/') + ".java");
        try {
            List<String> lines = Files.readAllLines(source);
            int found = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().endsWith(marker)) {
                    if (found != 0) {
                        fail("marker " + marker + " appears twice in " + source);
                    }
                    found = i + 1;
                }
            }
            if (found == 0) {
                fail("no marker " + marker + " in " + source);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts where a violation is: its method's class and name, and its line. */
    static void assertAt(Violation v, Class<?> owner, String method, int line) {
        assertEquals(owner.getName() + "." + method, v.method().display(), v.format("test"));
        assertEquals(line, v.line(), v.format("test"));
    }
}
