package org.patientportal.core.internal.proxy;

import org.patientportal.core.internal.Validation;
import org.patientportal.core.proxy.*;

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
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Access;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.AuditActors;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import java.util.UUID;
import org.patientportal.core.internal.ProxyRules;
import org.patientportal.core.internal.SecurityLog;
import org.patientportal.core.internal.Time;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * The {@link Proxies} use cases. Built by the portal builder; not API.
 *
 * <p>Operations that take a patient id run through the access policy ({@code AccessPolicy.run}):
 * staff role, validation, then one transaction with the decision, the use case's writes and its
 * SUCCESS audit event; a failure is audited once in its own transaction.
 */
public final class ProxyService implements Proxies {
    /** Audit data category of grants. */
    public static final String CATEGORY = "proxy-grant";
    private static final String LIST_GRANTS = "proxy.grants";
    private static final String LIST_ACTING = "proxy.acting-for";
    private static final String OWN_ONLY = "0";
    /** Audit data category of the patients listed by {@link #actingFor}. */
    public static final String PATIENT = "patient";

    private static final int PAGE = 1000;
    private static final Operation GRANT = Operation.of(Proxies.class, "grant", Actor.class, PatientId.class,
            GrantProxy.class);
    private static final Operation RENEW = Operation.of(Proxies.class, "renew", Actor.class, PatientId.class,
            ProxyGrantId.class);
    private static final Operation REVOKE = Operation.of(Proxies.class, "revoke", Actor.class, PatientId.class,
            ProxyGrantId.class);
    private static final Operation CONSENT = Operation.of(Proxies.class, "consent", Actor.class, PatientId.class,
            ProxyGrantId.class, Set.class);
    private static final Operation GRANTS = Operation.of(Proxies.class, "grants", Actor.class, PatientId.class,
            PageRequest.class);

    private final PortalContext context;

