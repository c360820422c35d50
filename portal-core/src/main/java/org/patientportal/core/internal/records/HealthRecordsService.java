package org.patientportal.core.internal.records;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.internal.AccessPolicy.Access;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.Time;
import org.patientportal.core.records.HealthRecords;
import org.patientportal.core.records.HistoryEntryView;
import org.patientportal.core.records.HistoryImported;
import org.patientportal.core.records.HistoryRecord;
import org.patientportal.core.records.ImportHistory;
import org.patientportal.core.records.ReportEntry;
import org.patientportal.core.records.VisitSummaryView;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.EntrySource;
import org.patientportal.model.EntryStatus;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.HistoryEntry;
import org.patientportal.model.HistoryEntryId;
import org.patientportal.model.PatientId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.VisitSummary;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * The {@link HealthRecords} use cases. Built by the portal builder; not API. Each call runs through
 * the access policy as the scheduling and medications services do: validation first (IN-2), then
 * one transaction with the decision, the writes and the audit events.
 */
public final class HealthRecordsService implements HealthRecords {
    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Set<HistoryCategory> REPORTABLE = EnumSet.of(HistoryCategory.ALLERGY,
            HistoryCategory.MEDICATION, HistoryCategory.PROBLEM);
    private static final int SCAN_PAGE = 100;
    private static final int MAX_SCANNED = 5_000;
    /** The history lists, one per category: this prefix, a dot and the category in lower case. */
    private static final String LIST_HISTORY = "records.history";
    private static final String LIST_VISITS = "records.visit-summaries";

    private static final Operation IMPORT = Operation.of(HealthRecords.class, "importHistory", Actor.class,
            PatientId.class, ImportHistory.class);
    private static final Operation HISTORY = Operation.of(HealthRecords.class, "history", Actor.class,
            PatientId.class, HistoryCategory.class, PageRequest.class);
    private static final Operation VISITS = Operation.of(HealthRecords.class, "visitSummaries", Actor.class,
            PatientId.class, PageRequest.class);
    private static final Operation REPORT = Operation.of(HealthRecords.class, "report", Actor.class,
            PatientId.class, ReportEntry.class);
    private static final Operation ACCEPT = Operation.of(HealthRecords.class, "accept", Actor.class,
            PatientId.class, HistoryEntryId.class);
    private static final Operation DECLINE = Operation.of(HealthRecords.class, "decline", Actor.class,
            PatientId.class, HistoryEntryId.class, String.class);

    private final PortalContext context;

    /**
     * Creates the service.
     *
     * @param context the portal's shared plumbing
     */
    public HealthRecordsService(PortalContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public HistoryImported importHistory(Actor staff, PatientId patient, ImportHistory command) {
        return context.access().run(staff, patient, IMPORT, () -> importViolations(command), (tx, access) -> {
            requirePatient(tx, patient);
            Instant now = Time.now(context.clock());
            List<HistoryEntry> rows = new ArrayList<>();
            for (HistoryRecord r : command.entries()) {
                rows.add(new HistoryEntry(HistoryEntryId.newId(), patient, r.category(), EntrySource.CLINIC,
                        r.sourceId(), r.sourceVersion(), r.code(), r.name().strip(), strip(r.detail()), strip(r.value()),
                        strip(r.unit()), r.effectiveAt(), r.enteredInError() ? EntryStatus.ENTERED_IN_ERROR
                        : EntryStatus.RECORDED, now, null, null, null));
            }
            List<Boolean> changed = tx.healthHistory().upsertAll(rows);
            int count = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (changed.get(i)) {
                    count++;
                    HistoryEntry row = rows.get(i);
                    context.audit().record(tx, access.success("source:" + row.category().name().toLowerCase()
                            + ":" + row.sourceId()));
                }
            }
            return new HistoryImported(rows.size(), count);
        });
    }

    private List<Violation> importViolations(ImportHistory command) {
        List<Violation> all = new ArrayList<>(context.validation().violations(command));
        if (command != null && command.entries() != null) {
            for (int i = 0; i < command.entries().size(); i++) {
                HistoryRecord r = command.entries().get(i);
                if (r == null || r.category() == null) {
                    continue;
                }
                String path = "entries[" + i + "].";
                if (r.category() == HistoryCategory.MEDICATION) {
                    all.add(new Violation(path + "category", "medications are imported as prescriptions"));
                }
                if (r.category() == HistoryCategory.VITAL) {
                    if (r.value() == null || r.value().isBlank()) {
                        all.add(new Violation(path + "value", "a vital needs a value"));
                    }
                    if (r.unit() == null || r.unit().isBlank()) {
                        all.add(new Violation(path + "unit", "a vital needs a unit"));
                    }
                }
            }
        }
        return all;
    }

