package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.PortalException;
import org.patientportal.core.internal.auth.PasswordRules;
import org.patientportal.core.auth.ResetPassword;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

/**
 * Enumeration: every wrong or unusable input to sign-up, login, reset and authenticate answers
 * with one and the same exception (EN-5, EN-8, AU-4, AU-5), so a caller cannot tell which part
 * was wrong, whether a code or a user exists, or whether an account is locked or disabled.
 */
@OnEveryStorage
@DisplayName("Enumeration (EN-5, EN-8, AU-4, AU-5)")
class EnumerationSuite extends SecurityFixture {

    /** The ways a sign-up can fail on the code, the identity or the patient's state. */
    enum SignUpFailure {
        UNKNOWN_CODE, WRONG_SSN4, WRONG_BIRTH_DATE, WRONG_SSN4_AND_BIRTH_DATE, EXPIRED, EXPIRED_AT_EXACT_END,
        USED, REVOKED_BY_NEW_CODE, REVOKED_BY_STAFF, LOCKED_WITH_RIGHT_DATA, ALREADY_ENROLLED,
        RESET_CODE_USED_FOR_SIGN_UP, ANOTHER_PATIENTS_CODE
    }

    /** The ways a login can fail. */
    enum LoginFailure {
        UNKNOWN_USER, WRONG_PASSWORD, PASSWORD_IN_OTHER_CASE, PASSWORD_WITH_TRAILING_SPACE,
        LOCKED_WITH_RIGHT_PASSWORD, LOCKED_WITH_WRONG_PASSWORD, DISABLED_WITH_RIGHT_PASSWORD,
        DISABLED_WITH_WRONG_PASSWORD, EMPTY_USERNAME
    }

    /** The generic sign-up failure as a never-issued code gets it. */
    private PortalException signUpBaseline() {
        return failure(() -> portal.enrollment().signUp(signUp(neverIssuedCode(), unique("nobody"))));
    }

    /** The generic login failure as an unknown user gets it. */
    private PortalException loginBaseline() {
        return failure(() -> portal.auth().logIn(unique("ghost"), PASSWORD));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SignUpFailure.class)
    @DisplayName("EN-5 EN-8 every wrong or unusable sign-up answers exactly like an unknown code (class, code, message)")
    void signUpFailuresAreIndistinguishable(SignUpFailure kind) {
        PortalException baseline = signUpBaseline();
        assertThat(baseline).isExactlyInstanceOf(AuthenticationFailedException.class);

        PortalException actual = signUpFailure(kind);

        assertIndistinguishable(actual, baseline, "EN-5 " + kind);
    }