    /**
     * @param context the portal's shared plumbing
     */
    public ProxyService(PortalContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public ProxyGrantView grant(Actor staff, PatientId patient, GrantProxy command) {
        return context.access().run(staff, patient, GRANT, () -> context.validation().violations(command),
                (tx, access) -> {
                    Patient found = patient(tx, patient);
                    Account account = tx.accounts().find(command.proxyAccount())
                            .orElseThrow(() -> new NotFoundException("account"));
                    if (account.patientId().equals(patient)) {
                        throw new RuleViolationException("own_record", "an account cannot be a proxy on its own record");
                    }
                    Instant now = Time.now(context.clock());
                    LocalDate today = ProxyRules.today(context.clock());
                    boolean child = ProxyRules.isChildGrant(command.relationship());
                    if (!ProxyRules.fits(command.relationship(), found.birthDate(), today)) {
                        throw child
                                ? new RuleViolationException("patient_not_minor",
                                        "a parent or guardian grant is for a patient under 18")
                                : new RuleViolationException("patient_not_adult",
                                        "a caregiver grant is for a patient aged 18 or more");
                    }
                    for (ProxyGrant held : tx.proxyGrants().findUnrevoked(account.id(), patient)) {
                        if (ProxyRules.standing(held, found.birthDate(), now, today) == ProxyRules.Standing.ACTIVE) {
                            throw new ConflictException("the account already holds an active grant for this patient");
                        }
                    }
                    Instant expiresAt = child
                            ? ProxyRules.childExpiry(found.birthDate(), context.clock().getZone())
                            : ProxyRules.caregiverExpiry(now, context.clock().getZone());
                    ProxyGrant grant = new ProxyGrant(ProxyGrantId.newId(), account.id(), patient,
                            command.relationship(), command.scopes(), Set.of(), now, staffId(access), expiresAt,
                            null, null, 0);
                    tx.proxyGrants().insert(grant);
                    context.audit().record(tx, access.success(grant.id().toString()));
                    return view(grant);
                });
    }

    @Override
    public ProxyGrantView renew(Actor staff, PatientId patient, ProxyGrantId grant) {
        return context.access().run(staff, patient, RENEW, () -> required(grant, "grant"), (tx, access) -> {
            patient(tx, patient);
            ProxyGrant found = grantOn(tx, patient, grant);
            if (ProxyRules.isChildGrant(found.relationship())) {
                throw new RuleViolationException("not_renewable",
                        "a parent or guardian grant is not renewed: it ends on the 18th birthday");
            }
            Instant expiresAt = ProxyRules.caregiverExpiry(Time.now(context.clock()), context.clock().getZone());
            ProxyGrant renewed = tx.proxyGrants().update(found.with(found.scopes(), found.teenConsent(), expiresAt));
            context.audit().record(tx, access.success(grant.toString()));
            return view(renewed);
        });
    }

    @Override
    public void revoke(Actor actor, PatientId patient, ProxyGrantId grant) {
        context.access().run(actor, patient, REVOKE, () -> required(grant, "grant"), (tx, access) -> {
            patient(tx, patient);
            Optional<ProxyGrant> found = tx.proxyGrants().find(grant);
            if (found.isEmpty() || !found.get().patientId().equals(patient)) {
                throw new NotFoundException("proxy grant");
            }
            String by = access.actor().staffId()
                    .orElseGet(() -> access.actor().accountId().map(AccountId::toString).orElseThrow());
            if (!found.get().revoked()) {
                tx.proxyGrants().revoke(grant, by, Time.now(context.clock()));
            }
            context.audit().record(tx, access.success(grant.toString()));
            return null;
        });
    }

    @Override
    public ProxyGrantView consent(Actor teen, PatientId patient, ProxyGrantId grant, Set<ProxyScope> scopes) {
        return context.access().run(teen, patient, CONSENT, () -> consentViolations(grant, scopes), (tx, access) -> {
            Patient found = patient(tx, patient);
            ProxyGrant held = grantOn(tx, patient, grant);
            if (!ProxyRules.isTeen(found.birthDate(), ProxyRules.today(context.clock()))) {
                throw new RuleViolationException("not_a_teen", "consent is given by a patient aged 12 to 17");
            }
            if (!ProxyRules.isChildGrant(held.relationship())) {
                throw new RuleViolationException("not_a_child_grant", "consent applies to a parent or guardian grant");
            }
            if (!held.scopes().containsAll(scopes)) {
                throw new RuleViolationException("scope_not_granted", "the grant does not give this scope");
            }
            ProxyGrant updated = tx.proxyGrants().update(held.with(held.scopes(), scopes, held.expiresAt()));
            context.audit().record(tx, access.success(grant.toString()));
            return view(updated);
        });
    }

    @Override
    public Page<ProxyGrantView> grants(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, GRANTS,
                () -> PageCursors.violations(context.validation(), page, LIST_GRANTS, 1, PageRequest.MAX_SIZE),
                (tx, access) -> {
            patient(tx, patient);
            UUID after = PageCursors.idOf(LIST_GRANTS, page);
            List<ProxyGrant> found = tx.proxyGrants().listForPatient(patient,
                    after == null ? null : new ProxyGrantId(after), page.size() + 1);
            context.audit().record(tx, access.success(patient.toString()));
            List<ProxyGrantView> items = found.subList(0, Math.min(found.size(), page.size())).stream()
                    .map(ProxyService::view).toList();
            String next = found.size() > page.size()
                    ? PageCursors.afterId(LIST_GRANTS, found.get(page.size() - 1).id().value()) : null;
            return new Page<>(items, next);
        });
    }

    private static ProxyGrantView view(ProxyGrant g) {
        return new ProxyGrantView(g.id(), g.proxyAccountId(), g.patientId(), g.relationship(), g.scopes(),
                g.teenConsent(), g.grantedAt(), g.grantedBy(), g.expiresAt(), g.revokedAt(), g.revokedBy());
    }