    private static String historyList(HistoryCategory category) {
        return LIST_HISTORY + "." + category.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Page<HistoryEntryView> history(Actor actor, PatientId patient, HistoryCategory category, PageRequest page) {
        return context.access().run(actor, patient, HISTORY, () -> {
            // without a category no cursor can be one this list returned
            List<Violation> all = new ArrayList<>(PageCursors.violations(context.validation(), page,
                    category == null ? LIST_HISTORY : historyList(category), 2, PageRequest.MAX_SIZE));
            if (category == null) {
                all.add(new Violation("category", "must not be null"));
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            String list = historyList(category);
            StartCursor after = PageCursors.startOf(list, page);
            List<HistoryEntry> found = tx.healthHistory().page(patient, category, after, page.size() + 1);
            List<HistoryEntryView> items = new ArrayList<>();
            for (HistoryEntry e : found.subList(0, Math.min(page.size(), found.size()))) {
                items.add(view(e));
            }
            String next = null;
            if (found.size() > page.size()) {
                HistoryEntry last = found.get(page.size() - 1);
                next = PageCursors.afterStart(list, last.effectiveAt(), last.id().value());
            }
            context.audit().record(tx, access.success(patient.toString()));
            return new Page<>(items, next);
        });
    }

    @Override
    public Page<VisitSummaryView> visitSummaries(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, VISITS, () -> PageCursors.violations(context.validation(), page,
                LIST_VISITS, 2, PageRequest.MAX_SIZE), (tx, access) -> {
                    requirePatient(tx, patient);
                    StartCursor after = PageCursors.startOf(LIST_VISITS, page);
                    Instant now = Time.now(context.clock());
                    List<VisitSummaryView> items = new ArrayList<>();
                    String next = null;
                    int scanned = 0;
                    // past() pages every past appointment newest first; those without a summary are skipped
                    while (next == null && scanned < MAX_SCANNED) {
                        List<Appointment> found = tx.appointments().past(patient, now, after, SCAN_PAGE);
                        scanned += found.size();
                        for (Appointment a : found) {
                            after = new StartCursor(a.start(), a.id().value());
                            if (a.status() != AppointmentStatus.COMPLETED) {
                                continue;
                            }
                            Optional<VisitSummary> summary = tx.visitSummaries().find(a.id());
                            if (summary.isEmpty()) {
                                continue;
                            }
                            if (items.size() == page.size()) {
                                VisitSummaryView last = items.get(items.size() - 1);
                                next = PageCursors.afterStart(LIST_VISITS, last.start(), last.appointmentId().value());
                                break;
                            }
                            items.add(new VisitSummaryView(a.id(), a.start(), summary.get().summary(),
                                    summary.get().diagnoses()));
                        }
                        if (found.size() < SCAN_PAGE) {
                            break;
                        }
                    }
                    if (next == null && scanned >= MAX_SCANNED && after != null) {
                        next = PageCursors.afterStart(LIST_VISITS, after.start(), after.id());
                    }
                    context.audit().record(tx, access.success(patient.toString()));
                    return new Page<>(items, next);
                });
    }

    @Override
    public HistoryEntryView report(Actor actor, PatientId patient, ReportEntry command) {
        return context.access().run(actor, patient, REPORT, () -> {
            List<Violation> all = new ArrayList<>(context.validation().violations(command));
            if (command != null && command.category() != null && !REPORTABLE.contains(command.category())) {
                all.add(new Violation("category", "must be ALLERGY, MEDICATION or PROBLEM"));
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            Instant now = Time.now(context.clock());
            LocalDate since = command.since();
            Instant effective = since == null ? now : since.atStartOfDay(context.clock().getZone()).toInstant();
            HistoryEntryId id = HistoryEntryId.newId();
            HistoryEntry entry = new HistoryEntry(id, patient, command.category(), EntrySource.PATIENT,
                    "patient:" + id, 1, null, command.name().strip(), strip(command.detail()), null, null, effective,
                    EntryStatus.PENDING_REVIEW, now, null, null, null);
            tx.healthHistory().upsertAll(List.of(entry));
            context.audit().record(tx, access.success(id.toString()));
            return view(entry);
        });
    }

    @Override
    public HistoryEntryView accept(Actor clinician, PatientId patient, HistoryEntryId entry) {
        return context.access().run(clinician, patient, ACCEPT, () -> required(entry, "entry"),
                (tx, access) -> review(tx, access, patient, entry, EntryStatus.ACCEPTED, null));
    }

    @Override
    public HistoryEntryView decline(Actor clinician, PatientId patient, HistoryEntryId entry, String reasonCode) {
        return context.access().run(clinician, patient, DECLINE, () -> {
            List<Violation> all = new ArrayList<>(required(entry, "entry"));
            if (reasonCode == null || !REASON.matcher(reasonCode).matches()) {
                all.add(new Violation("reasonCode", "must be 1 to 64 lower-case letters, digits or underscores"));
            }
            return all;
        }, (tx, access) -> review(tx, access, patient, entry, EntryStatus.DECLINED, reasonCode));
    }

    private HistoryEntryView review(StorageTransaction tx, Access access, PatientId patient, HistoryEntryId entry,
                                    EntryStatus outcome, @Nullable String reason) {
        requirePatient(tx, patient);
        tx.healthHistory().find(entry).filter(e -> e.patientId().equals(patient)
                        && e.status() != EntryStatus.ENTERED_IN_ERROR)
                .orElseThrow(() -> new NotFoundException("history entry"));
        HistoryEntry reviewed = tx.healthHistory().review(entry, outcome, Time.now(context.clock()), by(access), reason)
                .orElseThrow(() -> new ConflictException("the entry is not pending review"));
        context.audit().record(tx, access.success(entry.toString()));
        return view(reviewed);
    }

    private static HistoryEntryView view(HistoryEntry e) {
        return new HistoryEntryView(e.id(), e.category(), e.source(), e.code(), e.name(), e.detail(), e.value(),
                e.unit(), e.effectiveAt(), e.status(), e.reviewReason());
    }

    private static @Nullable String strip(@Nullable String text) {
        return text == null ? null : text.strip();
    }

    private static void requirePatient(StorageTransaction tx, PatientId patient) {
        if (tx.patients().find(patient).isEmpty()) {
            throw new NotFoundException("patient");
        }
    }

    private static List<Violation> required(@Nullable Object value, String path) {
        return value == null ? List.of(new Violation(path, "must not be null")) : List.of();
    }

    private static String by(Access access) {
        Actor actor = access.actor();
        return actor.staffId().orElseGet(() -> actor.accountId().map(Object::toString).orElseThrow());
    }
}
