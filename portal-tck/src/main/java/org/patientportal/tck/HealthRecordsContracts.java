package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.patientportal.tck.KitSupport.T0;
import static org.patientportal.tck.KitSupport.THREADS;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.EntrySource;
import org.patientportal.model.EntryStatus;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.HistoryEntry;
import org.patientportal.model.HistoryEntryId;
import org.patientportal.model.PatientId;
import org.patientportal.model.StartCursor;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.tck.KitSupport.Outcome;

/**
 * Contracts of {@code HealthHistory} (HH-1..HH-3): version-ordered upserts that hold when imports
 * race, newest-first keyset pages per category without entries entered in error, and a review
 * decided once. Run through {@link StorageCompatibilityKit}.
 */
public abstract class HealthRecordsContracts {
    /** For the kit's nested class. */
    protected HealthRecordsContracts() {
    }

    /** The storage of the current test (empty at its start). */
    protected abstract PortalStorage storage();

    private boolean check(Function<StorageTransaction, Boolean> work) {
        return storage().inTransaction(work::apply);
    }

    private <T> Optional<T> maybe(
            Function<StorageTransaction, Optional<T>> work) {
        return storage().inTransaction(work::apply);
    }

    private <T> List<T> rows(Function<StorageTransaction, List<T>> work) {
        return storage().inTransaction(work::apply);
    }

    private PatientId patient() {
        return KitSupport.storedPatient(storage());
    }

    private static HistoryEntry entry(PatientId patient, HistoryCategory category, String sourceId, long version,
                                      Instant effectiveAt, EntryStatus status) {
        return new HistoryEntry(HistoryEntryId.newId(), patient, category,
                status == EntryStatus.PENDING_REVIEW ? EntrySource.PATIENT : EntrySource.CLINIC, sourceId, version,
                "I10", "Entry v" + version, "active", "120", "mmHg", effectiveAt, status, T0, null, null, null);
    }

    private List<Boolean> upsert(HistoryEntry... entries) {
        return storage().inTransaction(tx -> tx.healthHistory().upsertAll(List.of(entries)));
    }

    private HistoryEntry stored(HistoryEntryId id) {
        return storage().inTransaction(tx -> tx.healthHistory().find(id)).orElseThrow();
    }

    private List<HistoryEntry> pages(PatientId patient, HistoryCategory category, int size) {
        List<HistoryEntry> all = new ArrayList<>();
        StartCursor after = null;
        while (true) {
            StartCursor from = after;
            List<HistoryEntry> page = storage().inTransaction(tx -> tx.healthHistory().page(patient, category, from,
                    size));
            assertThat(page.size()).isLessThanOrEqualTo(size);
            all.addAll(page);
            if (page.size() < size) {
                return all;
            }
            HistoryEntry last = page.get(page.size() - 1);
            after = new StartCursor(last.effectiveAt(), last.id().value());
        }
    }

    @Test
    @DisplayName("HH-1 an imported entry reads back equal; a higher version replaces it keeping its id, the same or an older one changes nothing (HH-3)")
    void versionOrdered() {
        PatientId patient = patient();
        HistoryEntry v2 = entry(patient, HistoryCategory.ALLERGY, "al-1", 2, T0, EntryStatus.RECORDED);
        assertThat(upsert(v2)).containsExactly(true);
        assertThat(stored(v2.id())).isEqualTo(v2);
        assertThat(upsert(entry(patient, HistoryCategory.ALLERGY, "al-1", 1, T0, EntryStatus.RECORDED),
                entry(patient, HistoryCategory.ALLERGY, "al-1", 2, T0, EntryStatus.RECORDED))).containsExactly(false,
                false);
        assertThat(stored(v2.id())).isEqualTo(v2);
        HistoryEntry v3 = entry(patient, HistoryCategory.ALLERGY, "al-1", 3, T0.plusSeconds(5), EntryStatus.RECORDED);
        assertThat(upsert(v3)).containsExactly(true);
        assertThat(stored(v2.id())).isEqualTo(v3.withId(v2.id()));
        HistoryEntry sameSourceOtherCategory = entry(patient, HistoryCategory.PROBLEM, "al-1", 1, T0,
                EntryStatus.RECORDED);
        assertThat(upsert(sameSourceOtherCategory)).containsExactly(true);
    }

