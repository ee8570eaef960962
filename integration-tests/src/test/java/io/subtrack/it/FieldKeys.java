package io.subtrack.it;

import io.subtrack.common.crypto.FieldCipher;
import io.subtrack.producer.raw.ProducerRawCommand;
import io.subtrack.transformer.TransformerCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The field key of the test JVM: producer-raw and the transformer need one, as bin/run-pipeline gives
 * them. {@link EmbeddedStack#run} adds {@code --field-key-file} to their runs unless the arguments name a key or
 * {@code --no-field-encryption} already. Made fresh per JVM in a temporary directory, never in the repository.
 */
public final class FieldKeys {
    private static Path file;

    private FieldKeys() {}

    public static synchronized Path file() {
        if (file == null) {
            try {
                // letters only in its name: the leak checks look for runs of digits in what the stages print
                StringBuilder name = new StringBuilder("subtrack-it-keys-");
                java.util.Random random = new java.security.SecureRandom();
                for (int i = 0; i < 12; i++) name.append((char) ('a' + random.nextInt(26)));
                Path dir = Files.createDirectory(Path.of(System.getProperty("java.io.tmpdir")).resolve(name.toString()));
                file = dir.resolve("field-keys.json");
                FieldCipher.create(file);
                dir.toFile().deleteOnExit();
                file.toFile().deleteOnExit();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test field key", e);
            }
        }
        return file;
    }

    public static String[] withKey(Object command, String[] args) {
        return withKey(command.getClass(), args);
    }

    public static String[] withKey(Class<?> main, String[] args) {
        if (main != ProducerRawCommand.class && main != TransformerCommand.class) return args;
        for (String a : args) {
            if (a.equals("--field-key-file") || a.startsWith("--field-key-file=") || a.equals("--no-field-encryption")
                || a.equals("--create-field-key") || a.equals("--rotate-field-key") || a.equals("--help") || a.equals("--version")) {
                return args;
            }
        }
        String[] out = Arrays.copyOf(args, args.length + 2);
        out[args.length] = "--field-key-file";
        out[args.length + 1] = file().toString();
        return out;
    }
}
