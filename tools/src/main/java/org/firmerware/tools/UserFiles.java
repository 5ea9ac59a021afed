package org.firmerware.tools;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading and writing the files a user names on the command line, with one-line errors that name the file and say
 * what is wrong with it ({@link UserError}), and a check of an output file before long work, so that a dump or a
 * simulated flash is not lost at the end for a mistyped directory.
 */
public final class UserFiles {

    private UserFiles() {
    }

    /**
     * The contents of {@code file}.
     *
     * @param what what the file is, for the message: "the image"
     */
    public static byte[] read(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new UserError("cannot read " + what + " " + file + ": it is a directory");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + what + " " + file + ": " + reason(e), e);
        }
    }

    /**
     * Fails unless {@code file} can be written: it is a writable file, or it does not exist and its directory does
     * and is writable. Called before the work whose result goes there.
     */
    public static void checkWritable(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new UserError("cannot write " + what + " " + file + ": it is a directory");
        }
        if (Files.exists(file)) {
            if (!Files.isWritable(file)) {
                throw new UserError("cannot write " + what + " " + file + ": permission denied");
            }
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + what + " " + file + ": there is no directory " + dir);
        }
        if (!Files.isWritable(dir)) {
            throw new UserError("cannot write " + what + " " + file + ": permission denied in " + dir);
        }
    }

    /** Writes {@code data} to {@code file}, replacing it. */
    public static void write(Path file, byte[] data, String what) {
        checkWritable(file, what);
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UserError("cannot write " + what + " " + file + ": " + reason(e), e);
        }
    }

    /** What went wrong, in words, without the file name the message already has. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() == null ? "failed" : lowerFirst(f.getReason());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : lowerFirst(e.getMessage());
    }

    /** "Is a directory" as it reads after a colon. */
    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
