package io.subtrack.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml is valid YAML naming pinned images, healthchecks and the one-shot init
 * service, and the init service's script gets the same files as the container tests' and only
 * creates the two databases, with the case-sensitive collation.
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
    void initServiceWaitsForAHealthyServerAndRunsTheInitScript() {
        JsonNode init = services.path("mssql-init");
        assertEquals(services.path("mssql").path("image").asText(), init.path("image").asText(), "one SQL Server image pin");
        assertEquals("service_healthy", init.path("depends_on").path("mssql").path("condition").asText());
        assertEquals("no", init.path("restart").asText());
        assertTrue(init.path("entrypoint").toString().contains(ProductionStack.INIT_FILES.get("docker/init-db.sh")));
        assertTrue(Files.isRegularFile(root.resolve("docker/init-db.sh")));
    }

    /**
     * The init service and the container tests give docker/init-db.sh the same files at the same
     * places: compose mounts exactly ProductionStack.INIT_FILES, read-only, and nothing of sql/ (the
     * stages apply the schema), and names no SQL folder in the environment.
     */
    @Test
    void initServiceMountsExactlyWhatTheContainerTestsCopy() {
        JsonNode init = services.path("mssql-init");
        Set<String> volumes = new TreeSet<>();
        init.path("volumes").forEach(v -> volumes.add(v.asText()));
        Set<String> copied = new TreeSet<>();
        ProductionStack.INIT_FILES.forEach((host, container) -> copied.add("./" + host + ":" + container + ":ro"));
        assertEquals(copied, volumes);
        assertFalse(init.path("environment").has("SUBTRACK_SQL_DIR"), "no SQL folder is given to the init script");
    }

    /**
     * init-db.sh run with only what the init service is given (the files of INIT_FILES at their
     * container paths, in a directory of their own, no other environment) succeeds and creates the
     * two databases, re-runnably, with the case-sensitive collation, and nothing else.
     */
    @Test
    void theInitScriptNeedsOnlyWhatTheInitServiceIsGiven(@TempDir Path container) throws Exception {
        for (Map.Entry<String, String> f : ProductionStack.INIT_FILES.entrySet()) {
            Path target = container.resolve(f.getValue().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(root.resolve(f.getKey()), target);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", container.resolve("subtrack/init-db.sh").toString(), "--print-sql")
            .redirectErrorStream(true).directory(container.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SUBTRACK") || k.startsWith("MSSQL"));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);

        for (String db : List.of(ProductionStack.RAW_DB, ProductionStack.PROCESSED_DB)) {
            assertTrue(out.contains("IF DB_ID(N'" + db + "') IS NULL\n    CREATE DATABASE [" + db + "] COLLATE "
                + ProductionStack.COLLATION + ";"), out);
        }
        assertEquals(2, Pattern.compile("CREATE DATABASE").matcher(out).results().count(), out);
        for (String absent : List.of("CREATE TABLE", "CREATE VIEW", "CREATE INDEX")) assertFalse(out.contains(absent), out);
    }

    @Test
    void envExampleIsCommittedAndEnvIsIgnored() throws IOException {
        assertTrue(Files.readString(root.resolve(".env.example")).lines().anyMatch(l -> l.startsWith("MSSQL_SA_PASSWORD=")));
        assertTrue(Files.readString(root.resolve(".gitignore")).lines().anyMatch(l -> l.strip().equals(".env")));
    }
}
