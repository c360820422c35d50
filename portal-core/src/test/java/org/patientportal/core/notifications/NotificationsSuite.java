package org.patientportal.core.notifications;

import org.patientportal.core.PageRequest;
import org.patientportal.core.Page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Portal;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.auth.ChangePassword;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.testing.DeliveredCodes;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Channel;
import org.patientportal.model.Delivery;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.tck.RecordingNotificationSender;

/** The notification rules NT-1, NT-2 and the notifications owed by EN-1 and AU-7, on every adapter. */
@OnEveryStorage
@DisplayName("Notifications (NT-1, NT-2, EN-1, AU-7)")
class NotificationsSuite extends NotificationsFixture {

    // ---------------------------------------------------------------- NT-1

    @Test
    @DisplayName("NT-1 with no choice made a notice goes by email to the address on file, with id <entry id>:EMAIL")
    void defaultIsEmail() {
        PatientId patient = register();
        OutboxEntry entry = enqueue(NotificationKinds.RESULT_RELEASED, patient);

        DispatchReport report = notifications().dispatchDue();

        assertThat(report).isEqualTo(new DispatchReport(1, 1, 0, 0, 0, 0));
        assertThat(sender.delivered()).singleElement().satisfies(n -> {
            assertThat(n.id()).isEqualTo(entry.id() + ":EMAIL");
            assertThat(n.channel()).isEqualTo(Channel.EMAIL);
            assertThat(n.address()).isEqualTo("dana@example.org");
            assertThat(n.kind()).isEqualTo(NotificationKinds.RESULT_RELEASED);
            assertThat(n.body()).isEqualTo("You have a new test result. Log in to your patient portal to see it.");
        });
        assertThat(entry(entry.id()).status()).isEqualTo(OutboxStatus.DELIVERED);
        assertThat(entry(entry.id()).completedAt()).isEqualTo(clock.instant());
    }

