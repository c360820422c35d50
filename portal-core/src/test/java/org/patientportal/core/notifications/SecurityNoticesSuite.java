package org.patientportal.core.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.Actor;
import org.patientportal.core.PageRequest;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.proxy.GrantProxy;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Channel;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.notification.Notification;

/**
 * Security notices (AU-7, NT-1): they always reach the contacts on file, whatever the preferences
 * say, and a proxy can neither silence nor redirect them.
 */
@OnEveryStorage
@DisplayName("Security notices (AU-7, NT-1, PX-1)")
class SecurityNoticesSuite extends NotificationsFixture {
    private static final String EMAIL = "dana@example.org";
    private static final String MOBILE = "+15555550123";

    @Test
    @DisplayName("AU-7 a security notice set to SMS without SMS consent still goes to the email on file, never 'delivered' to nobody")
    void smsWithoutConsentDoesNotSilence() {
        PatientId patient = register();
        Actor me = enrolledPatient(patient);
        notifications().updatePreferences(me, patient, new UpdatePreferences(Map.of(
                NotificationKinds.PASSWORD_CHANGED, Set.of(Channel.SMS)), null));
        OutboxEntry entry = enqueue(NotificationKinds.PASSWORD_CHANGED, patient);

        notifications().dispatchDue();

        assertThat(sender.delivered()).extracting(Notification::channel, Notification::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, EMAIL));
        assertThat(entry(entry.id()).status()).isEqualTo(OutboxStatus.DELIVERED);
    }

    @Test
    @DisplayName("AU-7 a security notice goes to the email on file and the consented mobile in addition to the channels chosen")
    void mandatoryContactsInAddition() {
        PatientId patient = register();
        Actor me = enrolledPatient(patient);
        notifications().recordSmsConsent(me, patient);
        notifications().updatePreferences(me, patient, new UpdatePreferences(Map.of(
                NotificationKinds.PASSWORD_CHANGED, Set.of(Channel.PUSH)), "my-own-device"));
        OutboxEntry entry = enqueue(NotificationKinds.PASSWORD_CHANGED, patient);

        notifications().dispatchDue();

        assertThat(sender.delivered()).extracting(Notification::id, Notification::address).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(entry.id() + ":EMAIL", EMAIL),
                org.assertj.core.groups.Tuple.tuple(entry.id() + ":SMS", MOBILE),
                org.assertj.core.groups.Tuple.tuple(entry.id() + ":PUSH", "my-own-device"));
    }

    @Test
    @DisplayName("AU-7 PX-1 a proxy with MESSAGING cannot route the patient's security notices to its own push address")
    void proxyCannotRedirect() {
        PatientId patient = register();
        enrolledPatient(patient);
        Actor proxy = proxyOf(patient);

        RuleViolationException refused = catchThrowableOfType(RuleViolationException.class,
                () -> notifications().updatePreferences(proxy, patient, new UpdatePreferences(Map.of(
                        NotificationKinds.PASSWORD_CHANGED, Set.of(Channel.PUSH)), "proxy-device")));
        enqueue(NotificationKinds.PASSWORD_CHANGED, patient);
        notifications().dispatchDue();

        assertThat(sender.delivered()).extracting(Notification::address)
                .doesNotContain("proxy-device").containsExactly(EMAIL);
        assertThat(refused).as("the proxy's change of a security notice's channels is refused").isNotNull();
        assertThat(refused.reason()).isEqualTo("security_notices_patient_only");
        assertThat(events(patient)).filteredOn(e -> e.category().equals("notification-preferences")
                && e.outcome() == AuditOutcome.FAILED).hasSize(1);
    }

    @Test
    @DisplayName("AU-7 PX-1 a push address a proxy set never receives security notices, even where the patient chose push for them")
    void proxySetPushAddressIgnored() {
        PatientId patient = register();
        Actor me = enrolledPatient(patient);
        notifications().updatePreferences(me, patient, new UpdatePreferences(Map.of(
                NotificationKinds.PASSWORD_CHANGED, Set.of(Channel.PUSH, Channel.EMAIL)), "my-own-device"));
        Actor proxy = proxyOf(patient);

        Preferences current = notifications().preferences(proxy, patient);
        // the proxy's screen sends back every kind as it read them, with its own device and one more kind
        Map<String, Set<Channel>> roundTrip = new java.util.HashMap<>(current.channelsByKind());
        roundTrip.put(NotificationKinds.RESULT_RELEASED, Set.of(Channel.PUSH));
        notifications().updatePreferences(proxy, patient, new UpdatePreferences(roundTrip, "proxy-device"));
        OutboxEntry notice = enqueue(NotificationKinds.PASSWORD_CHANGED, patient);
        OutboxEntry result = enqueue(NotificationKinds.RESULT_RELEASED, patient);

        notifications().dispatchDue();

        assertThat(sender.delivered()).filteredOn(n -> n.id().startsWith(notice.id().toString()))
                .extracting(Notification::address).containsExactly(EMAIL);
        assertThat(sender.delivered()).filteredOn(n -> n.id().startsWith(result.id().toString()))
                .extracting(Notification::address).as("other kinds follow the proxy's choice").containsExactly("proxy-device");
    }

    @Test
    @DisplayName("AU-7 a proxy's update keeps the patient's own choices for security notices")
    void proxyKeepsPatientsSecurityChoices() {
        PatientId patient = register();
        Actor me = enrolledPatient(patient);
        notifications().updatePreferences(me, patient, new UpdatePreferences(Map.of(
                NotificationKinds.PASSWORD_CHANGED, EnumSet.of(Channel.EMAIL, Channel.PUSH)), "my-own-device"));
        Actor proxy = proxyOf(patient);

        Preferences saved = notifications().updatePreferences(proxy, patient, new UpdatePreferences(Map.of(
                NotificationKinds.RESULT_RELEASED, Set.of()), "my-own-device"));

        assertThat(saved.channelsByKind()).containsEntry(NotificationKinds.PASSWORD_CHANGED,
                EnumSet.of(Channel.EMAIL, Channel.PUSH)).containsEntry(NotificationKinds.RESULT_RELEASED, Set.of());
        enqueue(NotificationKinds.PASSWORD_CHANGED, patient);
        notifications().dispatchDue();
        assertThat(sender.delivered()).extracting(Notification::address)
                .as("the same address the patient set stays trusted").containsExactlyInAnyOrder(EMAIL, "my-own-device");
    }

    @Test
    @DisplayName("AU-7 a security notice with no deliverable address is dead-lettered 'no_address', not recorded as delivered")
    void noAddressIsDeadLettered() {
        PatientId patient = register(null, MOBILE);   // no email, and SMS never consented
        OutboxEntry entry = enqueue(NotificationKinds.PASSWORD_CHANGED, patient);

        DispatchReport report = notifications().dispatchDue();

        assertThat(report.deadLettered()).isEqualTo(1);
        assertThat(entry(entry.id()).status()).isEqualTo(OutboxStatus.DEAD);
        assertThat(notifications().deadLetters(ADMIN, PageRequest.first(10)).items()).singleElement()
                .extracting(DeadLetter::lastError).isEqualTo("no_address");
        assertThat(sender.attempts()).isZero();
    }

    @Test
    @DisplayName("NT-1 a kind that is not a security notice and has no deliverable channel is still delivered nowhere (the patient's choice)")
    void otherKindsMayGoNowhere() {
        PatientId patient = register(null, MOBILE);
        OutboxEntry entry = enqueue(NotificationKinds.RESULT_RELEASED, patient);

        DispatchReport report = notifications().dispatchDue();

        assertThat(report.skipped()).isEqualTo(1);
        assertThat(entry(entry.id()).status()).isEqualTo(OutboxStatus.DELIVERED);
    }

    /** A second enrolled patient granted every scope on {@code patient} as a caregiver. */
    private Actor proxyOf(PatientId patient) {
        Actor proxy = enrolledPatient(register("proxy@example.org", "+15555550999"));
        portal.proxies().grant(ADMIN, patient, new GrantProxy(proxy.accountId().orElseThrow(),
                ProxyRelationship.CAREGIVER, EnumSet.allOf(ProxyScope.class)));
        return proxy;
    }
}
