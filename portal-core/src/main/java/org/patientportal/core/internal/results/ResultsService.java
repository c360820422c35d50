package org.patientportal.core.internal.results;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Access;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.AccessPolicy.Via;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.Time;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.results.CommentOnResult;
import org.patientportal.core.results.ComponentView;
import org.patientportal.core.results.HoldResult;
import org.patientportal.core.results.ImportOutcome;
import org.patientportal.core.results.ImportResult;
import org.patientportal.core.results.Imported;
import org.patientportal.core.results.ReleaseDelay;
import org.patientportal.core.results.ReleaseResult;
import org.patientportal.core.results.ResultDetail;
import org.patientportal.core.results.ResultSummary;
import org.patientportal.core.results.Results;
import org.patientportal.core.results.ResultsPolicy;
import org.patientportal.core.results.SetReleaseDelay;
import org.patientportal.core.results.TrendPoint;
import org.patientportal.core.results.VersionInfo;
import org.patientportal.model.AbnormalFlag;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.PatientId;
import org.patientportal.model.ResultComponent;
import org.patientportal.model.ResultId;
import org.patientportal.model.ResultReleaseDelay;
import org.patientportal.model.ResultStatus;
import org.patientportal.model.ResultTrendPoint;
import org.patientportal.model.ResultVersion;
import org.patientportal.model.StartCursor;
import org.patientportal.model.TestResult;
import org.patientportal.model.TrendCursor;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * The {@link Results} use cases. Built by the portal builder; not API.
 *
 * <p>Every operation runs through the access policy ({@code AccessPolicy.run}): staff role,
 * validation of every argument (all violations at once, before any storage access), then one
 * transaction with the decision, the use case's writes, its outbox entries and its SUCCESS audit
 * event. A failure is audited once in its own transaction and the use case's transaction is rolled
 * back, so a refused call changes nothing.
 *
 * <p>Notifications (RS-4, RS-6): the release notification of a result has the correlation key
 * {@code "result:<id>"} and waits in the outbox until the release instant ({@code deliverAfter});
 * a hold withdraws it ({@code cancelPending}) while it is still pending, and the result remembers
 * whether one is owed ({@code releaseNotified}), so lifting the hold writes exactly one again. The
 * update notice of a correction has the key {@code "result-update:<id>"}.
 */
public final class ResultsService implements Results {
    /** Prefix of the correlation key of a result's release notification. */
    public static final String RELEASE_KEY_PREFIX = "result:";
    /** Prefix of the correlation key of a result's update notification. */
    public static final String UPDATE_KEY_PREFIX = "result-update:";

    private static final int MAX_DIGITS = 30;
    private static final int MAX_DECIMALS = 12;
    private static final int CODE_LENGTH = 64;
    /** The cursors of {@link #list}: after (resulted at, id). */
    private static final String CURSOR_LIST = "results";
    /** The cursors of {@link #trend}: after (collected at, result id, position), with the last point's unit. */
    private static final String CURSOR_TREND = "results.trend";

    private static final Operation IMPORT = Operation.of(Results.class, "importResult", Actor.class,
            PatientId.class, ImportResult.class);
    private static final Operation LIST = Operation.of(Results.class, "list", Actor.class, PatientId.class,
            PageRequest.class);
    private static final Operation DETAIL = Operation.of(Results.class, "detail", Actor.class, PatientId.class,
            ResultId.class);
    private static final Operation VERSION = Operation.of(Results.class, "version", Actor.class, PatientId.class,
            ResultId.class, long.class);
    private static final Operation MARK_READ = Operation.of(Results.class, "markRead", Actor.class,
            PatientId.class, ResultId.class);
    private static final Operation TREND = Operation.of(Results.class, "trend", Actor.class, PatientId.class,
            String.class, PageRequest.class);
    private static final Operation HOLD = Operation.of(Results.class, "hold", Actor.class, PatientId.class,
            ResultId.class, HoldResult.class);
    private static final Operation RELEASE = Operation.of(Results.class, "release", Actor.class, PatientId.class,
            ResultId.class, ReleaseResult.class);
    private static final Operation SET_DELAY = Operation.of(Results.class, "setReleaseDelay", Actor.class,
            PatientId.class, SetReleaseDelay.class);
    private static final Operation READ_DELAY = Operation.of(Results.class, "releaseDelay", Actor.class,
            PatientId.class);
    private static final Operation COMMENT = Operation.of(Results.class, "comment", Actor.class, PatientId.class,
            ResultId.class, CommentOnResult.class);