    private PortalException signUpFailure(SignUpFailure kind) {
        PatientId patient = register();
        ActivationCode code = issue(patient);
        String username = unique("user");
        return switch (kind) {
            case UNKNOWN_CODE -> signUpFails(new SignUp(neverIssuedCode(), SSN4, BIRTH_DATE, username, PASSWORD, null));
            case WRONG_SSN4 -> signUpFails(new SignUp(code.value(), "7392", BIRTH_DATE, username, PASSWORD, null));
            case WRONG_BIRTH_DATE -> signUpFails(new SignUp(code.value(), SSN4, BIRTH_DATE.plusDays(1), username,
                    PASSWORD, null));
            case WRONG_SSN4_AND_BIRTH_DATE -> signUpFails(new SignUp(code.value(), "0000", BIRTH_DATE.minusYears(1),
                    username, PASSWORD, null));
            case EXPIRED -> {
                clock.advance(Duration.ofDays(31));
                yield signUpFails(signUp(code.value(), username));
            }
            case EXPIRED_AT_EXACT_END -> {
                clock.set(code.expiresAt());
                yield signUpFails(signUp(code.value(), username));
            }
            case USED -> {
                portal.enrollment().signUp(signUp(code.value(), username));
                yield signUpFails(signUp(code.value(), unique("second")));
            }
            case REVOKED_BY_NEW_CODE -> {
                issue(patient);
                assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.REVOKED);
                yield signUpFails(signUp(code.value(), username));
            }
            case REVOKED_BY_STAFF -> {
                assertThat(portal.enrollment().revokeActivationCodes(DESK, patient)).isEqualTo(1);
                yield signUpFails(signUp(code.value(), username));
            }
            case LOCKED_WITH_RIGHT_DATA -> {
                for (int i = 0; i < 5; i++) {
                    signUpFails(new SignUp(code.value(), "000" + i, BIRTH_DATE, username, PASSWORD, null));
                }
                assertThat(stored(code.id()).failedAttempts()).isEqualTo(5);
                yield signUpFails(signUp(code.value(), username));
            }
            case ALREADY_ENROLLED -> {
                // Another node enrolled the patient while this code was active (EN-8).
                Instant now = clock.instant();
                String other = unique("other");
                storage.inTransaction(tx -> {
                    tx.accounts().insert(new Account(AccountId.newId(), patient, other, PasswordRules.usernameKey(other),
                            "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                            AccountStatus.ACTIVE, 0, null, now, now, 0));
                    return null;
                });
                yield signUpFails(signUp(code.value(), username));
            }
            case RESET_CODE_USED_FOR_SIGN_UP -> {
                SignedUp enrolled = portal.enrollment().signUp(signUp(code.value(), username));
                ActivationCode reset = portal.enrollment().issuePasswordResetCode(DESK, enrolled.patientId(),
                        Delivery.IN_PERSON);
                yield signUpFails(signUp(reset.value(), unique("again")));
            }
            case ANOTHER_PATIENTS_CODE -> {
                PatientId other = portal.enrollment().registerPatient(DESK, new RegisterPatient(
                        unique("MRN-SEC-"), "Ola", "Berg", BIRTH_DATE.plusYears(3), "5555", null, null));
                ActivationCode otherCode = issue(other);
                yield signUpFails(signUp(otherCode.value(), username)); // my SSN4 and birth date, their code
            }
        };
    }

    private PortalException signUpFails(SignUp command) {
        return failure(() -> portal.enrollment().signUp(command));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LoginFailure.class)
    @DisplayName("AU-4 AU-5 unknown user, wrong password, locked and disabled accounts answer exactly alike")
    void loginFailuresAreIndistinguishable(LoginFailure kind) {
        PortalException baseline = loginBaseline();
        assertThat(baseline).isExactlyInstanceOf(AuthenticationFailedException.class);
        assertThat(baseline.getMessage()).isEqualTo(AuthenticationFailedException.MESSAGE);

        String username = unique("login");
        SignedUp account = enroll(username);
        PortalException actual = switch (kind) {
            case UNKNOWN_USER -> failure(() -> portal.auth().logIn(username + "x", PASSWORD));
            case WRONG_PASSWORD -> failure(() -> portal.auth().logIn(username, PASSWORD + "!"));
            case PASSWORD_IN_OTHER_CASE -> failure(() -> portal.auth().logIn(username, PASSWORD.toUpperCase(Locale.ROOT)));
            case PASSWORD_WITH_TRAILING_SPACE -> failure(() -> portal.auth().logIn(username, PASSWORD + " "));
            case LOCKED_WITH_RIGHT_PASSWORD -> {
                lockOut(username);
                yield failure(() -> portal.auth().logIn(username, PASSWORD));
            }
            case LOCKED_WITH_WRONG_PASSWORD -> {
                lockOut(username);
                yield failure(() -> portal.auth().logIn(username, "still not the passphrase"));
            }
            case DISABLED_WITH_RIGHT_PASSWORD -> {
                disable(account.accountId());
                yield failure(() -> portal.auth().logIn(username, PASSWORD));
            }
            case DISABLED_WITH_WRONG_PASSWORD -> {
                disable(account.accountId());
                yield failure(() -> portal.auth().logIn(username, "still not the passphrase"));
            }
            case EMPTY_USERNAME -> failure(() -> portal.auth().logIn("", PASSWORD));
        };

        assertIndistinguishable(actual, baseline, "AU-4 " + kind);
    }

    @Test
    @DisplayName("AU-5 a locked account refuses even the right password, like any failure, until the lockout ends")
    void lockedRefusesRightPassword() {
        String username = unique("locked");
        enroll(username);
        lockOut(username);
        assertIndistinguishable(failure(() -> portal.auth().logIn(username, PASSWORD)), loginBaseline(), "locked");

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        Session session = portal.auth().logIn(username, PASSWORD);
        assertThat(portal.auth().authenticate(session.token()).accountId()).isPresent();
    }

    @Test
    @DisplayName("EN-5 AU-4 AU-7 sign-up, login, password reset and authenticate failures are one and the same exception")
    void oneFailureAcrossOperations() {
        Map<String, PortalException> failures = new LinkedHashMap<>();
        failures.put("sign-up with unknown code", signUpBaseline());
        failures.put("login of unknown user", loginBaseline());

        String username = unique("reset");
        SignedUp account = enroll(username);
        ActivationCode reset = portal.enrollment().issuePasswordResetCode(DESK, account.patientId(), Delivery.IN_PERSON);
        String newPassword = "a brand new passphrase for reset";
        failures.put("reset with unknown code", failure(() -> portal.auth().resetPassword(
                new ResetPassword(neverIssuedCode(), SSN4, BIRTH_DATE, newPassword))));
        failures.put("reset with wrong SSN4", failure(() -> portal.auth().resetPassword(
                new ResetPassword(reset.value(), "1111", BIRTH_DATE, newPassword))));
        failures.put("reset with wrong birth date", failure(() -> portal.auth().resetPassword(
                new ResetPassword(reset.value(), SSN4, BIRTH_DATE.plusDays(1), newPassword))));
        PatientId unenrolled = register();
        ActivationCode signUpCode = issue(unenrolled);
        failures.put("reset with a sign-up code", failure(() -> portal.auth().resetPassword(
                new ResetPassword(signUpCode.value(), SSN4, BIRTH_DATE, newPassword))));
        failures.put("sign-up with a reset code", failure(() -> portal.enrollment().signUp(
                signUp(reset.value(), unique("x")))));

        Session session = portal.auth().logIn(username, PASSWORD);
        failures.put("authenticate an unknown well-formed token", failure(() -> portal.auth().authenticate(
                "A".repeat(43))));
        failures.put("authenticate a malformed token", failure(() -> portal.auth().authenticate("not-a-token")));
        portal.auth().logOut(session.token());
        failures.put("authenticate a logged-out token", failure(() -> portal.auth().authenticate(session.token())));
        Session second = portal.auth().logIn(username, PASSWORD);
        clock.advance(Duration.ofMinutes(16));
        failures.put("authenticate an idle-expired token", failure(() -> portal.auth().authenticate(second.token())));

        PortalException first = failures.values().iterator().next();
        List<String> checked = new ArrayList<>();
        failures.forEach((what, e) -> {
            assertIndistinguishable(e, first, what);
            checked.add(what);
        });
        assertThat(checked).hasSize(11);
        assertThat(first).isExactlyInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    @DisplayName("EN-5 a refused sign-up leaves the patient without an account and the code usable (below the lock)")
    void refusedSignUpChangesOnlyTheCounter() {
        PatientId patient = register();
        ActivationCode code = issue(patient);
        signUpFails(new SignUp(code.value(), "0000", BIRTH_DATE, unique("u"), PASSWORD, null));

        assertThat(accountOf(patient)).isEmpty();
        assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.ACTIVE);
        assertThat(stored(code.id()).failedAttempts()).isEqualTo(1);
        assertThat(portal.enrollment().signUp(signUp(code.value(), unique("u"))).patientId()).isEqualTo(patient);
        assertAuditIntact();
    }

    private void lockOut(String username) {
        for (int i = 0; i < 5; i++) {
            PortalException e = failure(() -> portal.auth().logIn(username, "a wrong passphrase, not the one"));
            assertThat(e).isExactlyInstanceOf(AuthenticationFailedException.class);
        }
    }

    private void disable(AccountId id) {
        storage.inTransaction(tx -> tx.accounts().update(tx.accounts().find(id).orElseThrow()
                .withStatus(AccountStatus.DISABLED)));
    }
}
