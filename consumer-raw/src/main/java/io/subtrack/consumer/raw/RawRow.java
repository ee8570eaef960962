package io.subtrack.consumer.raw;

import io.subtrack.common.schema.RawTable;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** One message decoded and checked, ready to store: its table, field values, record hash, origin and the extract it came in (null: none named). */
record RawRow(RawTable table, String[] values, byte[] hash, ConsumerRecord<byte[], byte[]> origin, String extractId) {
    RawRow(RawTable table, String[] values, byte[] hash, ConsumerRecord<byte[], byte[]> origin) {
        this(table, values, hash, origin, null);
    }

    /** Every raw table declares the source row number first (RawTable; SchemaMatchesSqlTest checks it). */
    static final int SOURCE_ROW_INDEX = 0;

    /** The source's row number, the first column of the record key (the table's unique record constraint). */
    String sourceRow() {
        return values[SOURCE_ROW_INDEX];
    }

    Identity identity() {
        return new Identity(table, sourceRow(), ByteBuffer.wrap(hash));
    }

    TopicPartition partition() {
        return new TopicPartition(origin.topic(), origin.partition());
    }

    /** What makes two rows the same record: table, source row number and hash (which also covers the row number). */
    record Identity(RawTable table, String sourceRow, ByteBuffer hash) {}
}