    @Test
    @DisplayName("HH-3 when 32 imports of one entry race with versions 1..32, version 32 is stored")
    void racingImports() throws InterruptedException {
        PatientId patient = patient();
        List<Outcome<Boolean>> outcomes = KitSupport.concurrently(THREADS, i -> KitSupport.retrying(storage(),
                tx -> tx.healthHistory().upsertAll(List.of(entry(patient, HistoryCategory.VITAL, "v-race", i + 1,
                        T0, EntryStatus.RECORDED))).get(0)));
        assertThat(KitSupport.failures(outcomes)).isEmpty();
        HistoryEntry first = pages(patient, HistoryCategory.VITAL, 10).get(0);
        assertThat(first.sourceVersion()).isEqualTo(THREADS);
        assertThat(pages(patient, HistoryCategory.VITAL, 10)).hasSize(1);
    }

    @Test
    @DisplayName("HH-1 a category pages newest first by (date, id), other categories and patients apart; HH-3 entered in error leaves the list")
    void pagesNewestFirst() {
        PatientId patient = patient();
        List<HistoryEntry> shown = new ArrayList<>();
        List<HistoryEntry> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Instant when = T0.minus(i / 2, ChronoUnit.DAYS); // pairs share a date: the id breaks the tie
            HistoryEntry e = entry(patient, HistoryCategory.IMMUNIZATION, "im-" + i, 1, when, EntryStatus.RECORDED);
            shown.add(e);
            all.add(e);
        }
        HistoryEntry wrong = entry(patient, HistoryCategory.IMMUNIZATION, "im-err", 1, T0, EntryStatus.ENTERED_IN_ERROR);
        all.add(wrong);
        all.add(entry(patient, HistoryCategory.PROBLEM, "pr-1", 1, T0, EntryStatus.RECORDED));
        all.add(entry(patient(), HistoryCategory.IMMUNIZATION, "im-0", 1, T0, EntryStatus.RECORDED));
        Collections.shuffle(all);
        storage().inTransaction(tx -> tx.healthHistory().upsertAll(all));
        shown.sort(Comparator.comparing(HistoryEntry::effectiveAt)
                .thenComparing(e -> e.id().value().toString()).reversed());
        assertThat(pages(patient, HistoryCategory.IMMUNIZATION, 5)).containsExactlyElementsOf(shown);

        HistoryEntry error = entry(patient, HistoryCategory.IMMUNIZATION, "im-3", 2, T0, EntryStatus.ENTERED_IN_ERROR);
        assertThat(upsert(error)).containsExactly(true);
        assertThat(pages(patient, HistoryCategory.IMMUNIZATION, 5)).extracting(HistoryEntry::sourceId)
                .doesNotContain("im-3").hasSize(11);
    }

    @Test
    @DisplayName("HH-2 a pending report is reviewed once: of 32 concurrent reviews exactly one is stored; a recorded entry is not reviewable")
    void reviewedOnce() throws InterruptedException {
        PatientId patient = patient();
        HistoryEntry report = entry(patient, HistoryCategory.ALLERGY, "patient:1", 1, T0, EntryStatus.PENDING_REVIEW);
        upsert(report);
        List<Outcome<Optional<HistoryEntry>>> outcomes = KitSupport.concurrently(THREADS, i -> KitSupport.retrying(storage(),
                tx -> tx.healthHistory().review(report.id(), i % 2 == 0 ? EntryStatus.ACCEPTED : EntryStatus.DECLINED,
                        T0, "doc-" + i, i % 2 == 0 ? null : "not_confirmed")));
        assertThat(KitSupport.failures(outcomes)).isEmpty();
        List<HistoryEntry> reviewed = outcomes.stream().map(Outcome::value).flatMap(Optional::stream).toList();
        assertThat(reviewed).hasSize(1);
        assertThat(stored(report.id())).isEqualTo(reviewed.get(0));
        HistoryEntry recorded = entry(patient, HistoryCategory.ALLERGY, "al-2", 1, T0, EntryStatus.RECORDED);
        upsert(recorded);
        assertThat(maybe(tx -> tx.healthHistory().review(recorded.id(), EntryStatus.ACCEPTED, T0,
                "doc", null))).isEmpty();
        assertThatThrownBy(() -> storage().inTransaction(tx -> tx.healthHistory().review(report.id(),
                EntryStatus.RECORDED, T0, "doc", null))).isInstanceOf(IllegalArgumentException.class);
    }
}