    private final PortalContext context;
    private final ResultsPolicy policy;

    /**
     * Creates the service.
     *
     * @param context the portal's shared plumbing
     * @param policy  category delays and unitless codes
     */
    public ResultsService(PortalContext context, ResultsPolicy policy) {
        this.context = Objects.requireNonNull(context, "context");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    // ------------------------------------------------------------------ import (RS-1, RS-3, RS-8)

    @Override
    public Imported importResult(Actor staff, PatientId patient, ImportResult command) {
        return context.access().run(staff, patient, IMPORT, () -> importViolations(command), (tx, access) -> {
            requirePatient(tx, patient);
            Instant now = Time.now(context.clock());
            Optional<TestResult> existing = tx.testResults().findBySource(patient, command.sourceId());
            if (existing.isEmpty()) {
                ResultId id = ResultId.newId();
                ResultVersion first = version(id, command, now);
                boolean shown = first.status() != ResultStatus.ENTERED_IN_ERROR;
                Instant releaseAt = releaseAt(tx, patient, command.orderCode().strip(), now);
                TestResult created = TestResult.imported(patient, command.sourceId(), first, releaseAt, shown);
                if (tx.testResults().insertIfAbsent(created)) {
                    if (shown) {
                        enqueue(tx, NotificationKinds.RESULT_RELEASED, patient, RELEASE_KEY_PREFIX + id, now,
                                releaseAt);
                    }
                    context.audit().record(tx, access.success(id.toString()));
                    return new Imported(id, ImportOutcome.CREATED);
                }
                // a concurrent first import of this source id won: this one is a later or earlier version of it
                existing = tx.testResults().findBySource(patient, command.sourceId());
            }
            TestResult stored = existing.orElseThrow(() -> new NotFoundException("test result"));
            long storedVersion = stored.current().sourceVersion();
            if (command.sourceVersion() <= storedVersion) {
                context.audit().record(tx, access.success(stored.id().toString()));
                return new Imported(stored.id(), command.sourceVersion() == storedVersion ? ImportOutcome.UNCHANGED
                        : ImportOutcome.OLDER_IGNORED);
            }
            return correct(tx, access, stored, version(stored.id(), command, now), now);
        });
    }

    /** A newer version: one conditional write; then the notices it owes. */
    private Imported correct(StorageTransaction tx, Access access, TestResult stored, ResultVersion next,
                             Instant now) {
        boolean inError = next.status() == ResultStatus.ENTERED_IN_ERROR;
        boolean wasShown = stored.visibleAt(now);
        boolean seen = stored.readAt() != null;
        boolean notified = stored.releaseNotified() && !inError;
        boolean release = false;
        if (!inError && !stored.releaseNotified() && !stored.held()) {
            release = true; // back from entered in error: released again, notified once
            notified = true;
        }
        Optional<TestResult> advanced = tx.testResults().advance(stored.withCurrent(next, null, notified));
        if (advanced.isEmpty()) {
            context.audit().record(tx, access.success(stored.id().toString()));
            return new Imported(stored.id(), ImportOutcome.OLDER_IGNORED); // a newer version won meanwhile
        }
        PatientId patient = stored.patientId();
        if (inError) {
            tx.outbox().cancelPending(RELEASE_KEY_PREFIX + stored.id(), now);
            tx.outbox().cancelPending(UPDATE_KEY_PREFIX + stored.id(), now);
        } else if (release) {
            enqueue(tx, NotificationKinds.RESULT_RELEASED, patient, RELEASE_KEY_PREFIX + stored.id(), now,
                    later(now, stored.releaseAt()));
        } else if (seen && wasShown) {
            enqueue(tx, NotificationKinds.RESULT_UPDATED, patient, UPDATE_KEY_PREFIX + stored.id(), now, now);
        }
        context.audit().record(tx, access.success(stored.id().toString()));
        return new Imported(stored.id(), ImportOutcome.UPDATED);
    }

    // ------------------------------------------------------------------ reads (RS-3, RS-5, RS-7)

    @Override
    public Page<ResultSummary> list(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, LIST, () -> pageViolations(page, CURSOR_LIST, 2), (tx, access) -> {
            requirePatient(tx, patient);
            StartCursor after = PageCursors.startOf(CURSOR_LIST, page);
            Instant now = Time.now(context.clock());
            boolean staff = access.via() == Via.STAFF;
            List<TestResult> found = staff ? tx.testResults().all(patient, after, page.size() + 1)
                    : tx.testResults().visible(patient, now, after, page.size() + 1);
            List<ResultSummary> items = new ArrayList<>();
            for (TestResult r : found.subList(0, Math.min(found.size(), page.size()))) {
                items.add(summary(r, now, staff));
            }
            String next = null;
            if (found.size() > page.size()) {
                TestResult last = found.get(page.size() - 1);
                next = PageCursors.afterStart(CURSOR_LIST, last.current().resultedAt(), last.id().value());
            }
            context.audit().record(tx, access.success(patient.toString()));
            return new Page<>(items, next);
        });
    }

