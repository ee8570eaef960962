package io.subtrack.common.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.extract.Extract;
import io.subtrack.common.extract.ExtractDates;
import io.subtrack.common.extract.ExtractMode;
import io.subtrack.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The end of an extract on one partition (the Kafka contract, docs/design.md): producer-raw sends one to every
 * partition of the raw topic, last, in the transaction that holds the extract's records. Header
 * {@code subtrack.marker: end-of-extract}; key {@code __extract__:<id>}; value
 * {@code {"extract": {"extract_id", "extract_date", "extract_mode", "records", "partitions", "source_file"}}}.
 * Once a partition's marker is loaded, every record of the extract on that partition is loaded before it.
 */
public final class ExtractMarker {
    public static final String HEADER_MARKER = "subtrack.marker";
    public static final String END_OF_EXTRACT = "end-of-extract";
    /** Every record of an extract names it in this header (and consumer-raw stores it in the row's extract_id). */
    public static final String HEADER_EXTRACT_ID = "subtrack.extract-id";

    private ExtractMarker() {}

    public static byte[] key(Extract e) {
        return ("__extract__:" + e.id()).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(Extract e) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode n = root.putObject("extract");
        n.put("extract_id", e.id());
        n.put("extract_date", ExtractDates.format(e.date()));
        n.put("extract_mode", e.mode().code());
        n.put("records", e.records());
        n.put("partitions", e.partitions());
        n.put("source_file", e.sourceFile());
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static Headers headers(Extract e) {
        RecordHeaders h = new RecordHeaders();
        h.add(HEADER_MARKER, END_OF_EXTRACT.getBytes(StandardCharsets.UTF_8));
        h.add(HEADER_EXTRACT_ID, e.id().getBytes(StandardCharsets.UTF_8));
        return h;
    }

    public static boolean isMarker(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(HEADER_MARKER);
        return h != null && END_OF_EXTRACT.equals(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** The extract a marker announces; IllegalArgumentException when its value is not one. */
    public static Extract read(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode n = Json.MAPPER.readTree(r.value()).get("extract");
            if (n == null) throw new IllegalArgumentException("an end-of-extract marker without its \"extract\" object");
            return new Extract(n.get("extract_id").asText(), ExtractDates.parse(n.get("extract_date").asText()),
                ExtractMode.of(n.get("extract_mode").asText()), n.get("records").asLong(), n.get("partitions").asInt(),
                n.hasNonNull("source_file") ? n.get("source_file").asText() : null);
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("unreadable end-of-extract marker: " + e.getMessage(), e);
        }
    }

    /** The extract id a record's headers name, or null. */
    public static String extractId(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(HEADER_EXTRACT_ID);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
