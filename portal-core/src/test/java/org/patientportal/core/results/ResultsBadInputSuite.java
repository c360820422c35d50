package org.patientportal.core.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.PageRequest;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.ResultKind;
import org.patientportal.model.ResultStatus;

/**
 * IN-2 for results: each bad import, hold, comment and page is refused with its field path before
 * anything is read or written (the patient's results, the outbox and the audit trail of the patient
 * stay as they were), every violation at once, and no message quotes the value sent. Run on every
 * adapter.
 */
@OnEveryStorage
@DisplayName("Results bad input (IN-2, RS-2)")
class ResultsBadInputSuite extends ResultsFixture {
    private static final Instant COLLECTED = MutableClock.DEFAULT_START.minus(Duration.ofHours(6));

    private static ImportResult with(Function<ImportResult.Component, ImportResult.Component> change) {
        ImportResult base = panel("LAB-BAD", "150");
        List<ImportResult.Component> components = new ArrayList<>(base.components());
        components.set(0, change.apply(components.get(0)));
        return new ImportResult(base.sourceId(), base.sourceVersion(), base.kind(), base.orderCode(), base.orderName(),
                base.orderingProvider(), base.collectedAt(), base.resultedAt(), base.status(), base.reportText(),
                components);
    }

    private static ImportResult.Component numeric(BigDecimal value, String unit, BigDecimal low, BigDecimal high) {
        return new ImportResult.Component(GLUCOSE, "Glucose", value, unit, null, null, low, high, null,
                AbnormalFlag.HIGH);
    }

    private static ImportResult times(Instant collected, Instant resulted, ResultStatus status, String report) {
        return new ImportResult("LAB-BAD", 1, ResultKind.IMAGING, "71046", "Chest X-ray", "Dr. Okafor", collected,
                resulted, status, report, List.of());
    }

    @Test
    @DisplayName("IN-2 each bad import is refused on its path and changes nothing: no unit, low above high, resulted before collected, a 10 MB report, an unknown (missing) status, a number beyond 30 digits or 12 decimals, two values, a blank code")
    void badImports() {
        Member patient = member();
        String tenMegabytes = "A".repeat(10 * 1024 * 1024);
        Map<String, ImportResult> cases = new java.util.LinkedHashMap<>();
        cases.put("components[0].unit", with(c -> numeric(new BigDecimal("150"), null, null, null)));
        cases.put("components[0].rangeLow", with(c -> numeric(new BigDecimal("150"), "mg/dL", new BigDecimal("99"),
                new BigDecimal("70"))));
        cases.put("resultedAt", times(COLLECTED, COLLECTED.minusSeconds(1), ResultStatus.FINAL, "ok"));
        cases.put("reportText", times(COLLECTED, COLLECTED, ResultStatus.FINAL, tenMegabytes));
        cases.put("status", times(COLLECTED, COLLECTED, null, "ok"));
        cases.put("components[0].numericValue", with(c -> numeric(new BigDecimal("1." + "1".repeat(20)), "mg/dL",
                null, null)));
        cases.put("components[0]", with(c -> new ImportResult.Component(GLUCOSE, "Glucose", new BigDecimal("150"),
                "mg/dL", "high", null, null, null, null, null)));
        cases.put("components[0].code", with(c -> new ImportResult.Component(" ", "Glucose", new BigDecimal("150"),
                "mg/dL", null, null, null, null, null, null)));
        cases.put("sourceVersion", new ImportResult("LAB-BAD", 0, ResultKind.IMAGING, "71046", "Chest X-ray",
                "Dr. Okafor", COLLECTED, COLLECTED, ResultStatus.FINAL, null, List.of()));
        var outboxBefore = outbox();
        int auditBefore = auditOf(patient.patient()).size();
        for (Map.Entry<String, ImportResult> c : cases.entrySet()) {
            InvalidRequestException e = refused(InvalidRequestException.class,
                    () -> importAs(FEED, patient, c.getValue()));
            assertThat(e.violations()).as(c.getKey()).extracting(Violation::path).contains(c.getKey());
            assertThat(e.getMessage()).doesNotContain("150", "AAAA", "mg/dL", "Glucose");
            assertThat(e.violations()).extracting(Violation::message).noneMatch(m -> m.contains("150")
                    || m.contains("AAAA"));
        }
        assertThat(listAll(CLINICIAN, patient.patient())).isEmpty();
        assertThat(outbox()).isEqualTo(outboxBefore);
        List<org.patientportal.model.AuditEvent> imports = auditOf(patient.patient()).subList(auditBefore,
                auditOf(patient.patient()).size()).stream().filter(e -> e.category().equals("test-result")
                && e.action() == org.patientportal.model.AuditAction.CREATE).toList();
        assertThat(imports).as("each refused import audited as failed (AD-3), none as a success").hasSize(cases.size())
                .allMatch(e -> e.outcome() == org.patientportal.model.AuditOutcome.FAILED);
    }

