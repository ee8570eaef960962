package io.subtrack.common.crypto;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.schema.RawTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Field-level encryption of the sensitive raw fields (docs/field-encryption.md): Google Tink's
 * DeterministicAead (AES-SIV, 256-bit keys) under a keyset file. A value becomes {@code enc:v1:<base64>}, the
 * base64 of Tink's ciphertext, which starts with the 5-byte prefix naming the key that made it: a keyset holding
 * an old and a new key decrypts both, and encrypts under its primary. The associated data is the table and field
 * name, so a ciphertext moved to another column does not decrypt. Deterministic: equal values under one key give
 * equal ciphertexts (what keeps consumer-raw's record hash and de-duplication working).
 *
 * <p>No message of this class names a value, plaintext or ciphertext, nor the key material.
 */
public final class FieldCipher {
    /** What starts every ciphertext value; a value without it is plaintext (a plaintext raw file). */
    public static final String PREFIX = "enc:v1:";

    static {
        try {
            DeterministicAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final DeterministicAead daead;
    private final String describe;

    private FieldCipher(KeysetHandle handle, String describe) throws GeneralSecurityException {
        this.daead = handle.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
        this.describe = describe;
    }

    /** The keyset file's cipher; a file that is missing or not a Tink keyset is a one-line {@link StageFailure}. */
    public static FieldCipher load(Path keysetFile) {
        String json;
        try {
            json = Files.readString(keysetFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StageFailure("cannot read field key file " + keysetFile + " (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
            return new FieldCipher(handle, keysetFile.toString());
        } catch (GeneralSecurityException | RuntimeException e) {
            // the parser's message may quote the file: not repeated
            throw new StageFailure("field key file " + keysetFile + " is not a Tink DeterministicAead keyset (JSON)", e);
        }
    }

    /** A cipher for a keyset in memory (tests). */
    public static FieldCipher of(KeysetHandle handle) throws GeneralSecurityException {
        return new FieldCipher(handle, "keyset in memory");
    }

    /** A new keyset of one AES256-SIV key. */
    public static KeysetHandle newKeyset() throws GeneralSecurityException {
        return KeysetHandle.generateNew(PredefinedDeterministicAeadParameters.AES256_SIV);
    }

    /** The keyset with a new AES256-SIV key added as primary; the old keys stay (enabled) so old data still decrypts. */
    public static KeysetHandle rotate(KeysetHandle keyset) throws GeneralSecurityException {
        return KeysetHandle.newBuilder(keyset)
            .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedDeterministicAeadParameters.AES256_SIV)
                .withRandomId().makePrimary())
            .build();
    }

    public static KeysetHandle read(Path keysetFile) throws IOException, GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keysetFile, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
    }

    public static String toJson(KeysetHandle keyset) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    }

    /** Writes a new keyset file readable by its owner only (0600 where the file system has POSIX permissions); never overwrites. */
    public static void create(Path file) throws IOException, GeneralSecurityException {
        writeOwnerOnly(file, toJson(newKeyset()), false);
    }

    /** Adds a new primary key to the keyset file, in place (the file replaced atomically, still owner-only). */
    public static void rotate(Path file) throws IOException, GeneralSecurityException {
        String json = toJson(rotate(read(file)));
        writeOwnerOnly(file, json, true);
    }

    private static void writeOwnerOnly(Path file, String json, boolean replace) throws IOException {
        Path target = file.toAbsolutePath();
        if (!replace && Files.exists(target)) throw new FileAlreadyExistsException(target.toString());
        if (target.getParent() != null) Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, json, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** True when the value is a ciphertext this class wrote (by its prefix). */
    public static boolean isCiphertext(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    private static byte[] associatedData(RawTable table, String field) {
        return (table.tableName() + "." + field).getBytes(StandardCharsets.UTF_8);
    }

    /** The ciphertext text of a value of {@code table.field}; null stays null. */
    public String encrypt(RawTable table, String field, String plaintext) {
        if (plaintext == null) return null;
        try {
            byte[] c = daead.encryptDeterministically(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(table, field));
            return PREFIX + Base64.getEncoder().encodeToString(c);
        } catch (GeneralSecurityException e) {
            throw new StageFailure("cannot encrypt " + table.tableName() + "." + field + " with the field key " + describe, e);
        }
    }

    /**
     * The plaintext of a value of {@code table.field}: a ciphertext decrypted, any other value (plaintext files) as it
     * is. A ciphertext no key of the keyset opens is a {@link WrongKeyException} naming the table, field and record.
     */
    public String decrypt(RawTable table, String field, String value, String record) {
        if (!isCiphertext(value)) return value;
        try {
            byte[] c = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            return new String(daead.decryptDeterministically(c, associatedData(table, field)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new WrongKeyException(table.tableName() + "." + field + " of record " + record
                + " does not decrypt with the field key " + describe + " (a different key, or a keyset without the key it was"
                + " encrypted under); nothing was written");
        }
    }

    /** A ciphertext met without a key, or that the key does not open. */
    public static final class WrongKeyException extends StageFailure {
        public WrongKeyException(String message) {
            super(message);
        }
    }

    /** The one-line failure of a stage that meets a ciphertext and has no key. */
    public static StageFailure noKey(RawTable table, String field, String record) {
        return new WrongKeyException(table.tableName() + "." + field + " of record " + record + " is encrypted and no field key was"
            + " given: pass --field-key-file FILE or set SUBTRACK_FIELD_KEY_FILE; nothing was written");
    }
}
