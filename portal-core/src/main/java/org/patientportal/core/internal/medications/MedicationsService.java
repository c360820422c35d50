package org.patientportal.core.internal.medications;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Access;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.AuditActors;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.StaffAccess;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.Validation;
import org.patientportal.core.medications.AddPharmacy;
import org.patientportal.core.medications.ImportPrescriptions;
import org.patientportal.core.medications.Imported;
import org.patientportal.core.medications.MedicationView;
import org.patientportal.core.medications.Medications;
import org.patientportal.core.medications.PharmacyView;
import org.patientportal.core.medications.PrescriptionRecord;
import org.patientportal.core.medications.RefillPolicy;
import org.patientportal.core.medications.RefillQueueItem;
import org.patientportal.core.medications.RefillRequestView;
import org.patientportal.core.medications.Refillability;
import org.patientportal.core.medications.RequestRefill;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.model.Account;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pharmacy;
import org.patientportal.model.PharmacyId;
import org.patientportal.model.Prescription;
import org.patientportal.model.PrescriptionId;
import org.patientportal.model.PrescriptionStatus;
import org.patientportal.model.RefillRequest;
import org.patientportal.model.RefillRequestId;
import org.patientportal.model.RefillStatus;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * The {@link Medications} use cases. Built by the portal builder; not API.
 *
 * <p>Operations that take a patient id run through the access policy ({@code AccessPolicy.run}):
 * staff role, validation (IN-2), then one transaction with the decision, the use case's writes, its
 * outbox entries, its idempotency record and its audit events. A failure is audited once in its own
 * transaction and the use case's transaction is rolled back, so a refused call changes nothing.
 */
public final class MedicationsService implements Medications {
    /** Audit data category of the pharmacy directory. */
    public static final String PHARMACY = "pharmacy";
    /** The RF-5 reason of a request closed because its prescription was discontinued. */
    public static final String DISCONTINUED = "discontinued";

    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");
    private static final String LIST_PHARMACIES = "medications.pharmacies";
    private static final String LIST_QUEUE = "medications.refill-queue";
    private static final String LIST_PREFERRED = "medications.preferred-pharmacies";
    private static final String LIST_REQUESTS = "medications.refill-requests";
    /** The medication list pages through the active prescriptions, then the inactive ones. */
    private static final String LIST_ACTIVE = "medications.active";
    private static final String LIST_INACTIVE = "medications.inactive";

    private static final Operation IMPORT = op("importPrescriptions", ImportPrescriptions.class);
    private static final Operation LIST = op("medications", PageRequest.class);
    private static final Operation ADD_PREFERRED = op("addPreferredPharmacy", PharmacyId.class);
    private static final Operation REMOVE_PREFERRED = op("removePreferredPharmacy", PharmacyId.class);
    private static final Operation PREFERRED = op("preferredPharmacies", PageRequest.class);
    private static final Operation REQUEST = op("requestRefill", RequestRefill.class);
    private static final Operation WITHDRAW = op("withdrawRefill", RefillRequestId.class);
    private static final Operation REQUESTS = op("refillRequests", PageRequest.class);
    private static final Operation APPROVE = op("approveRefill", RefillRequestId.class);
    private static final Operation DENY = Operation.of(Medications.class, "denyRefill", Actor.class, PatientId.class,
            RefillRequestId.class, String.class);

    private final PortalContext context;
    private final RefillPolicy policy;

