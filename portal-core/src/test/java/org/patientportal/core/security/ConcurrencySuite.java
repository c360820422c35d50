package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.PortalException;
import org.patientportal.core.internal.auth.PasswordRules;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.internal.enrollment.EnrollmentService;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.Races;
import org.patientportal.model.Account;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.PatientId;

/**
 * Races through the public API with many threads released at once by a start gate: a code is
 * consumed once (EN-4), a username is taken once (AU-1), a sign-up retried with one idempotency key
 * runs once and answers every retry alike (IN-1), and concurrent guesses cannot outrun the code lock
 * (EN-6) or the login lockout (AU-5).
 */
@OnEveryStorage
@DisplayName("Concurrency (EN-4, EN-6, AU-1, AU-5, IN-1)")
class ConcurrencySuite extends SecurityFixture {
    static final int THREADS = 32;
    private static final long TIMEOUT_SECONDS = 30;

    /**
     * Runs {@code THREADS} tasks released together; each outcome is the task's result or the
     * {@link PortalException} it threw (anything else fails the test).
     */
    static List<Object> race(IntFunction<Callable<Object>> task) throws Exception {
        return Races.race(THREADS, TIMEOUT_SECONDS, task);
    }

    @Test
    @DisplayName("EN-4 32 threads signing up with ONE code give exactly one account; the others the generic failure")
    void oneCodeManyRacers() throws Exception {
        PatientId patient = register();
        ActivationCode code = issue(patient);

        List<Object> outcomes = race(i -> () -> portal.enrollment().signUp(signUp(code.value(), "racer-" + i)));

        List<SignedUp> winners = outcomes.stream().filter(SignedUp.class::isInstance).map(SignedUp.class::cast).toList();
        assertThat(winners).hasSize(1);
        assertThat(winners.get(0).patientId()).isEqualTo(patient);
        for (Object outcome : outcomes) {
            if (!(outcome instanceof SignedUp)) {
                assertThat(outcome).isExactlyInstanceOf(AuthenticationFailedException.class);
                assertThat(((PortalException) outcome).getMessage()).isEqualTo(AuthenticationFailedException.MESSAGE);
            }
        }
        Account account = accountOf(patient).orElseThrow();
        assertThat(account.id()).isEqualTo(winners.get(0).accountId());
        assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.USED);
        int accountsMade = 0;
        for (int i = 0; i < THREADS; i++) {
            if (accountByKey("racer-" + i).isPresent()) {
                accountsMade++;
            }
        }
        assertThat(accountsMade).as("accounts across all racing usernames").isEqualTo(1);
        Session session = portal.auth().logIn(account.username(), PASSWORD);
        assertThat(portal.auth().authenticate(session.token()).patientId()).contains(patient);
        assertAuditIntact();
    }

    @Test
    @DisplayName("AU-1 32 patients racing for ONE username (in any case or width) give one account; the others a ConflictException and keep their codes")
    void oneUsernameManyPatients() throws Exception {
        List<PatientId> patients = new ArrayList<>();
        List<ActivationCode> codes = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            PatientId patient = register();
            patients.add(patient);
            codes.add(issue(patient));
        }
        List<String> spellings = List.of("shared.name", "Shared.Name", "SHARED.NAME",
                "\uFF53\uFF48\uFF41\uFF52\uFF45\uFF44.name" /* fullwidth */);

        List<Object> outcomes = race(i -> () -> portal.enrollment().signUp(
                signUp(codes.get(i).value(), spellings.get(i % spellings.size()))));

        int winner = -1;
        for (int i = 0; i < THREADS; i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof SignedUp signedUp) {
                assertThat(winner).as("a second winner at %d", i).isEqualTo(-1);
                winner = i;
                assertThat(signedUp.patientId()).isEqualTo(patients.get(i));
            } else {
                assertThat(outcome).as("racer %d", i).isExactlyInstanceOf(ConflictException.class);
                assertThat(((PortalException) outcome).code()).isEqualTo("conflict");
                assertThat(((PortalException) outcome).getMessage()).isEqualTo("username is not available");
            }
        }
        assertThat(winner).as("one winner").isNotEqualTo(-1);
        assertThat(accountByKey(PasswordRules.usernameKey("shared.name"))).get()
                .extracting(Account::patientId).isEqualTo(patients.get(winner));
        // The losers' codes were rolled back, not consumed nor counted: each still signs up.
        for (int i = 0; i < THREADS; i++) {
            if (i == winner) {
                assertThat(stored(codes.get(i).id()).status()).isEqualTo(CodeStatus.USED);
                continue;
            }
            assertThat(accountOf(patients.get(i))).as("loser %d has no account", i).isEmpty();
            assertThat(stored(codes.get(i).id()).status()).as("loser %d code", i).isEqualTo(CodeStatus.ACTIVE);
            assertThat(stored(codes.get(i).id()).failedAttempts()).as("loser %d failures", i).isZero();
            assertThat(portal.enrollment().signUp(signUp(codes.get(i).value(), "own-name-" + i)).patientId())
                    .isEqualTo(patients.get(i));
        }
        assertAuditIntact();
    }

    @Test
    @DisplayName("IN-1 32 threads retrying one sign-up with the same idempotency key give one account and the same SignedUp each")
    void idempotentRetriesRace() throws Exception {
        PatientId patient = register();
        ActivationCode code = issue(patient);
        SignUp command = new SignUp(code.value(), SSN4, BIRTH_DATE, "retrier", PASSWORD, "request-7f3a");

        List<Object> outcomes = race(i -> () -> portal.enrollment().signUp(command));

        SignedUp first = (SignedUp) outcomes.stream().filter(SignedUp.class::isInstance).findFirst()
                .orElseThrow(() -> new AssertionError("no thread signed up: " + outcomes));
        assertThat(outcomes).as("every retry answers the first result").allSatisfy(o -> assertThat(o).isEqualTo(first));
        assertThat(accountOf(patient)).get().extracting(Account::id).isEqualTo(first.accountId());
        assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.USED);
        // A later retry still answers the same; the same key with other parameters is a conflict.
        assertThat(portal.enrollment().signUp(command)).isEqualTo(first);
        PortalException other = failure(() -> portal.enrollment().signUp(new SignUp(code.value(), SSN4, BIRTH_DATE,
                "retrier2", PASSWORD, "request-7f3a")));
        assertThat(other).isExactlyInstanceOf(ConflictException.class);
        assertAuditIntact();
    }

    @Test
    @DisplayName("EN-6 32 concurrent wrong guesses on one code verify at most 5 of them; the code is locked afterwards")
    void concurrentGuessesCannotOutrunTheCodeLock() throws Exception {
        PatientId patient = register();
        ActivationCode code = issue(patient);

        List<Object> outcomes = race(i -> () -> portal.enrollment().signUp(new SignUp(code.value(),
                String.format("%04d", 100 + i), BIRTH_DATE, "guess-" + i, PASSWORD, null)));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isExactlyInstanceOf(AuthenticationFailedException.class));
        List<AuditEvent> verifications = allEvents().stream()
                .filter(e -> EnrollmentService.ACTIVATION_CODE.equals(e.category()))
                .filter(e -> code.id().toString().equals(e.recordId()))
                .filter(e -> e.reason() != null)
                .toList();
        assertThat(verifications).hasSize(THREADS);
        long compared = verifications.stream().filter(e -> "mismatch".equals(e.reason())).count();
        assertThat(compared).as("EN-6 identity comparisons made on one code (the rest must answer 'locked')")
                .isLessThanOrEqualTo(5);
        assertThat(stored(code.id()).failedAttempts()).isGreaterThanOrEqualTo(5);
        assertThat(failure(() -> portal.enrollment().signUp(signUp(code.value(), "rightful"))))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
        assertThat(accountOf(patient)).isEmpty();
    }

    @Test
    @DisplayName("AU-5 32 concurrent wrong-password logins check the password at most 5 times; the account is locked afterwards")
    void concurrentGuessesCannotOutrunTheLockout() throws Exception {
        SignedUp account = enroll("besieged");

        List<Object> outcomes = race(i -> () -> portal.auth().logIn("besieged", "wrong passphrase guess " + i));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isExactlyInstanceOf(AuthenticationFailedException.class));
        List<AuditEvent> attempts = allEvents().stream()
                .filter(e -> account.patientId().equals(e.patientId()))
                .filter(e -> "session".equals(e.category()) && e.reason() != null)
                .toList();
        assertThat(attempts).hasSize(THREADS);
        assertThat(attempts.stream().filter(e -> "wrong_password".equals(e.reason())).count())
                .as("AU-5 passwords checked").isLessThanOrEqualTo(5);
        assertThat(failure(() -> portal.auth().logIn("besieged", PASSWORD)))
                .as("locked now, even with the right password")
                .isExactlyInstanceOf(AuthenticationFailedException.class);
    }
}
