package org.patientportal.core.security;

import org.patientportal.core.PageRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.Parameter;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PatientOperation;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.notifications.UpdatePreferences;
import org.patientportal.core.proxy.GrantProxy;
import org.patientportal.core.scheduling.BookAppointment;
import org.patientportal.core.scheduling.CancelAppointment;
import org.patientportal.core.scheduling.FindSlots;
import org.patientportal.core.scheduling.RecordVisitSummary;
import org.patientportal.core.scheduling.RequestAppointment;
import org.patientportal.core.scheduling.Reschedule;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.Account;
import org.patientportal.core.PageRequest;
import org.patientportal.core.messaging.Reassign;
import org.patientportal.core.messaging.Reply;
import org.patientportal.core.messaging.StartThread;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.TopicId;
import org.patientportal.model.AccountId;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Delivery;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.spi.storage.PortalStorage;

/**
 * The cross-patient access matrix: every public method of every capability interface reachable from
 * {@link Portal}'s public no-arg accessors that takes a {@link PatientId} is found by reflection
 * (so operations added later are covered without editing this test), must carry
 * {@link PatientOperation} ("classify it"), and is called as each caller below; what each caller
 * must get comes from the annotation.
 *
 * <ul>
 *   <li>the patient on their own record (an adult), a stranger patient, a proxy with every scope, a
 *       proxy without the operation's scope, a proxy whose caregiver grant expired, a parent of a
 *       14-year-old who did not consent (teen-restricted), and each staff role alone;</li>
 *   <li>a denied patient or proxy gets exactly what an unknown patient id gets: {@link NotFoundException},
 *       code {@code not_found}, message {@code "patient not found"} (also checked against a permitted
 *       staff call on an unknown id); a staff role not listed gets {@link AccessDeniedException};</li>
 *   <li>every denial writes exactly one DENIED audit event, on the target patient's chain, with the
 *       operation's action and category, as PROXY for an account holding a grant on the patient;
 *       an allowed call writes none.</li>
 * </ul>
 *
 * Arguments other than the actor and the patient come from {@link #fixtures}, by parameter type: a
 * new parameter type fails with "add a fixture for ...".
 */
@OnEveryStorage
@DisplayName("Cross-patient access matrix")
class AccessMatrixSuite {
    private static final Set<ProxyScope> ALL = EnumSet.allOf(ProxyScope.class);
    private static final Set<ProxyScope> TEEN_SCOPES = EnumSet.of(ProxyScope.RESULTS, ProxyScope.MESSAGING);
    private static final String PASSWORD = "a long passphrase for the portal";
    private static final Actor DESK = Actor.staff("matrix-desk", Role.FRONT_DESK);
    private static final Actor ADMIN = Actor.staff("matrix-admin", Role.ADMIN);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private PortalStorage storage;
    private MutableClock clock;
    private Portal portal;

    /** The storage this run of the suite is on (injected by {@code @OnEveryStorage}). */
    @Parameter
    StorageKind storageKind;