    @Test
    @DisplayName("NT-1 channels are chosen per kind and channel: a kind turned off sends nothing, another goes by SMS and push")
    void perKindAndChannel() {
        PatientId patient = register();
        Actor me = enrolledPatient(patient);
        notifications().recordSmsConsent(me, patient);
        Preferences saved = notifications().updatePreferences(me, patient, new UpdatePreferences(Map.of(
                NotificationKinds.RESULT_RELEASED, Set.of(),
                NotificationKinds.MESSAGE_RECEIVED, Set.of(Channel.SMS, Channel.PUSH)), "device-token-1"));
        assertThat(saved.channelsByKind()).containsEntry(NotificationKinds.MESSAGE_RECEIVED,
                Set.of(Channel.SMS, Channel.PUSH));
        assertThat(saved.smsConsented()).as("consent is kept by an update").isTrue();
        assertThat(notifications().preferences(me, patient)).isEqualTo(saved);

        OutboxEntry off = enqueue(NotificationKinds.RESULT_RELEASED, patient);
        OutboxEntry on = enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        DispatchReport report = notifications().dispatchDue();

        assertThat(report.delivered()).isEqualTo(2);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(sender.delivered()).extracting(Notification::id, Notification::channel, Notification::address)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(on.id() + ":SMS", Channel.SMS, "+15555550123"),
                        org.assertj.core.groups.Tuple.tuple(on.id() + ":PUSH", Channel.PUSH, "device-token-1"));
        assertThat(entry(off.id()).status()).isEqualTo(OutboxStatus.DELIVERED);
        assertThat(entry(on.id()).status()).isEqualTo(OutboxStatus.DELIVERED);
    }

    @Test
    @DisplayName("NT-1 SMS goes out only once consent is recorded")
    void smsNeedsConsent() {
        PatientId patient = register();
        notifications().updatePreferences(DESK, patient, new UpdatePreferences(Map.of(
                NotificationKinds.MESSAGE_RECEIVED, Set.of(Channel.SMS)), null));

        enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        assertThat(notifications().dispatchDue().skipped()).isEqualTo(1);
        assertThat(sender.delivered()).isEmpty();

        notifications().recordSmsConsent(DESK, patient);
        assertThat(notifications().preferences(DESK, patient).smsConsentAt()).isEqualTo(clock.instant());
        enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        notifications().dispatchDue();
        assertThat(sender.delivered()).singleElement().extracting(Notification::channel).isEqualTo(Channel.SMS);
    }

    @Test
    @DisplayName("NT-1 an inbound STOP withdraws the SMS consent of every patient with that number; consent again restores it")
    void stopWithdrawsConsent() {
        PatientId first = register("a@example.org", "+15555550123");
        PatientId second = register("b@example.org", "+15555550123");
        PatientId other = register("c@example.org", "+15555550999");
        for (PatientId patient : List.of(first, second, other)) {
            notifications().recordSmsConsent(DESK, patient);
            notifications().updatePreferences(DESK, patient, new UpdatePreferences(Map.of(
                    NotificationKinds.MESSAGE_RECEIVED, Set.of(Channel.SMS)), null));
        }
        clock.advance(Duration.ofMinutes(1));

        assertThat(notifications().smsStop("  +15555550123 ")).isEqualTo(2);

        assertThat(notifications().preferences(DESK, first).smsConsented()).isFalse();
        assertThat(notifications().preferences(DESK, second).smsConsented()).isFalse();
        assertThat(notifications().preferences(DESK, first).smsStoppedAt()).isEqualTo(clock.instant());
        assertThat(notifications().preferences(DESK, other).smsConsented()).isTrue();
        enqueue(NotificationKinds.MESSAGE_RECEIVED, first);
        enqueue(NotificationKinds.MESSAGE_RECEIVED, other);
        notifications().dispatchDue();
        assertThat(sender.delivered()).singleElement().extracting(Notification::address).isEqualTo("+15555550999");
        assertThat(events(first)).anySatisfy(e -> {
            assertThat(e.category()).isEqualTo("sms-consent");
            assertThat(e.reason()).isEqualTo("inbound_stop");
            assertThat(e.actor().kind()).isEqualTo(ActorKind.SYSTEM);
        });

        assertThat(notifications().smsStop("+15555550777")).isZero();
        assertThatThrownBy(() -> notifications().smsStop("STOP")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> notifications().smsStop(null)).isInstanceOf(InvalidRequestException.class);

        notifications().recordSmsConsent(DESK, first);
        assertThat(notifications().preferences(DESK, first).smsConsented()).isTrue();
    }

    @Test
    @DisplayName("NT-1 preferences are validated with every violation: unknown kinds, security notices turned off, push without address")
    void preferencesValidated() {
        PatientId patient = register();
        Map<String, Set<Channel>> choices = new java.util.HashMap<>();
        choices.put(NotificationKinds.PASSWORD_CHANGED, Set.of());
        choices.put("no-such-kind", Set.of(Channel.EMAIL));
        choices.put(NotificationKinds.MESSAGE_RECEIVED, Set.of(Channel.PUSH));
        choices.put(NotificationKinds.ACTIVATION_CODE, Set.of(Channel.EMAIL));

        InvalidRequestException invalid = catchThrowableOfType(InvalidRequestException.class,
                () -> notifications().updatePreferences(DESK, patient, new UpdatePreferences(choices, null)));

        assertThat(invalid.violations()).extracting(Violation::path).containsExactlyInAnyOrder(
                "channelsByKind[activation-code]", "channelsByKind[no-such-kind]", "channelsByKind[password-changed]",
                "pushAddress");
        assertThatThrownBy(() -> notifications().updatePreferences(DESK, patient, null))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> notifications().updatePreferences(DESK, patient, new UpdatePreferences(null, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path).containsExactly("channelsByKind"));
        assertThat(notifications().preferences(DESK, patient)).isEqualTo(new Preferences(patient, Map.of(), null, null, null));
    }

    @Test
    @DisplayName("NT-1 SMS consent needs a mobile number on file")
    void consentNeedsMobile() {
        PatientId patient = register("dana@example.org", null);
        assertThat(catchThrowableOfType(RuleViolationException.class,
                () -> notifications().recordSmsConsent(DESK, patient)).reason()).isEqualTo("no_mobile_on_file");
    }

    @Test
    @DisplayName("NT-1 a stranger patient is answered as for an unknown patient, a clinician is denied, and both are audited")
    void preferencesAccess() {
        PatientId patient = register();
        Actor stranger = enrolledPatient(register());
        PatientId unknown = PatientId.newId();

        NotFoundException forStranger = catchThrowableOfType(NotFoundException.class,
                () -> notifications().preferences(stranger, patient));
        NotFoundException forUnknown = catchThrowableOfType(NotFoundException.class,
                () -> notifications().preferences(DESK, unknown));
        assertThat(forStranger.code()).isEqualTo(forUnknown.code());
        assertThat(forStranger.getMessage()).isEqualTo(forUnknown.getMessage());
        assertThatThrownBy(() -> notifications().updatePreferences(CLINICIAN, patient,
                new UpdatePreferences(Map.of(), null))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> notifications().recordSmsConsent(stranger, patient))
                .isInstanceOf(NotFoundException.class);
        assertThat(notifications().preferences(ADMIN, patient)).isEqualTo(new Preferences(patient, Map.of(), null, null, null));

        assertThat(events(patient)).filteredOn(e -> e.outcome() == AuditOutcome.DENIED)
                .extracting(AuditEvent::category).contains("notification-preferences", "sms-consent");
        assertThat(events(patient)).filteredOn(e -> e.outcome() == AuditOutcome.SUCCESS
                        && e.category().equals("notification-preferences"))
                .extracting(AuditEvent::action).containsExactly(AuditAction.READ);
    }

    // ---------------------------------------------------------------- NT-2

    @Test
    @DisplayName("NT-2 a failed send is retried after an exponential backoff with jitter, with the same notification id")
    void backoffWithJitter() {
        PatientId patient = register();
        OutboxEntry entry = enqueue(NotificationKinds.RESULT_RELEASED, patient);
        sender.failNext(2);

        assertThat(notifications().dispatchDue().retried()).isEqualTo(1);
        OutboxEntry first = entry(entry.id());
        assertThat(first.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.lastError()).isEqualTo("retryable_failure");
        assertThat(first.nextAttemptAt()).isBetween(clock.instant().plusSeconds(24), clock.instant().plusSeconds(36));
        assertThat(notifications().dispatchDue().claimed()).as("not due before its backoff").isZero();

        clock.set(first.nextAttemptAt());
        assertThat(notifications().dispatchDue().retried()).isEqualTo(1);
        OutboxEntry second = entry(entry.id());
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(Duration.between(clock.instant(), second.nextAttemptAt()))
                .isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72));

        clock.set(second.nextAttemptAt());
        assertThat(notifications().dispatchDue().delivered()).isEqualTo(1);
        assertThat(sender.attempts()).isEqualTo(3);
        assertThat(sender.delivered()).singleElement().extracting(Notification::id).isEqualTo(entry.id() + ":EMAIL");
    }

    @Test
    @DisplayName("NT-2 after 8 failed attempts an entry is dead-lettered, listed for ADMIN staff only, and re-queued by them")
    void deadLetters() {
        PatientId patient = register();
        OutboxEntry entry = enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        sender.failNext(1000);

        for (int i = 0; i < 8; i++) {
            notifications().dispatchDue();
            clock.advance(policy().maxBackoff());
        }

        OutboxEntry dead = entry(entry.id());
        assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(8);
        assertThat(sender.attempts()).isEqualTo(8);
        assertThat(notifications().dispatchDue().claimed()).isZero();
        Page<DeadLetter> page = notifications().deadLetters(ADMIN, PageRequest.first(1));
        assertThat(page.hasNext()).isFalse();
        List<DeadLetter> letters = page.items();
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(entry.id());
            assertThat(l.kind()).isEqualTo(NotificationKinds.MESSAGE_RECEIVED);
            assertThat(l.patientId()).isEqualTo(patient);
            assertThat(l.attempts()).isEqualTo(8);
            assertThat(l.lastError()).isEqualTo("retryable_failure");
        });
        assertThatThrownBy(() -> notifications().deadLetters(DESK, PageRequest.first(10))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> notifications().requeue(DESK, entry.id())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> notifications().deadLetters(ADMIN, new PageRequest(null, 0))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> notifications().requeue(ADMIN, OutboxEntryId.newId()))
                .isInstanceOf(NotFoundException.class);

        sender.failNext(0);
        notifications().requeue(ADMIN, entry.id());
        assertThat(entry(entry.id()).status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(entry(entry.id()).attempts()).isZero();
        assertThat(catchThrowableOfType(RuleViolationException.class,
                () -> notifications().requeue(ADMIN, entry.id())).reason()).isEqualTo("not_dead");
        assertThat(notifications().dispatchDue().delivered()).isEqualTo(1);
        assertThat(sender.delivered()).singleElement().extracting(Notification::id).isEqualTo(entry.id() + ":EMAIL");

        assertThat(events(patient)).filteredOn(e -> e.category().equals("notification"))
                .extracting(AuditEvent::outcome, AuditEvent::reason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AuditOutcome.FAILED, "retryable_failure"),
                        org.assertj.core.groups.Tuple.tuple(AuditOutcome.SUCCESS, null));
        assertThat(events(patient)).filteredOn(e -> e.category().equals("dead-letter"))
                .extracting(AuditEvent::outcome, AuditEvent::reason, AuditEvent::recordId).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AuditOutcome.SUCCESS, null, null), // the listing (AD-1)
                        org.assertj.core.groups.Tuple.tuple(AuditOutcome.SUCCESS, null, entry.id().toString()),
                        org.assertj.core.groups.Tuple.tuple(AuditOutcome.FAILED, "not_dead", entry.id().toString()));
        assertThat(events(null)).filteredOn(e -> e.category().equals("dead-letter"))
                .extracting(AuditEvent::action, AuditEvent::outcome).contains(
                        org.assertj.core.groups.Tuple.tuple(AuditAction.READ, AuditOutcome.DENIED),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.UPDATE, AuditOutcome.DENIED));
    }

    @Test
    @DisplayName("NT-2 the number of attempts is configurable")
    void maxAttemptsConfigurable() {
        PatientId patient = register();
        Portal strict = TestPortals.builder(storage, clock, sender)
                .notificationPolicy(NotificationPolicy.defaults().withMaxAttempts(2)).build();
        OutboxEntry entry = enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        sender.failNext(5);

        strict.notifications().dispatchDue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(strict.notifications().dispatchDue().deadLettered()).isEqualTo(1);
        assertThat(entry(entry.id()).status()).isEqualTo(OutboxStatus.DEAD);
        assertThat(entry(entry.id()).attempts()).isEqualTo(2);
    }

    @Test
    @DisplayName("NT-2 a permanent failure is dead-lettered at once")
    void permanentFailure() {
        PatientId patient = register();
        OutboxEntry entry = enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        sender.failNextPermanently(1);

        assertThat(notifications().dispatchDue().deadLettered()).isEqualTo(1);

        assertThat(entry(entry.id()).status()).isEqualTo(OutboxStatus.DEAD);
        assertThat(entry(entry.id()).attempts()).isEqualTo(1);
        assertThat(entry(entry.id()).lastError()).isEqualTo("permanent_failure");
    }

    @Test
    @DisplayName("NT-2 an entry held by a dispatcher that died is delivered once its claim lapses, and the dead claim records nothing")
    void lapsedClaim() {
        PatientId patient = register();
        OutboxEntry entry = enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        Instant lease = clock.instant().plus(policy().claimLease());
        List<OutboxEntry> held = storage.inTransaction(tx -> tx.outbox().claimDue(clock.instant(), 10, "died", lease));
        assertThat(held).hasSize(1);

        assertThat(notifications().dispatchDue().claimed()).isZero();
        clock.set(lease);
        assertThat(notifications().dispatchDue().delivered()).isEqualTo(1);

        boolean recorded = storage.inTransaction(tx -> tx.outbox().markFailed(entry.id(), "died", "late", lease));
        assertThat(recorded).isFalse();
        assertThat(entry(entry.id()).status()).isEqualTo(OutboxStatus.DELIVERED);
        assertThat(sender.delivered()).hasSize(1);
    }

    @Test
    @DisplayName("NT-2 deliverAfter delays an entry until its time")
    void deliverAfter() {
        PatientId patient = register();
        OutboxEntry entry = OutboxEntry.pending(NotificationKinds.APPOINTMENT_REMINDER, patient, null, OutboxPayloads.NONE, null,
                clock.instant(), clock.instant().plus(Duration.ofDays(1)));
        storage.inTransaction(tx -> {
            tx.outbox().enqueue(entry);
            return null;
        });

        assertThat(notifications().dispatchDue().claimed()).isZero();
        clock.advance(Duration.ofDays(1));
        assertThat(notifications().dispatchDue().delivered()).isEqualTo(1);
    }

    @Test
    @DisplayName("NT-2 an entry of an unknown kind or without a known patient is dead-lettered, never retried")
    void undeliverable() {
        OutboxEntry unknownKind = enqueue("no-such-kind", register());
        OutboxEntry noPatient = enqueue(NotificationKinds.MESSAGE_RECEIVED, null);

        assertThat(notifications().dispatchDue().deadLettered()).isEqualTo(2);

        assertThat(entry(unknownKind.id()).lastError()).isEqualTo("unknown_kind");
        assertThat(entry(noPatient.id()).lastError()).isEqualTo("no_recipient");
        assertThat(sender.attempts()).isZero();
    }

    @Test
    @DisplayName("NT-2 a channel the sender does not offer is skipped, not failed")
    void unsupportedChannel() {
        RecordingNotificationSender emailOnly = new RecordingNotificationSender(EnumSet.of(Channel.EMAIL));
        Portal node = TestPortals.builder(storage, clock, emailOnly).build();
        PatientId patient = register();
        notifications().recordSmsConsent(DESK, patient);
        notifications().updatePreferences(DESK, patient, new UpdatePreferences(Map.of(
                NotificationKinds.MESSAGE_RECEIVED, Set.of(Channel.SMS, Channel.EMAIL)), null));
        enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);

        assertThat(node.notifications().dispatchDue().delivered()).isEqualTo(1);
        assertThat(emailOnly.delivered()).extracting(Notification::channel).containsExactly(Channel.EMAIL);
    }

    @Test
    @DisplayName("NT-2 a dispatcher on the host's executor delivers what is due and stops cleanly, leaving the executor running")
    void scheduledDispatcher() throws Exception {
        PatientId patient = register();
        for (int i = 0; i < 5; i++) {
            enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            Dispatcher dispatcher = notifications().startDispatcher(executor, Duration.ofMillis(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sender.delivered().size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            dispatcher.stop();
            assertThat(dispatcher.isStopped()).isTrue();
            assertThat(dispatcher.stop(Duration.ofSeconds(1))).isTrue();
            assertThat(sender.delivered()).hasSize(5);

            enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
            assertThat(executor.submit(() -> "still running").get(5, TimeUnit.SECONDS)).isEqualTo("still running");
            Thread.sleep(50);
            assertThat(sender.delivered()).as("no run after stop").hasSize(5);
            assertThat(executor.isShutdown()).isFalse();
        } finally {
            executor.shutdownNow();
        }
        assertThatThrownBy(() -> notifications().startDispatcher(executor, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("NT-2 a use case that rolls back leaves no outbox entry")
    void rollbackLeavesNothing() {
        PatientId patient = register();
        FailingAuditStorage failing = new FailingAuditStorage(storage);
        Portal node = TestPortals.builder(failing, clock, sender).build();
        failing.failAppends = true;

        assertThatThrownBy(() -> node.enrollment().issueActivationCode(DESK, patient, Delivery.EMAIL))
                .isInstanceOf(org.patientportal.core.PortalException.class);

        failing.failAppends = false;
        assertThat(counts().values()).allMatch(count -> count == 0L);
        assertThat(node.notifications().dispatchDue().claimed()).isZero();
        assertThat(sender.delivered()).isEmpty();
    }

    // ---------------------------------------------------------------- EN-1

    @Test
    @DisplayName("EN-1 an email activation code goes to the email on file only, and its value never reaches storage in clear")
    void emailCode() {
        PatientId patient = register();
        ActivationCode code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.EMAIL);
        assertThat(code.value()).isNull();
        List<String> pending = storedPayloads();

        assertThat(notifications().dispatchDue().delivered()).isEqualTo(1);

        Notification sent = sender.delivered().get(0);
        assertThat(sent.channel()).isEqualTo(Channel.EMAIL);
        assertThat(sent.address()).isEqualTo("dana@example.org");
        assertThat(sent.kind()).isEqualTo(NotificationKinds.ACTIVATION_CODE);
        String delivered = DeliveredCodes.codeIn(sent);
        assertThat(sent.subject()).doesNotContain(delivered);
        assertThat(sent.body()).contains("24 hours");
        assertThat(entry(entryId(sent)).payload().toString()).doesNotContain(delivered)
                .doesNotContain(delivered.replace("-", ""));
        assertHidden(pending, delivered);
        assertStoredPayloadsHide(delivered);

        assertThat(portal.enrollment().signUp(new SignUp(delivered, SSN4, BIRTH_DATE, unique("user"), PASSWORD,
                null)).patientId()).isEqualTo(patient);
    }

    @Test
    @DisplayName("EN-1 an SMS activation code goes to the mobile number on file, valid for 10 minutes")
    void smsCode() {
        PatientId patient = register();
        ActivationCode code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.SMS);
        assertThat(code.value()).isNull();

        notifications().dispatchDue();

        assertThat(sender.delivered()).singleElement().satisfies(n -> {
            assertThat(n.channel()).isEqualTo(Channel.SMS);
            assertThat(n.address()).isEqualTo("+15555550123");
            assertThat(n.subject()).isEmpty();
            assertThat(n.body()).matches(".*" + DeliveredCodes.CODE + ".*").contains("10 minutes");
            assertThat(portal.enrollment().signUp(new SignUp(DeliveredCodes.codeIn(n), SSN4, BIRTH_DATE,
                    unique("user"), PASSWORD, null)).patientId()).isEqualTo(patient);
        });
    }

    @Test
    @DisplayName("EN-1 letter, after-visit summary and in-person codes queue nothing")
    void offlineCodesQueueNothing() {
        PatientId patient = register();
        for (Delivery delivery : List.of(Delivery.LETTER, Delivery.AFTER_VISIT_SUMMARY, Delivery.IN_PERSON)) {
            portal.enrollment().issueActivationCode(DESK, patient, delivery);
        }
        assertThat(counts().values()).allMatch(count -> count == 0L);
    }

    @Test
    @DisplayName("EN-1 a new code cancels the previous code's undelivered message; revoking codes cancels it too")
    void newCodeCancelsMessage() {
        PatientId patient = register();
        portal.enrollment().issueActivationCode(DESK, patient, Delivery.EMAIL);
        portal.enrollment().issueActivationCode(DESK, patient, Delivery.SMS);

        assertThat(counts()).containsEntry(OutboxStatus.CANCELLED, 1L).containsEntry(OutboxStatus.PENDING, 1L);
        String second = DeliveredCodes.deliver(portal, sender, Channel.SMS);
        assertThat(sender.delivered()).singleElement().satisfies(n -> assertThat(n.channel()).isEqualTo(Channel.SMS));
        assertThat(second).matches(DeliveredCodes.CODE);

        portal.enrollment().issueActivationCode(DESK, patient, Delivery.EMAIL);
        portal.enrollment().revokeActivationCodes(DESK, patient);
        assertThat(counts()).containsEntry(OutboxStatus.CANCELLED, 2L).containsEntry(OutboxStatus.PENDING, 0L);
    }

    @Test
    @DisplayName("EN-1 a code is not sent to a contact that changed after it was issued: it is dead-lettered")
    void contactChanged() {
        PatientId patient = register();
        portal.enrollment().issueActivationCode(DESK, patient, Delivery.EMAIL);
        storage.inTransaction(tx -> {
            Patient p = tx.patients().find(patient).orElseThrow();
            return tx.patients().update(new Patient(p.id(), p.mrn(), p.givenName(), p.familyName(), p.birthDate(),
                    p.ssn4Hash(), "someone.else@example.org", p.mobile(), p.registeredAt(), p.version()));
        });

        assertThat(notifications().dispatchDue().deadLettered()).isEqualTo(1);
        assertThat(sender.attempts()).isZero();
        assertThat(notifications().deadLetters(ADMIN, PageRequest.first(10)).items()).singleElement()
                .extracting(DeadLetter::lastError).isEqualTo("contact_changed");
    }

    @Test
    @DisplayName("EN-1 an SMS code to a number that sent STOP is refused; a code that expires before delivery is dead-lettered")
    void smsStoppedAndExpired() {
        PatientId stopped = register("a@example.org", "+15555550111");
        notifications().smsStop("+15555550111");
        assertThat(catchThrowableOfType(RuleViolationException.class,
                () -> portal.enrollment().issueActivationCode(DESK, stopped, Delivery.SMS)).reason())
                .isEqualTo("sms_stopped");
        assertThat(portal.enrollment().issueActivationCode(DESK, stopped, Delivery.EMAIL)).isNotNull();

        PatientId late = register("b@example.org", "+15555550222");
        portal.enrollment().issueActivationCode(DESK, late, Delivery.SMS);
        clock.advance(Duration.ofMinutes(10));
        notifications().dispatchDue();
        assertThat(sender.delivered()).extracting(Notification::address).containsExactly("a@example.org");
        assertThat(notifications().deadLetters(ADMIN, PageRequest.first(10)).items()).singleElement()
                .extracting(DeadLetter::lastError).isEqualTo("code_expired");
    }

    // ---------------------------------------------------------------- AU-7

    @Test
    @DisplayName("AU-7 a password change sends a password-changed notice by email, with no secret in it")
    void passwordChangedNotice() {
        PatientId patient = register();
        Actor me = enrolledPatient(patient);
        String newPassword = "another long passphrase, changed";

        portal.auth().changePassword(me, new ChangePassword(PASSWORD, newPassword));
        notifications().dispatchDue();

        assertThat(sender.delivered()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(NotificationKinds.PASSWORD_CHANGED);
            assertThat(n.channel()).isEqualTo(Channel.EMAIL);
            assertThat(n.address()).isEqualTo("dana@example.org");
            assertThat(n.subject()).isEqualTo("Your patient portal password was changed");
            assertThat(n.subject() + n.body()).doesNotContain(PASSWORD, newPassword, GIVEN, FAMILY);
        });
    }

    @Test
    @DisplayName("AU-7 a password reset code goes to the contact on file like an activation code, and a security notice cannot be turned off")
    void resetCode() {
        PatientId patient = register();
        Actor me = enrolledPatient(patient);
        assertThatThrownBy(() -> notifications().updatePreferences(me, patient, new UpdatePreferences(Map.of(
                NotificationKinds.PASSWORD_CHANGED, Set.of()), null))).isInstanceOf(InvalidRequestException.class);

        ActivationCode code = portal.enrollment().issuePasswordResetCode(DESK, patient, Delivery.EMAIL);
        assertThat(code.value()).isNull();
        List<String> pending = storedPayloads();
        notifications().dispatchDue();

        assertThat(sender.delivered()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(NotificationKinds.RESET_CODE);
            assertThat(n.address()).isEqualTo("dana@example.org");
            String delivered = DeliveredCodes.codeIn(n);
            assertHidden(pending, delivered);
            assertStoredPayloadsHide(delivered);
        });
    }

    // ---------------------------------------------------------------- AD-1

    @Test
    @DisplayName("AD-1 a delivered notification is audited once on the patient's chain, as the system, with ids only")
    void deliveryAudited() {
        PatientId patient = register();
        OutboxEntry entry = enqueue(NotificationKinds.RESULT_RELEASED, patient);

        notifications().dispatchDue();

        assertThat(events(patient)).filteredOn(e -> e.category().equals("notification")).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(new AuditActor(ActorKind.SYSTEM, "system", null));
                    assertThat(e.action()).isEqualTo(AuditAction.EXECUTE);
                    assertThat(e.recordId()).isEqualTo(entry.id().toString());
                    assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
                });
        assertThat(portal.audit().verify().intact()).isTrue();
    }

    // ---------------------------------------------------------------- LG-1

    @Test
    @DisplayName("LG-1 delivering, retrying, dead-lettering and STOP log ids and codes only: no address, code, name or birth date")
    void logsCarryNoPhi() {
        ch.qos.logback.classic.LoggerContext logging =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger sdk = logging.getLogger("org.patientportal");
        ch.qos.logback.classic.Level rootLevel = root.getLevel();
        ch.qos.logback.classic.Level sdkLevel = sdk.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.setContext(logging);
        appender.start();
        root.addAppender(appender);
        root.setLevel(ch.qos.logback.classic.Level.TRACE);
        sdk.setLevel(ch.qos.logback.classic.Level.TRACE);
        List<String> codes = new ArrayList<>();
        List<DeadLetter> deadLetters;
        try {
            PatientId patient = register("dana@example.org", "+15555550987");
            // an SMS code: a retryable failure, then delivered on the retry
            portal.enrollment().issueActivationCode(DESK, patient, Delivery.SMS);
            sender.failNext(1);
            notifications().dispatchDue();
            clock.advance(policy().backoff(1, 0.999));
            codes.add(DeliveredCodes.deliver(portal, sender, Channel.SMS));
            // an email code refused by the provider: dead-lettered
            portal.enrollment().issueActivationCode(DESK, patient, Delivery.EMAIL);
            sender.failNextPermanently(1);
            notifications().dispatchDue();
            // another patient's SMS code that expires before delivery: dead-lettered, read by no one
            PatientId late = register("dana@example.org", "+15555550988");
            portal.enrollment().issueActivationCode(DESK, late, Delivery.SMS);
            clock.advance(Duration.ofMinutes(10));
            notifications().dispatchDue();
            notifications().smsStop("+15555550987");
            deadLetters = notifications().deadLetters(ADMIN, PageRequest.first(10)).items();
        } finally {
            root.detachAppender(appender);
            root.setLevel(rootLevel);
            sdk.setLevel(sdkLevel);
        }
        assertThat(deadLetters).extracting(DeadLetter::lastError)
                .containsExactlyInAnyOrder("permanent_failure", "code_expired");
        // the refused email code reached no one: re-queued (outside the capture), it is delivered, and read
        notifications().requeue(ADMIN, deadLetters.stream()
                .filter(d -> d.lastError().equals("permanent_failure")).findFirst().orElseThrow().id());
        codes.add(DeliveredCodes.deliver(portal, sender, Channel.EMAIL));
        assertThat(appender.list).isNotEmpty();
        for (ch.qos.logback.classic.spi.ILoggingEvent event : appender.list) {
            String line = event.getFormattedMessage() + " " + event.getMDCPropertyMap();
            assertThat(line).doesNotContain("dana@example.org", "5555550987", "5555550988", GIVEN, FAMILY,
                    BIRTH_DATE.toString());
            assertThat(line).doesNotContainPattern(DeliveredCodes.CODE);
            for (String code : codes) {
                assertThat(line).doesNotContain(code).doesNotContain(code.replace("-", ""));
            }
        }
        assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.contains("dead-lettered: permanent_failure"));
    }

    /** The code, with or without dashes, is in no stored payload (JDBC: every row of the table, as text). */
    private void assertStoredPayloadsHide(String code) {
        assertHidden(storedPayloads(), code);
    }

    /** The code, with or without dashes, is in none of {@code rows} (from {@link #storedPayloads()}). */
    private void assertHidden(List<String> rows, String code) {
        if (rows == null) {
            return;
        }
        String compact = code.replace("-", "");
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(row -> assertThat(row.toUpperCase(java.util.Locale.ROOT))
                .doesNotContain(code).doesNotContain(compact));
    }

    /** Every row of the JDBC outbox table as text (payload, kind, correlation key); null in memory. */
    private List<String> storedPayloads() {
        DataSource dataSource;
        try {
            dataSource = TestStorages.dataSource(storage);
        } catch (IllegalArgumentException inMemory) {
            return null;
        }
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT payload, kind, correlation_key FROM outbox")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getString(3));
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read the outbox table", e);
        }
        return rows;
    }

    /** A storage whose audit appends fail on demand, to roll a use case back after its outbox write. */
    static final class FailingAuditStorage implements PortalStorage {
        private final PortalStorage delegate;
        volatile boolean failAppends;

        FailingAuditStorage(PortalStorage delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T inTransaction(TransactionalWork<T> work) {
            return delegate.inTransaction(tx -> work.execute((StorageTransaction) java.lang.reflect.Proxy.newProxyInstance(
                    StorageTransaction.class.getClassLoader(), new Class<?>[] {StorageTransaction.class},
                    (proxy, method, args) -> {
                        Object store = invoke(tx, method, args);
                        if (method.getName().equals("auditTrail")) {
                            AuditTrail trail = (AuditTrail) store;
                            return java.lang.reflect.Proxy.newProxyInstance(AuditTrail.class.getClassLoader(),
                                    new Class<?>[] {AuditTrail.class}, (p, m, a) -> {
                                        if (failAppends && m.getName().equals("append")) {
                                            throw new StorageException("simulated failure");
                                        }
                                        return invoke(trail, m, a);
                                    });
                        }
                        return store;
                    })));
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
