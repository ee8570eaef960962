package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.PROFILE_ADDRESS;

import io.subtrack.common.schema.RawTable;

/** A profile address whose first line has no house number: kept (nothing is invented), counted. */
public final class AddressWithoutNumber extends FlagRule {
    private static final java.util.regex.Pattern HOUSE_NUMBER = java.util.regex.Pattern.compile("^[0-9]+(\\s?(bis|ter|[A-Za-z]))?\\b.*");

    public AddressWithoutNumber() {
        super("PRS-ADDRESS-INCOMPLETE", RawTable.USER_PROFILE, PROFILE_ADDRESS,
            "Address whose first line does not start with a house number: kept as is (no number is invented, and the street and town are still useful), counted as a quality issue.",
            "\"Place Saint-Bernard, 49858 Le Havre\" -> kept, flagged");
    }

    @Override
    public boolean flags(String address) {
        return !HOUSE_NUMBER.matcher(address.strip()).matches();
    }
}
