package org.patientportal.core.internal.enrollment;

import org.patientportal.core.enrollment.*;
import org.patientportal.core.internal.auth.PasswordHasher;
import org.patientportal.core.internal.auth.PasswordRules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.AuditActors;
import org.patientportal.core.internal.CodeDeliveries;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.CodeFormat;
import org.patientportal.core.internal.CodeVerifier;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.SecurityLog;
import org.patientportal.core.internal.StaffAccess;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.Validation;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * The {@link Enrollment} use cases. Built by the portal builder; not API.
 *
 * <p>Every call: staff authorisation (ST-1) first, then validation of every input (IN-2), then one
 * transaction holding the use case's writes and its SUCCESS audit event; operations that take a
 * patient id do the same through the access policy ({@code AccessPolicy.run}). A call that fails writes
 * exactly one DENIED or FAILED audit event in its own transaction (AD-3); a rejected code's event
 * and failure counter are committed with the verification itself.
 */
public final class EnrollmentService implements Enrollment {
    /** Audit data category of patient registration. */
    public static final String PATIENT = "patient";
    /** Audit data category of sign-up codes. */
    public static final String ACTIVATION_CODE = "activation-code";
    /** Audit data category of password-reset codes. */
    public static final String RESET_CODE = "reset-code";
    /** Audit data category of accounts. */
    public static final String ACCOUNT = "account";
    /** Idempotency scope of sign-up. */
    public static final String SIGN_UP_SCOPE = "enrollment.signUp";

    private static final Operation ISSUE_ACTIVATION_CODE = Operation.of(Enrollment.class, "issueActivationCode",
            Actor.class, PatientId.class, Delivery.class);
    private static final Operation ISSUE_RESET_CODE = Operation.of(Enrollment.class, "issuePasswordResetCode",
            Actor.class, PatientId.class, Delivery.class);
    private static final Operation REVOKE_ACTIVATION_CODES = Operation.of(Enrollment.class, "revokeActivationCodes",
            Actor.class, PatientId.class);