    @Override
    public Page<ActingFor> actingFor(Actor me, PageRequest page) {
        if (me == null) {
            throw InvalidRequestException.of("actor", "is required");
        }
        if (me.kind() != ActorKind.PATIENT || me.accountId().isEmpty() || me.patientId().isEmpty()) {
            SecurityLog.event("access", "denied", Map.of("operation", "proxies.actingFor",
                    "actor", me.kind() + ":" + me.staffId().orElse("unknown")));
            AccessDeniedException denied = new AccessDeniedException();
            context.audit().recordFailure(context.transactions(), Audited.failure(null, AuditActors.of(me),
                    AuditAction.READ, PATIENT, null, denied), denied);
            throw denied;
        }
        AccountId account = me.accountId().get();
        PatientId own = me.patientId().get();
        AuditActor self = AuditActors.of(me);
        AuditActor proxy = new AuditActor(ActorKind.PROXY, account.toString(), null);
        try {
            Validation.require(PageCursors.violations(context.validation(), page, LIST_ACTING, 1,
                    PageRequest.MAX_SIZE));
            // The first page starts with the account's own record; a cursor is then the last grant
            // read, or OWN_ONLY when the first page held the own record and nothing else.
            String position = PageCursors.fieldOf(LIST_ACTING, page);
            ProxyGrantId after = position == null || position.equals(OWN_ONLY) ? null
                    : new ProxyGrantId(PageCursors.uuidOf(position));
            return context.transactions().run(tx -> {
                Instant now = Time.now(context.clock());
                LocalDate today = ProxyRules.today(context.clock());
                List<ActingFor> items = new ArrayList<>();
                if (position == null) {
                    Patient ownRecord = patient(tx, own);
                    items.add(new ActingFor(own, ownRecord.givenName(), null, EnumSet.allOf(ProxyScope.class)));
                }
                int room = page.size() - items.size();
                String next = null;
                List<ProxyGrant> found = tx.proxyGrants().listForProxy(account, after, room + 1);
                if (room == 0) {
                    next = found.isEmpty() ? null : PageCursors.encode(LIST_ACTING, OWN_ONLY);
                } else {
                    for (ProxyGrant grant : found.subList(0, Math.min(found.size(), room))) {
                        if (!grant.proxyAccountId().equals(account) || grant.patientId().equals(own)) {
                            continue;
                        }
                        Optional<Patient> subject = tx.patients().find(grant.patientId());
                        if (subject.isEmpty()) {
                            continue;
                        }
                        Set<ProxyScope> scopes = ProxyRules.effectiveScopes(grant, subject.get().birthDate(), now,
                                today);
                        if (!scopes.isEmpty()) {
                            items.add(new ActingFor(grant.patientId(), subject.get().givenName(),
                                    grant.relationship(), scopes));
                        }
                    }
                    if (found.size() > room) {
                        next = PageCursors.afterId(LIST_ACTING, found.get(room - 1).id().value());
                    }
                }
                for (ActingFor entry : items) {
                    context.audit().record(tx, Audited.success(entry.patientId(), entry.self() ? self : proxy,
                            AuditAction.READ, PATIENT, entry.patientId().toString()));
                }
                return new Page<>(items, next);
            });
        } catch (RuntimeException e) {
            context.audit().recordFailure(context.transactions(), Audited.failure(own, self, AuditAction.READ,
                    PATIENT, own.toString(), e), e);
            throw e;
        }
    }

    private static List<Violation> required(Object value, String path) {
        return value == null ? List.of(new Violation(path, "must not be null")) : List.of();
    }

    private static List<Violation> consentViolations(ProxyGrantId grant, Set<ProxyScope> scopes) {
        List<Violation> out = new ArrayList<>(required(grant, "grant"));
        if (scopes == null) {
            out.add(new Violation("scopes", "must not be null"));
        } else {
            for (ProxyScope scope : new ArrayList<>(scopes)) {
                if (scope == null) {
                    out.add(new Violation("scopes", "must not hold null"));
                } else if (!ProxyRules.TEEN_CONSENT_SCOPES.contains(scope)) {
                    out.add(new Violation("scopes", "only RESULTS and MESSAGING need a teen's consent"));
                }
            }
        }
        return out;
    }

    private static Patient patient(StorageTransaction tx, PatientId patient) {
        return tx.patients().find(patient).orElseThrow(() -> new NotFoundException("patient"));
    }

    /** The grant, not revoked, on this patient's record. */
    private static ProxyGrant grantOn(StorageTransaction tx, PatientId patient, ProxyGrantId grant) {
        return tx.proxyGrants().find(grant)
                .filter(g -> g.patientId().equals(patient) && !g.revoked())
                .orElseThrow(() -> new NotFoundException("proxy grant"));
    }

    private static String staffId(Access access) {
        return access.actor().staffId().orElseThrow();
    }
}