    /**
     * Creates the service.
     *
     * @param context the portal's shared plumbing
     * @param policy  the refill settings
     */
    public MedicationsService(PortalContext context, RefillPolicy policy) {
        this.context = Objects.requireNonNull(context, "context");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    private static Operation op(String method, Class<?> argument) {
        return Operation.of(Medications.class, method, Actor.class, PatientId.class, argument);
    }

    // ------------------------------------------------------------------ the clinic's side

    @Override
    public PharmacyView addPharmacy(Actor staff, AddPharmacy command) {
        AuditActor[] actor = {AuditActors.of(staff)};
        try {
            Role role = StaffAccess.require(staff, "medications.addPharmacy", Role.FRONT_DESK, Role.ADMIN);
            actor[0] = AuditActors.of(staff, role);
            context.validation().validate(command);
            return context.transactions().run(tx -> {
                Pharmacy pharmacy = new Pharmacy(PharmacyId.newId(), command.name().strip(),
                        command.address().strip(), command.phone().strip(), command.ncpdpId());
                tx.pharmacies().insert(pharmacy);
                context.audit().record(tx, Audited.success(null, actor[0], AuditAction.CREATE, PHARMACY,
                        pharmacy.id().toString()));
                return view(pharmacy);
            }, e -> new ConflictException("the NCPDP id is in the directory already", e));
        } catch (RuntimeException e) {
            context.audit().recordFailure(context.transactions(),
                    Audited.failure(null, actor[0], AuditAction.CREATE, PHARMACY, null, e), e);
            throw e;
        }
    }

    @Override
    public Page<PharmacyView> pharmacies(Actor actor, PageRequest page) {
        if (actor == null) {
            throw new AccessDeniedException();
        }
        Validation.require(PageCursors.violations(context.validation(), page, LIST_PHARMACIES, 1,
                PageRequest.MAX_SIZE));
        UUID after = PageCursors.idOf(LIST_PHARMACIES, page);
        return context.transactions().run(tx -> {
            List<Pharmacy> found = tx.pharmacies().list(after == null ? null : new PharmacyId(after), page.size() + 1);
            return pageOf(found, page.size(), MedicationsService::view, p -> PageCursors.afterId(LIST_PHARMACIES,
                    p.id().value()));
        });
    }

    @Override
    public Page<RefillQueueItem> refillQueue(Actor clinician, PageRequest page) {
        AuditActor[] actor = {AuditActors.of(clinician)};
        try {
            Role role = StaffAccess.require(clinician, "medications.refillQueue", Role.CLINICIAN);
            actor[0] = AuditActors.of(clinician, role);
            Validation.require(PageCursors.violations(context.validation(), page, LIST_QUEUE, 1,
                    PageRequest.MAX_SIZE));
            UUID after = PageCursors.idOf(LIST_QUEUE, page);
            return context.transactions().run(tx -> {
                List<RefillRequest> found = tx.refillRequests().open(after == null ? null : new RefillRequestId(after),
                        page.size() + 1);
                Page<RefillQueueItem> result = pageOf(found, page.size(), r -> queueItem(tx, r),
                        r -> PageCursors.afterId(LIST_QUEUE, r.id().value()));
                // one READ event per patient shown, on the patient's chain (AD-1, ST-2)
                context.audit().recordPerPatient(tx, result.items().stream().map(RefillQueueItem::patientId).toList(),
                        actor[0], AuditAction.READ, "refill-request");
                return result;
            });
        } catch (RuntimeException e) {
            context.audit().recordFailure(context.transactions(),
                    Audited.failure(null, actor[0], AuditAction.READ, "refill-request", null, e), e);
            throw e;
        }
    }

    private static RefillQueueItem queueItem(StorageTransaction tx, RefillRequest r) {
        Prescription p = tx.prescriptions().find(r.prescriptionId())
                .orElseThrow(() -> new IllegalStateException("a request without its prescription"));
        return new RefillQueueItem(r.id(), r.patientId(), p.id(), p.medication(), p.dose(), p.refillsRemaining(),
                p.lastFilledOn(), p.expiresOn(), r.pharmacyId(), r.requestedAt());
    }

    // ------------------------------------------------------------------ imports

    @Override
    public Imported importPrescriptions(Actor staff, PatientId patient, ImportPrescriptions command) {
        return context.access().run(staff, patient, IMPORT, () -> importViolations(command), (tx, access) -> {
            requirePatient(tx, patient);
            List<PrescriptionRecord> records = command.prescriptions();
            List<Violation> unknown = new ArrayList<>();
            Map<PharmacyId, Boolean> known = new HashMap<>();
            for (int i = 0; i < records.size(); i++) {
                PharmacyId pharmacy = records.get(i).pharmacyId();
                if (pharmacy != null && !known.computeIfAbsent(pharmacy, id -> tx.pharmacies().find(id).isPresent())) {
                    unknown.add(new Violation("prescriptions[" + i + "].pharmacyId", "is not in the pharmacy directory"));
                }
            }
            Validation.require(unknown);
            Instant now = Time.now(context.clock());
            List<Prescription> rows = new ArrayList<>(records.size());
            for (PrescriptionRecord r : records) {
                rows.add(new Prescription(PrescriptionId.newId(), patient, r.sourceId(), r.sourceVersion(),
                        r.medication().strip(), r.rxNormCode(), r.dose().strip(), r.instructions().strip(), r.quantity(),
                        r.daysSupply(), r.refillsRemaining(), r.writtenOn(), r.expiresOn(), r.prescriber().strip(),
                        r.schedule(), r.pharmacyId(), r.lastFilledOn(), r.status(), now));
            }
            List<Boolean> changed = tx.prescriptions().upsertAll(rows);
            int count = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (!changed.get(i)) {
                    continue;
                }
                count++;
                Prescription row = rows.get(i);
                context.audit().record(tx, access.success("source:" + row.sourceId()));
                if (row.status() != PrescriptionStatus.ACTIVE) {
                    closeOpenRequest(tx, access, patient, row.sourceId(), now);
                }
            }
            return new Imported(records.size(), count);
        });
    }

