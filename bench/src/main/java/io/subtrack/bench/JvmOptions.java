package io.subtrack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A module's default JVM options: the first line of {@code <module>/jvm.options} that is neither
 * blank nor a {@code #} comment, split on white space (team convention: the program's launcher
 * starts it with these, e.g. {@code -Xmx256m}). The bench runs each stage and its baseline with the
 * same options, so memory is measured as the program runs.
 */
final class JvmOptions {
    private JvmOptions() {}

    /** The options of that module, or none when it has no jvm.options; paths are relative to the project root. */
    static List<String> of(String module) {
        return read(Path.of(module, "jvm.options"));
    }

    static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                return List.of(s.split("\\s+"));
            }
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
