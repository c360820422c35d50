package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a patient's health history (HH-1..HH-3): a problem, an allergy, an immunization, a
 * vital sign or a medication taken elsewhere, from the clinic's record or reported by the patient.
 * One row per (patient, category, source id), replaced only by a higher source version. Holds PHI:
 * {@link #toString()} prints ids only.
 *
 * <p>The generic fields per category: a problem's {@code name} is its description, {@code detail}
 * its clinical status; an allergy's {@code name} is the substance, {@code detail} the reaction,
 * {@code value} the severity; an immunization's {@code code} is CVX, {@code value}/{@code unit}
 * the dose; a vital's {@code name} is its kind, {@code value}/{@code unit} the measure.
 *
 * @param id            the portal's id (kept by every later version)
 * @param patientId     the patient
 * @param category      what it is
 * @param source        the clinic or the patient
 * @param sourceId      the record system's id, or the portal's for a patient's report
 * @param sourceVersion the record system's version (1 for a patient's report)
 * @param code          a code (ICD-10, SNOMED, CVX, RxNorm) or null
 * @param name          what it names (a problem, a substance, a vaccine, a vital's kind, a medication)
 * @param detail        status, reaction or instructions, or null
 * @param value         severity, dose or measured value, or null
 * @param unit          the value's unit, or null
 * @param effectiveAt   onset, date given or time taken: the list's date order
 * @param status        recorded, pending review, accepted, declined or entered in error
 * @param recordedAt    when this version was stored
 * @param reviewedAt    when a clinician accepted or declined it, or null
 * @param reviewedBy    the clinician, or null
 * @param reviewReason  the reason of a decline, or null
 */
public record HistoryEntry(HistoryEntryId id, PatientId patientId, HistoryCategory category, EntrySource source,
                           String sourceId, long sourceVersion, String code, String name, String detail, String value,
                           String unit, Instant effectiveAt, EntryStatus status, Instant recordedAt,
                           Instant reviewedAt, String reviewedBy, String reviewReason) {
    public HistoryEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(source, "source");
        Checks.notBlank(sourceId, "sourceId");
        Checks.notNegative(sourceVersion, "sourceVersion");
        Checks.notBlank(name, "name");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** This entry reviewed by a clinician. */
    public HistoryEntry reviewed(EntryStatus outcome, Instant at, String by, String reason) {
        return new HistoryEntry(id, patientId, category, source, sourceId, sourceVersion, code, name, detail, value,
                unit, effectiveAt, outcome, recordedAt, at, by, reason);
    }

    /** This entry with another id (an upsert keeps the stored row's id). */
    public HistoryEntry withId(HistoryEntryId newId) {
        return new HistoryEntry(newId, patientId, category, source, sourceId, sourceVersion, code, name, detail, value,
                unit, effectiveAt, status, recordedAt, reviewedAt, reviewedBy, reviewReason);
    }

    @Override
    public String toString() {
        return "HistoryEntry[id=" + id + ", category=" + category + ", sourceVersion=" + sourceVersion + ", status="
                + status + "]";
    }
}
