package org.patientportal.core.internal.auth;

import org.patientportal.core.auth.*;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PortalException;
import org.patientportal.core.internal.ActorMinter;
import org.patientportal.core.internal.AuditActors;
import org.patientportal.core.internal.AuditWriter;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.CodeFormat;
import org.patientportal.core.internal.CodeVerifier;
import org.patientportal.core.internal.KeyPurpose;
import org.patientportal.core.internal.Keys;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import java.util.UUID;
import org.patientportal.core.internal.Secrets;
import org.patientportal.core.internal.SecurityLog;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.Transactions;
import org.patientportal.core.internal.Validation;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.PatientId;
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;
import org.patientportal.spi.storage.LoginLockout;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.StorageTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Auth} implementation. Built once by the portal builder (it holds this node's
 * validation cache); hosts use it through {@code Portal.auth()}.
 *
 * <p><b>Login (AU-4, AU-5).</b> Each attempt on a known account is first <em>reserved</em>: in one
 * short transaction the account is read, refused if disabled, and one conditional write in the store
 * ({@code recordLoginFailure} with this policy's {@link LoginLockout}) either counts the attempt as a
 * failure or, if the account is locked, refuses it without counting it. Only counted attempts go
 * on to check the password, so concurrent guesses cannot outrun the lockout nor push the count past
 * it. The password is checked outside any transaction (Argon2 is slow); a success then resets the
 * counter in the transaction that creates the session. Refused attempts (unknown user, disabled,
 * locked) still run a hash with the configured parameters, and every cause throws the same
 * {@link AuthenticationFailedException}. A password change reserves its current-password check the
 * same way.
 *
 * <p><b>Sessions (AU-6).</b> The token is 32 bytes from {@code SecureRandom}, base64url; only its
 * keyed hash is stored. {@code authenticate} writes {@code lastSeenAt} at most once a minute; a
 * Caffeine cache (time from the injected clock) serves a validated token for at most
 * {@link AuthPolicy#cacheTtl()}, never past the session's idle or absolute end, and is invalidated
 * on this node at logout, revoke, password change and reset. Idle time is counted from the recorded
 * {@code lastSeenAt}, so a session may end up to a minute before 15 minutes after its very last
 * request: never later.
 */
public final class AuthService implements Auth {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

    static final String CATEGORY_SESSION = "session";
    static final String CATEGORY_ACCOUNT = "account";
    static final String CATEGORY_RESET_CODE = "reset-code";
    static final String PASSWORD_CHANGED = "password-changed";

    /** Activity is written at most this often per session. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private static final int TOKEN_BYTES = 32;
    private static final int TOKEN_CHARS = 43;
    private static final int MAX_LOGIN_FIELD_CHARS = 1024;
    private static final String LIST_SESSIONS = "auth.sessions";
    private static final long CACHE_SIZE = 100_000;

    private final Clock clock;
    private final Keys keys;
    private final Transactions transactions;
    private final AuditWriter audit;
    private final Validation validation;
    private final CodeVerifier codes;
    private final ActorMinter minter;
    private final PasswordHasher hashing;
    private final AuthPolicy policy;
    private final PasswordRules rules;
    private final int maxCodeFailures;
    private final Cache<String, Cached> cache;
    private final LoginLockout lockout;

    /**
     * @param context         the portal's shared plumbing (storage, clock, keys, audit, validation, codes, actor minter)
     * @param hashing         the password hashing (AU-3)
     * @param policy          session and throttling settings (AU-2, AU-5, AU-6)
     * @param maxCodeFailures failed verifications that lock a reset code ({@code EnrollmentPolicy.maxFailedAttempts()}, EN-6)
     */
    public AuthService(PortalContext context, PasswordHasher hashing, AuthPolicy policy, int maxCodeFailures) {
        Objects.requireNonNull(context, "context");
        this.clock = context.clock();
        this.keys = context.keys();
        this.transactions = context.transactions();
        this.audit = context.audit();
        this.validation = context.validation();
        this.codes = context.codes();
        this.minter = context.actorMinter();
        this.hashing = Objects.requireNonNull(hashing, "hashing");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.rules = PasswordRules.of(policy);
        this.lockout = lockoutOf(policy);
        if (maxCodeFailures < 1) {
            throw new IllegalArgumentException("maxCodeFailures must be positive");
        }
        this.maxCodeFailures = maxCodeFailures;
        this.cache = policy.cacheTtl().isZero() ? null : Caffeine.newBuilder()
                .ticker(clockTicker(clock))
                .expireAfterWrite(policy.cacheTtl())
                .maximumSize(CACHE_SIZE)
                .executor(Runnable::run)
                .build();
    }

    // ------------------------------------------------------------------ login

    @Override
    public Session logIn(String username, String password) {
        List<Violation> violations = new ArrayList<>();
        requireText(violations, "username", username, MAX_LOGIN_FIELD_CHARS);
        requireText(violations, "password", password, ChangePassword.MAX_CHARS);
        Validation.require(violations);

        Instant start = Time.now(clock);
        Attempt attempt = transactions.run(tx -> reserve(tx, username, start));
        if (attempt.refusal != null) {
            hashing.dummyVerify(password);
            logFailure(attempt.account, attempt.refusal, attempt.failures);
            throw new AuthenticationFailedException();
        }

        Account account = attempt.account;
        if (!hashing.verify(password, account.passwordHash())) {
            boolean disabled = transactions.run(tx -> {
                boolean off = disableIfOverLimit(tx, account, attempt.failures, start);
                audit.record(tx, loginFailure(account, "wrong_password"));
                return off;
            });
            afterFailure(account, "wrong_password", attempt.failures, disabled);
            throw new AuthenticationFailedException();
        }

        String rehash = hashing.needsRehash(account.passwordHash()) ? hashing.hash(password) : null;
        String token = newToken();
        String tokenHash = keys.hmac(KeyPurpose.SESSION_TOKEN, token);
        Optional<Session> session = transactions.run(tx -> {
            Instant now = Time.now(clock);
            Optional<Account> current = tx.accounts().find(account.id());
            if (current.isEmpty() || current.get().status() != AccountStatus.ACTIVE
                    || !current.get().passwordHash().equals(account.passwordHash())) {
                // Disabled or password changed while the password was being checked.
                audit.record(tx, loginFailure(account, "changed_during_login"));
                return Optional.empty();
            }
            tx.accounts().resetLoginFailures(account.id());
            if (rehash != null) {
                rehash(tx, current.get(), rehash);
            }
            SessionRecord record = new SessionRecord(SessionId.newId(), account.id(), tokenHash, now, now,
                    now.plus(policy.absoluteTimeout()), null, 0);
            tx.sessions().insert(record);
            audit.record(tx, Audited.success(account.patientId(), AuditActors.account(account.id()),
                    AuditAction.CREATE, CATEGORY_SESSION, record.id().toString()));
            return Optional.of(new Session(record.id(), token, idleEnd(now, record.absoluteExpiresAt()),
                    record.absoluteExpiresAt()));
        });
        if (session.isEmpty()) {
            logFailure(account, "changed_during_login", attempt.failures);
            throw new AuthenticationFailedException();
        }
        SecurityLog.event("login", "success", ids("accountId", account.id(), "sessionId", session.get().id(),
                "rehashed", rehash != null));
        return session.get();
    }

    /** Reads the account and reserves one attempt by counting it as a failure before the password is checked. */
    private Attempt reserve(StorageTransaction tx, String username, Instant now) {
        Optional<Account> found = findByUsername(tx, username);
        if (found.isEmpty()) {
            audit.record(tx, new Audited(null, AuditActors.anonymous(), AuditAction.CREATE, CATEGORY_SESSION,
                    null, AuditOutcome.FAILED, "unknown_user"));
            return Attempt.refused(null, "unknown_user", 0);
        }
        Account account = found.get();
        if (account.status() != AccountStatus.ACTIVE) {
            audit.record(tx, loginFailure(account, "disabled"));
            return Attempt.refused(account, "disabled", account.failedLoginCount());
        }
        // AU-5: one conditional write decides "locked?" and counts this attempt; a locked account
        // writes nothing, so concurrent attempts count exactly what the lockout allows.
        int failures = tx.accounts().recordLoginFailure(account.id(), now, lockout);
        if (failures < 0) {
            audit.record(tx, new Audited(null, AuditActors.anonymous(), AuditAction.CREATE, CATEGORY_SESSION,
                    null, AuditOutcome.FAILED, "unknown_user"));
            return Attempt.refused(null, "unknown_user", 0);
        }
        if (failures == 0) {
            audit.record(tx, loginFailure(account, "locked"));
            return Attempt.refused(account, "locked", account.failedLoginCount());
        }
        return new Attempt(account, null, failures);
    }

    /**
     * The account of a username as typed (AU-1): under its key, or under the key accounts stored
     * before full case folding got ({@link PasswordRules#lookupKeys}).
     */
    private static Optional<Account> findByUsername(StorageTransaction tx, String username) {
        // AU-1: no username holds a control character, so such a name is an unknown user (AU-4) and
        // never reaches the storage (PostgreSQL refuses NUL in text: a storage failure, IN-2).
        if (username.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        for (String key : PasswordRules.lookupKeys(username)) {
            Optional<Account> found = tx.accounts().findByUsernameKey(key);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The AU-5 lockout of a policy, as the store applies it: one step per failure from the
     * threshold until the longest lockout (or the hard limit), the last step repeating.
     */
    static LoginLockout lockoutOf(AuthPolicy policy) {
        List<Duration> steps = new ArrayList<>();
        for (int failures = policy.lockoutThreshold(); failures < policy.hardLimit(); failures++) {
            Duration step = policy.lockoutAfter(failures);
            steps.add(step);
            if (step.equals(policy.lockoutMax())) {
                break;
            }
        }
        return new LoginLockout(policy.lockoutThreshold(), steps);
    }

    /** AU-5: at the hard limit the account is disabled and every session revoked. */
    private boolean disableIfOverLimit(StorageTransaction tx, Account account, int failures, Instant now) {
        if (failures < policy.hardLimit()) {
            return false;
        }
        Optional<Account> current = tx.accounts().find(account.id());
        if (current.isEmpty() || current.get().status() != AccountStatus.ACTIVE) {
            return false;
        }
        tx.accounts().update(current.get().withStatus(AccountStatus.DISABLED));
        tx.sessions().revokeAll(account.id(), now);
        audit.record(tx, new Audited(account.patientId(), AuditActors.system(), AuditAction.UPDATE,
                CATEGORY_ACCOUNT, account.id().toString(), AuditOutcome.SUCCESS, "disabled_after_failures"));
        return true;
    }

    private void rehash(StorageTransaction tx, Account current, String newHash) {
        try {
            tx.accounts().update(current.withPasswordHash(newHash, current.passwordChangedAt()));
        } catch (OptimisticLockException e) {
            // Changed concurrently: the next login re-hashes.
            LOG.debug("re-hash skipped, account {} changed concurrently", current.id());
        }
    }

    private static Audited loginFailure(Account account, String reason) {
        return new Audited(account.patientId(), AuditActors.anonymous(), AuditAction.CREATE, CATEGORY_SESSION,
                null, AuditOutcome.FAILED, reason);
    }

    private void afterFailure(Account account, String reason, int failures, boolean disabled) {
        logFailure(account, reason, failures);
        logLockState(account, failures, disabled);
    }

    private void logLockState(Account account, int failures, boolean disabled) {
        if (disabled) {
            invalidateAccount(account.id());
            SecurityLog.event("account_disabled", "disabled", ids("accountId", account.id(), "failures", failures));
        } else if (policy.lockoutAfter(failures).compareTo(Duration.ZERO) > 0) {
            SecurityLog.event("lockout", "locked", ids("accountId", account.id(), "failures", failures,
                    "lockoutSeconds", policy.lockoutAfter(failures).toSeconds()));
        }
    }

    private static void logFailure(Account account, String reason, int failures) {
        SecurityLog.event("login", "failure", ids("accountId", account == null ? "unknown" : account.id(),
                "reason", reason, "failures", failures));
    }

    // ------------------------------------------------------------------ authenticate

    @Override
    public Actor authenticate(String token) {
        if (token == null) {
            throw InvalidRequestException.of("token", "is required");
        }
        if (!wellFormed(token)) {
            SecurityLog.event("authenticate", "failure", ids("reason", "malformed_token"));
            throw new AuthenticationFailedException();
        }
        String tokenHash = keys.hmac(KeyPurpose.SESSION_TOKEN, token);
        Instant now = Time.now(clock);
        if (cache != null) {
            Cached hit = cache.getIfPresent(tokenHash);
            if (hit != null) {
                if (isLive(hit.lastSeenAt, hit.absoluteExpiresAt, now) && !touchDue(hit.lastSeenAt, now)) {
                    return minter.patient(hit.accountId, hit.patientId, hit.sessionId);
                }
                cache.invalidate(tokenHash);
            }
        }
        Checked checked = transactions.run(tx -> check(tx, tokenHash, now));
        if (checked.refusal != null) {
            SecurityLog.event("authenticate", "failure", ids("reason", checked.refusal,
                    "sessionId", checked.session == null ? "none" : checked.session.id()));
            throw new AuthenticationFailedException();
        }
        Cached valid = checked.valid;
        if (cache != null) {
            cache.put(tokenHash, valid);
        }
        return minter.patient(valid.accountId, valid.patientId, valid.sessionId);
    }

    private Checked check(StorageTransaction tx, String tokenHash, Instant now) {
        Optional<SessionRecord> found = tx.sessions().findByTokenHash(tokenHash);
        if (found.isEmpty() || !Keys.hashEquals(found.get().tokenHash(), tokenHash)) {
            return Checked.refused("unknown_token", null);
        }
        SessionRecord session = found.get();
        String refusal = null;
        Account account = null;
        if (session.revoked()) {
            refusal = "revoked";
        } else if (!isLive(session.lastSeenAt(), session.absoluteExpiresAt(), now)) {
            refusal = "expired";
        } else {
            account = tx.accounts().find(session.accountId()).orElse(null);
            if (account == null || account.status() != AccountStatus.ACTIVE) {
                refusal = "account_disabled";
            }
        }
        if (refusal != null) {
            // A known session used after its end: audited on its patient's chain (AD-3). Unknown
            // tokens are only logged, so that token spraying cannot flood the system chain.
            PatientId patient = account != null ? account.patientId()
                    : tx.accounts().find(session.accountId()).map(Account::patientId).orElse(null);
            audit.record(tx, new Audited(patient, AuditActors.account(session.accountId()), AuditAction.READ,
                    CATEGORY_SESSION, session.id().toString(), AuditOutcome.FAILED, refusal));
            return Checked.refused(refusal, session);
        }
        Instant lastSeen = session.lastSeenAt();
        if (touchDue(lastSeen, now) && tx.sessions().touch(session.id(), now, now.minus(TOUCH_INTERVAL))) {
            lastSeen = now;
        }
        return new Checked(new Cached(session.id(), session.accountId(), account.patientId(), lastSeen,
                session.absoluteExpiresAt()), null, session);
    }

    private boolean isLive(Instant lastSeenAt, Instant absoluteExpiresAt, Instant now) {
        return now.isBefore(lastSeenAt.plus(policy.idleTimeout())) && now.isBefore(absoluteExpiresAt);
    }

    private static boolean touchDue(Instant lastSeenAt, Instant now) {
        return lastSeenAt.isBefore(now.minus(TOUCH_INTERVAL));
    }

    private Instant idleEnd(Instant lastSeenAt, Instant absoluteExpiresAt) {
        Instant idle = lastSeenAt.plus(policy.idleTimeout());
        return idle.isBefore(absoluteExpiresAt) ? idle : absoluteExpiresAt;
    }

    // ------------------------------------------------------------------ logout

    @Override
    public void logOut(String token) {
        if (token == null) {
            throw InvalidRequestException.of("token", "is required");
        }
        if (!wellFormed(token)) {
            return;
        }
        String tokenHash = keys.hmac(KeyPurpose.SESSION_TOKEN, token);
        if (cache != null) {
            cache.invalidate(tokenHash);
        }
        Instant now = Time.now(clock);
        Optional<SessionId> revoked = transactions.run(tx -> {
            Optional<SessionRecord> found = tx.sessions().findByTokenHash(tokenHash);
            if (found.isEmpty() || found.get().revoked() || !tx.sessions().revoke(found.get().id(), now)) {
                return Optional.<SessionId>empty();
            }
            SessionRecord session = found.get();
            PatientId patient = tx.accounts().find(session.accountId()).map(Account::patientId).orElse(null);
            audit.record(tx, Audited.success(patient, AuditActors.account(session.accountId()), AuditAction.DELETE,
                    CATEGORY_SESSION, session.id().toString()));
            return Optional.of(session.id());
        });
        revoked.ifPresent(id -> SecurityLog.event("logout", "success", ids("sessionId", id)));
    }

    // ------------------------------------------------------------------ password change

    @Override
    public void changePassword(Actor me, ChangePassword command) {
        List<Violation> violations = new ArrayList<>();
        if (me == null) {
            violations.add(new Violation("actor", "is required"));
        }
        violations.addAll(validation.violations(command));
        if (command != null && command.newPassword() != null) {
            violations.addAll(rules.checkPassword(command.newPassword(), null, "newPassword"));
        }
        Validation.require(violations);
        Caller caller = requirePatient(me, "auth.changePassword");

        Instant start = Time.now(clock);
        Account account;
        int[] failures = {0};
        try {
            account = transactions.run(tx -> {
                String refusal = liveSessionRefusal(tx, caller, start);
                Account found = tx.accounts().find(caller.accountId).orElse(null);
                if (refusal == null && (found == null || found.status() != AccountStatus.ACTIVE)) {
                    refusal = "account_disabled";
                }
                if (refusal == null) {
                    List<Violation> personal = rules.checkPassword(command.newPassword(), found.username(), "newPassword");
                    if (!personal.isEmpty()) {
                        throw new InvalidRequestException(personal); // nothing written: audited below
                    }
                    // AU-5: the current password is a guess like a login, reserved by one conditional
                    // write before it is checked; a success below resets the count.
                    failures[0] = tx.accounts().recordLoginFailure(found.id(), start, lockout);
                    if (failures[0] <= 0) {
                        refusal = "locked";
                    }
                }
                if (refusal != null) {
                    audit.record(tx, new Audited(caller.patientId, caller.auditActor, AuditAction.UPDATE,
                            CATEGORY_ACCOUNT, caller.accountId.toString(), AuditOutcome.FAILED, refusal));
                    return null;
                }
                return found;
            });
        } catch (PortalException e) {
            auditFailure(caller, AuditAction.UPDATE, CATEGORY_ACCOUNT, caller.accountId.toString(), e);
            throw e;
        }
        if (account == null) {
            SecurityLog.event("password_change", "failure", ids("accountId", caller.accountId, "reason", "refused"));
            throw new AuthenticationFailedException();
        }
        if (!hashing.verify(command.currentPassword(), account.passwordHash())) {
            // Counted above, before the check (AU-5); at the hard limit the account is disabled.
            Instant now = Time.now(clock);
            boolean disabled = transactions.run(tx -> {
                boolean off = disableIfOverLimit(tx, account, failures[0], now);
                audit.record(tx, new Audited(caller.patientId, caller.auditActor, AuditAction.UPDATE,
                        CATEGORY_ACCOUNT, caller.accountId.toString(), AuditOutcome.FAILED, "wrong_password"));
                return off;
            });
            SecurityLog.event("password_change", "failure", ids("accountId", caller.accountId, "reason", "wrong_password",
                    "failures", failures[0]));
            logLockState(account, failures[0], disabled);
            throw new AuthenticationFailedException();
        }
        String newHash = hashing.hash(command.newPassword());
        int revoked;
        try {
            revoked = transactions.run(tx -> {
                Instant now = Time.now(clock);
                tx.accounts().update(account.withPasswordHash(newHash, now));
                tx.accounts().resetLoginFailures(account.id());
                int count = tx.sessions().revokeAll(account.id(), now);
                tx.outbox().enqueue(OutboxEntry.pending(PASSWORD_CHANGED, account.patientId(), account.id(),
                        OutboxPayloads.NONE, null, now, now));
                audit.record(tx, Audited.success(caller.patientId, caller.auditActor, AuditAction.UPDATE,
                        CATEGORY_ACCOUNT, caller.accountId.toString()));
                return count;
            });
        } catch (PortalException e) {
            auditFailure(caller, AuditAction.UPDATE, CATEGORY_ACCOUNT, caller.accountId.toString(), e);
            throw e;
        }
        invalidateAccount(account.id());
        SecurityLog.event("password_change", "success", ids("accountId", account.id(), "sessionsRevoked", revoked));
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public Page<SessionInfo> sessions(Actor me, PageRequest page) {
        if (me == null) {
            throw InvalidRequestException.of("actor", "is required");
        }
        Validation.require(PageCursors.violations(validation, page, LIST_SESSIONS, 1, PageRequest.MAX_SIZE));
        Caller caller = requirePatient(me, "auth.sessions");
        Instant now = Time.now(clock);
        UUID after = PageCursors.idOf(LIST_SESSIONS, page);
        Optional<Page<SessionInfo>> listed;
        try {
            listed = transactions.run(tx -> {
                String refusal = liveSessionRefusal(tx, caller, now);
                if (refusal != null) {
                    audit.record(tx, new Audited(caller.patientId, caller.auditActor, AuditAction.READ,
                            CATEGORY_SESSION, null, AuditOutcome.FAILED, refusal));
                    return Optional.<Page<SessionInfo>>empty();
                }
                List<SessionInfo> out = new ArrayList<>();
                List<SessionRecord> found = tx.sessions().listUnrevoked(caller.accountId,
                        after == null ? null : new SessionId(after), page.size() + 1);
                for (SessionRecord s : found.subList(0, Math.min(found.size(), page.size()))) {
                    if (!s.revoked() && isLive(s.lastSeenAt(), s.absoluteExpiresAt(), now)) {
                        out.add(new SessionInfo(s.id(), s.createdAt(), s.lastSeenAt(), s.id().equals(caller.sessionId)));
                    }
                }
                String next = found.size() > page.size()
                        ? PageCursors.afterId(LIST_SESSIONS, found.get(page.size() - 1).id().value()) : null;
                audit.record(tx, Audited.success(caller.patientId, caller.auditActor, AuditAction.READ,
                        CATEGORY_SESSION, null));
                return Optional.of(new Page<>(out, next));
            });
        } catch (PortalException e) {
            auditFailure(caller, AuditAction.READ, CATEGORY_SESSION, null, e);
            throw e;
        }
        if (listed.isEmpty()) {
            SecurityLog.event("sessions", "failure", ids("accountId", caller.accountId, "reason", "session_ended"));
            throw new AuthenticationFailedException();
        }
        return listed.get();
    }

    @Override
    public void revokeSession(Actor me, SessionId session) {
        List<Violation> violations = new ArrayList<>();
        if (me == null) {
            violations.add(new Violation("actor", "is required"));
        }
        if (session == null) {
            violations.add(new Violation("session", "is required"));
        }
        Validation.require(violations);
        Caller caller = requirePatient(me, "auth.revokeSession");
        Instant now = Time.now(clock);
        String outcome;
        try {
            outcome = transactions.run(tx -> {
                String refusal = liveSessionRefusal(tx, caller, now);
                Optional<SessionRecord> found = refusal == null ? tx.sessions().find(session) : Optional.empty();
                if (refusal == null && (found.isEmpty() || !found.get().accountId().equals(caller.accountId))) {
                    refusal = "not_found";
                }
                if (refusal != null) {
                    audit.record(tx, new Audited(caller.patientId, caller.auditActor, AuditAction.DELETE,
                            CATEGORY_SESSION, session.toString(),
                            "not_found".equals(refusal) ? AuditOutcome.DENIED : AuditOutcome.FAILED, refusal));
                    return refusal;
                }
                if (!found.get().revoked()) {
                    tx.sessions().revoke(session, now);
                }
                audit.record(tx, Audited.success(caller.patientId, caller.auditActor, AuditAction.DELETE,
                        CATEGORY_SESSION, session.toString()));
                return null;
            });
        } catch (PortalException e) {
            auditFailure(caller, AuditAction.DELETE, CATEGORY_SESSION, session.toString(), e);
            throw e;
        }
        if ("not_found".equals(outcome)) {
            SecurityLog.event("session_revoke", "denied", ids("accountId", caller.accountId, "sessionId", session));
            throw new NotFoundException("session");
        }
        if (outcome != null) {
            SecurityLog.event("session_revoke", "failure", ids("accountId", caller.accountId, "reason", outcome));
            throw new AuthenticationFailedException();
        }
        invalidateSession(session);
        SecurityLog.event("session_revoke", "success", ids("accountId", caller.accountId, "sessionId", session));
    }

    // ------------------------------------------------------------------ reset

    @Override
    public void resetPassword(ResetPassword command) {
        List<Violation> violations = new ArrayList<>(validation.violations(command));
        Optional<String> code = Optional.empty();
        if (command != null) {
            if (command.code() != null) {
                code = CodeFormat.normalize(command.code());
                if (code.isEmpty()) {
                    violations.add(new Violation("code", CodeFormat.MALFORMED));
                }
            }
            if (command.newPassword() != null) {
                violations.addAll(rules.checkPassword(command.newPassword(), null, "newPassword"));
            }
        }
        Validation.require(violations);
        String normalizedCode = code.orElseThrow();

        String newHash = hashing.hash(command.newPassword());
        CodeVerifier.Precondition hasResettableAccount = (tx, patient) -> {
            Optional<Account> account = tx.accounts().findByPatient(patient.id());
            if (account.isEmpty()) {
                return "no_account";
            }
            if (account.get().status() != AccountStatus.ACTIVE && account.get().failedLoginCount() < policy.hardLimit()) {
                return "account_disabled"; // disabled by staff, not by AU-5: a reset does not undo that
            }
            return null;
        };
        Optional<Account> reset;
        CodeVerifier.Redemption[] redemption = new CodeVerifier.Redemption[1];
        try {
            reset = transactions.run(tx -> {
                CodeVerifier.Redemption r = codes.redeem(tx, CodePurpose.PASSWORD_RESET, normalizedCode,
                        command.ssnLast4(), command.birthDate(), maxCodeFailures, CATEGORY_RESET_CODE,
                        hasResettableAccount);
                redemption[0] = r;
                if (!r.accepted()) {
                    return Optional.<Account>empty();
                }
                Instant now = Time.now(clock);
                Account account = tx.accounts().findByPatient(r.patient().id()).orElseThrow();
                List<Violation> personal = rules.checkPassword(command.newPassword(), account.username(), "newPassword");
                if (!personal.isEmpty()) {
                    throw new InvalidRequestException(personal); // rolls the consume back: the code stays usable
                }
                Account updated = account.withPasswordHash(newHash, now);
                if (updated.status() != AccountStatus.ACTIVE) {
                    updated = updated.withStatus(AccountStatus.ACTIVE);
                }
                tx.accounts().update(updated);
                tx.accounts().resetLoginFailures(account.id());
                tx.sessions().revokeAll(account.id(), now);
                tx.outbox().enqueue(OutboxEntry.pending(PASSWORD_CHANGED, account.patientId(), account.id(),
                        OutboxPayloads.NONE, null, now, now));
                audit.record(tx, Audited.success(account.patientId(), AuditActors.account(account.id()),
                        AuditAction.UPDATE, CATEGORY_ACCOUNT, account.id().toString()));
                return Optional.of(account);
            });
        } catch (PortalException e) {
            CodeVerifier.Redemption r = redemption[0];
            PatientId patient = r == null || r.code() == null ? null : r.code().patientId();
            audit.recordFailure(transactions, Audited.failure(patient, AuditActors.anonymous(), AuditAction.UPDATE,
                    CATEGORY_ACCOUNT, null, e), e);
            throw e;
        }
        if (reset.isEmpty()) {
            throw codes.rejected(redemption[0], maxCodeFailures);
        }
        invalidateAccount(reset.get().id());
        SecurityLog.event("password_reset", "success", ids("accountId", reset.get().id(),
                "codeId", redemption[0].code().id()));
    }

    // ------------------------------------------------------------------ helpers

    /** The authenticated patient behind an actor; staff and other actors are denied (audited, AD-3). */
    private Caller requirePatient(Actor me, String operation) {
        if (me.kind() != ActorKind.PATIENT || me.accountId().isEmpty() || me.patientId().isEmpty()
                || me.sessionId().isEmpty()) {
            AccessDeniedException denied = new AccessDeniedException();
            SecurityLog.event("access", "denied", ids("operation", operation, "actorKind", me.kind()));
            audit.recordFailure(transactions, Audited.failure(null, AuditActors.of(me), AuditAction.EXECUTE,
                    CATEGORY_ACCOUNT, null, denied), denied);
            throw denied;
        }
        return new Caller(me.accountId().get(), me.patientId().get(), me.sessionId().get(), AuditActors.of(me));
    }

    /** Why the caller's own session may no longer act (revoked, ended, another account's), if it may not. */
    private @Nullable String liveSessionRefusal(StorageTransaction tx, Caller caller, Instant now) {
        Optional<SessionRecord> session = tx.sessions().find(caller.sessionId);
        if (session.isEmpty() || !session.get().accountId().equals(caller.accountId)) {
            return "session_unknown";
        }
        if (session.get().revoked()) {
            return "session_revoked";
        }
        if (!isLive(session.get().lastSeenAt(), session.get().absoluteExpiresAt(), now)) {
            return "session_expired";
        }
        return null;
    }

    private void auditFailure(Caller caller, AuditAction action, String category, String recordId, PortalException e) {
        audit.recordFailure(transactions, Audited.failure(caller.patientId, caller.auditActor, action, category,
                recordId, e), e);
    }

    private void invalidateAccount(AccountId account) {
        if (cache != null) {
            cache.asMap().values().removeIf(c -> c.accountId.equals(account));
        }
    }

    private void invalidateSession(SessionId session) {
        if (cache != null) {
            cache.asMap().values().removeIf(c -> c.sessionId.equals(session));
        }
    }

    private static void requireText(List<Violation> violations, String path, String value, int maxChars) {
        if (value == null) {
            violations.add(new Violation(path, "is required"));
        } else if (value.length() > maxChars) {
            violations.add(new Violation(path, "is too long"));
        }
    }

    private static String newToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.randomBytes(TOKEN_BYTES));
    }

    private static boolean wellFormed(String token) {
        if (token.length() != TOKEN_CHARS) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Ticker clockTicker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    private static Map<String, Object> ids(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Number of entries in this node's validation cache (tests). */
    long cachedSessions() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** One login attempt after its reservation. */
    private record Attempt(Account account, String refusal, int failures) {
        static Attempt refused(Account account, String reason, int failures) {
            return new Attempt(account, reason, failures);
        }
    }

    /** What one node remembers of a validated token, for at most the cache TTL. */
    private record Cached(SessionId sessionId, AccountId accountId, PatientId patientId, Instant lastSeenAt,
                          Instant absoluteExpiresAt) {
    }

    /** The outcome of checking a token in storage. */
    private record Checked(Cached valid, String refusal, SessionRecord session) {
        static Checked refused(String reason, SessionRecord session) {
            return new Checked(null, reason, session);
        }
    }

    /** The patient behind an actor. */
    private record Caller(AccountId accountId, PatientId patientId, SessionId sessionId, AuditActor auditActor) {
    }
}
