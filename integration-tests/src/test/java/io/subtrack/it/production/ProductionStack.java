package io.subtrack.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mssqlserver.MSSQLServerContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/** The compose stack as Testcontainers: the same pinned images, the same init script, the documented URLs. */
final class ProductionStack {
    static final String RAW_DB = "Raw_Subscription_Data_DB";
    static final String PROCESSED_DB = "Processed_Subscription_Data_DB";

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

    /** Runs docker/init-db.sh inside the SQL Server container, as the compose init service does, and expects success. */
    static ExecResult runInitScript(MSSQLServerContainer mssql) throws IOException, InterruptedException {
        Path root = ComposeFile.repositoryRoot();
        mssql.copyFileToContainer(MountableFile.forHostPath(root.resolve("sql"), 0755), "/subtrack/sql");
        mssql.copyFileToContainer(MountableFile.forHostPath(root.resolve("docker/init-db.sh"), 0755), "/subtrack/init-db.sh");
        ExecResult r = mssql.execInContainer("env", "MSSQL_HOST=localhost", "MSSQL_SA_PASSWORD=" + mssql.getPassword(),
            "SUBTRACK_SQL_DIR=/subtrack/sql", "bash", "/subtrack/init-db.sh");
        assertEquals(0, r.getExitCode(), "init-db.sh failed:\n" + r.getStdout() + r.getStderr());
        return r;
    }

    /** The SA password in a file for --db-password-file, the way a deployment passes secrets. */
    static Path passwordFile(MSSQLServerContainer mssql, Path dir) throws IOException {
        return Files.writeString(dir.resolve("db-password"), mssql.getPassword());
    }
}
