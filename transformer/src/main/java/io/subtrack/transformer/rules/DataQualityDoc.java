package io.subtrack.transformer.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates docs/data-quality.md from the rule registry, so the document cannot drift from the
 * code (DataQualityDocTest fails when the committed file differs). Run:
 * {@code java -cp transformer/target/transformer.jar io.subtrack.transformer.rules.DataQualityDoc docs/data-quality.md}
 */
public final class DataQualityDoc {
    private DataQualityDoc() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/data-quality.md");
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Data quality rules of the transformer\n\n")
            .append("<!-- Generated from io.subtrack.transformer.rules.Rules by DataQualityDoc; do not edit by hand. -->\n\n")
            .append("Every check or repair the transformer applies is one of these rules. Actions: **REPAIR** rewrites a value to its\n")
            .append("canonical form; **NULLIFY** turns an optional value that cannot be repaired into null; **REJECT** quarantines the\n")
            .append("record in rejected_records.json with the rule id and reason; **FLAG** keeps the value as it is and counts it as a\n")
            .append("quality issue. FLAG is a deviation from the SPEC's three actions: it is for a defect that cannot be repaired while the\n")
            .append("value is still the best the source has (an address without a house number), where null would lose information and\n")
            .append("a repair would invent it. Nothing is ever invented: no random fill-in, no\n")
            .append("made-up email domain, no guessed date. *Format only* marks a lossless change of representation, which the\n")
            .append("ground-truth score never counts as a clean value changed by mistake.\n\n")
            .append("## Policies\n\n")
            .append("- **Deduplication**: per raw table and natural key, the record with the latest `date_extraction` wins; on a tie the later\n")
            .append("  arrival (raw `row_id`, or position in the file) wins. The others are quarantined as `SUPERSEDED`.\n")
            .append("- **Readings from evidence, then policy**: a value with several readings (`dd/MM/yyyy` vs `MM/dd/yyyy` when both parts\n")
            .append("  are 12 or less) is read by the record's own evidence first. A subscription's three dates are read together: every\n")
            .append("  combination of their readings is tried; those with start after next billing are out (the table's constraint); of the\n")
            .append("  rest, those under which the most of the source's relations hold are kept (the same date in two fields, as the\n")
            .append("  original source writes one date in several formats; next billing or renewal one billing cycle after the start:\n")
            .append("  +1 day, +7 days, +15 days for SEMIMONTHLY, +1 month, +1 year). A field all kept combinations agree on is\n")
            .append("  **resolved by evidence**. Where they differ, the **policy** reads the kept combination with the most fields read day\n")
            .append("  first (French source; the dash form `MM-dd-yyyy` month first, the source's documented US export), and counts it as\n")
            .append("  ambiguous by policy. No combination left: rejected, with the reason. Dates the extraction time could bound are not\n")
            .append("  bounded: the fixture has subscription and payment dates after their record's `date_extraction`. Payment dates,\n")
            .append("  notification times and card expiries have no second date in their record: an ambiguous one is read by policy.\n")
            .append("- **Repair log** (`repairs.jsonl` beside the cleaned file): one line per value stored different from its raw text\n")
            .append("  (table, key, field, raw, stored, rule, decided = exact / evidence / policy); a value stored in its column's type\n")
            .append("  without a change of value (`1` as `true`, `74` as `74.00`, a space as `T` in a timestamp) has none. Passwords are not\n")
            .append("  in it; card numbers appear as in the quarantine file (`****` + last four).\n")
            .append("- **Times**: every source timestamp is UTC wall-clock time; `Z`/`+00:00` is dropped, fractions of a second are dropped.\n")
            .append("- **Currency**: the source is EUR-only: `€`, `EUR` and bare numbers are EUR; another currency is unusable (rejected).\n")
            .append("- **Users** are merged from raw_User (email, role), raw_Utilisateur_personnel (names, phone, address), raw_Admin and\n")
            .append("  raw_Utilisateur_fournisseur (supplier_id). A non-empty raw_User.role is kept; an empty one becomes ADMIN if the user is\n")
            .append("  in raw_Admin, else SUPPLIER if in raw_Utilisateur_fournisseur, else null.\n")
            .append("- **Referential integrity**: a child whose parent was rejected or never existed is rejected with `orphan reference: <field>=<value>`;\n")
            .append("  the cascade follows the processing order suppliers, users, plans, notifications, subscriptions, payments, payment methods,\n")
            .append("  user notifications, activity log.\n")
            .append("- **Email canonicalisation**: a plus-tag is removed (`local+tag@domain` -> `local@domain`) so that one mailbox is one\n")
            .append("  email for deduplication and joins; the SPEC lists plus-tags among raw_User's defects.\n")
            .append("- **Ground-truth score** (`--ground-truth`): a value stored different from its clean value is `wrong`, whatever\n")
            .append("  decided it, the policy included; the score shows the stored values decided exactly, by evidence and by policy, and\n")
            .append("  the wrong ones of each, apart. A\n")
            .append("  child rejected only because its parent was rejected for a defect the ground truth lists is counted as\n")
            .append("  `rejected_by_cascade`; a cascade from a parent rejected for any other reason counts as a clean value changed.\n")
            .append("- **Secrets**: passwords are dropped everywhere (also from the quarantine file and reports); card numbers keep their last\n")
            .append("  four characters in every output.\n\n");
        Map<String, List<Rule>> byTable = new LinkedHashMap<>();
        for (Rule r : Rules.all()) byTable.computeIfAbsent(r.table(), k -> new java.util.ArrayList<>()).add(r);
        for (Map.Entry<String, List<Rule>> e : byTable.entrySet()) {
            md.append("## ").append(e.getKey().equals("*") ? "Every table" : e.getKey()).append("\n\n");
            md.append("| id | field | action | description | examples |\n|---|---|---|---|---|\n");
            for (Rule r : e.getValue()) {
                md.append("| `").append(r.id()).append("` | ").append(r.field()).append(" | ").append(r.action())
                    .append(r.formatOnly() ? " (format only)" : "").append(" | ").append(r.description().replace("|", "\\|"))
                    .append(" | ").append(String.join("<br>", r.examples().stream().map(x -> "`" + x.replace("|", "\\|") + "`").toList()))
                    .append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }
}
