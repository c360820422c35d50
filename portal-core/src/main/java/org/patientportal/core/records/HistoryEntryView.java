package org.patientportal.core.records;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.EntrySource;
import org.patientportal.model.EntryStatus;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.HistoryEntryId;

/**
 * One entry of the health history, with its source (HH-1, HH-2).
 *
 * @param id           the entry's id
 * @param category     what it is
 * @param source       the clinic, or the patient (pending review until a clinician decides)
 * @param code         its code where known
 * @param name         what it names
 * @param detail       status, reaction or instructions
 * @param value        severity, dose or measured value
 * @param unit         the value's unit
 * @param effectiveAt  onset, date given or time taken
 * @param status       recorded, pending review, accepted or declined
 * @param reviewReason the reason of a decline
 */
public record HistoryEntryView(HistoryEntryId id, HistoryCategory category, EntrySource source, @Nullable String code,
                               String name, @Nullable String detail, @Nullable String value, @Nullable String unit,
                               Instant effectiveAt, EntryStatus status, @Nullable String reviewReason) {
    @Override
    public String toString() {
        return "HistoryEntryView[id=" + id + ", category=" + category + ", status=" + status + "]";
    }
}
