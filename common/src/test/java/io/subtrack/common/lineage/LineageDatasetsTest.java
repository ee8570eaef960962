package io.subtrack.common.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.filesystem.FilesystemDatasetUtils;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Namespaces and names by the OpenLineage naming conventions; never a credential. */
class LineageDatasetsTest {
    static void assertDataset(String namespace, String name, DatasetRef d) {
        assertEquals(namespace, d.namespace(), d.toString());
        assertEquals(name, d.name(), d.toString());
    }

    @Test
    void aFileIsItsAbsoluteNormalisedPathInTheLocalFileNamespace() {
        Path p = Path.of("data", "..", "data", "raw_data_output.json");
        DatasetRef d = Datasets.file(p);
        assertDataset("file", Path.of("data/raw_data_output.json").toAbsolutePath().toString(), d);
        // as the OpenLineage client itself names a local file
        DatasetIdentifier id = FilesystemDatasetUtils.fromLocation(p.toAbsolutePath().normalize().toUri());
        assertEquals(id.getNamespace(), d.namespace());
        assertEquals(id.getName(), d.name());
    }

    @Test
    void aKafkaTopicIsNamedByTheFirstBootstrapServer() {
        assertDataset("kafka://localhost:9092", "subtrack.raw", Datasets.kafkaTopic("localhost:9092", "subtrack.raw"));
        assertDataset("kafka://broker-1:9093", "t", Datasets.kafkaTopic(" Broker-1:9093 , broker-2:9093", "t"));
        assertDataset("kafka://broker:9092", "t", Datasets.kafkaTopic("broker", "t"));
        assertDataset("kafka://broker:9094", "t", Datasets.kafkaTopic("SASL_SSL://broker:9094", "t"));
        assertDataset("kafka://[::1]:9092", "t", Datasets.kafkaTopic("[::1]:9092", "t"));
    }

    @Test
    void postgresTablesAreDatabaseSchemaTable() {
        assertDataset("postgres://localhost:5432", "subtrack.public.users",
            Datasets.jdbcTable("jdbc:postgresql://localhost:5432/subtrack?user=postgres", "users"));
        assertDataset("postgres://db.example:5432", "subtrack.public.users",
            Datasets.jdbcTable("jdbc:postgresql://DB.example/subtrack", "users"));
        assertDataset("postgres://localhost:5433", "subtrack.raw.users",
            Datasets.jdbcTable("jdbc:postgresql://localhost:5433/subtrack?currentSchema=raw&password=secret", "users"));
        assertDataset("postgres://localhost:5432", "subtrack.staging.users",
            Datasets.jdbcTable("jdbc:postgresql://localhost:5432/subtrack", "staging.users"));
        assertDataset("postgres://localhost:5432", "subtrack.public.users",
            Datasets.jdbcTable("jdbc:postgresql:subtrack", "users"));
    }

    @Test
    void sqlServerTablesAreDatabaseSchemaTable() {
        assertDataset("sqlserver://mssql:1433", "Raw_Subscription_Data_DB.dbo.users",
            Datasets.jdbcTable("jdbc:sqlserver://mssql:1433;databaseName=Raw_Subscription_Data_DB;encrypt=false;user=sa;password=Pa55w0rd", "users"));
        assertDataset("sqlserver://mssql:1433", "Processed_Subscription_Data_DB.dbo.subscriptions",
            Datasets.jdbcTable("jdbc:sqlserver://MSSQL;databaseName=Processed_Subscription_Data_DB", "subscriptions"));
        assertDataset("sqlserver://mssql:14330", "Db.sales.orders",
            Datasets.jdbcTable("jdbc:sqlserver://mssql:14330;database=Db;integratedSecurity=true", "sales.orders"));
    }

    @Test
    void noCredentialEverReachesANameOrNamespace() {
        String[] urls = {
            "jdbc:postgresql://localhost:5432/subtrack?user=admin&password=hunter2",
            "jdbc:sqlserver://mssql:1433;databaseName=Db;user=admin;password=hunter2",
            "jdbc:sqlserver://mssql;user=admin;password={hun;ter2};databaseName=Db",
            "jdbc:h2:mem:test;USER=admin;PASSWORD=hunter2",
            "jdbc:mysql://admin:hunter2@db:3306/shop",
            "not a url at all user=admin password=hunter2",
            "",
        };
        for (String url : urls) {
            DatasetRef d = Datasets.jdbcTable(url, "users");
            String all = d.namespace() + " " + d.name();
            assertFalse(all.contains("hunter2") || all.contains("hun;") || all.toLowerCase().contains("admin"), url + " -> " + all);
        }
        assertDataset("h2", "users", Datasets.jdbcTable("jdbc:h2:mem:test;USER=admin;PASSWORD=hunter2", "users"));
        assertDataset("jdbc", "users", Datasets.jdbcTable("not a url at all user=admin password=hunter2", "users"));
    }
}
