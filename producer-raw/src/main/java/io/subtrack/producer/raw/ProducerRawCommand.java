package io.subtrack.producer.raw;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.VersionProvider;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.crypto.FieldCipher;
import io.subtrack.common.crypto.FieldKeyOptions;
import io.subtrack.common.crypto.RawFieldEncrypter;
import io.subtrack.common.config.TopicOptions;
import io.subtrack.common.extract.Extract;
import io.subtrack.common.extract.ExtractDates;
import io.subtrack.common.extract.ExtractMode;
import io.subtrack.common.kafka.PublishStage;
import io.subtrack.common.schema.RawTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import io.subtrack.common.run.RecordedStage;
import io.subtrack.common.config.DatabaseOptions;
import io.subtrack.common.lineage.DatasetRef;
import io.subtrack.common.lineage.Datasets;
import io.subtrack.common.lineage.LineageOptions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "producer-raw", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Publishes a SubTrack raw JSON file to Kafka as one dated extract, one message per record, all or nothing.")
public final class ProducerRawCommand implements Callable<Integer>, RecordedStage {
    /** Where the run's lineage events go (docs/lineage.md). */
    @Mixin LineageOptions lineage = new LineageOptions();

    /** Where this run goes on record (subtrack_runs); a database it cannot reach is reported and skipped. */
    @Mixin DatabaseOptions database = new DatabaseOptions();

    @Spec CommandSpec spec;
    @Mixin KafkaOptions kafka;
    @Mixin TopicOptions topics;

    /** The key that encrypts the sensitive fields (docs/field-encryption.md). */
    @Mixin FieldKeyOptions fieldKey = new FieldKeyOptions();

    @Option(names = "--no-field-encryption",
        description = "Send the sensitive fields (card numbers, passwords) as they are, for data that holds none. Off by default;"
            + " the run summary says when it is used.")
    boolean noFieldEncryption;

    @Option(names = "--create-field-key", paramLabel = "FILE",
        description = "Create a new field keyset (one AES256-SIV key) in FILE, readable by its owner only, and exit. Refuses an existing file.")
    Path createFieldKey;

    @Option(names = "--rotate-field-key", paramLabel = "FILE",
        description = "Add a new key to the keyset FILE and make it primary (new data is encrypted under it; the old keys still"
            + " decrypt old data), then exit.")
    Path rotateFieldKey;

    @Option(names = "--input", defaultValue = "raw_data_output.json", paramLabel = "FILE",
        description = "Raw JSON file in the SubTrack layout (default: ${DEFAULT-VALUE}).")
    Path input;

    @Option(names = "--topic", defaultValue = TopicOptions.RAW, description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--run-id", description = "Run id carried in every message's headers (default: a new UUID).")
    String runId;

    @Option(names = "--extract-mode", paramLabel = "MODE", defaultValue = "snapshot",
        description = "snapshot (the file is the whole source: what it lacks was deleted) or delta (new and changed records"
            + " only) (default: ${DEFAULT-VALUE}).")
    String extractMode;

    @Option(names = "--extract-date", paramLabel = "yyyy-MM-dd[THH:mm:ss]",
        description = "The extract's date (default: the newest date_extraction in the file).")
    String extractDate;

    public static void main(String[] args) {
        Cli.main(new ProducerRawCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (createFieldKey != null || rotateFieldKey != null) return keyFile();
        ExtractMode mode;
        try {
            mode = ExtractMode.of(extractMode);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--extract-mode: " + e.getMessage());
        }
        LocalDateTime date = null;
        if (extractDate != null) {
            date = ExtractDates.parse(extractDate);
            if (date == null) throw new ParameterException(spec.commandLine(), "--extract-date: not a date: " + extractDate);
        }
        if (!Files.isReadable(input)) throw new io.subtrack.common.cli.StageFailure("cannot read input file " + input);
        java.util.Map<String, String> details = new java.util.LinkedHashMap<>();
        RawFieldEncrypter encrypter = null;
        String sensitive = sensitiveFields();
        if (noFieldEncryption) {
            details.put("field encryption", "OFF (--no-field-encryption): " + sensitive + " sent as in the file");
        } else {
            if (fieldKey.keyFile == null) {
                throw new io.subtrack.common.cli.StageFailure("no field key: producer-raw encrypts " + sensitive
                    + "; pass --field-key-file FILE or set SUBTRACK_FIELD_KEY_FILE (create one with --create-field-key FILE),"
                    + " or --no-field-encryption for data that holds none");
            }
            encrypter = new RawFieldEncrypter(fieldKey.cipherOrNull());
            details.put("field encryption", sensitive + " (key file " + fieldKey.keyFile + ")");
        }
        Extract extract = ExtractScan.of(input, mode, date);
        io.subtrack.common.run.RunRecorder.current().extract(extract.id(), extract.date());
        System.out.println("producer-raw: extract " + extract.id() + " (" + mode.code() + " of " + ExtractDates.format(extract.date()) + ")");
        PublishStage.run("producer-raw", kafka, topics, topic, input, runId, table -> {
            RawTable t = RawTable.byName(table);
            return t == null ? null : t.keyFields();
        }, extract, encrypter, details, System.out);
        return 0;
    }

    /** The sensitive fields of the raw layout, as table.field. */
    static String sensitiveFields() {
        List<String> all = new java.util.ArrayList<>();
        for (RawTable t : RawTable.all()) for (String f : t.sensitiveFields()) all.add(t.tableName() + "." + f);
        return String.join(", ", all);
    }

    private int keyFile() throws Exception {
        if (createFieldKey != null && rotateFieldKey != null) {
            throw new ParameterException(spec.commandLine(), "--create-field-key and --rotate-field-key: one at a time");
        }
        if (createFieldKey != null) {
            if (Files.exists(createFieldKey)) {
                throw new io.subtrack.common.cli.StageFailure("field key file " + createFieldKey + " exists already; not replaced");
            }
            FieldCipher.create(createFieldKey);
            System.out.println("producer-raw: created field key file " + createFieldKey.toAbsolutePath()
                + " (owner-only; keep it, and a copy somewhere safe: the raw data's card numbers and passwords cannot be read without it)");
        } else {
            if (!Files.isReadable(rotateFieldKey)) throw new io.subtrack.common.cli.StageFailure("cannot read field key file " + rotateFieldKey);
            FieldCipher.load(rotateFieldKey); // a one-line failure when it is not a keyset
            FieldCipher.rotate(rotateFieldKey);
            System.out.println("producer-raw: added a new primary key to " + rotateFieldKey.toAbsolutePath()
                + " (the old keys stay, to read old data)");
        }
        return 0;
    }

    /** Creating or rotating a key file is no publishing run: not on record. */
    @Override
    public boolean onRecord() {
        return createFieldKey == null && rotateFieldKey == null;
    }

    @Override
    public List<DatasetRef> inputs() {
        return List.of(Datasets.file(input.toAbsolutePath()));
    }

    @Override
    public List<DatasetRef> outputs() {
        return List.of(Datasets.kafkaTopic(kafka.bootstrapServer, topic));
    }
}
