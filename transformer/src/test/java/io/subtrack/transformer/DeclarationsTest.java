package io.subtrack.transformer;

import static io.subtrack.common.schema.RawFields.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ColumnSource;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.MergedTable;
import io.subtrack.common.schema.Normaliser;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import org.junit.jupiter.api.Test;

/** The processed declarations name rules and raw fields by text: every name must be one the transformer knows. */
class DeclarationsTest {
    @Test
    void everyColumnReadsAFieldOfItsRawTableWithRulesOfThatTable() {
        for (ProcessedTable t : ProcessedModel.standard().tables()) {
            for (Column c : t.columns()) {
                ColumnSource s = c.source();
                assertNotNull(s, t + "." + c.name() + " says where it comes from");
                if (s.normaliser() == Normaliser.FIXED_CODE) {
                    assertEquals(1, c.codes().size(), t + "." + c.name());
                    continue;
                }
                assertTrue(s.table().fields().contains(s.field()), t + "." + c.name() + ": " + s.field() + " is a field of " + s.table().tableName());
                assertTrue(s.table() == t.source() || t.merged().stream().anyMatch(m -> m.table() == s.table()),
                    t + "." + c.name() + " comes from its source or a merged table");
                for (String id : s.rules()) {
                    Rule r = Rules.byId(id);
                    assertNotNull(r, t + "." + c.name() + ": rule " + id + " exists");
                    assertTrue(r.table().equals("*") || r.table().equals(s.table().tableName()),
                        id + " is a rule of " + s.table().tableName() + " or of every table");
                }
                if (s.normaliser() != Normaliser.ID && s.normaliser() != Normaliser.SUBSCRIPTION_DATE) {
                    assertTrue(s.rules().size() >= 2, t + "." + c.name() + " names its repair and invalid rules");
                }
            }
        }
    }

    @Test
    void everyReferenceAndMergeIsCheckedByAnOrphanRuleOfItsTable() {
        for (ProcessedTable t : ProcessedModel.standard().tables()) {
            for (ForeignKey fk : t.foreignKeys()) {
                Rule r = Rules.byId(fk.orphanRule());
                assertNotNull(r, t + " -> " + fk.parentTable() + " has an orphan rule");
                assertEquals(Rule.Action.REJECT, r.action(), fk.orphanRule());
                assertEquals(t.column(fk.columns().get(0)).source().field(), r.field(), fk.orphanRule() + " names the reference's field");
            }
            for (MergedTable m : t.merged()) {
                Rule r = Rules.byId(m.orphanRule());
                assertNotNull(r, m.table().tableName() + " has an orphan rule");
                assertEquals(m.table().tableName(), r.table(), m.orphanRule());
                if (m.memberRole() == null) continue;
                Column role = t.columns().stream().filter(c -> c.source().normaliser() == Normaliser.ROLE_OR_MEMBERSHIP).findFirst().orElseThrow();
                assertTrue(role.codes().contains(m.memberRole()), m.memberRole() + " is a declared role code");
            }
        }
    }

    @Test
    void theScorersParentOfEachReferenceFieldComesFromTheDeclarations() {
        assertEquals(java.util.Map.of(USER_ID, "raw_User", SUPPLIER_ID, "raw_Fournisseur", PLAN_ID, "raw_Abonnement",
                PAYMENT_ID, "raw_Paiement", NOTIFICATION_ID, "raw_Notifications"),
            io.subtrack.transformer.report.GroundTruthScorer.parentTables(ProcessedModel.standard()));
    }

    @Test
    void anOrphanIsRejectedWithItsRuleFieldAndReferencedKeyAsData() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("declarations");
        java.nio.file.Path raw = Fixtures.writeRaw(dir, """
            {"raw_Paiement": [{"raw_id": 1, "idPaiement": "PAY000001", "idAbonnement": "ABN00001", "userId": " USR09999 ",
              "montantPaiement": "12.50", "date_extraction": "2025-01-01"}]}""");
        java.util.List<RecordContext> seen = new java.util.ArrayList<>();
        Transformer t = new Transformer(java.util.Map.of(), null, Fixtures.quietProgress());
        t.observe(seen::add);
        try (io.subtrack.transformer.source.FileRawSource source = new io.subtrack.transformer.source.FileRawSource(raw)) {
            t.run(source, dir.resolve("cleaned.json"), dir.resolve("rejected.json"));
        }
        assertEquals(1, seen.size());
        assertEquals(java.util.List.of(new RecordContext.Rejection(Rules.PAY_ORPHAN_USER, USER_ID, true, "USR09999"),
                new RecordContext.Rejection(Rules.PAY_ORPHAN_PLAN, PLAN_ID, true, "ABN00001")),
            seen.get(0).rejections());
        assertEquals(java.util.List.of("orphan reference: userId=USR09999", "orphan reference: idAbonnement=ABN00001"),
            seen.get(0).reasons(), "the quarantine file's text is unchanged");
    }

    @Test
    void everyCodeColumnsVariantsMapOntoExactlyItsDeclaredCodes() {
        int codeColumns = 0;
        for (ProcessedTable t : ProcessedModel.standard().tables()) {
            for (Column c : t.columns()) {
                Normaliser n = c.source().normaliser();
                if (n != Normaliser.CODE && n != Normaliser.ROLE_OR_MEMBERSHIP) continue;
                codeColumns++;
                java.util.Map<String, String> variants = io.subtrack.transformer.rules.CodeVariants.forColumn(t, c);
                assertEquals(new java.util.TreeSet<>(c.codes()), new java.util.TreeSet<>(variants.values()),
                    t + "." + c.name() + ": every declared code is reached by a variant, and no variant reaches another");
                for (String code : c.codes()) {
                    assertEquals(code, io.subtrack.transformer.rules.CodeVariants.code(code, variants).value(), "the code itself is canonical");
                }
            }
        }
        assertEquals(12, codeColumns);
    }

    @Test
    void theScanOrderFollowsTheModelParentsFirstWithEachTablesSideTablesAfterItsSource() {
        assertEquals(java.util.List.of(RawTable.SUPPLIER, RawTable.USER, RawTable.ADMIN, RawTable.USER_SUPPLIER, RawTable.USER_PROFILE,
                RawTable.PLAN, RawTable.NOTIFICATION, RawTable.SUBSCRIPTION, RawTable.PAYMENT, RawTable.PAYMENT_METHOD,
                RawTable.USER_NOTIFICATION, RawTable.JOURNAL),
            Transformer.scanOrder(ProcessedModel.standard()));
        assertEquals(RawTable.all().size(), new java.util.HashSet<>(Transformer.scanOrder(ProcessedModel.standard())).size(),
            "every raw table is read");
    }
}
