package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.NOTIFICATION_CHANNEL;
import static io.subtrack.common.schema.RawFields.NOTIFICATION_CONTENT;
import static io.subtrack.common.schema.RawFields.NOTIFICATION_ID;
import static io.subtrack.common.schema.RawFields.NOTIFICATION_SENT_AT;
import static io.subtrack.common.schema.RawFields.NOTIFICATION_TYPE;

import io.subtrack.common.truth.Expected;
import java.util.SplittableRandom;

/** raw_Notifications: type, send time in the source's five timestamp forms, channel and content. */
final class NotificationWriter extends RawRecordWriter {
    /** A placeholder the source writes when it has no send date. */
    private static final String PLACEHOLDER_TIMESTAMP = "2023-12-31T23:59:59.999Z";
    private static final Expected PLACEHOLDER = Expected.nullify("placeholder timestamp");
    private static final Expected MISSING_CHANNEL = Expected.nullify("missing channel");

    private final int id = field(NOTIFICATION_ID), type = field(NOTIFICATION_TYPE),
        sent = field(NOTIFICATION_SENT_AT), channel = field(NOTIFICATION_CHANNEL),
        content = field(NOTIFICATION_CONTENT);
    private final DefectDice typeDice = dice(), sentDice = dice(), channelDice = dice(), duplicates = duplicateDice();

    NotificationWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.notifications());
    }

    @Override
    void fill(long i) {
        t.set(id, g.ids.notification(i + 1));
        FieldValues.code(t, type, EnumeratedField.NOTIFICATION_TYPE, typeDice, r);
        sentAt(g.recentSecond(r));
        if (!channelDice.fire()) t.set(channel, EnumeratedField.CHANNEL.encoded[EnumeratedField.CHANNEL.randomCode(r)]);
        else if (channelDice.kind(2) == 0) t.unrepairable(channel, FieldValues.CODE_MISSING, "", MISSING_CHANNEL);
        else FieldValues.variant(t, channel, EnumeratedField.CHANNEL, r);
        t.set(content, r.nextInt(3) == 0 ? TextPools.pick(g.pools.sentences, r) : TextPools.pick(g.pools.paragraphs,
        r));
    }

    private void sentAt(long at) {
        String canonical = Formats.timestamp(at, 'T');
        if (!sentDice.fire()) {
            t.set(sent, canonical);
            return;
        }
        switch (sentDice.kind(5)) {
            case 0 -> t.repairable(sent, "timestamp_format_space", Formats.timestamp(at, ' '), canonical);
            case 1 -> {
                long minute = at - Math.floorMod(at, 60);
                t.repairable(sent, "timestamp_format_dmy_hm", Formats.dayMonthYearHourMinute(minute),
        Formats.timestamp(minute, 'T'));
            }
            case 2 -> {
                long day = Math.floorDiv(at, Formats.SECONDS_PER_DAY);
                t.repairable(sent, "timestamp_date_only", Formats.isoDate(day),
        Formats.timestamp(day * Formats.SECONDS_PER_DAY, 'T'));
            }
            case 3 -> t.repairable(sent, "timestamp_utc_suffix", canonical + "Z", canonical);
            default -> t.unrepairable(sent, "timestamp_placeholder", PLACEHOLDER_TIMESTAMP, PLACEHOLDER);
        }
    }
}