    @Override
    public ResultDetail detail(Actor actor, PatientId patient, ResultId result) {
        return context.access().run(actor, patient, DETAIL, () -> required(result, "result"), (tx, access) -> {
            Instant now = Time.now(context.clock());
            TestResult found = readable(tx, access, patient, result, now);
            ResultDetail view = detail(tx, found, found.current(), now, access.via() == Via.STAFF);
            context.audit().record(tx, access.success(result.toString()));
            return view;
        });
    }

    @Override
    public ResultDetail version(Actor actor, PatientId patient, ResultId result, long sourceVersion) {
        return context.access().run(actor, patient, VERSION, () -> required(result, "result"), (tx, access) -> {
            Instant now = Time.now(context.clock());
            TestResult found = readable(tx, access, patient, result, now);
            ResultVersion shown = tx.testResults().versions(result).stream()
                    .filter(v -> v.sourceVersion() == sourceVersion).findFirst()
                    .orElseThrow(() -> new NotFoundException("test result version"));
            ResultDetail view = detail(tx, found, shown, now, access.via() == Via.STAFF);
            context.audit().record(tx, access.success(result.toString()));
            return view;
        });
    }

    @Override
    public void markRead(Actor actor, PatientId patient, ResultId result) {
        context.access().run(actor, patient, MARK_READ, () -> required(result, "result"), (tx, access) -> {
            Instant now = Time.now(context.clock());
            TestResult found = readable(tx, access, patient, result, now);
            if (found.readAt() == null) {
                tx.testResults().update(found.withReadAt(now));
            }
            context.audit().record(tx, access.success(result.toString()));
            return null;
        });
    }

