package org.patientportal.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.AccountStatus;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Delivery;
import org.patientportal.model.OutboxEntry;

/** Passwords: AU-2 rules on change and reset, AU-7 change and reset, AU-6 revocation; AD-1, AD-3, IN-2. */
@OnEveryStorage
@DisplayName("Password")
class PasswordSuite extends AuthTestBase {
    static final String NEW_PASSWORD = "a much longer passphrase for the portal";

    private Actor logInAs() {
        return portal.auth().authenticate(portal.auth().logIn(USERNAME, PASSWORD).token());
    }

    // ---------------------------------------------------------------- AU-7 change

    @Test
    @DisplayName("AU-7 a password change with the current password sets the new one")
    void changesPassword() {
        Enrolled me = enroll();
        Actor actor = logInAs();
        String before = account(me.accountId()).passwordHash();

        portal.auth().changePassword(actor, new ChangePassword(PASSWORD, NEW_PASSWORD));

        assertThat(account(me.accountId()).passwordHash()).isNotEqualTo(before).startsWith("$argon2id$");
        assertThat(account(me.accountId()).passwordChangedAt()).isEqualTo(clock.instant());
        failLogin(USERNAME, PASSWORD);
        assertThat(portal.auth().logIn(USERNAME, NEW_PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-7 a password change needs the current password: a wrong one changes nothing and counts as a failure")
    void changeNeedsCurrentPassword() {
        Enrolled me = enroll();
        Actor actor = logInAs();
        String before = account(me.accountId()).passwordHash();

        assertThatThrownBy(() -> portal.auth().changePassword(actor, new ChangePassword(WRONG, NEW_PASSWORD)))
                .isExactlyInstanceOf(AuthenticationFailedException.class)
                .hasMessage(AuthenticationFailedException.MESSAGE);

        assertThat(account(me.accountId()).passwordHash()).isEqualTo(before);
        assertThat(account(me.accountId()).failedLoginCount()).isEqualTo(1);
        assertThat(portal.auth().authenticate(portal.auth().logIn(USERNAME, PASSWORD).token())).isNotNull();
        assertThat(events(me.patientId())).anySatisfy(e -> {
            assertThat(e.category()).isEqualTo("account");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(e.reason()).isEqualTo("wrong_password");
        });
    }

    @Test
    @DisplayName("AU-7 a password change revokes every session of the account, the current one included, at once")
    void changeRevokesEverySession() {
        Enrolled me = enroll();
        Session phone = portal.auth().logIn(USERNAME, PASSWORD);
        Session laptop = portal.auth().logIn(USERNAME, PASSWORD);
        Actor actor = portal.auth().authenticate(laptop.token());
        portal.auth().authenticate(phone.token()); // both cached on this node

        portal.auth().changePassword(actor, new ChangePassword(PASSWORD, NEW_PASSWORD));

        assertThatThrownBy(() -> portal.auth().authenticate(phone.token())).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> portal.auth().authenticate(laptop.token())).isInstanceOf(AuthenticationFailedException.class);
        assertThat(sessionRecord(phone.id()).revoked()).isTrue();
        assertThat(sessionRecord(laptop.id()).revoked()).isTrue();
        assertThat(account(me.accountId()).status()).isEqualTo(AccountStatus.ACTIVE);
    }

    @Test
    @DisplayName("AU-7 a password change sends a password-changed notification through the outbox, with no secret in it")
    void changeNotifies() {
        Enrolled me = enroll();
        Actor actor = logInAs();

        portal.auth().changePassword(actor, new ChangePassword(PASSWORD, NEW_PASSWORD));

        List<OutboxEntry> due = dueOutbox();
        assertThat(due).filteredOn(e -> e.kind().equals("password-changed")).singleElement().satisfies(e -> {
            assertThat(e.accountId()).isEqualTo(me.accountId());
            assertThat(e.patientId()).isEqualTo(me.patientId());
            assertThat(e.payload().toString()).doesNotContain(PASSWORD, NEW_PASSWORD);
        });
    }

    @Test
    @DisplayName("AU-2 a new password is checked by every rule, each reason told, and nothing changes")
    void changeKeepsTheRules() {
        Enrolled me = enroll();
        Actor actor = logInAs();
        String before = account(me.accountId()).passwordHash();

        assertThatThrownBy(() -> portal.auth().changePassword(actor, new ChangePassword(PASSWORD, "short")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("newPassword", "must have at least 15 characters")));
        assertThatThrownBy(() -> portal.auth().changePassword(actor, new ChangePassword(PASSWORD, "123456789987654321")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::message).containsExactly("is one of the most common passwords; choose another"));
        assertThatThrownBy(() -> portal.auth().changePassword(actor, new ChangePassword(PASSWORD, "hello, I am JDOE, really")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::message).containsExactly("must not contain the username"));
        assertThatThrownBy(() -> portal.auth().changePassword(actor, new ChangePassword(null, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path).containsExactlyInAnyOrder("currentPassword", "newPassword"));
        assertThatThrownBy(() -> portal.auth().changePassword(actor, null))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(account(me.accountId()).passwordHash()).isEqualTo(before);
        assertThat(account(me.accountId()).failedLoginCount()).isZero();
        assertThat(portal.auth().authenticate(portal.auth().logIn(USERNAME, PASSWORD).token())).isNotNull();
    }

    @Test
    @DisplayName("AU-7 a staff actor cannot change a patient's password: denied and audited (AD-3)")
    void staffCannotChange() {
        enroll();
        assertThatThrownBy(() -> portal.auth().changePassword(DESK, new ChangePassword(PASSWORD, NEW_PASSWORD)))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    @DisplayName("AD-1 a password change is audited on the patient's chain, and the chains stay intact")
    void changeIsAudited() {
        Enrolled me = enroll();
        Actor actor = logInAs();

        portal.auth().changePassword(actor, new ChangePassword(PASSWORD, NEW_PASSWORD));

        assertThat(events(me.patientId())).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.UPDATE);
            assertThat(e.category()).isEqualTo("account");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(e.recordId()).isEqualTo(me.accountId().toString());
        });
        assertAuditIntact();
    }

    // ---------------------------------------------------------------- AU-7 reset

    private ActivationCode resetCode(Enrolled me) {
        return portal.enrollment().issuePasswordResetCode(DESK, me.patientId(), Delivery.IN_PERSON);
    }

    @Test
    @DisplayName("AU-7 a reset code with SSN4 and birth date sets a new password and revokes every session")
    void resets() {
        Enrolled me = enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);
        portal.auth().authenticate(session.token());
        ActivationCode code = resetCode(me);

        portal.auth().resetPassword(new ResetPassword(code.value(), SSN4, BIRTH_DATE, NEW_PASSWORD));

        assertThatThrownBy(() -> portal.auth().authenticate(session.token())).isInstanceOf(AuthenticationFailedException.class);
        failLogin(USERNAME, PASSWORD);
        assertThat(portal.auth().logIn(USERNAME, NEW_PASSWORD)).isNotNull();
        assertThat(dueOutbox()).extracting(OutboxEntry::kind).contains("password-changed");
        assertAuditIntact();
    }

