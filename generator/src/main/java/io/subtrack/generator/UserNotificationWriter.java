package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.USER_ID;
import static io.subtrack.common.schema.RawFields.USER_NOTIFICATION_READ;
import static io.subtrack.common.schema.RawFields.USER_NOTIFICATION_URGENT;

import io.subtrack.common.truth.Expected;
import java.util.SplittableRandom;

/** raw_UtilisateurNotif: which user got which notification (distinct pairs), read and urgent flags in the source's forms. */
final class UserNotificationWriter extends RawRecordWriter {
    private static final Expected MISSING_FLAG = Expected.nullify("missing flag");

    private final int userId = field(USER_ID), read = field(USER_NOTIFICATION_READ),
        urgent = field(USER_NOTIFICATION_URGENT);
    private final DefectDice readDice = dice(), urgentDice = dice(), orphans = rareDice(), duplicates = duplicateDice();
    private final Reference notification = reference(ForeignReference.USER_NOTIFICATION_NOTIFICATION);
    private final References.UserLinks links = g.references.notificationLinks();

    UserNotificationWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.userNotifications());
    }

    @Override
    void fill(long k) {
        userLink(k, userId, links, notification, orphans);
        // JSON 1/0 is how the source normally sends a flag (it never sends JSON true/false): not a defect.
        boolean isRead = r.nextBoolean();
        if (readDice.fire()) {
            // The source sends estLu as text variants but never null (estUrgent it does send null).
            switch (readDice.kind(3)) {
                case 0 -> t.repairable(read, "boolean_variant", isRead ? "1" : "0", isRead);
                case 1 -> t.repairable(read, "boolean_variant", isRead ? "true" : "false", isRead);
                default -> t.repairable(read, "boolean_variant", isRead ? "Oui" : "Non", isRead);
            }
        } else {
            t.set(read, isRead ? 1L : 0L);
        }
        long isUrgent = r.nextInt(3) == 0 ? 1L : 0L;
        if (urgentDice.fire()) t.unrepairable(urgent, "boolean_missing", null, MISSING_FLAG);
        else t.set(urgent, isUrgent);
    }
}
