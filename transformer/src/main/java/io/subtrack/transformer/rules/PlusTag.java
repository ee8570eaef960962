package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.USER_EMAIL;

import io.subtrack.common.schema.RawTable;

/** A user's email without its plus-tag, so that one mailbox is one email (deduplication, joins). */
public final class PlusTag extends RefiningRule {
    public PlusTag() {
        super("USR-EMAIL-PLUS-TAG", RawTable.USER, USER_EMAIL, Action.REPAIR, false,
            "Plus-tag removed from the local part (local+tag@domain -> local@domain), also trimmed and lower-cased: canonicalisation for deduplication, so that one mailbox is one email (the SPEC lists plus-tags among raw_User's defects). A local part that is only a tag is left alone.",
            "\"camille.blanc+21@company.fr\" -> \"camille.blanc@company.fr\"");
    }

    @Override
    public Cleaned refine(String raw, Cleaned email, RecordFacts record) {
        if (!email.usable()) return null;
        String address = (String) email.value();
        String untagged = withoutPlusTag(address);
        return untagged.equals(address) ? null : new Cleaned(untagged, Cleaned.Reading.REPAIRED);
    }

    /** The email without its plus-tag (local+tag@domain -> local@domain); the same string when there is none. */
    static String withoutPlusTag(String email) {
        int at = email.indexOf('@');
        int plus = email.indexOf('+');
        if (at < 0 || plus <= 0 || plus > at) return email;
        return email.substring(0, plus) + email.substring(at);
    }
}
