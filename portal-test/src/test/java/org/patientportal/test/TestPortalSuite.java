package org.patientportal.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Role;
import org.patientportal.core.auth.ChangePassword;
import org.patientportal.core.notifications.DispatchReport;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.notifications.NotificationPolicy;
import org.patientportal.model.ActorKind;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.storage.PortalStorage;

/** The fixtures give working patients, staff and proxies on a storage; subclasses say which. */
abstract class TestPortalSuite {
    /** A new, empty storage. */
    protected abstract PortalStorage storage();

    @Test
    @DisplayName("a signed-in patient's actor and token work, and are the patient's own (EN-4, AU-6)")
    void signedInPatient() {
        TestPortal clinic = TestPortal.on(storage());
        SignedInPatient dana = clinic.signedInPatient();

        assertThat(dana.actor().kind()).isEqualTo(ActorKind.PATIENT);
        assertThat(dana.actor().patientId()).contains(dana.patientId());
        assertThat(dana.actor().accountId()).contains(dana.accountId());
        assertThat(clinic.portal().auth().authenticate(dana.token())).isEqualTo(dana.actor());
        assertThat(clinic.portal().auth().logIn(dana.username(), dana.password()).token()).isNotEqualTo(dana.token());
        assertThat(clinic.portal().notifications().preferences(dana.actor(), dana.patientId())).isNotNull();
        assertThat(dana.details().birthDate()).isEqualTo(clinic.clock().today().minusYears(36));
        assertThat(dana.toString()).doesNotContain(dana.token()).doesNotContain(dana.password());
        NotificationAssert.assertThat(clinic.sender()).hasDeliveredNothing();
    }

    @Test
    @DisplayName("each patient is a new one, and one patient cannot reach another's record (AC-1)")
    void patientsAreSeparate() {
        TestPortal clinic = TestPortal.on(storage());
        SignedInPatient dana = clinic.signedInPatient();
        SignedInPatient ben = clinic.signedInPatient();

        assertThat(ben.patientId()).isNotEqualTo(dana.patientId());
        assertThat(ben.details().mrn()).isNotEqualTo(dana.details().mrn());
        assertThat(ben.username()).isNotEqualTo(dana.username());
        assertThatThrownBy(() -> clinic.portal().notifications().preferences(ben.actor(), dana.patientId()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("details changed by the test are the ones registered and signed up with")
    void changedDetails() {
        TestPortal clinic = TestPortal.on(storage());
        LocalDate birthDate = LocalDate.of(1971, 2, 28);
        SignedInPatient dana = clinic.signedInPatient(p -> p.withBirthDate(birthDate).withUsername("dana.rivers")
                .withPassword("a-very-long-pass-phrase").withMobile("+15555550123"));

        assertThat(dana.details().birthDate()).isEqualTo(birthDate);
        assertThat(dana.details().mobile()).isEqualTo("+15555550123");
        assertThat(clinic.portal().auth().logIn("dana.rivers", "a-very-long-pass-phrase")).isNotNull();
        assertThatThrownBy(() -> clinic.portal().auth().logIn("dana.rivers", "quiet-harbor-lantern-0"))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    @DisplayName("a registered patient has no account until signed up; staff actors carry their one role")
    void registeredAndStaff() {
        TestPortal clinic = TestPortal.on(storage());
        RegisteredPatient ben = clinic.registeredPatient();
        assertThatThrownBy(() -> clinic.portal().auth().logIn(ben.details().username(), ben.details().password()))
                .isInstanceOf(AuthenticationFailedException.class);
        SignedInPatient signedIn = clinic.signUpAndLogIn(ben);
        assertThat(signedIn.patientId()).isEqualTo(ben.patientId());

        assertThat(clinic.frontDesk().roles()).containsExactly(Role.FRONT_DESK);
        assertThat(clinic.clinician().roles()).containsExactly(Role.CLINICIAN);
        assertThat(clinic.admin().roles()).containsExactly(Role.ADMIN);
        assertThat(clinic.integration().roles()).containsExactly(Role.INTEGRATION);
    }

    @Test
    @DisplayName("PX-1: a proxy for a young child acts for the child within the scopes granted, a stranger cannot")
    void proxy() {
        TestClock clock = TestClock.at(LocalDateTime.parse("2026-03-02T09:00"), ZoneId.of("America/Chicago"));
        TestPortal clinic = TestPortal.on(storage(), clock);
        RegisteredPatient child = clinic.registeredPatient(p -> p.withBirthDate(clock.today().minusYears(8)));
        SignedInPatient mother = clinic.proxyFor(child.patientId(), ProxyRelationship.PARENT,
                Set.of(ProxyScope.MESSAGING));
        SignedInPatient father = clinic.proxyFor(child.patientId(), ProxyRelationship.PARENT,
                Set.of(ProxyScope.APPOINTMENTS));
        SignedInPatient stranger = clinic.signedInPatient();

        assertThat(clinic.portal().notifications().preferences(mother.actor(), child.patientId())).isNotNull();
        assertThatThrownBy(() -> clinic.portal().notifications().preferences(father.actor(), child.patientId()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> clinic.portal().notifications().preferences(stranger.actor(), child.patientId()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("NT-2, NT-3: a failed delivery is retried once the clock passes the backoff, then delivered once")
    void retriedNotification() {
        TestPortal clinic = TestPortal.on(storage());
        SignedInPatient dana = clinic.signedInPatient();
        clinic.portal().auth().changePassword(dana.actor(),
                new ChangePassword(dana.password(), "a-brand-new-pass-phrase"));

        clinic.sender().failNext(1);
        assertThat(clinic.dispatch().retried()).isEqualTo(1);
        NotificationAssert.assertThat(clinic.sender()).hasDeliveredNothing();
        assertThat(clinic.dispatch()).isEqualTo(DispatchReport.EMPTY);

        clinic.clock().advance(Duration.ofMinutes(2));
        assertThat(clinic.dispatch().delivered()).isEqualTo(1);
        NotificationAssert.assertThat(clinic.sender())
                .hasExactlyOne(NotificationKinds.PASSWORD_CHANGED, dana)
                .noneContains(dana.details().familyName())
                .noneContains(dana.username());
    }

    @Test
    @DisplayName("settings set the policies; a part the test portal sets cannot be set again")
    void settings() {
        TestPortal clinic = TestPortal.on(storage(), TestClock.start(),
                portal -> portal.notificationPolicy(NotificationPolicy.defaults().withMaxAttempts(1)));
        SignedInPatient dana = clinic.signedInPatient();
        clinic.portal().auth().changePassword(dana.actor(),
                new ChangePassword(dana.password(), "a-brand-new-pass-phrase"));
        clinic.sender().failNext(1);
        assertThat(clinic.dispatch().deadLettered()).isEqualTo(1);

        assertThatThrownBy(() -> TestPortal.on(storage(), TestClock.start(), portal -> portal.clock(TestClock.start())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clock");
    }

    @Test
    @DisplayName("two test portals on one storage each give new patients")
    void sharedStorage() {
        PortalStorage storage = storage();
        SignedInPatient first = TestPortal.on(storage).signedInPatient();
        SignedInPatient second = TestPortal.on(storage).signedInPatient();
        assertThat(second.details().mrn()).isNotEqualTo(first.details().mrn());
        assertThat(second.patientId()).isNotEqualTo(first.patientId());
    }
}
