package org.firmerware.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./fw} rebuilds the tools when a source changed since the last build, and not when only what
 * {@code fw build} writes (C sources under build/) is newer. Run on a copy of the launcher in a tree of its own, with
 * {@code mvn} and {@code java} replaced by scripts that only say they ran.
 */
class FwLauncherTest {

    @TempDir
    Path root;

    @Test
    void generatedCDoesNotMakeTheToolsStaleButASourceDoes() throws IOException, InterruptedException {
        Path launcher = root.resolve("fw");
        Files.copy(Path.of("..", "fw"), launcher);
        launcher.toFile().setExecutable(true);
        Path bin = Files.createDirectories(root.resolve("bin"));
        script(bin.resolve("mvn"), "echo mvn >> \"$FW_TEST_LOG\"");
        script(bin.resolve("java"), "echo java >> \"$FW_TEST_LOG\"");
        Path stamp = Files.createDirectories(root.resolve("tools/target")).resolve("fw.classpath");
        Files.writeString(stamp, "");
        Files.writeString(stamp.resolveSibling("tools-0.1.0.jar"), "");
        Path source = Files.createDirectories(root.resolve("kernel/src/main/java")).resolve("A.java");
        Files.writeString(source, "class A {}");
        Path profile = Files.createDirectories(root.resolve("boards/sim")).resolve("board.json");
        Files.writeString(profile, "{}");
        Path generated = Files.createDirectories(root.resolve("build/mps2-an385-timer2led")).resolve("image.c");
        Files.writeString(generated, "int x;");
        Instant t = Instant.now();
        age(stamp, t.minusSeconds(60));
        age(source, t.minusSeconds(120));
        age(profile, t.minusSeconds(120));
        age(generated, t);

        assertEquals("java", run(), "only build/ is newer than the last build");
        age(profile, t);
        assertEquals("mvn java", run(), "a board profile changed");
        age(stamp, t.plusSeconds(60));
        assertEquals("java", run(), "built since");
        age(source, t.plusSeconds(120));
        assertEquals("mvn java", run(), "a source changed");
    }

    private String run() throws IOException, InterruptedException {
        Path log = root.resolve("log");
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("fw").toString(), "tops").redirectErrorStream(true);
        pb.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("FW_TEST_LOG", log.toString());
        pb.environment().remove("FW_NO_BUILD");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(Files.exists(log), out);
        String ran = String.join(" ", Files.readAllLines(log)).strip();
        assertFalse(ran.isEmpty(), out);
        return ran;
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    private static void age(Path file, Instant t) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(t));
    }
}