    /** RF-5: a prescription no longer active closes its open request with reason {@code discontinued}. */
    private void closeOpenRequest(StorageTransaction tx, Access access, PatientId patient, String sourceId,
                                  Instant now) {
        Optional<Prescription> stored = tx.prescriptions().findBySource(patient, sourceId);
        if (stored.isEmpty() || stored.get().status() == PrescriptionStatus.ACTIVE) {
            return; // a later row of the batch made it active again
        }
        Optional<RefillRequest> open = tx.refillRequests().findOpen(stored.get().id());
        if (open.isEmpty()) {
            return;
        }
        Optional<RefillRequest> closed = tx.refillRequests().close(open.get().id(), RefillStatus.CLOSED, now, by(access),
                DISCONTINUED);
        if (closed.isPresent()) {
            notifyDecision(tx, patient, closed.get().id(), now);
            context.audit().record(tx, Audited.success(patient, access.auditActor(), AuditAction.UPDATE,
                    "refill-request", closed.get().id().toString()));
        }
    }

    private List<Violation> importViolations(ImportPrescriptions command) {
        List<Violation> all = new ArrayList<>(context.validation().violations(command));
        if (command != null && command.prescriptions() != null) {
            List<PrescriptionRecord> records = command.prescriptions();
            for (int i = 0; i < records.size(); i++) {
                PrescriptionRecord r = records.get(i);
                if (r != null && r.writtenOn() != null && r.expiresOn() != null && r.expiresOn().isBefore(r.writtenOn())) {
                    all.add(new Violation("prescriptions[" + i + "].expiresOn", "must not be before writtenOn"));
                }
                if (r != null && r.lastFilledOn() != null && r.writtenOn() != null
                        && r.lastFilledOn().isBefore(r.writtenOn())) {
                    all.add(new Violation("prescriptions[" + i + "].lastFilledOn", "must not be before writtenOn"));
                }
            }
        }
        return all;
    }

    // ------------------------------------------------------------------ the patient's side

