package io.subtrack.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.db.SqlServerDialect;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid YAML naming pinned images, healthchecks and the one-shot init
 * service, and the init service runs the very sql/ scripts the stages apply, made re-runnable.
 */
class ComposeFileTest {
    private final Path root = ComposeFile.repositoryRoot();
    private final JsonNode services = ComposeFile.read().path("services");

    @Test
    void everyImageIsPinnedToAVersionTag() {
        assertTrue(services.size() >= 3, "services: " + services);
        for (Map.Entry<String, JsonNode> s : services.properties()) {
            String image = s.getValue().path("image").asText();
            int colon = image.lastIndexOf(':');
            assertTrue(colon > image.lastIndexOf('/'), s.getKey() + " image has no tag: " + image);
            String tag = image.substring(colon + 1);
            assertFalse(tag.contains("latest"), s.getKey() + " image is not pinned: " + image);
            assertTrue(tag.matches(".*\\d.*"), s.getKey() + " image tag names no version: " + image);
        }
    }

    @Test
    void kafkaIsTheOfficialImageAtTheKafkaClientsVersionInKraftMode() {
        JsonNode kafka = services.path("kafka");
        assertEquals("apache/kafka:" + AppInfoParser.getVersion(), kafka.path("image").asText());
        assertEquals("broker,controller", kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText());
        // the image refuses to start in KRaft mode without one; it must be a Kafka Uuid
        Uuid.fromString(kafka.path("environment").path("CLUSTER_ID").asText());
        assertTrue(kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText().contains("localhost:9092"),
            "the stages on the host connect to localhost:9092");
        assertTrue(kafka.path("ports").toString().contains("9092:9092"));
    }

    @Test
    void sqlServerIs2022FromMicrosoftsRegistryWithThePasswordFromEnv() {
        JsonNode mssql = services.path("mssql");
        assertTrue(mssql.path("image").asText().startsWith("mcr.microsoft.com/mssql/server:2022-"), mssql.path("image").asText());
        assertTrue(mssql.path("environment").path("MSSQL_SA_PASSWORD").asText().startsWith("${MSSQL_SA_PASSWORD"),
            "the SA password comes from .env, not from the compose file");
        assertTrue(mssql.path("ports").toString().contains("1433:1433"));
    }

    @Test
    void brokerAndDatabaseHaveHealthchecks() {
        for (String name : List.of("kafka", "mssql")) {
            JsonNode test = services.path(name).path("healthcheck").path("test");
            assertTrue(test.isArray() && test.size() >= 2, name + " healthcheck: " + test);
            assertTrue(services.path(name).path("healthcheck").has("retries"), name);
        }
        assertTrue(services.path("kafka").path("healthcheck").toString().contains("kafka-broker-api-versions.sh"));
        assertTrue(services.path("mssql").path("healthcheck").toString().contains("/opt/mssql-tools18/bin/sqlcmd"));
    }

    @Test
    void initServiceWaitsForAHealthyServerAndMountsSqlReadOnly() {
        JsonNode init = services.path("mssql-init");
        assertEquals(services.path("mssql").path("image").asText(), init.path("image").asText(), "one SQL Server image pin");
        assertEquals("service_healthy", init.path("depends_on").path("mssql").path("condition").asText());
        assertEquals("no", init.path("restart").asText());
        List<String> volumes = new ArrayList<>();
        init.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertTrue(volumes.contains("./sql/sqlserver:/subtrack/sql:ro"), "volumes: " + volumes);
        assertTrue(volumes.contains("./docker/init-db.sh:/subtrack/init-db.sh:ro"), "volumes: " + volumes);
        assertEquals("/subtrack/sql", init.path("environment").path("SUBTRACK_SQL_DIR").asText());
        assertTrue(init.path("entrypoint").toString().contains("/subtrack/init-db.sh"));
        assertTrue(Files.isRegularFile(root.resolve("docker/init-db.sh")));
    }

    @Test
    void envExampleIsCommittedAndEnvIsIgnored() throws IOException {
        assertTrue(Files.readString(root.resolve(".env.example")).lines().anyMatch(l -> l.startsWith("MSSQL_SA_PASSWORD=")));
        assertTrue(Files.readString(root.resolve(".gitignore")).lines().anyMatch(l -> l.strip().equals(".env")));
    }

    /** The init script reads sql/shared, then sql/raw or sql/processed, by glob: exactly the scripts SchemaApplier applies. */
    @Test
    void theSqlDirectoriesHoldExactlyTheScriptsTheStagesApply() throws IOException {
        assertEquals(SchemaApplier.scripts(new SqlServerDialect(), SchemaApplier.Layer.RAW), listed("raw"));
        assertEquals(SchemaApplier.scripts(new SqlServerDialect(), SchemaApplier.Layer.PROCESSED), listed("processed"));
    }

    private List<String> listed(String layer) throws IOException {
        return Stream.concat(inDirectory("shared").stream(), inDirectory(layer).stream()).toList();
    }

    private List<String> inDirectory(String dir) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("sql/sqlserver").resolve(dir))) {
            return files.map(p -> "sql/sqlserver/" + dir + "/" + p.getFileName()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }

    /**
     * What the init service runs (its --print-sql mode, no server needed): every statement of
     * sql/, each CREATE TABLE and CREATE INDEX behind an existence test, each view dropped first.
     */
    @Test
    void initScriptRunsEveryStatementOfSqlMadeReRunnable() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("docker/init-db.sh").toString(), "--print-sql")
            .redirectErrorStream(true).directory(root.toFile());
        pb.environment().put("SUBTRACK_SQL_DIR", root.resolve("sql/sqlserver").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);

        int tables = 0;
        int indexes = 0;
        int views = 0;
        for (String script : Stream.concat(SchemaApplier.scripts(new SqlServerDialect(), SchemaApplier.Layer.RAW).stream(),
            SchemaApplier.scripts(new SqlServerDialect(), SchemaApplier.Layer.PROCESSED).stream()).toList()) {
            for (String statement : SchemaApplier.statements(SchemaApplier.read(script))) {
                Matcher m;
                if ((m = Pattern.compile("^CREATE TABLE \\[([^\\]]+)\\]").matcher(statement)).find()) {
                    assertTrue(out.contains("IF OBJECT_ID(N'dbo." + m.group(1) + "', N'U') IS NULL\n" + m.group()), m.group());
                    tables++;
                } else if ((m = Pattern.compile("^CREATE INDEX \\[([^\\]]+)\\] ON \\[([^\\]]+)\\]").matcher(statement)).find()) {
                    assertTrue(out.contains("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'" + m.group(1)
                        + "' AND object_id = OBJECT_ID(N'dbo." + m.group(2) + "'))\n" + m.group()), m.group());
                    indexes++;
                } else if ((m = Pattern.compile("^CREATE VIEW \\[([^\\]]+)\\]").matcher(statement)).find()) {
                    assertTrue(out.contains("DROP VIEW IF EXISTS [" + m.group(1) + "];\nGO\n" + m.group()), m.group());
                    views++;
                } else {
                    throw new AssertionError("sql/ holds a statement the init script does not make re-runnable: " + statement);
                }
                String body = statement.substring(statement.indexOf('\n') + 1);
                assertTrue(out.contains(body), "statement body not passed through unchanged: " + statement.lines().findFirst().orElse(""));
            }
        }
        assertEquals(RawTable.all().size() + ProcessedTable.values().length + 3, tables,
            "raw tables, processed tables, the offsets table in each database and the transformer's watermark");
        assertTrue(indexes > 0 && views >= 5, "indexes " + indexes + ", views " + views);
    }
}
