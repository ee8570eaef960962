package io.subtrack.transformer;

import static io.subtrack.common.schema.RawFields.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ColumnSource;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.MergedTable;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.CodeValue;
import io.subtrack.transformer.rules.OrphanRule;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import io.subtrack.transformer.rules.ValueRule;
import org.junit.jupiter.api.Test;

/** The processed declarations name raw fields, the rules name the fields they read: the two must meet. */
class DeclarationsTest {
    @Test
    void everyColumnReadsAFieldOfItsRawTableAndEachRuledFieldHasOneReaderAndAnUnusableVerdict() {
        for (ProcessedTable t : ProcessedModel.standard().tables()) {
            for (Column c : t.columns()) {
                ColumnSource s = c.source();
                assertNotNull(s, t + "." + c.name() + " says where it comes from");
                if (s.field() == null) {
                    assertEquals(1, c.codes().size(), t + "." + c.name() + " holds its only code");
                    continue;
                }
                assertTrue(s.table().fields().contains(s.field()), t + "." + c.name() + ": " + s.field() + " is a field of " + s.table().tableName());
                assertTrue(s.table() == t.source() || t.merged().stream().anyMatch(m -> m.table() == s.table()),
                    t + "." + c.name() + " comes from its source or a merged table");
                ColumnReaders.FieldRules rules = ColumnReaders.FieldRules.of(s.table(), s.field(), s.normaliser(), Rules.all());
                boolean ruled = rules.reader() != null || rules.unusable() != null || !rules.refiners().isEmpty() || !rules.flags().isEmpty();
                if (!ruled) continue;
                assertNotNull(rules.reader(), t + "." + c.name() + ": a field with rules has one that reads it");
                assertNotNull(rules.unusable(), t + "." + c.name() + ": and one that answers for an unusable value");
                assertTrue(rules.unusable().action() == Rule.Action.NULLIFY || rules.unusable().action() == Rule.Action.REJECT,
                    t + "." + c.name() + ": " + rules.unusable() + " nullifies or rejects");
            }
        }
    }

    @Test
    void everyFieldRuleReadsADeclaredColumn() {
        java.util.Set<Rule> bound = new java.util.HashSet<>();
        for (ProcessedTable t : ProcessedModel.standard().tables()) {
            for (Column c : t.columns()) {
                if (c.source().field() == null) continue;
                ColumnReaders.FieldRules r = ColumnReaders.FieldRules.of(c.source().table(), c.source().field(), c.source().normaliser(), Rules.all());
                if (r.reader() != null) bound.add(r.reader());
                if (r.unusable() != null) bound.add(r.unusable());
                bound.addAll(r.refiners());
                bound.addAll(r.flags());
            }
        }
        for (Rule r : Rules.all()) {
            if (r instanceof io.subtrack.transformer.rules.PipelineRule || r instanceof io.subtrack.transformer.rules.RecordRule
                || r instanceof OrphanRule) continue;
            assertTrue(bound.contains(r), r.id() + " reads a field no declared column is read from");
        }
    }

    @Test
    void everyReferenceAndMergeIsCheckedByAnOrphanRuleOfItsTable() {
        for (ProcessedTable t : ProcessedModel.standard().tables()) {
            for (ForeignKey fk : t.foreignKeys()) {
                Column c = t.column(fk.columns().get(0));
                if (t.merged().stream().anyMatch(m -> m.table() == c.source().table())) continue; // checked with its link
                OrphanRule r = Rules.orphanOf(c.source().table(), c.source().field());
                assertEquals(Rule.Action.REJECT, r.action(), r.id());
                assertEquals(c.source().table().tableName(), r.table(), r.id() + " reads the reference's table");
            }
            for (MergedTable m : t.merged()) {
                OrphanRule r = Rules.orphanOf(m.table(), m.table().keyFields().get(0));
                assertEquals(m.table().tableName(), r.table(), r.id());
                for (String key : m.table().keyFields()) assertNotNull(Rules.orphanOf(m.table(), key), m.table() + "." + key);
                if (m.memberRole() == null) continue;
                Column role = t.columns().stream().filter(c -> c.name().equals("role")).findFirst().orElseThrow();
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
                if (!c.isCode() || c.source().field() == null) continue;
                codeColumns++;
                ValueRule reader = ColumnReaders.FieldRules.of(c.source().table(), c.source().field(), c.source().normaliser(), Rules.all()).reader();
                assertTrue(reader instanceof CodeValue, t + "." + c.name() + " is read by a code rule: " + reader);
                java.util.Map<String, String> variants = ((CodeValue) reader).variants();
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