    @Test
    @DisplayName("AU-7 a reset accepts the code without dashes, in any case, with spaces around")
    void resetCodeFormats() {
        Enrolled me = enroll();
        String code = resetCode(me).value();

        portal.auth().resetPassword(new ResetPassword("  " + code.replace("-", "").toLowerCase(java.util.Locale.ROOT) + " ",
                SSN4, BIRTH_DATE, NEW_PASSWORD));

        assertThat(portal.auth().logIn(USERNAME, NEW_PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-7 a reset clears a lockout")
    void resetClearsLockout() {
        Enrolled me = enroll();
        failLogins(5);
        ActivationCode code = resetCode(me);

        portal.auth().resetPassword(new ResetPassword(code.value(), SSN4, BIRTH_DATE, NEW_PASSWORD));

        assertThat(account(me.accountId()).failedLoginCount()).isZero();
        assertThat(portal.auth().logIn(USERNAME, NEW_PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-7 a reset re-enables an account disabled by 100 consecutive failures (AU-5)")
    void resetReenables() {
        Enrolled me = enroll();
        for (int i = 0; i < 100; i++) {
            failLogin(USERNAME, WRONG);
            clock.advance(Duration.ofMinutes(15));
        }
        assertThat(account(me.accountId()).status()).isEqualTo(AccountStatus.DISABLED);

        portal.auth().resetPassword(new ResetPassword(resetCode(me).value(), SSN4, BIRTH_DATE, NEW_PASSWORD));

        assertThat(account(me.accountId()).status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(account(me.accountId()).failedLoginCount()).isZero();
        assertThat(portal.auth().logIn(USERNAME, NEW_PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-7 a wrong SSN4, birth date or code fails like a wrong login, and the password stays")
    void resetFailsGenerically() {
        Enrolled me = enroll();
        ActivationCode code = resetCode(me);
        String otherCode = "00000-00000-00000";

        for (ResetPassword wrong : List.of(
                new ResetPassword(code.value(), "9999", BIRTH_DATE, NEW_PASSWORD),
                new ResetPassword(code.value(), SSN4, BIRTH_DATE.plusDays(1), NEW_PASSWORD),
                new ResetPassword(otherCode, SSN4, BIRTH_DATE, NEW_PASSWORD))) {
            assertThatThrownBy(() -> portal.auth().resetPassword(wrong))
                    .isExactlyInstanceOf(AuthenticationFailedException.class)
                    .hasMessage(AuthenticationFailedException.MESSAGE);
        }
        assertThat(portal.auth().logIn(USERNAME, PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-7 a reset code works once")
    void resetCodeOnce() {
        Enrolled me = enroll();
        ActivationCode code = resetCode(me);
        portal.auth().resetPassword(new ResetPassword(code.value(), SSN4, BIRTH_DATE, NEW_PASSWORD));

        assertThatThrownBy(() -> portal.auth().resetPassword(
                new ResetPassword(code.value(), SSN4, BIRTH_DATE, "yet another long passphrase")))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
        assertThat(portal.auth().logIn(USERNAME, NEW_PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("AU-7 an expired reset code fails")
    void resetCodeExpires() {
        Enrolled me = enroll();
        ActivationCode code = resetCode(me);
        clock.set(code.expiresAt());

        assertThatThrownBy(() -> portal.auth().resetPassword(new ResetPassword(code.value(), SSN4, BIRTH_DATE, NEW_PASSWORD)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    @DisplayName("AU-2 a reset keeps the password rules; a refused new password leaves the code usable")
    void resetKeepsTheRules() {
        Enrolled me = enroll();
        ActivationCode code = resetCode(me);

        assertThatThrownBy(() -> portal.auth().resetPassword(new ResetPassword(code.value(), SSN4, BIRTH_DATE, "short")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path).containsExactly("newPassword"));
        assertThatThrownBy(() -> portal.auth().resetPassword(new ResetPassword(code.value(), SSN4, BIRTH_DATE,
                "my username is jdoe, hi")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::message).containsExactly("must not contain the username"));

        portal.auth().resetPassword(new ResetPassword(code.value(), SSN4, BIRTH_DATE, NEW_PASSWORD));
        assertThat(portal.auth().logIn(USERNAME, NEW_PASSWORD)).isNotNull();
    }

    @Test
    @DisplayName("IN-2 a reset command is validated before anything is read: every violation at once")
    void resetValidation() {
        assertThatThrownBy(() -> portal.auth().resetPassword(new ResetPassword("not a code", "12a", null, "short")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path).containsExactlyInAnyOrder("birthDate", "code", "newPassword", "ssnLast4"));
        assertThatThrownBy(() -> portal.auth().resetPassword(null)).isInstanceOf(InvalidRequestException.class);
        assertThat(new ResetPassword("ABCDE-ABCDE-ABCDE", SSN4, LocalDate.of(1984, 2, 29), NEW_PASSWORD).toString())
                .doesNotContain("ABCDE", SSN4, "1984", NEW_PASSWORD);
        assertThat(new ChangePassword(PASSWORD, NEW_PASSWORD).toString()).doesNotContain(PASSWORD, NEW_PASSWORD);
    }
}
