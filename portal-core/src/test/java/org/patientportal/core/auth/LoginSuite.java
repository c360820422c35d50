package org.patientportal.core.auth;

import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.auth.AuthService;
import org.patientportal.core.internal.auth.PasswordHasher;
import org.patientportal.core.testing.CountingArgon2id;
import org.patientportal.core.testing.TestPortals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.Portal;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.Races;
import org.patientportal.model.Account;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;

/** Login: AU-1 matching, AU-3 re-hash, AU-4 identical failures, AU-5 throttling, AU-6 tokens; AD-1/AD-3, IN-2. */
@OnEveryStorage
@DisplayName("Login")
class LoginSuite extends AuthTestBase {

    // ---------------------------------------------------------------- AU-4, AU-6

    @Test
    @DisplayName("AU-6 a correct login gives a session whose token is 32 random bytes in base64url")
    void logsIn() {
        Enrolled me = enroll();

        Session session = portal.auth().logIn(USERNAME, PASSWORD);

        assertThat(session.token()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(session.token())).hasSize(32);
        assertThat(session.idleExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(session.absoluteExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(session.toString()).doesNotContain(session.token());
        assertThat(portal.auth().logIn(USERNAME, PASSWORD).token()).isNotEqualTo(session.token());
        assertThat(sessionRecord(session.id()).accountId()).isEqualTo(me.accountId());
    }

    @Test
    @DisplayName("AU-6 only the token's keyed hash is stored, never the token")
    void onlyTheHashIsStored() {
        enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);

        String stored = sessionRecord(session.id()).tokenHash();
        assertThat(stored).isNotEqualTo(session.token()).doesNotContain(session.token()).matches("[0-9a-f]{64}");
        java.util.Optional<org.patientportal.model.SessionRecord> byRawToken =
                storage.inTransaction(tx -> tx.sessions().findByTokenHash(session.token()));
        assertThat(byRawToken).isEmpty();
    }

    @Test
    @DisplayName("AU-1 login matches the username ignoring case and Unicode compatibility forms")
    void usernameIgnoresCase() {
        enroll("JDoe", PASSWORD);

        assertThat(portal.auth().logIn("jdoe", PASSWORD)).isNotNull();
        assertThat(portal.auth().logIn("JDOE", PASSWORD)).isNotNull();
        assertThat(portal.auth().logIn("ＪＤｏｅ", PASSWORD)).as("fullwidth").isNotNull();
    }

    @Test
    @DisplayName("AU-1 full case folding: signed up as STRASSE, the owner logs in as straße; a sign-up as strasse is taken")
    void fullCaseFoldingSharpS() {
        enroll("STRASSE", PASSWORD);

        assertThat(portal.auth().logIn("straße", PASSWORD)).isNotNull();
        assertThat(portal.auth().logIn("Straße", PASSWORD)).isNotNull();
        assertThat(portal.auth().logIn("STRAẞE", PASSWORD)).as("capital sharp s").isNotNull();
        assertThatThrownBy(() -> enroll("strasse", PASSWORD)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> enroll("straße", PASSWORD)).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("AU-1 full case folding: ΟΔΟΣ, οδοσ and οδος are one username, whichever signed up")
    void fullCaseFoldingSigma() {
        enroll("ΟΔΟΣ", PASSWORD);

        assertThat(portal.auth().logIn("οδοσ", PASSWORD)).isNotNull();
        assertThat(portal.auth().logIn("οδος", PASSWORD)).isNotNull();
        assertThatThrownBy(() -> enroll("οδοσ", PASSWORD)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> enroll("οδος", PASSWORD)).isInstanceOf(ConflictException.class);

        enroll("δρομοσ", PASSWORD);
        assertThat(portal.auth().logIn("ΔΡΟΜΟΣ", PASSWORD)).isNotNull();
        assertThat(portal.auth().logIn("δρομος", PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-1 an account stored before full case folding (key straße) is still found, and its name stays taken")
    void legacyKeyStillFound() {
        Enrolled me = enroll("Straße", PASSWORD);
        storage.inTransaction(tx -> {
            Account stored = tx.accounts().find(me.accountId()).orElseThrow();
            return tx.accounts().update(new Account(stored.id(), stored.patientId(), stored.username(), "straße",
                    stored.passwordHash(), stored.status(), stored.failedLoginCount(), stored.lastFailedLoginAt(),
                    stored.createdAt(), stored.passwordChangedAt(), stored.version()));
        });

        assertThat(portal.auth().logIn("Straße", PASSWORD)).isNotNull();
        assertThatThrownBy(() -> enroll("straße", PASSWORD)).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("AU-2 the password is never trimmed, truncated or case-folded at login")
    void passwordIsExact() {
        enroll();

        failLogin(USERNAME, PASSWORD + " ");
        failLogin(USERNAME, " " + PASSWORD);
        failLogin(USERNAME, PASSWORD.toUpperCase(java.util.Locale.ROOT));
        failLogin(USERNAME, PASSWORD.substring(0, PASSWORD.length() - 1));
        assertThat(portal.auth().logIn(USERNAME, PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-4 unknown user, wrong password, locked and disabled accounts fail with one exception, code and message")
    void identicalFailures() {
        Enrolled me = enroll();

        List<Throwable> failures = new java.util.ArrayList<>();
        failures.add(catchLogin("nobody-here", PASSWORD));
        failures.add(catchLogin(USERNAME, WRONG));
        failLogins(4);
        failures.add(catchLogin(USERNAME, PASSWORD)); // locked
        storage.inTransaction(tx -> tx.accounts().update(tx.accounts().find(me.accountId()).orElseThrow()
                .withStatus(AccountStatus.DISABLED)));
        clock.advance(Duration.ofDays(1));
        failures.add(catchLogin(USERNAME, PASSWORD)); // disabled

        assertThat(failures).hasSize(4).allSatisfy(f -> {
            assertThat(f).isExactlyInstanceOf(AuthenticationFailedException.class)
                    .hasMessage(AuthenticationFailedException.MESSAGE)
                    .hasNoCause();
            assertThat(((AuthenticationFailedException) f).code()).isEqualTo("authentication_failed");
            assertThat(f.getSuppressed()).isEmpty();
        });
    }

    private Throwable catchLogin(String username, String password) {
        try {
            portal.auth().logIn(username, password);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("login should have failed");
    }

    // ---------------------------------------------------------------- AU-5

    @Test
    @DisplayName("AU-5 failures are counted in storage, with the time of the last one")
    void failuresAreStored() {
        Enrolled me = enroll();

        failLogins(3);

        assertThat(account(me.accountId()).failedLoginCount()).isEqualTo(3);
        assertThat(account(me.accountId()).lastFailedLoginAt()).isEqualTo(clock.instant());
    }

    @Test
    @DisplayName("AU-5 four failures do not lock: the right password still logs in")
    void fourFailuresDoNotLock() {
        enroll();
        failLogins(4);

        assertThat(portal.auth().logIn(USERNAME, PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-5 the fifth failure locks the account for 1 minute: even the right password fails until then")
    void fifthFailureLocksForOneMinute() {
        enroll();
        failLogins(5);

        failLogin(USERNAME, PASSWORD);
        clock.advance(Duration.ofSeconds(59));
        failLogin(USERNAME, PASSWORD);
        clock.advance(Duration.ofSeconds(1));
        assertThat(portal.auth().logIn(USERNAME, PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-5 the sixth failure locks the account for 2 minutes")
    void sixthFailureLocksForTwoMinutes() {
        enroll();
        failLogins(5);
        clock.advance(Duration.ofMinutes(1));
        failLogin(USERNAME, WRONG);

        clock.advance(Duration.ofSeconds(119));
        failLogin(USERNAME, PASSWORD);
        clock.advance(Duration.ofSeconds(1));
        assertThat(portal.auth().logIn(USERNAME, PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-5 lockouts grow 1, 2, 4, 8, 15 minutes and stay at 15")
    void lockoutsGrow() {
        Enrolled me = enroll();
        failLogins(4);

        int expectedCount = 4;
        for (int minutes : new int[] {1, 2, 4, 8, 15, 15, 15}) {
            failLogin(USERNAME, WRONG);
            expectedCount++;
            assertThat(account(me.accountId()).failedLoginCount()).isEqualTo(expectedCount);
            clock.advance(Duration.ofMinutes(minutes).minusSeconds(1));
            failLogin(USERNAME, WRONG); // still locked: refused, not counted
            assertThat(account(me.accountId()).failedLoginCount()).as("locked for %d min", minutes).isEqualTo(expectedCount);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(portal.auth().logIn(USERNAME, PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-5 attempts during a lockout are refused without checking or counting them")
    void lockedAttemptsAreNotCounted() {
        Enrolled me = enroll();
        failLogins(5);

        failLogins(10);

        assertThat(account(me.accountId()).failedLoginCount()).isEqualTo(5);
    }

    @Test
    @DisplayName("AU-5 bursts of 100 concurrent wrong passwords count 5 failures, then one per lockout: never more, never disabled")
    void concurrentBurstsCountOnlyWhatTheLockoutAllows() throws Exception {
        Enrolled me = enroll();

        assertThat(wrongPasswordBurst()).allSatisfy(outcome ->
                assertThat(outcome).isExactlyInstanceOf(AuthenticationFailedException.class));
        assertThat(account(me.accountId()).failedLoginCount()).isEqualTo(5);

        clock.advance(Duration.ofSeconds(59));
        failLogin(USERNAME, PASSWORD);
        clock.advance(Duration.ofSeconds(1));
        wrongPasswordBurst();
        assertThat(account(me.accountId()).failedLoginCount()).as("one counted after the 1 min lock").isEqualTo(6);
        clock.advance(Duration.ofMinutes(2));
        wrongPasswordBurst();
        assertThat(account(me.accountId()).failedLoginCount()).as("one counted after the 2 min lock").isEqualTo(7);
        assertThat(account(me.accountId()).status()).isEqualTo(AccountStatus.ACTIVE);
        clock.advance(Duration.ofMinutes(4));
        assertThat(portal.auth().logIn(USERNAME, PASSWORD)).as("the owner logs in after the lock").isNotNull();
    }

    private List<Object> wrongPasswordBurst() throws Exception {
        return Races.race(100, 120, i -> () -> portal.auth().logIn(USERNAME, WRONG));
    }

    @Test
    @DisplayName("AU-5 a success resets the count")
    void successResets() {
        Enrolled me = enroll();
        failLogins(4);

        portal.auth().logIn(USERNAME, PASSWORD);

        assertThat(account(me.accountId()).failedLoginCount()).isZero();
        failLogins(4);
        assertThat(portal.auth().logIn(USERNAME, PASSWORD)).as("the count started again from zero").isNotNull();
    }

    @Test
    @DisplayName("AU-5 failures on two nodes of one database add up: the lockout holds on both")
    void failuresAcrossNodes() {
        Enrolled me = enroll();
        Portal other = node(AuthPolicy.defaults());

        failLogin(portal, USERNAME, WRONG);
        failLogin(other, USERNAME, WRONG);
        failLogin(portal, USERNAME, WRONG);
        failLogin(other, USERNAME, WRONG);
        failLogin(portal, USERNAME, WRONG);

        assertThat(account(me.accountId()).failedLoginCount()).isEqualTo(5);
        failLogin(other, USERNAME, PASSWORD);
        failLogin(portal, USERNAME, PASSWORD);
    }

    @Test
    @DisplayName("AU-5 the 100th consecutive failure disables the account and revokes its sessions")
    void hardStopAtOneHundred() {
        Enrolled me = enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);

        for (int i = 0; i < 100; i++) {
            failLogin(USERNAME, WRONG);
            clock.advance(Duration.ofMinutes(15));
        }

        assertThat(account(me.accountId()).status()).isEqualTo(AccountStatus.DISABLED);
        assertThat(account(me.accountId()).failedLoginCount()).isEqualTo(100);
        assertThat(sessionRecord(session.id()).revoked()).isTrue();
        clock.advance(Duration.ofDays(30));
        failLogin(USERNAME, PASSWORD);
        assertThat(account(me.accountId()).failedLoginCount()).as("a disabled account counts no more").isEqualTo(100);
        assertThat(events(me.patientId())).anySatisfy(e -> {
            assertThat(e.category()).isEqualTo("account");
            assertThat(e.reason()).isEqualTo("disabled_after_failures");
            assertThat(e.actor().kind()).isEqualTo(ActorKind.SYSTEM);
        });
        assertAuditIntact();
    }

    // ---------------------------------------------------------------- AU-3

    @Test
    @DisplayName("AU-3 by default passwords are stored as Argon2id PHC strings at m=19456, t=2, p=1")
    void productionHashing() {
        Portal production = withHashing(PasswordHashing.argon2id());
        Enrolled me = enroll(production, USERNAME, PASSWORD);

        assertThat(account(me.accountId()).passwordHash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(production.auth().logIn(USERNAME, PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-3 a successful login re-hashes a password stored with weaker parameters")
    void rehashOnLogin() {
        Enrolled me = enroll(); // fast test hasher: m=8, t=1
        Portal stronger = withHashing(PasswordHashing.argon2id(64, 2, 1));

        stronger.auth().logIn(USERNAME, PASSWORD);

        String rehashed = account(me.accountId()).passwordHash();
        assertThat(rehashed).startsWith("$argon2id$v=19$m=64,t=2,p=1$");
        assertThat(stronger.auth().logIn(USERNAME, PASSWORD)).isNotNull();
        assertThat(account(me.accountId()).passwordHash()).as("as strong as configured: kept").isEqualTo(rehashed);
        assertThat(portal.auth().logIn(USERNAME, PASSWORD)).as("weaker nodes still verify it").isNotNull();
        assertThat(account(me.accountId()).passwordHash()).as("a weaker configuration never downgrades").isEqualTo(rehashed);
    }

    @Test
    @DisplayName("AU-3 a failed login never re-hashes")
    void noRehashOnFailure() {
        Enrolled me = enroll();
        String before = account(me.accountId()).passwordHash();

        failLogin(withHashing(PasswordHashing.argon2id(64, 2, 1)), USERNAME, WRONG);

        assertThat(account(me.accountId()).passwordHash()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- AU-4 cost

    @Test
    @DisplayName("AU-4 a login of an unknown user still runs one hash at the configured cost, like a wrong password")
    void unknownUserRunsAHash() {
        // Counted, not timed: a test never asserts a duration. Equal work at equal parameters is what
        // makes the two failures cost about the same.
        PasswordHashing hashing = PasswordHashing.argon2id(64, 2, 1);
        enroll(withHashing(hashing), USERNAME, PASSWORD);
        CountingArgon2id argon2 = new CountingArgon2id();
        Auth auth = new AuthService(PortalContext.create(storage, clock, TestPortals.testKey(), (a, p, s) -> {
            throw new UnsupportedOperationException("logIn mints no actor");
        }),
                PasswordHasher.of(hashing, argon2), AuthPolicy.defaults(), 5);

        assertThatThrownBy(() -> auth.logIn("nobody-here", WRONG)).isInstanceOf(AuthenticationFailedException.class);
        java.util.List<String> unknown = argon2.costs();

        argon2.clear();
        assertThatThrownBy(() -> auth.logIn(USERNAME, WRONG)).isInstanceOf(AuthenticationFailedException.class);
        java.util.List<String> wrong = argon2.costs();

        assertThat(wrong).containsExactly("m=64,t=2,p=1");
        assertThat(unknown).isEqualTo(wrong);
    }

    // ---------------------------------------------------------------- AD, IN-2

    @Test
    @DisplayName("AD-3 a failed login of an unknown user is audited on a patient-less chain, a wrong password on the patient's")
    void failuresAreAudited() {
        Enrolled me = enroll();

        failLogin("nobody-here", WRONG);
        failLogin(USERNAME, WRONG);

        assertThat(patientlessEvents()).anySatisfy(e -> {
            assertThat(e.category()).isEqualTo("session");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(e.reason()).isEqualTo("unknown_user");
            assertThat(e.actor().kind()).isEqualTo(ActorKind.ANONYMOUS);
            assertThat(e.patientId()).isNull();
        });
        assertThat(events(me.patientId())).anySatisfy(e -> {
            assertThat(e.category()).isEqualTo("session");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(e.reason()).isEqualTo("wrong_password");
        });
        assertAuditIntact();
    }

    @Test
    @DisplayName("AD-1 a successful login is audited on the patient's chain with the session id")
    void successIsAudited() {
        Enrolled me = enroll();

        Session session = portal.auth().logIn(USERNAME, PASSWORD);

        AuditEvent last = events(me.patientId()).get(events(me.patientId()).size() - 1);
        assertThat(last.action()).isEqualTo(AuditAction.CREATE);
        assertThat(last.category()).isEqualTo("session");
        assertThat(last.recordId()).isEqualTo(session.id().toString());
        assertThat(last.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(last.actor().kind()).isEqualTo(ActorKind.PATIENT);
        assertThat(last.actor().id()).isEqualTo(me.accountId().toString());
    }

    @Test
    @DisplayName("IN-2 a login without username or password is refused with both paths before storage is touched")
    void invalidLogin() {
        assertThatThrownBy(() -> portal.auth().logIn(null, null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path).containsExactly("password", "username"));
        assertThatThrownBy(() -> portal.auth().logIn("x".repeat(5000), PASSWORD))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(patientlessEvents()).isEmpty();
    }
}