    private static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);
    private static final String BIRTH_DATE_RANGE = "must be a real birth date with a 4-digit year, 1900 or later";

    private final PortalContext context;
    private final EnrollmentPolicy policy;
    private final PasswordHasher hashing;
    private final PasswordRules rules;

    /**
     * @param context the portal's shared plumbing
     * @param policy  code validities and failure limit
     * @param hashing password hashing for new accounts
     * @param rules   username and password rules
     */
    public EnrollmentService(PortalContext context, EnrollmentPolicy policy, PasswordHasher hashing,
                             PasswordRules rules) {
        this.context = Objects.requireNonNull(context, "context");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    @Override
    public PatientId registerPatient(Actor staff, RegisterPatient command) {
        Call call = new Call(staff, AuditAction.CREATE, PATIENT, null);
        return call.run(() -> {
            call.staffRole("enrollment.registerPatient");
            List<Violation> extra = new ArrayList<>();
            if (command != null) {
                checkBirthDate(command.birthDate(), extra);
                checkNoControl(command.givenName(), "givenName", extra);
                checkNoControl(command.familyName(), "familyName", extra);
            }
            context.validation().validate(command, extra);
            PatientId id = PatientId.newId();
            Instant now = Time.now(context.clock());
            Patient patient = new Patient(id, command.mrn(), command.givenName(), command.familyName(),
                    command.birthDate(), context.codes().ssn4Hash(id, command.ssnLast4()), command.email(),
                    command.mobile(), now, 0);
            return context.transactions().run(tx -> {
                if (tx.patients().findByMrn(command.mrn()).isPresent()) {
                    throw mrnTaken();
                }
                tx.patients().insert(patient);
                context.audit().record(tx, Audited.success(id, call.actor, AuditAction.CREATE, PATIENT, id.toString()));
                return id;
            }, duplicate -> mrnTaken());
        });
    }

    @Override
    public ActivationCode issueActivationCode(Actor staff, PatientId patient, Delivery delivery) {
        return issue(staff, patient, delivery, CodePurpose.SIGN_UP, ISSUE_ACTIVATION_CODE);
    }

    @Override
    public ActivationCode issuePasswordResetCode(Actor staff, PatientId patient, Delivery delivery) {
        return issue(staff, patient, delivery, CodePurpose.PASSWORD_RESET, ISSUE_RESET_CODE);
    }

    private ActivationCode issue(Actor staff, PatientId patient, Delivery delivery, CodePurpose purpose,
                                 Operation operation) {
        return context.access().run(staff, patient, operation,
                () -> delivery == null ? List.of(new Violation("delivery", "must not be null")) : List.of(),
                (tx, access) -> {
                    String code = CodeFormat.generate();
                    String codeHash = context.codes().codeHash(code);
                    Instant now = Time.now(context.clock());
                    Instant expiresAt = now.plus(policy.validityOf(delivery));
                    String issuedBy = access.actor().staffId().orElseThrow();
                    Patient found = tx.patients().find(patient).orElseThrow(() -> new NotFoundException("patient"));
                    Optional<Account> account = tx.accounts().findByPatient(patient);
                    boolean enrolled = account.isPresent();
                    if (purpose == CodePurpose.SIGN_UP && enrolled) {
                        throw new RuleViolationException("already_enrolled", "the patient already has an account");
                    }
                    if (purpose == CodePurpose.PASSWORD_RESET && !enrolled) {
                        throw new RuleViolationException("not_enrolled", "the patient has no account");
                    }
                    if (delivery == Delivery.EMAIL && found.email() == null) {
                        throw new RuleViolationException("no_email_on_file", "the patient has no email address on file");
                    }
                    if (delivery == Delivery.SMS && found.mobile() == null) {
                        throw new RuleViolationException("no_mobile_on_file", "the patient has no mobile number on file");
                    }
                    if (delivery == Delivery.SMS && smsStopped(tx, patient)) {
                        throw new RuleViolationException("sms_stopped",
                                "the patient's mobile number opted out of SMS (STOP); choose another delivery");
                    }
                    // EN-1: the previous code goes, and its undelivered message with it
                    CodeDeliveries.revoke(tx, patient, purpose, now);
                    ActivationCodeRecord record = new ActivationCodeRecord(ActivationCodeId.newId(), patient, purpose,
                            codeHash, delivery, now, expiresAt, issuedBy, CodeStatus.ACTIVE, 0, null, 0);
                    tx.activationCodes().insert(record);
                    // an email or SMS code travels sealed through the outbox, to the contact on file only
                    // (NT-2, never in clear in storage)
                    String kind = CodeDeliveries.kindOf(purpose);
                    boolean sent = CodeDeliveries.delivered(delivery);
                    if (sent) {
                        tx.outbox().enqueue(CodeDeliveries.entry(context.keys(), kind, found,
                                account.map(Account::id).orElse(null), delivery, CodeFormat.display(code), now, expiresAt));
                    }
                    context.audit().record(tx, access.success(record.id().toString()));
                    // EN-1: a sent code reaches the contact on file only, never the staff caller
                    return new ActivationCode(record.id(), patient, sent ? null : CodeFormat.display(code), delivery,
                            expiresAt);
                });
    }

    @Override
    public int revokeActivationCodes(Actor staff, PatientId patient) {
        return context.access().run(staff, patient, REVOKE_ACTIVATION_CODES, null, (tx, access) -> {
            Instant now = Time.now(context.clock());
            tx.patients().find(patient).orElseThrow(() -> new NotFoundException("patient"));
            int revoked = CodeDeliveries.revoke(tx, patient, CodePurpose.SIGN_UP, now)
                    + CodeDeliveries.revoke(tx, patient, CodePurpose.PASSWORD_RESET, now);
            context.audit().record(tx, access.success(patient.toString()));
            return revoked;
        });
    }

    @Override
    public SignedUp signUp(SignUp command) {
        Call call = new Call(null, AuditAction.CREATE, ACCOUNT, null);
        return call.run(() -> {
            List<Violation> extra = new ArrayList<>();
            Optional<String> code = Optional.empty();
            if (command != null) {
                code = CodeFormat.normalize(command.activationCode());
                if (command.activationCode() != null && code.isEmpty()) {
                    extra.add(new Violation("activationCode", CodeFormat.MALFORMED));
                }
                checkBirthDate(command.birthDate(), extra);
                extra.addAll(rules.check(command.username(), command.password()));
            }
            context.validation().validate(command, extra);
            String normalizedCode = code.orElseThrow();
            String usernameKey = PasswordRules.usernameKey(command.username());
            String passwordHash = hashing.hash(command.password());
            String key = command.idempotencyKey();
            String fingerprint = key == null ? null : context.idempotency().fingerprint(normalizedCode,
                    command.ssnLast4(), command.birthDate(), command.username(), command.password());
            Instant now = Time.now(context.clock());
            SignUpAttempt attempt = context.transactions().run(tx -> {
                Optional<SignedUp> replay = context.idempotency().replay(tx, SIGN_UP_SCOPE, key, fingerprint,
                        SignedUp.class);
                if (replay.isPresent()) {
                    return replayed(tx, call, replay.get());
                }
                CodeVerifier.Redemption redemption = context.codes().verify(tx, CodePurpose.SIGN_UP, normalizedCode,
                        command.ssnLast4(), command.birthDate(), policy.maxFailedAttempts(),
                        (t, patient) -> t.accounts().findByPatient(patient.id()).isPresent() ? "already_enrolled" : null);
                if (!redemption.accepted()) {
                    if (key != null) {
                        // the same idempotent request may have just succeeded concurrently (code used,
                        // patient enrolled): answer with its result
                        Optional<SignedUp> concurrent = context.idempotency().replay(tx, SIGN_UP_SCOPE, key,
                                fingerprint, SignedUp.class);
                        if (concurrent.isPresent()) {
                            return replayed(tx, call, concurrent.get());
                        }
                    }
                    return new SignUpAttempt(null, context.codes().reject(tx, redemption, ACTIVATION_CODE));
                }
                PatientId patientId = redemption.patient().id();
                call.patient = patientId;
                // AU-1: taken under its key, or under the key an account stored before full case
                // folding would have had for it
                for (String taken : PasswordRules.lookupKeys(command.username())) {
                    if (tx.accounts().findByUsernameKey(taken).isPresent()) {
                        throw usernameTaken();
                    }
                }
                Account account = new Account(AccountId.newId(), patientId, command.username(), usernameKey,
                        passwordHash, AccountStatus.ACTIVE, 0, null, now, now, 0);
                tx.accounts().insert(account);
                call.actor = AuditActors.account(account.id());
                context.audit().record(tx, Audited.success(patientId, call.actor, AuditAction.CREATE, ACCOUNT,
                        account.id().toString()));
                SignedUp result = new SignedUp(account.id(), patientId);
                context.idempotency().remember(tx, SIGN_UP_SCOPE, key, fingerprint, result);
                return new SignUpAttempt(result, null);
            }, duplicate -> usernameTaken());
            if (attempt.rejection() != null) {
                call.audited = true;
                throw context.codes().rejected(attempt.rejection(), policy.maxFailedAttempts());
            }
            SecurityLog.event("sign_up", "success", Map.of("accountId", attempt.result().accountId(),
                    "patientId", attempt.result().patientId()));
            return attempt.result();
        });
    }

    private SignUpAttempt replayed(StorageTransaction tx, Call call, SignedUp first) {
        call.patient = first.patientId();
        context.audit().record(tx, new Audited(first.patientId(), AuditActors.account(first.accountId()),
                AuditAction.CREATE, ACCOUNT, first.accountId().toString(), AuditOutcome.SUCCESS, "idempotent_replay"));
        return new SignUpAttempt(first, null);
    }

    /** Whether an inbound STOP withdrew SMS from the patient's number and no consent came after it (NT-1). */
    private static boolean smsStopped(StorageTransaction tx, PatientId patient) {
        return tx.preferences().find(patient)
                .map(p -> p.smsStoppedAt() != null && !p.smsConsented())
                .orElse(false);
    }

    private static void checkBirthDate(LocalDate birthDate, List<Violation> violations) {
        if (birthDate != null && birthDate.isBefore(EARLIEST_BIRTH_DATE)) {
            violations.add(new Violation("birthDate", BIRTH_DATE_RANGE));
        }
    }

    private static void checkNoControl(String text, String path, List<Violation> violations) {
        if (text != null && text.codePoints().anyMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT && c != 0x200D)) {
            violations.add(new Violation(path, "must not contain control or invisible characters"));
        }
    }

    private static ConflictException mrnTaken() {
        return new ConflictException("a patient with this medical record number is registered");
    }

    private static ConflictException usernameTaken() {
        return new ConflictException("username is not available");
    }

    private record SignUpAttempt(SignedUp result, CodeVerifier.Redemption rejection) {
    }

    /**
     * One call's audit bookkeeping: who acted (with the role used), the patient once known, and
     * whether its one event is already written.
     */
    private final class Call {
        final Actor staff;
        final AuditAction action;
        final String category;
        final PatientId named;
        AuditActor actor;
        PatientId patient;
        boolean audited;

        Call(Actor staff, AuditAction action, String category, PatientId named) {
            this.staff = staff;
            this.action = action;
            this.category = category;
            this.named = named;
            this.actor = AuditActors.of(staff);
        }

        void staffRole(String operation) {
            Role role = StaffAccess.require(staff, operation, Role.FRONT_DESK, Role.ADMIN);
            actor = AuditActors.of(staff, role);
        }

        <T> T run(Supplier<T> body) {
            try {
                return body.get();
            } catch (RuntimeException e) {
                if (!audited) {
                    audited = true;
                    PatientId candidate = patient != null ? patient : named;
                    String recordId = candidate == null ? null : candidate.toString();
                    context.audit().recordFailure(context.transactions(), tx -> {
                        PatientId chain = candidate != null && tx.patients().find(candidate).isPresent() ? candidate : null;
                        return Audited.failure(chain, actor, action, category, recordId, e);
                    }, e);
                }
                throw e;
            }
        }
    }
}