    protected PortalStorage storage() {
        return storageKind.create();
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    // ---------------------------------------------------------------- discovery

    /** Every capability interface returned by a public, non-static, no-arg method of {@link Portal}. */
    static List<Class<?>> capabilities() {
        return Arrays.stream(Portal.class.getMethods())
                .filter(m -> m.getDeclaringClass() == Portal.class && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0 && m.getReturnType().isInterface())
                .map(Method::getReturnType)
                .distinct()
                .sorted(Comparator.comparing(Class::getName))
                .collect(Collectors.toList());
    }

    /** Every public method of a capability that takes a {@link PatientId}. */
    static List<Method> patientMethods() {
        List<Method> out = new ArrayList<>();
        for (Class<?> capability : capabilities()) {
            Arrays.stream(capability.getMethods())
                    .filter(m -> !Modifier.isStatic(m.getModifiers()))
                    .filter(m -> Arrays.asList(m.getParameterTypes()).contains(PatientId.class))
                    .sorted(Comparator.comparing(AccessMatrixSuite::name))
                    .forEach(out::add);
        }
        return out;
    }

    static String name(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    @Test
    @DisplayName("every public operation that takes a PatientId carries @PatientOperation (else: classify it)")
    void everyOperationIsClassified() {
        List<String> unclassified = patientMethods().stream()
                .filter(m -> m.getAnnotation(PatientOperation.class) == null)
                .map(m -> "classify it: " + name(m) + " takes a PatientId but has no @PatientOperation")
                .toList();
        assertThat(unclassified).as("unclassified operations").isEmpty();
    }

    @Test
    @DisplayName("the discovery is not vacuous: it finds the capabilities and the known operations")
    void discoveryFindsKnownOperations() {
        assertThat(capabilities()).extracting(Class::getSimpleName)
                .contains("Enrollment", "AuditLog", "Proxies", "Auth", "Scheduling", "Medications", "HealthRecords", "Messaging", "Results");
        assertThat(patientMethods()).extracting(Method::getName)
                .contains("issueActivationCode", "revokeActivationCodes", "issuePasswordResetCode", "trail",
                        "grant", "renew", "revoke", "consent", "grants",
                        "findOpenSlots", "book", "cancel", "reschedule", "upcoming", "past", "requestAppointment",
                        "joinWaitlist", "leaveWaitlist", "acceptOffer", "markCompleted", "markNoShow",
                        "recordVisitSummary", "scheduleRequest", "declineRequest",
                        "importPrescriptions", "medications", "requestRefill", "withdrawRefill", "approveRefill",
                        "denyRefill", "importHistory", "history", "report", "accept", "decline",

                        "start", "reply", "threads", "read", "markRead", "unreadCount", "reassign", "close", "reopen",
                        "setPrimaryCareProvider");
    }

    @Test
    @DisplayName("@PatientOperation sits only on operations that take a PatientId, and names an audit category")
    void annotationsOnlyWhereTheyApply() {
        for (Class<?> capability : capabilities()) {
            for (Method method : capability.getMethods()) {
                PatientOperation rules = method.getAnnotation(PatientOperation.class);
                if (rules != null) {
                    assertThat(method.getParameterTypes()).as(name(method)).contains(PatientId.class, Actor.class);
                    assertThat(rules.category()).as(name(method)).isNotBlank();
                    assertThat(rules.adultSelfOnly() && !rules.self()).as(name(method) + " adultSelfOnly without self")
                            .isFalse();
                }
            }
        }
    }

    // ---------------------------------------------------------------- the matrix

    /** One row of the matrix: who calls, on which patient, and what the annotation says they get. */
    private record Caller(String name, Actor actor, PatientId patient, ActorKind auditedAs,
                          Function<PatientOperation, Boolean> allowed, boolean staff) {
    }

    /** What a fixture may use to make an argument. */
    private final class Call {
        final Caller caller;
        final PatientId patient;

        Call(Caller caller, PatientId patient) {
            this.caller = caller;
            this.patient = patient;
        }

        boolean patientIsAdult() {
            return storage.inTransaction(tx -> tx.patients().find(patient))
                    .map(p -> !p.birthDate().plusYears(18).isAfter(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)))
                    .orElse(true);
        }
    }

    /** Arguments by parameter type (its generic name); add one for every new parameter type. */
    private Map<String, Function<Call, Object>> fixtures() {
        Map<String, Function<Call, Object>> map = new LinkedHashMap<>();
        map.put(Delivery.class.getName(), call -> Delivery.LETTER);
        map.put("long", call -> 0L);
        map.put("int", call -> 10);
        map.put(GrantProxy.class.getName(), call -> new GrantProxy(freshAccount(),
                call.patientIsAdult() ? ProxyRelationship.CAREGIVER : ProxyRelationship.PARENT,
                Set.of(ProxyScope.APPOINTMENTS)));
        map.put(ProxyGrantId.class.getName(), call -> freshGrant(call));
        map.put("java.util.Set<" + ProxyScope.class.getName() + ">", call -> Set.of(ProxyScope.RESULTS));
        map.put(UpdatePreferences.class.getName(), call -> new UpdatePreferences(Map.of(), null));
        // scheduling (SC): valid commands naming unknown records; an allowed caller gets "slot not found" and friends
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        map.put(String.class.getName(), call -> "no_availability");
        map.put(FindSlots.class.getName(), call -> new FindSlots(VisitTypeId.newId(), null, null, today.plusDays(1),
                today.plusDays(7)));
        map.put(PageRequest.class.getName(), call -> PageRequest.first(10));
        map.put(BookAppointment.class.getName(), call -> new BookAppointment(SlotId.newId(), VisitTypeId.newId(),
                null));
        map.put(CancelAppointment.class.getName(), call -> new CancelAppointment(AppointmentId.newId(), null));
        map.put(Reschedule.class.getName(), call -> new Reschedule(AppointmentId.newId(), SlotId.newId(), null));
        map.put(RequestAppointment.class.getName(), call -> new RequestAppointment(VisitTypeId.newId(), null, null,
                today.plusDays(1), today.plusDays(7)));
        map.put(RecordVisitSummary.class.getName(), call -> new RecordVisitSummary("Rest and fluids.", List.of()));
        map.put(AppointmentId.class.getName(), call -> AppointmentId.newId());
        map.put(AppointmentRequestId.class.getName(), call -> AppointmentRequestId.newId());
        map.put(SlotId.class.getName(), call -> SlotId.newId());
        map.put(WaitlistEntryId.class.getName(), call -> WaitlistEntryId.newId());
        // medications and health records (RF, HH): valid commands naming unknown records
        map.put(org.patientportal.core.PageRequest.class.getName(), call -> org.patientportal.core.PageRequest.first(5));
        map.put(org.patientportal.model.PharmacyId.class.getName(), call -> org.patientportal.model.PharmacyId.newId());
        map.put(org.patientportal.model.RefillRequestId.class.getName(),
                call -> org.patientportal.model.RefillRequestId.newId());
        map.put(org.patientportal.model.HistoryEntryId.class.getName(),
                call -> org.patientportal.model.HistoryEntryId.newId());
        map.put(org.patientportal.model.HistoryCategory.class.getName(),
                call -> org.patientportal.model.HistoryCategory.ALLERGY);
        map.put(org.patientportal.core.medications.ImportPrescriptions.class.getName(),
                call -> new org.patientportal.core.medications.ImportPrescriptions(List.of(
                        new org.patientportal.core.medications.PrescriptionRecord("matrix-rx", 1, "Matrixol", null,
                                "5 mg", "daily", 30, 30, 2, today.minusDays(30), today.plusDays(300), "Dr. M",
                                org.patientportal.model.ControlledSchedule.NONE, null, null,
                                org.patientportal.model.PrescriptionStatus.ACTIVE))));
        map.put(org.patientportal.core.medications.RequestRefill.class.getName(),
                call -> new org.patientportal.core.medications.RequestRefill(
                        org.patientportal.model.PrescriptionId.newId(), null, null));
        map.put(org.patientportal.core.records.ImportHistory.class.getName(),
                call -> new org.patientportal.core.records.ImportHistory(List.of(
                        new org.patientportal.core.records.HistoryRecord(org.patientportal.model.HistoryCategory.PROBLEM,
                                "matrix-hh", 1, null, "Matrix problem", null, null, null, clock.instant(), false))));
        map.put(org.patientportal.core.records.ReportEntry.class.getName(),
                call -> new org.patientportal.core.records.ReportEntry(org.patientportal.model.HistoryCategory.ALLERGY,
                        "Matrix allergen", null, null));
        // messaging (MS): valid commands naming unknown records; an allowed caller gets "topic not found" and friends
        map.put(StartThread.class.getName(), call -> new StartThread(TopicId.newId(), null, "Question", "A question.",
                false, null));
        map.put(Reply.class.getName(), call -> new Reply("A reply.", false, null));
        map.put(Reassign.class.getName(), call -> new Reassign(PoolId.newId(), null));
        map.put(MessageThreadId.class.getName(), call -> MessageThreadId.newId());
        map.put(ProviderId.class.getName(), call -> ProviderId.newId());
        // results (RS): a valid import; other calls name an unknown result, so an allowed caller gets "test result not found"
        map.put(org.patientportal.model.ResultId.class.getName(), call -> org.patientportal.model.ResultId.newId());
        map.put(org.patientportal.core.results.ImportResult.class.getName(), call ->
                new org.patientportal.core.results.ImportResult("MX-LAB-" + SEQUENCE.incrementAndGet(), 1,
                        org.patientportal.model.ResultKind.LAB_PANEL, "80048", "Basic metabolic panel", "Dr. Okafor",
                        clock.instant().minusSeconds(7200), clock.instant().minusSeconds(3600),
                        org.patientportal.model.ResultStatus.FINAL, null, List.of()));
        map.put(org.patientportal.core.results.HoldResult.class.getName(),
                call -> new org.patientportal.core.results.HoldResult("review first"));
        map.put(org.patientportal.core.results.ReleaseResult.class.getName(),
                call -> new org.patientportal.core.results.ReleaseResult(null));
        map.put(org.patientportal.core.results.CommentOnResult.class.getName(),
                call -> new org.patientportal.core.results.CommentOnResult("Normal."));
        map.put(org.patientportal.core.results.SetReleaseDelay.class.getName(),
                call -> new org.patientportal.core.results.SetReleaseDelay(3));
        // profile (PR): a valid new contact; a confirmation with a code no request has
        map.put(org.patientportal.core.profile.ChangeEmail.class.getName(),
                call -> new org.patientportal.core.profile.ChangeEmail("matrix-new@example.org"));
        map.put(org.patientportal.core.profile.ChangeMobile.class.getName(),
                call -> new org.patientportal.core.profile.ChangeMobile("+15555550177"));
        map.put(org.patientportal.core.profile.ConfirmContactChange.class.getName(),
                call -> new org.patientportal.core.profile.ConfirmContactChange(
                        org.patientportal.model.ContactKind.EMAIL, "00000-00000-00000"));
        return map;
    }

    @TestFactory
    @DisplayName("cross-patient access matrix: every operation taking a PatientId, as every kind of caller")
    Stream<DynamicNode> matrix() {
        storage = storage();
        clock = MutableClock.start();
        portal = TestPortals.portal(storage, clock);
        Map<String, Function<Call, Object>> fixtures = fixtures();

        Enrolled patient = enroll(LocalDate.of(1980, 5, 20));
        Enrolled stranger = enroll(LocalDate.of(1975, 1, 2));
        Enrolled withScope = enroll(LocalDate.of(1970, 3, 4));
        Map<ProxyScope, Enrolled> without = new LinkedHashMap<>();
        for (ProxyScope scope : ProxyScope.values()) {
            Enrolled proxy = enroll(LocalDate.of(1971, 3, 4));
            EnumSet<ProxyScope> scopes = EnumSet.allOf(ProxyScope.class);
            scopes.remove(scope);
            grant(proxy, patient.patient(), ProxyRelationship.CAREGIVER, scopes);
            without.put(scope, proxy);
        }
        grant(withScope, patient.patient(), ProxyRelationship.CAREGIVER, ALL);
        Enrolled expired = enroll(LocalDate.of(1972, 3, 4));
        Instant now = clock.instant();
        clock.set(now.atZone(ZoneOffset.UTC).minus(Period.ofMonths(19)).toInstant());
        grant(expired, patient.patient(), ProxyRelationship.CAREGIVER, ALL);
        clock.set(now);
        PatientId teen = register(LocalDate.of(2012, 1, 10));
        Enrolled parent = enroll(LocalDate.of(1979, 7, 7));
        grant(parent, teen, ProxyRelationship.PARENT, ALL);

        List<Caller> callers = new ArrayList<>();
        callers.add(new Caller("the patient", patient.actor(), patient.patient(), ActorKind.PATIENT,
                PatientOperation::self, false));
        callers.add(new Caller("a stranger patient", stranger.actor(), patient.patient(), ActorKind.PATIENT,
                rules -> false, false));
        callers.add(new Caller("a proxy with the scope", withScope.actor(), patient.patient(), ActorKind.PROXY,
                rules -> rules.scope().length > 0, false));
        callers.add(new Caller("a proxy whose caregiver grant expired", expired.actor(), patient.patient(),
                ActorKind.PROXY, rules -> false, false));
        callers.add(new Caller("a teen-restricted parent", parent.actor(), teen, ActorKind.PROXY,
                rules -> rules.scope().length > 0
                        && Arrays.stream(rules.scope()).noneMatch(TEEN_SCOPES::contains), false));
        for (Role role : Role.values()) {
            callers.add(new Caller("staff " + role, Actor.staff("matrix-" + role.name().toLowerCase(), role),
                    patient.patient(), ActorKind.STAFF, rules -> Arrays.asList(rules.staff()).contains(role), true));
        }

        List<DynamicNode> operations = new ArrayList<>();
        for (Method method : patientMethods()) {
            PatientOperation rules = method.getAnnotation(PatientOperation.class);
            List<DynamicTest> rows = new ArrayList<>();
            if (rules == null) {
                rows.add(DynamicTest.dynamicTest("classify it", () -> fail("classify it: " + name(method)
                        + " takes a PatientId but has no @PatientOperation")));
                operations.add(DynamicContainer.dynamicContainer(name(method), rows));
                continue;
            }
            List<Caller> rowsFor = new ArrayList<>(callers);
            ProxyScope lacking = rules.scope().length > 0 ? rules.scope()[0] : ProxyScope.APPOINTMENTS;
            rowsFor.add(3, new Caller("a proxy without " + lacking, without.get(lacking).actor(), patient.patient(),
                    ActorKind.PROXY, r -> false, false));
            for (Caller caller : rowsFor) {
                boolean allowed = caller.allowed().apply(rules);
                String expected = allowed ? "allowed" : caller.staff() ? "access denied" : "answered as not found";
                rows.add(DynamicTest.dynamicTest(caller.name() + ": " + expected,
                        () -> check(method, rules, caller, allowed, fixtures)));
            }
            Role permitted = rules.staff().length > 0 ? rules.staff()[0] : null;
            if (permitted != null) {
                Caller unknown = new Caller("staff " + permitted + " on an unknown patient id",
                        Actor.staff("matrix-unknown", permitted), PatientId.newId(), ActorKind.STAFF, r -> true, true);
                rows.add(DynamicTest.dynamicTest(unknown.name() + ": the same not found as a denial",
                        () -> checkUnknownPatient(method, unknown, fixtures)));
            }
            operations.add(DynamicContainer.dynamicContainer(name(method), rows));
        }
        return operations.stream();
    }

    private void check(Method method, PatientOperation rules, Caller caller, boolean allowed,
                       Map<String, Function<Call, Object>> fixtures) {
        Object[] args = arguments(method, caller, fixtures);
        Set<AuditEventId> before = deniedIds();
        Throwable thrown = invoke(method, args);
        List<AuditEvent> denials = newDenials(before);
        if (thrown != null) {
            assertThat(thrown).as(name(method) + " throws only the SDK's exceptions").isInstanceOf(PortalException.class);
        }
        if (allowed) {
            assertThat(denials).as("no DENIED audit event for an allowed call").isEmpty();
            assertThat(looksDenied(thrown)).as(name(method) + " allowed for " + caller.name() + " but got " + thrown)
                    .isFalse();
            return;
        }
        if (caller.staff()) {
            assertThat(thrown).isExactlyInstanceOf(AccessDeniedException.class);
            assertThat(((PortalException) thrown).code()).isEqualTo(AccessDeniedException.CODE);
        } else {
            assertNotFound(thrown);
        }
        assertThat(denials).as("one DENIED audit event (AD-3)").hasSize(1);
        AuditEvent event = denials.get(0);
        assertThat(event.patientId()).isEqualTo(caller.patient());
        assertThat(event.actor().kind()).isEqualTo(caller.auditedAs());
        assertThat(event.action()).isEqualTo(rules.action());
        assertThat(event.category()).isEqualTo(rules.category());
        if (caller.auditedAs() != ActorKind.STAFF) {
            assertThat(event.actor().id()).isEqualTo(caller.actor().accountId().orElseThrow().toString());
        }
    }

    private void checkUnknownPatient(Method method, Caller caller, Map<String, Function<Call, Object>> fixtures) {
        Throwable thrown = invoke(method, arguments(method, caller, fixtures));
        assertNotFound(thrown);
    }

    /** Type, code and message of "not found", as an unknown patient id gets it. */
    private static void assertNotFound(Throwable thrown) {
        NotFoundException reference = new NotFoundException("patient");
        assertThat(thrown).isExactlyInstanceOf(NotFoundException.class).hasMessage(reference.getMessage());
        assertThat(((PortalException) thrown).code()).isEqualTo(reference.code());
        assertThat(thrown.getCause()).isNull();
    }

    private static boolean looksDenied(Throwable thrown) {
        return thrown instanceof AccessDeniedException
                || thrown instanceof NotFoundException && "patient not found".equals(thrown.getMessage());
    }

    private Object[] arguments(Method method, Caller caller, Map<String, Function<Call, Object>> fixtures) {
        Type[] types = method.getGenericParameterTypes();
        Object[] args = new Object[types.length];
        Call call = new Call(caller, caller.patient());
        for (int i = 0; i < types.length; i++) {
            if (types[i] == Actor.class) {
                args[i] = caller.actor();
            } else if (types[i] == PatientId.class) {
                args[i] = caller.patient();
            } else {
                Function<Call, Object> fixture = fixtures.get(types[i].getTypeName());
                if (fixture == null) {
                    fail("add a fixture for " + types[i].getTypeName() + " (parameter " + i + " of " + name(method)
                            + ") to AccessMatrixSuite.fixtures()");
                }
                args[i] = fixture.apply(call);
            }
        }
        return args;
    }

    private Object capability(Method method) {
        for (Method accessor : Portal.class.getMethods()) {
            if (accessor.getDeclaringClass() == Portal.class && accessor.getParameterCount() == 0
                    && accessor.getReturnType() == method.getDeclaringClass()) {
                try {
                    return accessor.invoke(portal);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("no accessor for " + method.getDeclaringClass());
    }

    private Throwable invoke(Method method, Object[] args) {
        try {
            method.invoke(capability(method), args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private record Enrolled(PatientId patient, AccountId account, Actor actor) {
    }

    private PatientId register(LocalDate birthDate) {
        return portal.enrollment().registerPatient(DESK, new RegisterPatient("MX-" + SEQUENCE.incrementAndGet(),
                "Sam", "Lee", birthDate, "2468", "sam@example.org", "+15555550111"));
    }

    private Enrolled enroll(LocalDate birthDate) {
        PatientId patient = register(birthDate);
        String code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON).value();
        String username = "matrix" + SEQUENCE.incrementAndGet();
        SignedUp signedUp = portal.enrollment().signUp(new SignUp(code, "2468", birthDate, username, PASSWORD, null));
        return new Enrolled(patient, signedUp.accountId(),
                portal.auth().authenticate(portal.auth().logIn(username, PASSWORD).token()));
    }

    private void grant(Enrolled proxy, PatientId patient, ProxyRelationship relationship, Set<ProxyScope> scopes) {
        portal.proxies().grant(ADMIN, patient, new GrantProxy(proxy.account(), relationship, scopes));
    }

    /** A new account (with its own patient), written straight to storage: cheap, and never an actor. */
    private AccountId freshAccount() {
        int n = SEQUENCE.incrementAndGet();
        Instant now = clock.instant();
        PatientId patient = PatientId.newId();
        AccountId account = AccountId.newId();
        storage.inTransaction(tx -> {
            tx.patients().insert(new Patient(patient, "MX-FRESH-" + n, "Kim", "Ray", LocalDate.of(1960, 1, 1),
                    "unused-hash", null, null, now, 0));
            tx.accounts().insert(new Account(account, patient, "fresh" + n, "fresh" + n, "unused-hash",
                    AccountStatus.ACTIVE, 0, null, now, now, 0));
            return null;
        });
        return account;
    }

    /** A new grant on the caller's patient (for a fresh account), or a random id if the patient is unknown. */
    private ProxyGrantId freshGrant(Call call) {
        boolean known = storage.inTransaction(tx -> tx.patients().find(call.patient)).isPresent();
        if (!known) {
            return ProxyGrantId.newId();
        }
        return portal.proxies().grant(ADMIN, call.patient, new GrantProxy(freshAccount(),
                call.patientIsAdult() ? ProxyRelationship.CAREGIVER : ProxyRelationship.PARENT,
                Set.of(ProxyScope.RESULTS))).id();
    }

    private List<AuditEvent> allEvents() {
        return storage.inTransaction(tx -> {
            List<AuditEvent> out = new ArrayList<>();
            for (ChainHead head : tx.auditTrail().chains(null, 1000)) {
                long after = 0;
                while (true) {
                    List<AuditEvent> page = tx.auditTrail().events(head.chain(), after, 1000);
                    out.addAll(page);
                    if (page.size() < 1000) {
                        break;
                    }
                    after = page.get(page.size() - 1).sequence();
                }
            }
            return out;
        });
    }

    private Set<AuditEventId> deniedIds() {
        return allEvents().stream().filter(e -> e.outcome() == AuditOutcome.DENIED).map(AuditEvent::id)
                .collect(Collectors.toSet());
    }

    private List<AuditEvent> newDenials(Set<AuditEventId> before) {
        return allEvents().stream().filter(e -> e.outcome() == AuditOutcome.DENIED && !before.contains(e.id()))
                .toList();
    }
}