    @Override
    public Page<MedicationView> medications(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, LIST, () -> medicationListViolations(page),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    boolean active = page.cursor() == null || cursorOf(LIST_ACTIVE, page);
                    UUID after = PageCursors.idOf(active ? LIST_ACTIVE : LIST_INACTIVE, page);
                    LocalDate today = LocalDate.now(context.clock());
                    int size = page.size();
                    List<MedicationView> items = new ArrayList<>();
                    String next = null;
                    if (active) {
                        next = fill(tx, patient, true, after, size, today, items);
                        after = null;
                    }
                    if (next == null) {
                        int room = size - items.size();
                        if (room == 0) {
                            // the page ends with the last active one: the next page continues after
                            // it in the active list, finds none, and starts the inactive list
                            if (!tx.prescriptions().forPatient(patient, false, null, 1).isEmpty()) {
                                next = PageCursors.afterId(LIST_ACTIVE, items.get(items.size() - 1).id().value());
                            }
                        } else {
                            next = fill(tx, patient, false, after, room, today, items);
                        }
                    }
                    context.audit().record(tx, access.success(patient.toString()));
                    return new Page<>(items, next);
                });
    }

    /** Adds up to {@code room} prescriptions of one status after {@code after}; the next cursor if more remain. */
    private @Nullable String fill(StorageTransaction tx, PatientId patient, boolean active, @Nullable UUID after,
                                  int room, LocalDate today, List<MedicationView> items) {
        List<Prescription> found = tx.prescriptions().forPatient(patient, active,
                after == null ? null : new PrescriptionId(after), room + 1);
        for (Prescription p : found.subList(0, Math.min(room, found.size()))) {
            items.add(view(tx, p, today));
        }
        return found.size() > room
                ? PageCursors.afterId(active ? LIST_ACTIVE : LIST_INACTIVE, found.get(room - 1).id().value()) : null;
    }

    /** The violations of a page request of the medication list, whose cursor is one of either phase. */
    private List<Violation> medicationListViolations(@Nullable PageRequest page) {
        List<Violation> asActive = PageCursors.violations(context.validation(), page, LIST_ACTIVE, 1,
                PageRequest.MAX_SIZE);
        if (asActive.stream().noneMatch(v -> v.path().equals(PageCursors.CURSOR_PATH))) {
            return asActive;
        }
        return PageCursors.violations(context.validation(), page, LIST_INACTIVE, 1, PageRequest.MAX_SIZE);
    }

    /** Whether the request's cursor is one of {@code list}. */
    private boolean cursorOf(String list, PageRequest page) {
        return PageCursors.violations(context.validation(), page, list, 1, PageRequest.MAX_SIZE).isEmpty();
    }

    @Override
    public PharmacyView addPreferredPharmacy(Actor actor, PatientId patient, PharmacyId pharmacy) {
        return context.access().run(actor, patient, ADD_PREFERRED, () -> required(pharmacy, "pharmacy"),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    Pharmacy found = tx.pharmacies().find(pharmacy).orElseThrow(() -> new NotFoundException("pharmacy"));
                    tx.pharmacies().addPreferred(patient, pharmacy, Time.now(context.clock()));
                    context.audit().record(tx, access.success(pharmacy.toString()));
                    return view(found);
                });
    }

    @Override
    public void removePreferredPharmacy(Actor actor, PatientId patient, PharmacyId pharmacy) {
        context.access().run(actor, patient, REMOVE_PREFERRED, () -> required(pharmacy, "pharmacy"), (tx, access) -> {
            requirePatient(tx, patient);
            if (!tx.pharmacies().removePreferred(patient, pharmacy)) {
                throw new NotFoundException("preferred pharmacy");
            }
            context.audit().record(tx, access.success(pharmacy.toString()));
            return null;
        });
    }

    @Override
    public Page<PharmacyView> preferredPharmacies(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, PREFERRED, () -> PageCursors.violations(context.validation(),
                page, LIST_PREFERRED, 1, PageRequest.MAX_SIZE), (tx, access) -> {
                    requirePatient(tx, patient);
                    UUID after = PageCursors.idOf(LIST_PREFERRED, page);
                    List<Pharmacy> found = tx.pharmacies().preferred(patient, after == null ? null : new PharmacyId(after),
                            page.size() + 1);
                    context.audit().record(tx, access.success(patient.toString()));
                    return pageOf(found, page.size(), MedicationsService::view,
                            p -> PageCursors.afterId(LIST_PREFERRED, p.id().value()));
                });
    }

    @Override
    public RefillRequestView requestRefill(Actor actor, PatientId patient, RequestRefill command) {
        return context.access().run(actor, patient, REQUEST, () -> context.validation().violations(command),
                (tx, access) -> {
                    requirePatient(tx, patient);
                    String scope = "medications.requestRefill:" + patient;
                    String key = command.idempotencyKey();
                    String fingerprint = key == null ? null
                            : context.idempotency().fingerprint(command.prescriptionId(), command.pharmacyId());
                    if (key != null) {
                        // same-key retries for one patient queue on the patient's audit chain, then replay (IN-1)
                        tx.auditTrail().lockHead(AuditChain.of(patient));
                        Optional<String> first = context.idempotency().replay(tx, scope, key, fingerprint, String.class);
                        if (first.isPresent()) {
                            RefillRequest stored = tx.refillRequests().find(RefillRequestId.parse(first.get()))
                                    .orElseThrow(() -> new IllegalStateException("a remembered request is gone"));
                            context.audit().record(tx, access.success(stored.id().toString()));
                            return view(stored);
                        }
                    }
                    Prescription prescription = prescriptionOf(tx, patient, command.prescriptionId());
                    PharmacyId pharmacy = command.pharmacyId();
                    if (pharmacy == null) {
                        pharmacy = prescription.pharmacyId();
                    } else if (!tx.pharmacies().isPreferred(patient, pharmacy)) {
                        throw InvalidRequestException.of("pharmacyId", "is not one of the patient's preferred pharmacies");
                    }
                    LocalDate today = LocalDate.now(context.clock());
                    Refillability refillability = Eligibility.of(prescription,
                            tx.refillRequests().findOpen(prescription.id()), today, policy.tooEarlyPercent());
                    if (!refillability.refillableNow()) {
                        throw refused(Objects.requireNonNull(refillability.reason()));
                    }
                    RefillRequest request = RefillRequest.open(patient, prescription.id(), pharmacy,
                            Time.now(context.clock()), by(access));
                    if (!tx.refillRequests().insertIfNoneOpen(request)) {
                        throw refused("request_open");
                    }
                    context.idempotency().remember(tx, scope, key, fingerprint, request.id().toString());
                    context.audit().record(tx, access.success(request.id().toString()));
                    return view(request);
                });
    }

    @Override
    public RefillRequestView withdrawRefill(Actor actor, PatientId patient, RefillRequestId request) {
        return context.access().run(actor, patient, WITHDRAW, () -> required(request, "request"), (tx, access) -> {
            requirePatient(tx, patient);
            requestOf(tx, patient, request);
            RefillRequest withdrawn = tx.refillRequests().close(request, RefillStatus.WITHDRAWN,
                    Time.now(context.clock()), by(access), null).orElseThrow(MedicationsService::decided);
            context.audit().record(tx, access.success(request.toString()));
            return view(withdrawn);
        });
    }

    @Override
    public Page<RefillRequestView> refillRequests(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, REQUESTS, () -> PageCursors.violations(context.validation(),
                page, LIST_REQUESTS, 1, PageRequest.MAX_SIZE), (tx, access) -> {
                    requirePatient(tx, patient);
                    UUID after = PageCursors.idOf(LIST_REQUESTS, page);
                    List<RefillRequest> found = tx.refillRequests().forPatient(patient,
                            after == null ? null : new RefillRequestId(after), page.size() + 1);
                    context.audit().record(tx, access.success(patient.toString()));
                    return pageOf(found, page.size(), MedicationsService::view,
                            r -> PageCursors.afterId(LIST_REQUESTS, r.id().value()));
                });
    }

    // ------------------------------------------------------------------ decisions

    @Override
    public RefillRequestView approveRefill(Actor clinician, PatientId patient, RefillRequestId request) {
        return context.access().run(clinician, patient, APPROVE, () -> required(request, "request"), (tx, access) -> {
            requirePatient(tx, patient);
            RefillRequest open = requestOf(tx, patient, request);
            Instant now = Time.now(context.clock());
            RefillRequest approved = tx.refillRequests().close(request, RefillStatus.APPROVED, now, by(access), null)
                    .orElseThrow(MedicationsService::decided);
            if (!tx.prescriptions().recordFill(open.prescriptionId(), LocalDate.now(context.clock()))) {
                Prescription p = tx.prescriptions().find(open.prescriptionId()).orElseThrow();
                throw refused(p.status() != PrescriptionStatus.ACTIVE ? "inactive" : "no_refills_left");
            }
            notifyDecision(tx, patient, request, now);
            context.audit().record(tx, access.success(request.toString()));
            return view(approved);
        });
    }

    @Override
    public RefillRequestView denyRefill(Actor clinician, PatientId patient, RefillRequestId request,
                                        String reasonCode) {
        return context.access().run(clinician, patient, DENY, () -> {
            List<Violation> all = new ArrayList<>(required(request, "request"));
            if (reasonCode == null || !REASON.matcher(reasonCode).matches()) {
                all.add(new Violation("reasonCode", "must be 1 to 64 lower-case letters, digits or underscores"));
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            requestOf(tx, patient, request);
            Instant now = Time.now(context.clock());
            RefillRequest denied = tx.refillRequests().close(request, RefillStatus.DENIED, now, by(access), reasonCode)
                    .orElseThrow(MedicationsService::decided);
            notifyDecision(tx, patient, request, now);
            context.audit().record(tx, access.success(request.toString()));
            return view(denied);
        });
    }

    // ------------------------------------------------------------------ helpers

    /** NT-3: "Your refill request has an update. Log in to see it." — the request id only, never the drug. */
    private static void notifyDecision(StorageTransaction tx, PatientId patient, RefillRequestId request, Instant now) {
        tx.outbox().enqueue(OutboxEntry.pending(NotificationKinds.REFILL_DECIDED, patient,
                tx.accounts().findByPatient(patient).map(Account::id).orElse(null),
                OutboxPayloads.write(Map.of("requestId", request.toString())), null, now, now));
    }

    private MedicationView view(StorageTransaction tx, Prescription p, LocalDate today) {
        Refillability refillability = Eligibility.of(p, tx.refillRequests().findOpen(p.id()), today,
                policy.tooEarlyPercent());
        return new MedicationView(p.id(), p.medication(), p.medicationCode(), p.dose(), p.instructions(), p.quantity(),
                p.daysSupply(), p.refillsRemaining(), p.writtenOn(), p.expiresOn(), p.prescriber(), p.schedule(),
                p.pharmacyId(), p.lastFilledOn(), p.status() == PrescriptionStatus.ACTIVE, refillability);
    }

    private static PharmacyView view(Pharmacy p) {
        return new PharmacyView(p.id(), p.name(), p.address(), p.phone(), p.ncpdpId());
    }

    private static RefillRequestView view(RefillRequest r) {
        return new RefillRequestView(r.id(), r.prescriptionId(), r.pharmacyId(), r.status(), r.requestedAt(),
                r.decidedAt(), r.reason());
    }

    /** One page from {@code found} (fetched with one row more than {@code size}). */
    static <T, V> Page<V> pageOf(List<T> found, int size, java.util.function.Function<T, V> mapper,
                                 java.util.function.Function<T, String> cursorOf) {
        List<V> items = new ArrayList<>();
        for (T row : found.subList(0, Math.min(size, found.size()))) {
            items.add(mapper.apply(row));
        }
        return new Page<>(items, found.size() > size ? cursorOf.apply(found.get(size - 1)) : null);
    }

    private static Prescription prescriptionOf(StorageTransaction tx, PatientId patient, PrescriptionId id) {
        return tx.prescriptions().find(id)
                .filter(p -> p.patientId().equals(patient) && p.status() != PrescriptionStatus.ENTERED_IN_ERROR)
                .orElseThrow(() -> new NotFoundException("prescription"));
    }

    private static RefillRequest requestOf(StorageTransaction tx, PatientId patient, RefillRequestId id) {
        return tx.refillRequests().find(id).filter(r -> r.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("refill request"));
    }

    private static void requirePatient(StorageTransaction tx, PatientId patient) {
        if (tx.patients().find(patient).isEmpty()) {
            throw new NotFoundException("patient");
        }
    }

    private static List<Violation> required(@Nullable Object value, String path) {
        return value == null ? List.of(new Violation(path, "must not be null")) : List.of();
    }

    private static RuleViolationException refused(String reason) {
        return new RuleViolationException(reason, "the refill request is refused: " + reason);
    }

    private static ConflictException decided() {
        return new ConflictException("the refill request was decided already");
    }

    private static String by(Access access) {
        Actor actor = access.actor();
        return actor.staffId().orElseGet(() -> actor.accountId().map(Object::toString).orElseThrow());
    }

}
