package io.subtrack.common.crypto;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The field key file (picocli mixin of producer-raw and the transformer; docs/field-encryption.md). Its content is never printed. */
public class FieldKeyOptions {
    @Option(names = "--field-key-file", paramLabel = "FILE",
        description = "Tink keyset (JSON) that encrypts and decrypts the sensitive raw fields (card numbers, passwords)."
            + " Or set SUBTRACK_FIELD_KEY_FILE. Never printed.")
    public Path keyFile;

    /** The cipher of the key file, or null when none was given. */
    public FieldCipher cipherOrNull() {
        return keyFile == null ? null : FieldCipher.load(keyFile);
    }
}