    @Override
    public Page<TrendPoint> trend(Actor actor, PatientId patient, String code, PageRequest page) {
        return context.access().run(actor, patient, TREND, () -> {
            List<Violation> all = new ArrayList<>(pageViolations(page, CURSOR_TREND, 4));
            if (code == null || code.isBlank() || code.length() > CODE_LENGTH) {
                all.add(new Violation("code", "must be 1 to " + CODE_LENGTH + " characters, not blank"));
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            List<String> position = PageCursors.fieldsOf(CURSOR_TREND, page, 4);
            TrendCursor after = position == null ? null : new TrendCursor(PageCursors.instantOf(position.get(0)),
                    new ResultId(PageCursors.uuidOf(position.get(1))),
                    (int) PageCursors.numberOf(position.get(2), Integer.MAX_VALUE));
            Instant now = Time.now(context.clock());
            List<ResultTrendPoint> found = tx.testResults().trend(patient, code, now, after, page.size() + 1);
            List<TrendPoint> items = new ArrayList<>();
            boolean first = after == null;
            String previousUnit = position == null ? null : PageCursors.textOf(position.get(3));
            List<ResultTrendPoint> shown = found.subList(0, Math.min(found.size(), page.size()));
            for (ResultTrendPoint p : shown) {
                ResultComponent c = p.component();
                boolean changed = !first && !Objects.equals(previousUnit, c.unit());
                items.add(new TrendPoint(p.resultId(), p.collectedAt(), c.numericValue(), c.unit(), c.flag(),
                        c.rangeLow(), c.rangeHigh(), changed));
                previousUnit = c.unit();
                first = false;
            }
            String next = null;
            if (found.size() > page.size()) {
                ResultTrendPoint last = shown.get(shown.size() - 1);
                TrendCursor at = last.cursor();
                next = PageCursors.encode(CURSOR_TREND, PageCursors.instantField(at.collectedAt()),
                        at.resultId().value().toString(), Integer.toString(at.position()),
                        PageCursors.textField(last.component().unit()));
            }
            context.audit().record(tx, access.success(patient.toString()));
            return new Page<>(items, next);
        });
    }

    // ------------------------------------------------------------------ clinicians (RS-2, RS-6, RS-7)

    @Override
    public ResultDetail hold(Actor clinician, PatientId patient, ResultId result, HoldResult command) {
        return context.access().run(clinician, patient, HOLD, () -> {
            List<Violation> all = new ArrayList<>(required(result, "result"));
            all.addAll(context.validation().violations(command));
            return all;
        }, (tx, access) -> {
            Instant now = Time.now(context.clock());
            TestResult found = resultOf(tx, patient, result);
            if (found.current().status() == ResultStatus.ENTERED_IN_ERROR) {
                throw new RuleViolationException("entered_in_error", "the result was entered in error");
            }
            int withdrawn = tx.outbox().cancelPending(RELEASE_KEY_PREFIX + result, now);
            tx.outbox().cancelPending(UPDATE_KEY_PREFIX + result, now); // no "updated" notice for a hidden result
            boolean owed = found.releaseNotified() && withdrawn == 0;
            TestResult held = tx.testResults().update(found.withRelease(found.releaseAt(), command.reason().strip(),
                    by(access), now, owed));
            context.audit().record(tx, access.success(result.toString()));
            return detail(tx, held, held.current(), now, true);
        });
    }

    @Override
    public ResultDetail release(Actor clinician, PatientId patient, ResultId result, ReleaseResult command) {
        return context.access().run(clinician, patient, RELEASE, () -> {
            List<Violation> all = new ArrayList<>(required(result, "result"));
            all.addAll(context.validation().violations(command));
            return all;
        }, (tx, access) -> {
            Instant now = Time.now(context.clock());
            TestResult found = resultOf(tx, patient, result);
            // the patient's own delay keeps it back past what the category delay alone would (RS-2)
            Instant categoryEnd = later(now, found.importedAt().plus(policy.delayFor(found.current().orderCode())));
            boolean patientDelayed = found.releaseAt().isAfter(categoryEnd);
            if (!found.held() && !patientDelayed) {
                throw new RuleViolationException("not_held", "the result is not held");
            }
            Instant releaseAt = patientDelayed ? categoryEnd : found.releaseAt();
            boolean inError = found.current().status() == ResultStatus.ENTERED_IN_ERROR;
            TestResult next = found.withRelease(releaseAt, null, null, null, true);
            if (command.comment() != null && !command.comment().isBlank()) {
                next = next.withComment(command.comment().strip(), by(access), now);
            }
            TestResult released = tx.testResults().update(next);
            if (patientDelayed) {
                // the notification waiting for the end of the patient's delay is replaced by one at the new instant
                tx.outbox().cancelPending(RELEASE_KEY_PREFIX + result, now);
            }
            if ((patientDelayed || !found.releaseNotified()) && !inError) {
                enqueue(tx, NotificationKinds.RESULT_RELEASED, patient, RELEASE_KEY_PREFIX + result, now,
                        later(now, releaseAt));
            }
            context.audit().record(tx, access.success(result.toString()));
            return detail(tx, released, released.current(), now, true);
        });
    }

    @Override
    public ResultDetail comment(Actor clinician, PatientId patient, ResultId result, CommentOnResult command) {
        return context.access().run(clinician, patient, COMMENT, () -> {
            List<Violation> all = new ArrayList<>(required(result, "result"));
            all.addAll(context.validation().violations(command));
            return all;
        }, (tx, access) -> {
            Instant now = Time.now(context.clock());
            TestResult found = resultOf(tx, patient, result);
            TestResult commented = tx.testResults().update(found.withComment(command.comment().strip(), by(access),
                    now));
            context.audit().record(tx, access.success(result.toString()));
            return detail(tx, commented, commented.current(), now, true);
        });
    }

    // ------------------------------------------------------------------ the patient's delay (RS-2)

    @Override
    public ReleaseDelay setReleaseDelay(Actor actor, PatientId patient, SetReleaseDelay command) {
        return context.access().run(actor, patient, SET_DELAY, () -> {
            List<Violation> all = new ArrayList<>(context.validation().violations(command));
            if (command != null && command.days() > policy.maxPatientDelayDays()) {
                all.add(new Violation("days", "must be at most " + policy.maxPatientDelayDays()));
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            Instant now = Time.now(context.clock());
            ResultReleaseDelay delay = new ResultReleaseDelay(patient, command.days(), now, by(access));
            tx.testResults().putReleaseDelay(delay);
            context.audit().record(tx, access.success(patient.toString()));
            return view(delay);
        });
    }

    @Override
    public ReleaseDelay releaseDelay(Actor actor, PatientId patient) {
        return context.access().run(actor, patient, READ_DELAY, List::of, (tx, access) -> {
            requirePatient(tx, patient);
            ReleaseDelay view = tx.testResults().releaseDelay(patient).map(this::view)
                    .orElseGet(() -> new ReleaseDelay(0, policy.maxPatientDelayDays(), null));
            context.audit().record(tx, access.success(patient.toString()));
            return view;
        });
    }

    private ReleaseDelay view(ResultReleaseDelay delay) {
        return new ReleaseDelay(delay.days(), policy.maxPatientDelayDays(), delay.updatedAt());
    }

    /**
     * The release instant of a new result: the end of its category delay, and for a sensitive one
     * not before the end of the patient's own delay (RS-2).
     */
    private Instant releaseAt(StorageTransaction tx, PatientId patient, String orderCode, Instant now) {
        Instant at = now.plus(policy.delayFor(orderCode));
        if (policy.sensitive(orderCode)) {
            int days = tx.testResults().releaseDelay(patient).map(ResultReleaseDelay::days).orElse(0);
            at = later(at, now.plus(Duration.ofDays(days)));
        }
        return at;
    }

    // ------------------------------------------------------------------ views

    private static ResultSummary summary(TestResult r, Instant now, boolean staff) {
        ResultVersion v = r.current();
        boolean abnormal = v.components().stream().anyMatch(c -> c.flag() != null && c.flag() != AbnormalFlag.NORMAL);
        return new ResultSummary(r.id(), v.kind(), v.orderCode(), v.orderName(), v.collectedAt(), v.resultedAt(),
                v.status(), r.versionCount() > 1, r.readAt() == null, abnormal, r.visibleAt(now), r.releaseAt(),
                staff ? r.holdReason() : null);
    }

    private static ResultDetail detail(StorageTransaction tx, TestResult r, ResultVersion shown, Instant now,
                                       boolean staff) {
        List<VersionInfo> earlier = new ArrayList<>();
        if (r.versionCount() > 1) {
            for (ResultVersion v : tx.testResults().versions(r.id())) {
                if (v.sourceVersion() < r.current().sourceVersion()) {
                    earlier.add(new VersionInfo(v.sourceVersion(), v.status(), v.resultedAt(), v.receivedAt()));
                }
            }
        }
        List<ComponentView> components = new ArrayList<>();
        for (ResultComponent c : shown.components()) {
            components.add(new ComponentView(c.code(), c.name(), c.numericValue(), c.unit(), c.textValue(),
                    c.codedValue(), c.rangeLow(), c.rangeHigh(), c.rangeText(), c.flag()));
        }
        return new ResultDetail(r.id(), shown.sourceVersion(), shown.sourceVersion() == r.current().sourceVersion(),
                shown.kind(), shown.orderCode(), shown.orderName(), shown.orderingProvider(), shown.collectedAt(),
                shown.resultedAt(), shown.status(), shown.reportText(), components, r.comment(),
                r.versionCount() > 1, earlier, r.readAt() == null, r.visibleAt(now), r.releaseAt(),
                staff ? r.holdReason() : null, staff ? r.heldBy() : null, staff ? r.heldAt() : null);
    }

    // ------------------------------------------------------------------ helpers

    /** The result if this caller may read it now: any result of the patient for staff, a visible one otherwise. */
    private static TestResult readable(StorageTransaction tx, Access access, PatientId patient, ResultId id,
                                       Instant now) {
        TestResult found = resultOf(tx, patient, id);
        if (access.via() != Via.STAFF && !found.visibleAt(now)) {
            throw new NotFoundException("test result");
        }
        return found;
    }

    private static TestResult resultOf(StorageTransaction tx, PatientId patient, ResultId id) {
        requirePatient(tx, patient);
        return tx.testResults().find(id).filter(r -> r.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("test result"));
    }

    private static void requirePatient(StorageTransaction tx, PatientId patient) {
        if (tx.patients().find(patient).isEmpty()) {
            throw new NotFoundException("patient");
        }
    }

    private static ResultVersion version(ResultId id, ImportResult command, Instant now) {
        List<ResultComponent> components = new ArrayList<>();
        for (ImportResult.Component c : command.components()) {
            components.add(new ResultComponent(c.code().strip(), c.name().strip(), c.numericValue(), blankToNull(c.unit()),
                    c.textValue(), c.codedValue(), c.rangeLow(), c.rangeHigh(), blankToNull(c.rangeText()), c.flag()));
        }
        return new ResultVersion(id, command.sourceVersion(), command.kind(), command.orderCode().strip(),
                command.orderName().strip(), command.orderingProvider().strip(), command.collectedAt().truncatedTo(ChronoUnit.MICROS),
                command.resultedAt().truncatedTo(ChronoUnit.MICROS), command.status(), command.reportText(), components, now);
    }

    private void enqueue(StorageTransaction tx, String kind, PatientId patient, String correlationKey, Instant now,
                         Instant deliverAfter) {
        AccountId account = tx.accounts().findByPatient(patient).map(Account::id).orElse(null);
        tx.outbox().enqueue(OutboxEntry.pending(kind, patient, account, OutboxPayloads.NONE, correlationKey, now,
                deliverAfter));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String by(Access access) {
        Actor actor = access.actor();
        return actor.staffId().orElseGet(() -> actor.accountId().map(Object::toString).orElseThrow());
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static List<Violation> required(@Nullable Object value, String path) {
        return value == null ? List.of(new Violation(path, "must not be null")) : List.of();
    }

    /** IN-2: the page's size, and its cursor, which must be one of {@code list} with {@code fields} fields. */
    private List<Violation> pageViolations(@Nullable PageRequest page, String list, int fields) {
        return PageCursors.violations(context.validation(), page, list, fields, PageRequest.MAX_SIZE);
    }

    /** IN-2: the constraints of the command and the rules across its fields, all at once, no value quoted. */
    private List<Violation> importViolations(@Nullable ImportResult command) {
        List<Violation> all = new ArrayList<>(context.validation().violations(command));
        if (command == null) {
            return all;
        }
        if (command.collectedAt() != null && command.resultedAt() != null
                && command.resultedAt().isBefore(command.collectedAt())) {
            all.add(new Violation("resultedAt", "must not be before collectedAt"));
        }
        List<ImportResult.Component> components = command.components();
        if (components == null) {
            return all;
        }
        for (int i = 0; i < components.size(); i++) {
            ImportResult.Component c = components.get(i);
            String path = "components[" + i + "]";
            if (c == null) {
                continue;
            }
            int values = (c.numericValue() == null ? 0 : 1) + (c.textValue() == null ? 0 : 1)
                    + (c.codedValue() == null ? 0 : 1);
            if (values != 1) {
                all.add(new Violation(path, "must have exactly one of numericValue, textValue and codedValue"));
            }
            if (c.textValue() != null && c.textValue().isBlank()) {
                all.add(new Violation(path + ".textValue", "must not be blank"));
            }
            if (c.codedValue() != null && c.codedValue().isBlank()) {
                all.add(new Violation(path + ".codedValue", "must not be blank"));
            }
            decimal(c.numericValue(), path + ".numericValue", all);
            decimal(c.rangeLow(), path + ".rangeLow", all);
            decimal(c.rangeHigh(), path + ".rangeHigh", all);
            if (c.numericValue() != null && (c.unit() == null || c.unit().isBlank())
                    && (c.code() == null || !policy.unitless(c.code().strip()))) {
                all.add(new Violation(path + ".unit", "must be given with a numeric value of this code"));
            }
            if (c.rangeLow() != null && c.rangeHigh() != null && c.rangeLow().compareTo(c.rangeHigh()) > 0) {
                all.add(new Violation(path + ".rangeLow", "must not be above rangeHigh"));
            }
        }
        return all;
    }

    private static void decimal(@Nullable BigDecimal value, String path, List<Violation> out) {
        if (value != null && (value.scale() < 0 || value.scale() > MAX_DECIMALS || value.precision() > MAX_DIGITS)) {
            out.add(new Violation(path, "must have 0 to " + MAX_DECIMALS + " decimals and at most " + MAX_DIGITS
                    + " digits"));
        }
    }
}
