package io.subtrack.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.RawTable;
import io.subtrack.devdb.DevDb;
import io.subtrack.transformer.source.FileRawSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads raw JSON into real raw tables on the test PostgreSQL server (dev-db), a database per name,
 * the way consumer-raw does: every value as its JSON text, null as SQL NULL.
 */
final class RawDb {
    private RawDb() {}

    static Connection open(String name) throws Exception {
        Connection c = DriverManager.getConnection(DevDb.forTests().createDatabase("transformer_" + name));
        SchemaApplier.applyRaw(c, DatabaseDialect.forUrl(c.getMetaData().getURL()));
        return c;
    }

    static long offset;

    static void load(Connection c, Path rawJson) throws Exception {
        JsonNode root = Json.MAPPER.readTree(rawJson.toFile());
        for (var it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            RawTable t = RawTable.byName(e.getKey());
            for (JsonNode rec : e.getValue()) insert(c, t, rec);
        }
    }

    static void insert(Connection c, RawTable t, JsonNode rec) throws Exception {
        DatabaseDialect d = DatabaseDialect.forUrl(c.getMetaData().getURL());
        List<String> cols = new ArrayList<>(t.fields());
        cols.add(RawTable.RECORD_HASH_COLUMN);
        cols.addAll(RawTable.LINEAGE_COLUMNS);
        try (PreparedStatement ps = c.prepareStatement(d.buildInsertStatement(t.tableName(), cols))) {
            int i = 1;
            for (String f : t.fields()) ps.setString(i++, FileRawSource.text(rec.get(f)));
            // Unique per row (the file mode keeps every row, so the database must too): the record with its offset.
            ps.setBytes(i++, sha256(offset + ":" + rec));
            ps.setString(i++, "subscriptions_raw");
            ps.setInt(i++, 0);
            ps.setLong(i++, offset++);
            ps.setTimestamp(i, Timestamp.valueOf("2025-06-01 00:00:00"));
            ps.executeUpdate();
        }
    }

    private static byte[] sha256(String s) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
