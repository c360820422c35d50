package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitSummary;
import org.patientportal.spi.storage.VisitSummaries;

/** One transaction's {@link VisitSummaries}: one row per visit, keyed by the appointment's id. */
final class InMemoryVisitSummaries implements VisitSummaries {
    /** Committed summaries by appointment. */
    static final class Data {
        final Table<AppointmentId, VisitSummary> table =
                new Table<>("visit_summary", VisitSummary::appointmentId, (AppointmentId l, AppointmentId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
    }

    private final TableTx<AppointmentId, VisitSummary> rows;

    InMemoryVisitSummaries(Data data, Transaction tx) {
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public Optional<VisitSummary> find(AppointmentId appointment) {
        Objects.requireNonNull(appointment, "appointment");
        return rows.find(appointment);
    }

    @Override
    public VisitSummary save(VisitSummary summary) {
        Objects.requireNonNull(summary, "summary");
        if (summary.version() == 0) {
            VisitSummary stored = withVersion(summary, 1);
            rows.insert(stored); // locks the visit's row: concurrent first saves wait, then find it taken
            return stored;
        }
        VisitSummary current = rows.lockAtVersion(summary.appointmentId(), summary.version(), VisitSummary::version, "visit summary");
        VisitSummary stored = withVersion(summary, current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    private static VisitSummary withVersion(VisitSummary s, long version) {
        return new VisitSummary(s.appointmentId(), s.patientId(), s.summary(), s.diagnoses(), s.recordedAt(),
                s.recordedBy(), version);
    }
}
