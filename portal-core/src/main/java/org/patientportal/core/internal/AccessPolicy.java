package org.patientportal.core.internal;

import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PatientOperation;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.StorageTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one access policy: decides every operation that takes a {@link PatientId}, for patients,
 * proxies and staff, from the operation's {@link PatientOperation} rules (see there).
 *
 * <ul>
 *   <li><b>Fails closed.</b> An exception inside the decision denies (reason {@code policy_error});
 *       a storage failure fails the whole call (nothing is allowed either way).</li>
 *   <li><b>Denials look like "not found".</b> A patient, a proxy, a stranger or a missing actor
 *       denied gets {@code new NotFoundException("patient")}: the type, code and message an unknown
 *       patient id gets. A staff actor without a listed role gets {@link AccessDeniedException}
 *       (ST-1).</li>
 *   <li><b>Denials are audited</b> DENIED (AD-3) in their own committed transaction, on the chain of
 *       the patient named when it exists, with a machine reason ({@code access_denied} for a staff
 *       role, {@code no_grant}, {@code not_for_patients}, {@code not_adult}, {@code not_for_proxies},
 *       {@code grant_expired}, {@code grant_ended}, {@code scope_not_granted},
 *       {@code teen_restricted}, {@code no_actor}, {@code policy_error} otherwise), and logged as a
 *       security event (LG-2).</li>
 *   <li><b>Proxies are audited as proxies:</b> an account that holds a grant on the patient's record
 *       (even an expired one) is audited as {@link ActorKind#PROXY} with its account id; the event's
 *       patient is the patient acted for.</li>
 * </ul>
 *
 * <p>How a capability service uses it: one {@link Operation} constant per interface method, read
 * from the method's annotation, and {@link #run} for the whole call:
 * <pre>{@code
 * private static final Operation REVOKE = Operation.of(Proxies.class, "revoke", Actor.class, PatientId.class,
 *         ProxyGrantId.class);
 *
 * return context.access().run(actor, patient, REVOKE, () -> violationsOfTheOtherArguments, (tx, access) -> {
 *     ... the use case, in one transaction, after access was granted ...
 *     context.audit().record(tx, access.success(recordId));
 *     return result;
 * });
 * }</pre>
 * {@code run} checks a staff actor's role before validation (it needs no storage), validates
 * (IN-2: the violations given plus a null patient), then in one transaction decides for the other
 * actors and runs the work. Any failure is audited once in its own transaction: DENIED for a denial,
 * FAILED otherwise (reason: the rule's reason or the exception's code).
 *
 * <p>To decide inside a transaction of your own, call {@link #check} and turn a {@link Denied} into
 * the exception to throw with {@link #deny} after the transaction ended.
 */
public final class AccessPolicy {
    /** What a denied patient or proxy is told was not found: the same word as for an unknown id. */
    public static final String NOT_FOUND_WHAT = "patient";

    private static final Logger LOG = LoggerFactory.getLogger(AccessPolicy.class);
    /** Every scope, unmodifiable: what a patient and staff have on each call (made once). */
    private static final Set<ProxyScope> ALL_SCOPES = Set.copyOf(EnumSet.allOf(ProxyScope.class));
    /** Denial reasons of proxies, from the least to the most useful in the trail. */
    private static final List<String> REASON_ORDER = List.of("no_grant", "grant_ended", "grant_expired",
            "scope_not_granted", "teen_restricted");

    private final Clock clock;
    private final Transactions transactions;
    private final AuditWriter audit;

    /**
     * Creates the policy.
     *
     * @param clock        the injected clock (ages, expiry)
     * @param transactions the transaction runner (denial audit events commit on their own)
     * @param audit        the audit writer
     */
    public AccessPolicy(Clock clock, Transactions transactions, AuditWriter audit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * An operation: a stable name for the security log and the {@link PatientOperation} rules of the
     * interface method it implements.
     *
     * @param name  {@code "<capability>.<method>"}, e.g. {@code "proxies.revoke"}
     * @param rules the method's annotation
     */
    public record Operation(String name, PatientOperation rules) {
        /** Checks both parts. */
        public Operation {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            Objects.requireNonNull(rules, "rules");
        }

        /**
         * The operation of an interface method, read from its annotation (fails at class
         * initialisation when the method is renamed or not annotated).
         *
         * @param capability     the capability interface
         * @param method         the method's name
         * @param parameterTypes the method's parameter types
         * @throws IllegalStateException if there is no such method or it is not annotated
         */
        public static Operation of(Class<?> capability, String method, Class<?>... parameterTypes) {
            String simple = capability.getSimpleName();
            return named(Character.toLowerCase(simple.charAt(0)) + simple.substring(1) + "." + method, capability,
                    method, parameterTypes);
        }

        /**
         * As {@link #of}, with the name given ({@code "audit.trail"}: the portal's accessor name
         * where it differs from the interface's).
         *
         * @throws IllegalStateException if there is no such method or it is not annotated
         */
        public static Operation named(String name, Class<?> capability, String method, Class<?>... parameterTypes) {
            Method found;
            try {
                found = capability.getMethod(method, parameterTypes);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no method " + capability.getSimpleName() + "." + method, e);
            }
            PatientOperation rules = found.getAnnotation(PatientOperation.class);
            if (rules == null) {
                throw new IllegalStateException(capability.getSimpleName() + "." + method
                        + " is not annotated with @PatientOperation");
            }
            return new Operation(name, rules);
        }
    }

    /** How access was granted. */
    public enum Via {
        /** A staff actor with a listed role (ST-1). */
        STAFF,
        /** The patient on their own record. */
        SELF,
        /** An account acting for the patient through a grant (PX-1). */
        PROXY
    }

    /**
     * Access granted for one call.
     *
     * @param operation  the operation
     * @param actor      who calls
     * @param patient    the patient acted on or for
     * @param via        staff, self or proxy
     * @param auditActor the actor to audit: staff with the role used (ST-2), the patient's account,
     *                   or the proxy's account as {@link ActorKind#PROXY}
     * @param role       the staff role used, for staff
     * @param grant      the grant used, for a proxy
     * @param scopes     a proxy's effective scopes on the patient today; every scope for the patient
     *                   and for staff
     */
    public record Access(Operation operation, Actor actor, PatientId patient, Via via, AuditActor auditActor,
                         @Nullable Role role, @Nullable ProxyGrant grant, Set<ProxyScope> scopes) {
        /** Checks the required parts and copies the scopes. */
        public Access {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(via, "via");
            Objects.requireNonNull(auditActor, "auditActor");
            scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(scopes); // an unmodifiable set is kept as it is
        }

        /** The SUCCESS event of the call, with the operation's action and category. */
        public Audited success(String recordId) {
            return Audited.success(patient, auditActor, operation.rules().action(), operation.rules().category(),
                    recordId);
        }
    }

    /**
     * The work of a use case, run in one transaction after access was granted.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Runs the use case.
         *
         * @param tx     the transaction
         * @param access the access granted
         * @return the result
         */
        T execute(StorageTransaction tx, Access access);
    }

    /**
     * A denial, thrown by {@link #check} inside a transaction; never reaches a host: {@link #run}
     * (or the caller, with {@link #deny}) turns it into the exception to throw.
     */
    public static final class Denied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Operation operation;
        private final transient PatientId patient;
        private final transient AuditActor auditActor;
        private final boolean staff;
        private final String reason;

        private Denied(Operation operation, PatientId patient, AuditActor auditActor, boolean staff, String reason) {
            super("access denied: " + reason, null, false, false);
            this.operation = operation;
            this.patient = patient;
            this.auditActor = auditActor;
            this.staff = staff;
            this.reason = reason;
        }

        /** The machine reason audited. */
        public String reason() {
            return reason;
        }

        /** The actor audited. */
        public AuditActor auditActor() {
            return auditActor;
        }
    }

    /**
     * Runs one call of a {@link PatientOperation} from start to end (see the class description).
     *
     * @param actor      who calls; absent is denied
     * @param patient    the patient acted on or for; null is a violation on {@code "patient"}
     * @param operation  the operation
     * @param violations the violations of the other arguments (no storage access), if any
     * @param work       the use case
     * @param <T>        its result
     * @return what the work returned
     * @throws org.patientportal.core.InvalidRequestException with every violation
     * @throws AccessDeniedException                         for a staff actor without a listed role
     * @throws NotFoundException                             for any other denial
     */
    public <T> T run(Actor actor, PatientId patient, Operation operation, Supplier<List<Violation>> violations,
                     Work<T> work) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(work, "work");
        AuditActor[] auditActor = {AuditActors.of(actor)};
        try {
            if (actor != null && actor.kind() == ActorKind.STAFF) {
                auditActor[0] = AuditActors.of(actor, staffRole(actor, patient, operation));
            }
            List<Violation> all = new ArrayList<>(violations == null ? List.of() : violations.get());
            if (patient == null) {
                all.add(new Violation("patient", "must not be null"));
            }
            Validation.require(all);
            return transactions.run(tx -> {
                Access access = check(tx, actor, patient, operation);
                auditActor[0] = access.auditActor();
                return work.execute(tx, access);
            });
        } catch (Denied denied) {
            throw deny(denied);
        } catch (RuntimeException e) {
            audit.recordFailure(transactions, tx -> Audited.failure(existing(tx, patient), auditActor[0],
                    operation.rules().action(), operation.rules().category(),
                    patient == null ? null : patient.toString(), e), e);
            throw e;
        }
    }

    /**
     * Decides, inside the caller's transaction.
     *
     * @return the access granted
     * @throws Denied if denied: end the transaction and throw what {@link #deny} returns
     */
    public Access check(StorageTransaction tx, Actor actor, PatientId patient, Operation operation) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(operation, "operation");
        AuditActor fallback = AuditActors.of(actor);
        try {
            if (patient == null) {
                throw denied(operation, null, fallback, false, "no_patient");
            }
            if (actor == null) {
                throw denied(operation, patient, fallback, false, "no_actor");
            }
            if (actor.kind() == ActorKind.STAFF) {
                Role role = staffRole(actor, patient, operation);
                return new Access(operation, actor, patient, Via.STAFF, AuditActors.of(actor, role), role, null,
                        ALL_SCOPES);
            }
            if (actor.kind() != ActorKind.PATIENT) {
                throw denied(operation, patient, fallback, false, "unknown_actor");
            }
            return decideAccount(tx, actor, patient, operation);
        } catch (Denied | StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("access policy failed closed on {}: {}", operation.name(), e.getClass().getName());
            throw denied(operation, patient, fallback, actor != null && actor.kind() == ActorKind.STAFF,
                    "policy_error");
        }
    }

    /**
     * As {@link #check(StorageTransaction, Actor, PatientId, Operation)} with a bare annotation (the
     * security log then names the operation {@code "operation"}).
     */
    public Access check(StorageTransaction tx, Actor actor, PatientId patient, PatientOperation rules) {
        return check(tx, actor, patient, new Operation("operation", rules));
    }

    /**
     * Audits a denial DENIED in its own transaction (AD-3), logs it (LG-2) and gives the exception to
     * throw: {@link AccessDeniedException} for a staff actor, {@code NotFoundException("patient")}
     * otherwise. Call it once per denial, outside any transaction.
     */
    public PortalException deny(Denied denied) {
        Objects.requireNonNull(denied, "denied");
        PortalException answer = denied.staff ? new AccessDeniedException() : new NotFoundException(NOT_FOUND_WHAT);
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("operation", denied.operation.name());
        ids.put("actor", denied.auditActor.kind() + ":" + denied.auditActor.id());
        ids.put("patientId", denied.patient == null ? "none" : denied.patient.toString());
        ids.put("reason", denied.reason);
        SecurityLog.event("access", "denied", ids);
        PatientId patient = denied.patient;
        audit.recordFailure(transactions, tx -> new Audited(existing(tx, patient), denied.auditActor,
                denied.operation.rules().action(), denied.operation.rules().category(),
                patient == null ? null : patient.toString(), AuditOutcome.DENIED, denied.reason), answer);
        return answer;
    }

    private static Role staffRole(Actor actor, PatientId patient, Operation operation) {
        for (Role role : operation.rules().staff()) {
            if (actor.hasRole(role)) {
                return role;
            }
        }
        throw denied(operation, patient, AuditActors.of(actor), true, "access_denied");
    }

    private Access decideAccount(StorageTransaction tx, Actor actor, PatientId patient, Operation operation) {
        PatientOperation rules = operation.rules();
        AccountId account = actor.accountId().orElseThrow();
        PatientId own = actor.patientId().orElseThrow();
        AuditActor self = AuditActors.of(actor);
        if (own.equals(patient)) {
            if (!rules.self()) {
                throw denied(operation, patient, self, false, "not_for_patients");
            }
            if (rules.adultSelfOnly()) {
                Optional<Patient> found = tx.patients().find(patient);
                if (found.isEmpty() || !ProxyRules.isAdult(found.get().birthDate(), ProxyRules.today(clock))) {
                    throw denied(operation, patient, self, false, "not_adult");
                }
            }
            return new Access(operation, actor, patient, Via.SELF, self, null, null, ALL_SCOPES);
        }
        List<ProxyGrant> grants = tx.proxyGrants().findUnrevoked(account, patient);
        if (grants.isEmpty()) {
            throw denied(operation, patient, self, false, "no_grant");
        }
        AuditActor proxy = new AuditActor(ActorKind.PROXY, account.toString(), null);
        if (rules.scope().length == 0) {
            throw denied(operation, patient, proxy, false, "not_for_proxies");
        }
        Optional<Patient> found = tx.patients().find(patient);
        if (found.isEmpty()) {
            throw denied(operation, patient, proxy, false, "no_patient");
        }
        LocalDate birthDate = found.get().birthDate();
        Instant now = Time.now(clock);
        LocalDate today = ProxyRules.today(clock);
        EnumSet<ProxyScope> needed = EnumSet.noneOf(ProxyScope.class);
        needed.addAll(List.of(rules.scope()));
        String reason = null;
        for (ProxyGrant grant : grants) {
            if (!grant.patientId().equals(patient) || !grant.proxyAccountId().equals(account)) {
                continue; // a store that answers with someone else's grant grants nothing
            }
            Set<ProxyScope> effective = ProxyRules.effectiveScopes(grant, birthDate, now, today);
            if (effective.containsAll(needed)) {
                return new Access(operation, actor, patient, Via.PROXY, proxy, null, grant, effective);
            }
            reason = stronger(reason, whyNot(grant, birthDate, now, today, needed, effective));
        }
        throw denied(operation, patient, proxy, false, reason == null ? "no_grant" : reason);
    }

    private static String whyNot(ProxyGrant grant, LocalDate birthDate, Instant now, LocalDate today,
                                 Set<ProxyScope> needed, Set<ProxyScope> effective) {
        switch (ProxyRules.standing(grant, birthDate, now, today)) {
            case EXPIRED:
                return "grant_expired";
            case ENDED_AT_ADULTHOOD:
                return "grant_ended";
            case REVOKED:
                return "no_grant";
            default:
                return grant.scopes().containsAll(needed) && !effective.containsAll(needed)
                        ? "teen_restricted" : "scope_not_granted";
        }
    }

    /** Of two grants' reasons, the one closer to being allowed (the most useful in the trail). */
    private static String stronger(String current, String candidate) {
        if (current == null) {
            return candidate;
        }
        return REASON_ORDER.indexOf(candidate) > REASON_ORDER.indexOf(current) ? candidate : current;
    }

    private static Denied denied(Operation operation, PatientId patient, AuditActor auditActor, boolean staff,
                                 String reason) {
        return new Denied(operation, patient, auditActor, staff, reason);
    }

    private static PatientId existing(StorageTransaction tx, PatientId patient) {
        return patient != null && tx.patients().find(patient).isPresent() ? patient : null;
    }
}