    @Test
    @DisplayName("IN-2 a numeric value of a unitless code (INR) needs no unit; a null command or null components are violations, not exceptions")
    void unitlessAndNulls() {
        Member patient = member();
        ImportResult inr = new ImportResult("LAB-INR", 1, ResultKind.LAB_PANEL, "85610", "Prothrombin time",
                "Dr. Okafor", COLLECTED, COLLECTED.plusSeconds(60), ResultStatus.FINAL, null,
                List.of(ImportResult.Component.numeric("6301-6", "INR", new BigDecimal("1.1"), null, null, null, null)));
        assertThat(importAs(FEED, patient, inr).outcome()).isEqualTo(ImportOutcome.CREATED);
        assertThat(refused(InvalidRequestException.class, () -> importAs(FEED, patient, null)).violations())
                .extracting(Violation::path).containsExactly("command");
        ImportResult noComponents = new ImportResult("LAB-N", 1, ResultKind.LAB_PANEL, "80048", "Panel", "Dr. Okafor",
                COLLECTED, COLLECTED, ResultStatus.FINAL, null, null);
        assertThat(refused(InvalidRequestException.class, () -> importAs(FEED, patient, noComponents)).violations())
                .extracting(Violation::path).containsExactly("components");
    }

    @Test
    @DisplayName("IN-2 every violation of one import is reported at once")
    void allAtOnce() {
        Member patient = member();
        ImportResult bad = new ImportResult(" ", 0, null, "", "Panel", "Dr. Okafor", COLLECTED,
                COLLECTED.minusSeconds(5), null, null, List.of(numeric(new BigDecimal("150"), null,
                new BigDecimal("9"), new BigDecimal("1"))));
        InvalidRequestException e = refused(InvalidRequestException.class, () -> importAs(FEED, patient, bad));
        assertThat(e.violations()).extracting(Violation::path).contains("sourceId", "sourceVersion", "kind",
                "orderCode", "status", "resultedAt", "components[0].unit", "components[0].rangeLow");
    }

    @Test
    @DisplayName("IN-2 RS-2 a hold with an empty or blank reason is refused and changes nothing; so is an empty comment, a bad page or trend code")
    void badHoldsAndPages() {
        Member patient = member();
        Imported imported = importAs(FEED, patient, panel(unique("LAB-"), "90"));
        for (String reason : new String[] {"", "   ", null}) {
            InvalidRequestException e = refused(InvalidRequestException.class, () -> results().hold(CLINICIAN,
                    patient.patient(), imported.id(), new HoldResult(reason)));
            assertThat(e.violations()).extracting(Violation::path).containsExactly("reason");
        }
        assertThat(refused(InvalidRequestException.class, () -> results().hold(CLINICIAN, patient.patient(),
                imported.id(), new HoldResult("x".repeat(501)))).violations()).extracting(Violation::path)
                .containsExactly("reason");
        assertThat(stored(imported.id()).held()).isFalse();
        assertThat(listAll(patient.actor(), patient.patient())).hasSize(1);
        assertThat(refused(InvalidRequestException.class, () -> results().comment(CLINICIAN, patient.patient(),
                imported.id(), new CommentOnResult(" "))).violations()).extracting(Violation::path)
                .containsExactly("comment");
        assertThat(refused(InvalidRequestException.class, () -> results().list(patient.actor(), patient.patient(),
                new PageRequest(null, 0))).violations()).extracting(Violation::path).containsExactly("page.size");
        List<String> cursors = new ArrayList<>(List.of("%%%", "dDEuMS4yLjMuNA", "cjEuMS4yLnotdXVpZA", "x".repeat(400)));
        String id = "00000000-0000-7000-8000-000000000001";
        for (String raw : new String[] {"p1|results|1.0|-", "p1|results.trend|1.0|" + id + "|99999999999|-",
                "p1|results.trend|1.0|" + id + "|1|5", "p1|results.trend|1.0|" + id + "|1|~!!",
                "p1|results.trend|1.0|" + id + "|1|~_w"}) {
            cursors.add(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(raw.getBytes(StandardCharsets.US_ASCII)));
        }
        for (String cursor : cursors) {
            assertThat(refused(InvalidRequestException.class, () -> results().list(patient.actor(), patient.patient(),
                    PageRequest.after(cursor, 5))).violations()).extracting(Violation::path)
                    .containsExactly("page.cursor");
            assertThat(refused(InvalidRequestException.class, () -> results().trend(patient.actor(),
                    patient.patient(), GLUCOSE, PageRequest.after(cursor, 5))).violations())
                    .extracting(Violation::path).containsExactly("page.cursor");
        }
        assertThat(refused(InvalidRequestException.class, () -> results().trend(patient.actor(), patient.patient(),
                " ", PageRequest.first(5))).violations()).extracting(Violation::path).containsExactly("code");
        assertThat(refused(InvalidRequestException.class, () -> results().detail(patient.actor(), patient.patient(),
                null)).violations()).extracting(Violation::path).containsExactly("result");
    }

    private Map<OutboxStatus, Long> outbox() {
        return storage.inTransaction(tx -> tx.outbox().countByStatus());
    }
}
