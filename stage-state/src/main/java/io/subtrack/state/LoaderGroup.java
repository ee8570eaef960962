package io.subtrack.state;

import io.subtrack.common.kafka.KafkaClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The consumer group of the loader whose stored offsets are reset. A member that runs keeps its position in memory
 * and would store it over the reset, so a reset is applied only while the group has no member (Kafka's tool refuses
 * the same); once applied, the group's committed offsets are set to the same values, so kafka-consumer-groups
 * --describe shows what the database says.
 */
final class LoaderGroup {
    /** What the broker says of the group: members now, and whether it exists at all. */
    record Status(boolean exists, int members, String state) {}

    private LoaderGroup() {}

    static Status status(Admin admin, String group) throws Exception {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(KafkaClients.CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            boolean exists = d.groupState() != GroupState.DEAD;
            return new Status(exists, d.members().size(), String.valueOf(d.groupState()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) return new Status(false, 0, "DEAD");
            throw e;
        }
    }

    /** Sets the group's committed offsets; only for a group without members (the broker refuses others). */
    static void commit(Admin admin, String group, Map<TopicPartition, Long> offsets)
        throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> m = new LinkedHashMap<>();
        offsets.forEach((tp, o) -> m.put(tp, new OffsetAndMetadata(o)));
        admin.alterConsumerGroupOffsets(group, m).all().get(KafkaClients.CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
