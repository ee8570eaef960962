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
            .append("- **Ambiguous dates**: `dd/MM/yyyy` vs `MM/dd/yyyy`: a part above 12 decides; when both parts are 12 or less the slash\n")
            .append("  form is read day first (French source) and the dash form `MM-dd-yyyy` month first (the source's documented US export).\n")
            .append("  Each such value is counted as ambiguous in the report.\n")
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
            .append("- **Ground-truth score** (`--ground-truth`): an ambiguous date whose clean value is the month-first reading but which the\n")
            .append("  day-first policy reads otherwise is counted as `ambiguous_resolved_by_policy`, apart from the repairable ones; a\n")
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
