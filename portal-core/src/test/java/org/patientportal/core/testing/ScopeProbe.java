package org.patientportal.core.testing;

import java.time.Clock;
import org.patientportal.core.Actor;
import org.patientportal.core.PatientOperation;
import org.patientportal.core.internal.AccessPolicy;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.model.AuditAction;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.storage.PortalStorage;

/**
 * A test-only capability with one operation per proxy scope, decided by the real
 * {@link AccessPolicy} over the test's storage: it lets the proxy rules (PX-2) be tested to the day
 * before capabilities with those scopes exist. Each call that is allowed writes a SUCCESS audit
 * event and answers how access was granted ({@code "SELF"}, {@code "PROXY"}, {@code "STAFF"}).
 */
public interface ScopeProbe {
    /** Category of the probe's audit events. */
    String CATEGORY = "probe";

    /** Needs APPOINTMENTS. */
    @PatientOperation(scope = ProxyScope.APPOINTMENTS, action = AuditAction.READ, category = CATEGORY)
    String appointments(Actor actor, PatientId patient);

    /** Needs MEDICATIONS. */
    @PatientOperation(scope = ProxyScope.MEDICATIONS, action = AuditAction.READ, category = CATEGORY)
    String medications(Actor actor, PatientId patient);

    /** Needs RESULTS. */
    @PatientOperation(scope = ProxyScope.RESULTS, action = AuditAction.READ, category = CATEGORY)
    String results(Actor actor, PatientId patient);

    /** Needs MESSAGING. */
    @PatientOperation(scope = ProxyScope.MESSAGING, action = AuditAction.READ, category = CATEGORY)
    String messaging(Actor actor, PatientId patient);

    /** Needs RECORDS. */
    @PatientOperation(scope = ProxyScope.RECORDS, action = AuditAction.READ, category = CATEGORY)
    String records(Actor actor, PatientId patient);

    /** Needs RESULTS and MESSAGING together. */
    @PatientOperation(scope = {ProxyScope.RESULTS, ProxyScope.MESSAGING}, action = AuditAction.READ,
            category = CATEGORY)
    String resultsAndMessaging(Actor actor, PatientId patient);

    /** The adult patient only. */
    @PatientOperation(adultSelfOnly = true, action = AuditAction.UPDATE, category = CATEGORY)
    String adultSelf(Actor actor, PatientId patient);

    /** Clinicians only. */
    @PatientOperation(self = false, staff = org.patientportal.core.Role.CLINICIAN, action = AuditAction.READ,
            category = CATEGORY)
    String clinicianOnly(Actor actor, PatientId patient);

    /** A probe over {@code storage}, with the test key and {@code clock} (the portal's). */
    static ScopeProbe over(PortalStorage storage, Clock clock) {
        PortalContext context = PortalContext.create(storage, clock, TestPortals.testKey(), (a, p, s) -> {
            throw new UnsupportedOperationException("the probe mints no actor");
        });
        return new Impl(context.access(), context);
    }

    /** The implementation: every method runs through the policy. */
    final class Impl implements ScopeProbe {
        private final AccessPolicy policy;
        private final PortalContext context;

        Impl(AccessPolicy policy, PortalContext context) {
            this.policy = policy;
            this.context = context;
        }

        private String call(String method, Actor actor, PatientId patient) {
            Operation operation = Operation.of(ScopeProbe.class, method, Actor.class, PatientId.class);
            return policy.run(actor, patient, operation, null, (tx, access) -> {
                context.audit().record(tx, access.success(null));
                return access.via().name();
            });
        }

        @Override
        public String appointments(Actor actor, PatientId patient) {
            return call("appointments", actor, patient);
        }

        @Override
        public String medications(Actor actor, PatientId patient) {
            return call("medications", actor, patient);
        }

        @Override
        public String results(Actor actor, PatientId patient) {
            return call("results", actor, patient);
        }

        @Override
        public String messaging(Actor actor, PatientId patient) {
            return call("messaging", actor, patient);
        }

        @Override
        public String records(Actor actor, PatientId patient) {
            return call("records", actor, patient);
        }

        @Override
        public String resultsAndMessaging(Actor actor, PatientId patient) {
            return call("resultsAndMessaging", actor, patient);
        }

        @Override
        public String adultSelf(Actor actor, PatientId patient) {
            return call("adultSelf", actor, patient);
        }

        @Override
        public String clinicianOnly(Actor actor, PatientId patient) {
            return call("clinicianOnly", actor, patient);
        }
    }
}
