package io.subtrack.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mssqlserver.MSSQLServerContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/** The compose stack as Testcontainers: the same pinned images, the same init script, the documented URLs. */
final class ProductionStack {
    static final String RAW_DB = "Raw_Subscription_Data_DB";
    static final String PROCESSED_DB = "Processed_Subscription_Data_DB";
    /** The collation docker/init-db.sh creates the databases with (docs/sql-server.md, "Collation"). */
    static final String COLLATION = "Latin1_General_100_CS_AS_SC_UTF8";

    /**
     * What the init service is given, repository path to container path: the script alone. The
     * schema is the stages' (each applies its database's at start), so no sql/ folder is mounted;
     * ComposeFileTest holds docker-compose.yml's mssql-init volumes to exactly this.
     */
    static final Map<String, String> INIT_FILES = Map.of("docker/init-db.sh", "/subtrack/init-db.sh");

    private ProductionStack() {}

    static KafkaContainer kafka() {
        return new KafkaContainer(DockerImageName.parse(ComposeFile.image("kafka")));
    }

    static MSSQLServerContainer sqlServer() {
        return new MSSQLServerContainer(DockerImageName.parse(ComposeFile.image("mssql"))).acceptLicense();
    }

    /** The JDBC URL docs/production.md gives, pointed at the container's mapped port. */
    static String jdbcUrl(MSSQLServerContainer mssql, String database) {
        return "jdbc:sqlserver://" + mssql.getHost() + ":" + mssql.getMappedPort(MSSQLServerContainer.MS_SQL_SERVER_PORT)
            + ";databaseName=" + database + ";encrypt=true;trustServerCertificate=true";
    }

    /**
     * Runs docker/init-db.sh inside the SQL Server container with exactly the files the compose init
     * service mounts, as that service does, and expects success; {@code databases} other than the
     * two of compose are created the same way (same collation), for tests that want their own.
     */
    static ExecResult runInitScript(MSSQLServerContainer mssql, String... databases) throws IOException, InterruptedException {
        Path root = ComposeFile.repositoryRoot();
        for (Map.Entry<String, String> f : INIT_FILES.entrySet()) {
            mssql.copyFileToContainer(MountableFile.forHostPath(root.resolve(f.getKey()), 0755), f.getValue());
        }
        List<String> command = new ArrayList<>(List.of("env", "MSSQL_HOST=localhost", "MSSQL_SA_PASSWORD=" + mssql.getPassword(),
            "bash", INIT_FILES.get("docker/init-db.sh")));
        command.addAll(List.of(databases));
        ExecResult r = mssql.execInContainer(command.toArray(String[]::new));
        assertEquals(0, r.getExitCode(), "init-db.sh failed:\n" + r.getStdout() + r.getStderr());
        return r;
    }

    /** The SA password in a file for --db-password-file, the way a deployment passes secrets. */
    static Path passwordFile(MSSQLServerContainer mssql, Path dir) throws IOException {
        return Files.writeString(dir.resolve("db-password"), mssql.getPassword());
    }
}
