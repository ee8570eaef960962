package io.subtrack.common.lineage;

import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.jdbc.JdbcDatasetUtils;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Datasets named by the OpenLineage naming conventions (docs/lineage.md):
 * <ul>
 *   <li>a local file: namespace {@code file}, name its absolute, normalised path;</li>
 *   <li>a Kafka topic: namespace {@code kafka://host:port} of the first bootstrap server, name the topic;</li>
 *   <li>a PostgreSQL table: {@code postgres://host:port}, {@code database.schema.table};</li>
 *   <li>a SQL Server table: {@code sqlserver://host:port}, {@code database.schema.table}.</li>
 * </ul>
 * None of them throws on odd input, and no name or namespace ever holds a user or a password.
 */
public final class Datasets {
    /** Namespace of a file on the local file system (the naming conventions' "Local file system"). */
    public static final String FILE_NAMESPACE = "file";

    private static final Pattern SAFE_NAMESPACE = Pattern.compile("[a-z][a-z0-9+.-]*://[A-Za-z0-9._\\[\\]:,-]+(/[A-Za-z0-9_.-]+)?");

    private Datasets() {}

    /** A local file, by its absolute normalised path. */
    public static DatasetRef file(Path path) {
        return new DatasetRef(FILE_NAMESPACE, path.toAbsolutePath().normalize().toString());
    }

    /**
     * A Kafka topic. The namespace is the first of the comma-separated bootstrap servers, without a
     * listener prefix such as {@code SASL_SSL://}, host in lower case, port 9092 when none is given.
     */
    public static DatasetRef kafkaTopic(String bootstrapServers, String topic) {
        String first = bootstrapServers == null ? "" : bootstrapServers.split(",")[0].strip();
        int scheme = first.indexOf("://");
        if (scheme >= 0) first = first.substring(scheme + 3);
        int at = first.lastIndexOf('@');
        if (at >= 0) first = first.substring(at + 1);
        if (first.endsWith("/")) first = first.substring(0, first.length() - 1);
        if (first.isEmpty()) first = "localhost:9092";
        boolean hasPort = first.startsWith("[") ? first.matches("\\[.*]:\\d+") : first.matches("[^:]+:\\d+");
        if (!hasPort) first = first + ":9092";
        return new DatasetRef("kafka://" + first.toLowerCase(Locale.ROOT), topic);
    }

    /**
     * A table reached through a JDBC URL. {@code table} is {@code table} or {@code schema.table};
     * without a schema the database's default is used: PostgreSQL's {@code currentSchema} URL
     * parameter if given, else {@code public}; SQL Server's {@code dbo}. The host, port and
     * database come from the URL (through the OpenLineage client's JDBC URL parser); PostgreSQL's
     * port defaults to 5432, SQL Server's to 1433 (unless the URL names an instance). Credentials
     * in the URL are never used. Another kind of URL gets the parser's namespace when it holds
     * nothing but a scheme and an authority, else only its scheme.
     */
    public static DatasetRef jdbcTable(String jdbcUrl, String table) {
        String url = jdbcUrl == null ? "" : jdbcUrl.strip();
        String bare = url.replaceFirst("^(?i)jdbc:", "");
        String kind = bare.toLowerCase(Locale.ROOT);
        List<String> parts = new ArrayList<>(Arrays.asList(table.split("\\.")));
        if (kind.startsWith("postgresql:") && !kind.startsWith("postgresql://")) {
            // jdbc:postgresql:database (localhost:5432), jdbc:postgresql:/ (database postgres)
            String rest = bare.substring("postgresql:".length()).replaceFirst("^/", "");
            bare = "postgresql://localhost:5432/" + rest;
            url = "jdbc:" + bare;
            kind = bare.toLowerCase(Locale.ROOT);
        }
        String namespace;
        String database = null;
        try {
            DatasetIdentifier id = JdbcDatasetUtils.getDatasetIdentifier(url, new ArrayList<>(List.of("_")), new Properties());
            namespace = id.getNamespace();
            String name = id.getName();
            if (name.endsWith("._")) database = name.substring(0, name.length() - 2);
        } catch (RuntimeException e) {
            namespace = "";
        }
        if (kind.startsWith("postgresql:")) {
            if (parts.size() == 1) parts.add(0, postgresSchema(bare));
        } else if (kind.startsWith("sqlserver:")) {
            if (parts.size() == 1) parts.add(0, "dbo");
            // the driver's default port, unless the URL names one or an instance (whose port the server looks up)
            if (namespace.matches("sqlserver://[^/:\\]]+")) {
                namespace = namespace + ":1433";
            }
        }
        if (database != null && !database.isEmpty()) parts.add(0, database);
        if (!SAFE_NAMESPACE.matcher(namespace).matches()) {
            // never pass on what the parser could not take apart: it may hold credentials
            java.util.regex.Matcher m = Pattern.compile("^([a-z][a-z0-9+.-]*):").matcher(kind);
            String scheme = m.find() ? m.group(1) : "jdbc";
            namespace = scheme;
            if (scheme.equals("postgresql")) namespace = "postgres";
        }
        return new DatasetRef(namespace, String.join(".", parts));
    }

    private static String postgresSchema(String bare) {
        int q = bare.indexOf('?');
        if (q >= 0) {
            for (String kv : bare.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equalsIgnoreCase("currentSchema")) {
                    String v = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8).split(",")[0].strip();
                    if (!v.isEmpty()) return v;
                }
            }
        }
        return "public";
    }
}
