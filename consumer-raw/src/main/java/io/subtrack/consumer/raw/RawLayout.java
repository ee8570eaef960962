package io.subtrack.consumer.raw;

import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.schema.RawTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The schema script skips tables that exist, so a database whose raw tables an earlier version
 * created keeps the old record key (record_hash as 64 hexadecimal characters, unique alone). This
 * loader stores the hash as 32 bytes; into the old column it would store other values than the
 * earlier rows hold and a second run would no longer be recognised. Refused with what to do.
 */
final class RawLayout {
    private RawLayout() {}

    static void check(Connection c) throws SQLException {
        for (RawTable t : RawTable.all()) {
            try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), null, t.tableName(), RawTable.RECORD_HASH_COLUMN)) {
                while (rs.next()) {
                    int type = rs.getInt("DATA_TYPE");
                    if (type != Types.BINARY && type != Types.VARBINARY) {
                        throw new StageFailure(t.tableName() + "." + RawTable.RECORD_HASH_COLUMN + " is " + rs.getString("TYPE_NAME")
                            + ": the raw tables were created by an earlier SubTrack version, whose record key this one does not"
                            + " write; load into a new database (or drop the raw tables and load again)");
                    }
                }
            }
        }
    }
}
