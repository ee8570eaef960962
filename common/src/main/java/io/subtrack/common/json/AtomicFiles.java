package io.subtrack.common.json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The last step of write-then-rename: no output file looks complete before it is. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Gives a finished temporary file ordinary permissions (a temporary file is created owner-only,
     * and outputs are meant to be read by others) and moves it to its final name in one step.
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // keep the file system's default
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
