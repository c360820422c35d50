package org.patientportal.core.internal.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Access;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.CodeDeliveries;
import org.patientportal.core.internal.CodeFormat;
import org.patientportal.core.internal.ContactDeliveries;
import org.patientportal.core.internal.KeyPurpose;
import org.patientportal.core.internal.Keys;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.SecurityLog;
import org.patientportal.core.internal.Time;
import org.patientportal.core.profile.ChangeEmail;
import org.patientportal.core.profile.ChangeMobile;
import org.patientportal.core.profile.ConfirmContactChange;
import org.patientportal.core.profile.ContactChangeRequested;
import org.patientportal.core.profile.PendingContactChange;
import org.patientportal.core.profile.Profile;
import org.patientportal.core.profile.ProfileView;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.ContactChange;
import org.patientportal.model.ContactChangeId;
import org.patientportal.model.ContactKind;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * The {@link Profile} implementation (PR-1, PR-2). Built by the portal builder; not API.
 *
 * <p>A code is {@link CodeFormat}'s (75 bits from {@code SecureRandom}), stored only as the HMAC of
 * the request id and the code under {@link KeyPurpose#CONTACT_CHANGE_CODE}, and travels sealed in
 * its outbox entry to the new address ({@link ContactDeliveries}). A confirmation counts the attempt
 * in storage before comparing (the row stays locked until the transaction ends, so concurrent
 * guesses cannot outrun the limit), and a refused attempt commits its count and its FAILED audit
 * event before the exception is thrown.
 */
public final class ProfileService implements Profile {
    /** Audit category of a profile read. */
    public static final String CATEGORY_PROFILE = "profile";
    /** Audit category of a requested contact change. */
    public static final String CATEGORY_CONTACT_CHANGE = "contact-change";
    /** Audit category of a confirmed (or refused) contact change. */
    public static final String CATEGORY_CONTACT = "contact";
    /** How long a confirmation code is accepted. */
    public static final Duration CODE_VALIDITY = Duration.ofMinutes(15);
    /** Wrong codes that lock a request; the patient then asks again. */
    public static final int MAX_ATTEMPTS = 5;

    private static final Operation VIEW = Operation.of(Profile.class, "view", Actor.class, PatientId.class);
    private static final Operation CHANGE_EMAIL = Operation.of(Profile.class, "changeEmail", Actor.class,
            PatientId.class, ChangeEmail.class);
    private static final Operation CHANGE_MOBILE = Operation.of(Profile.class, "changeMobile", Actor.class,
            PatientId.class, ChangeMobile.class);
    private static final Operation CONFIRM = Operation.of(Profile.class, "confirmContactChange", Actor.class,
            PatientId.class, ConfirmContactChange.class);

    private final PortalContext context;

    /** @param context the portal's shared plumbing */
    public ProfileService(PortalContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public ProfileView view(Actor actor, PatientId patient) {
        return context.access().run(actor, patient, VIEW, List::of, (tx, access) -> {
            Patient found = tx.patients().find(patient).orElseThrow(() -> new NotFoundException("patient"));
            ProfileView view = view(tx, found, Time.now(context.clock()));
            context.audit().record(tx, access.success(patient.toString()));
            return view;
        });
    }

    @Override
    public ContactChangeRequested changeEmail(Actor actor, PatientId patient, ChangeEmail command) {
        return request(actor, patient, CHANGE_EMAIL, context.validation().violations(command), ContactKind.EMAIL,
                command == null || command.newEmail() == null ? null : command.newEmail().strip());
    }

    @Override
    public ContactChangeRequested changeMobile(Actor actor, PatientId patient, ChangeMobile command) {
        return request(actor, patient, CHANGE_MOBILE, context.validation().violations(command), ContactKind.MOBILE,
                command == null || command.newMobile() == null ? null : command.newMobile().strip());
    }

    private ContactChangeRequested request(Actor actor, PatientId patient, Operation operation,
                                           List<Violation> violations, ContactKind kind, @Nullable String address) {
        return context.access().run(actor, patient, operation, () -> violations, (tx, access) -> {
            Patient found = tx.patients().find(patient).orElseThrow(() -> new NotFoundException("patient"));
            String onFile = onFile(found, kind);
            String newAddress = Objects.requireNonNull(address, "address");
            if (onFile != null && same(kind, onFile, newAddress)) {
                throw new RuleViolationException("same_as_on_file", "that is already the " + word(kind) + " on file");
            }
            Instant now = Time.now(context.clock());
            Instant expiresAt = now.plus(CODE_VALIDITY);
            String code = CodeFormat.generate();
            ContactChangeId id = ContactChangeId.newId();
            tx.contactChanges().put(new ContactChange(id, patient, kind, newAddress, codeHash(id, code), now,
                    expiresAt, 0, null));
            tx.outbox().cancelPending(ContactDeliveries.codeCorrelationKey(patient, kind), now);
            tx.outbox().enqueue(ContactDeliveries.codeEntry(context.keys(), patient, access.actor().accountId()
                    .orElse(null), kind, newAddress, CodeFormat.display(code), now, expiresAt));
            context.audit().record(tx, access.success(id.toString()));
            return new ContactChangeRequested(kind, mask(kind, newAddress), expiresAt);
        });
    }

    @Override
    public ProfileView confirmContactChange(Actor actor, PatientId patient, ConfirmContactChange command) {
        List<Violation> violations = new ArrayList<>(context.validation().violations(command));
        Optional<String> code = command == null ? Optional.empty() : CodeFormat.normalize(command.code());
        if (command != null && command.code() != null && !command.code().isBlank() && code.isEmpty()) {
            violations.add(new Violation("code", CodeFormat.MALFORMED));
        }
        Confirmation outcome = context.access().run(actor, patient, CONFIRM, () -> violations,
                (tx, access) -> confirm(tx, access, command.kind(), code.orElseThrow()));
        if (outcome.refusal() != null) {
            Map<String, Object> ids = new LinkedHashMap<>();
            ids.put("patientId", patient);
            ids.put("changeId", outcome.changeId() == null ? "none" : outcome.changeId());
            ids.put("reason", outcome.refusal());
            ids.put("failures", outcome.failures());
            SecurityLog.event("contact_change", "failure", ids);
            if (outcome.failures() == MAX_ATTEMPTS && "wrong_code".equals(outcome.refusal())) {
                SecurityLog.event("contact_change_lock", "locked", Map.of("changeId", outcome.changeId()));
            }
            throw new RuleViolationException(outcome.refusal(), message(outcome.refusal()));
        }
        SecurityLog.event("contact_change", "success", Map.of("patientId", patient, "changeId", outcome.changeId()));
        return Objects.requireNonNull(outcome.view());
    }

    private Confirmation confirm(StorageTransaction tx, Access access, ContactKind kind, String code) {
        PatientId patient = access.patient();
        Patient found = tx.patients().find(patient).orElseThrow(() -> new NotFoundException("patient"));
        Instant now = Time.now(context.clock());
        Optional<ContactChange> pending = tx.contactChanges().find(patient, kind).filter(ContactChange::isPending);
        String refusal = null;
        int failures = 0;
        ContactChange change = pending.orElse(null);
        if (change == null) {
            refusal = "no_pending_change";
        } else if (!now.isBefore(change.expiresAt())) {
            refusal = "code_expired";
            failures = change.failedAttempts();
        } else if (change.failedAttempts() >= MAX_ATTEMPTS) {
            refusal = "code_locked";
            failures = change.failedAttempts();
        } else {
            // counted before the comparison: the row stays locked, so concurrent guesses queue on it
            failures = tx.contactChanges().recordFailedAttempt(patient, change.id());
            if (failures < 0) {
                refusal = "no_pending_change";
            } else if (failures > MAX_ATTEMPTS) {
                refusal = "code_locked";
            } else if (!Keys.hashEquals(codeHash(change.id(), code), change.codeHash())) {
                refusal = "wrong_code";
            } else if (!tx.contactChanges().confirm(patient, change.id(), now)) {
                refusal = "no_pending_change";
            }
        }
        String recordId = change == null ? patient.toString() : change.id().toString();
        if (refusal != null) {
            context.audit().record(tx, new Audited(patient, access.auditActor(), AuditAction.UPDATE, CATEGORY_CONTACT,
                    recordId, AuditOutcome.FAILED, refusal));
            return new Confirmation(null, refusal, failures, change == null ? null : change.id());
        }
        Patient updated = tx.patients().update(withContact(found, kind, change.newAddress()));
        // PR-2: a password-reset code must not outlive the address it may have gone to, nor go out after it
        CodeDeliveries.revoke(tx, patient, CodePurpose.PASSWORD_RESET, now);
        NotificationPreferences preferences = tx.preferences().find(patient).orElse(null);
        boolean smsConsented = preferences != null && preferences.smsConsented();
        if (kind == ContactKind.MOBILE && preferences != null && preferences.smsConsentAt() != null) {
            // consent was given for the number replaced: the new one needs its own (NT-1)
            tx.preferences().save(new NotificationPreferences(patient, preferences.channelsByKind(),
                    preferences.pushAddress(), preferences.pushAddressSelfSet(), null, preferences.smsStoppedAt(),
                    preferences.version()));
        }
        String previous = onFile(found, kind);
        boolean tellPrevious = previous != null && (kind == ContactKind.EMAIL || smsConsented);
        tx.outbox().enqueue(ContactDeliveries.changedEntry(context.keys(), patient,
                access.actor().accountId().orElse(null),
                tellPrevious ? ContactDeliveries.channelOf(kind) : null, tellPrevious ? previous : null, now));
        context.audit().record(tx, access.success(recordId));
        return new Confirmation(view(tx, updated, now), null, failures, change.id());
    }

    /**
     * What a confirmation came to, once its transaction committed.
     *
     * @param view     the profile after a confirmed change
     * @param refusal  why it was refused, if it was
     * @param failures the request's attempt count after this call
     * @param changeId the request, if there was one
     */
    private record Confirmation(@Nullable ProfileView view, @Nullable String refusal, int failures,
                                @Nullable ContactChangeId changeId) {
    }

    private ProfileView view(StorageTransaction tx, Patient patient, Instant now) {
        List<PendingContactChange> pending = new ArrayList<>();
        for (ContactKind kind : ContactKind.values()) {
            tx.contactChanges().find(patient.id(), kind)
                    .filter(c -> c.isPending() && now.isBefore(c.expiresAt()) && c.failedAttempts() < MAX_ATTEMPTS)
                    .ifPresent(c -> pending.add(new PendingContactChange(kind, mask(kind, c.newAddress()),
                            c.expiresAt())));
        }
        return new ProfileView(patient.id(), patient.givenName(), patient.familyName(), patient.birthDate(),
                patient.email() == null ? null : maskEmail(patient.email()),
                patient.mobile() == null ? null : ending(patient.mobile()), pending);
    }

    private String codeHash(ContactChangeId id, String normalizedCode) {
        return context.keys().hmac(KeyPurpose.CONTACT_CHANGE_CODE, id + "|" + normalizedCode);
    }

    private static @Nullable String onFile(Patient patient, ContactKind kind) {
        return kind == ContactKind.EMAIL ? patient.email() : patient.mobile();
    }

    private static boolean same(ContactKind kind, String onFile, String asked) {
        return kind == ContactKind.EMAIL ? onFile.toLowerCase(Locale.ROOT).equals(asked.toLowerCase(Locale.ROOT))
                : onFile.equals(asked);
    }

    private static Patient withContact(Patient p, ContactKind kind, String address) {
        return new Patient(p.id(), p.mrn(), p.givenName(), p.familyName(), p.birthDate(), p.ssn4Hash(),
                kind == ContactKind.EMAIL ? address : p.email(), kind == ContactKind.MOBILE ? address : p.mobile(),
                p.registeredAt(), p.version());
    }

    private static String word(ContactKind kind) {
        return kind == ContactKind.EMAIL ? "email address" : "mobile number";
    }

    private static String message(String refusal) {
        return switch (refusal) {
            case "no_pending_change" -> "there is no change waiting for a code: ask for the change again";
            case "code_expired" -> "the code expired: ask for the change again";
            case "code_locked" -> "too many wrong codes: ask for the change again";
            default -> "the code is not the one sent to the new address";
        };
    }

    /** An address as shown back: {@code j***@example.org}, or {@code ***1234} for a mobile number. */
    static String mask(ContactKind kind, String address) {
        return kind == ContactKind.EMAIL ? maskEmail(address) : "***" + ending(address);
    }

    /** {@code j***@example.org}: the first character of the local part and the domain. */
    static String maskEmail(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.substring(0, email.offsetByCodePoints(0, 1)) + "***" + email.substring(at);
    }

    /** The last four digits of a mobile number. */
    static String ending(String mobile) {
        return mobile.length() <= 4 ? mobile : mobile.substring(mobile.length() - 4);
    }
}
