package org.patientportal.core.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patientportal.core.Portal;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Channel;
import org.patientportal.model.Delivery;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientId;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationException;
import org.patientportal.spi.notification.NotificationSender;

/**
 * NT-2 when things break: a sender that throws an {@link Error}, a dispatcher that dies in the
 * middle of a send, an entry cancelled while its send is in flight (SC-6, EN-1). On every adapter.
 */
@OnEveryStorage
@DisplayName("Outbox failures (NT-2, SC-6, EN-1)")
class OutboxFailuresSuite extends NotificationsFixture {

    @Test
    @Timeout(60)
    @DisplayName("NT-2 a scheduled dispatcher survives an AssertionError from the sender: the other entries go out in the same run, the failed one after its backoff, and it keeps running")
    void dispatcherSurvivesSenderError() throws Exception {
        PatientId patient = register();
        List<OutboxEntry> entries = enqueueInOrder(patient, 3);
        AtomicBoolean thrown = new AtomicBoolean();
        Portal node = TestPortals.builder(storage, clock, new Delegating(sender) {
            @Override
            public void send(Notification notification) {
                if (thrown.compareAndSet(false, true)) {
                    throw new AssertionError("a broken sender");
                }
                super.send(notification);
            }
        }).build();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            Dispatcher dispatcher = node.notifications().startDispatcher(executor, Duration.ofMillis(10));
            awaitTrue(() -> counts().get(OutboxStatus.DELIVERED) == 2, "the two other entries delivered");
            assertThat(entry(entries.get(0).id()).status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(entry(entries.get(0).id()).lastError()).isEqualTo("sender_error");
            clock.advance(NotificationPolicy.defaults().maxBackoff().plusSeconds(1));
            awaitTrue(() -> counts().get(OutboxStatus.DELIVERED) == 3, "the failed entry delivered after its backoff");
            assertThat(dispatcher.isStopped()).isFalse();
            dispatcher.stop();
            assertThat(dispatcher.isStopped()).isTrue();
        } finally {
            executor.shutdownNow();
        }
        assertThat(sender.delivered()).extracting(Notification::id).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    @Timeout(60)
    @DisplayName("NT-2 a scheduled dispatcher survives a NoClassDefFoundError thrown outside any send: the run is counted as failed, the next one delivers")
    void dispatcherSurvivesRunError() throws Exception {
        PatientId patient = register();
        enqueueInOrder(patient, 2);
        AtomicInteger clockFailures = new AtomicInteger();
        Clock failingOnce = new Clock() {
            @Override
            public Instant instant() {
                if (clockFailures.getAndDecrement() > 0) {
                    throw new NoClassDefFoundError("org/example/Missing");
                }
                return clock.instant();
            }

            @Override
            public ZoneId getZone() {
                return clock.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        Portal node = TestPortals.builder(storage, failingOnce, sender).build();
        clockFailures.set(1); // the first run's first reading of the clock fails
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            Dispatcher dispatcher = node.notifications().startDispatcher(executor, Duration.ofMillis(10));
            awaitTrue(() -> counts().get(OutboxStatus.DELIVERED) == 2, "both entries delivered by a later run");
            assertThat(dispatcher.failedRuns()).isEqualTo(1);
            assertThat(dispatcher.isStopped()).isFalse();
            dispatcher.stop();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    @DisplayName("NT-2 an entry whose send throws an Error is retried and dead-lettered after 8 attempts; every other entry of its batch is sent exactly once, in the first run")
    void poisonEntryBlocksNothing() {
        PatientId patient = register();
        List<OutboxEntry> entries = enqueueInOrder(patient, 30);
        OutboxEntryId poison = entries.get(10).id();
        NotificationSender crashing = new Delegating(sender) {
            @Override
            public void send(Notification notification) {
                if (entryId(notification).equals(poison)) {
                    throw new AssertionError("a sender bug on this one entry");
                }
                super.send(notification);
            }
        };
        Portal node = TestPortals.builder(storage, clock, crashing).build();

        DispatchReport first = node.notifications().dispatchDue();
        assertThat(first.delivered()).isEqualTo(29);
        assertThat(first.retried()).isEqualTo(1);
        for (int i = 1; i < 8; i++) {
            clock.advance(NotificationPolicy.defaults().maxBackoff().plusSeconds(1));
            node.notifications().dispatchDue();
        }

        OutboxEntry dead = entry(poison);
        assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(8);
        assertThat(dead.lastError()).isEqualTo("sender_error");
        List<String> ids = sender.delivered().stream().map(Notification::id).toList();
        assertThat(ids).as("every other entry once").doesNotHaveDuplicates().hasSize(29)
                .doesNotContain(poison + ":EMAIL");
        assertThat(counts()).containsEntry(OutboxStatus.DELIVERED, 29L).containsEntry(OutboxStatus.DEAD, 1L);
    }

    @Test
    @DisplayName("NT-2 a claim is an attempt: an entry whose dispatchers die in its send 8 times is dead-lettered (claim_lapsed) and audited, never sent a 9th time; the entry behind it is delivered")
    void lapsedClaimsCountAsAttempts() {
        PatientId patient = register();
        List<OutboxEntry> entries = enqueueInOrder(patient, 2);
        OutboxEntry poison = entries.get(0);
        Duration lease = NotificationPolicy.defaults().claimLease();
        for (int i = 0; i < 8; i++) {
            String token = "died-" + i;
            Instant now = clock.instant();
            List<OutboxEntry> held = storage.inTransaction(tx -> tx.outbox().claimDue(now, 1, token, now.plus(lease)));
            assertThat(held).extracting(OutboxEntry::id).as("claim %d", i).containsExactly(poison.id());
            clock.advance(lease);
        }

        DispatchReport report = notifications().dispatchDue();

        assertThat(report.deadLettered()).isEqualTo(1);
        assertThat(report.delivered()).isEqualTo(1);
        OutboxEntry dead = entry(poison.id());
        assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(8);
        assertThat(dead.lastError()).isEqualTo("claim_lapsed");
        assertThat(sender.delivered()).extracting(Notification::id).containsExactly(entries.get(1).id() + ":EMAIL");
        assertThat(events(patient)).filteredOn(e -> e.category().equals("notification")
                        && e.recordId().equals(poison.id().toString()))
                .extracting(AuditEvent::outcome, AuditEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AuditOutcome.FAILED, "claim_lapsed"));
        clock.advance(Duration.ofDays(1));
        assertThat(notifications().dispatchDue().claimed()).isZero();
    }

    @Test
    @DisplayName("EN-1/NT-2 an activation code revoked while its email is in flight stays cancelled when the send then fails: it is never sent again")
    void codeRevokedInFlight() {
        PatientId patient = register();
        portal.enrollment().issueActivationCode(DESK, patient, Delivery.EMAIL);
        List<OutboxEntryId> inFlight = new ArrayList<>();
        Portal node = TestPortals.builder(storage, clock, new Delegating(sender) {
            @Override
            public void send(Notification notification) {
                inFlight.add(entryId(notification));
                portal.enrollment().revokeActivationCodes(DESK, patient);
                throw NotificationException.retryable("provider timeout");
            }
        }).build();

        DispatchReport report = node.notifications().dispatchDue();

        assertThat(inFlight).hasSize(1);
        assertThat(report.retried()).as("the failure found the entry cancelled: nothing recorded").isZero();
        assertThat(entry(inFlight.get(0)).status()).isEqualTo(OutboxStatus.CANCELLED);
        clock.advance(Duration.ofHours(2));
        assertThat(notifications().dispatchDue().claimed()).isZero();
        assertThat(sender.delivered()).isEmpty();
    }

    @Test
    @DisplayName("NT-2 the deliveries of a batch are recorded together: each delivered entry once, audited once, and a DELIVERED entry never claimed again")
    void batchRecorded() {
        PatientId patient = register();
        PatientId other = register("other@example.org", null);
        List<OutboxEntry> entries = new ArrayList<>(enqueueInOrder(patient, 5));
        entries.addAll(enqueueInOrder(other, 5));
        sender.failNext(0);

        DispatchReport report = notifications().dispatchDue();

        assertThat(report.delivered()).isEqualTo(10);
        Set<String> audited = new HashSet<>();
        for (AuditEvent e : allEvents()) {
            if (e.category().equals("notification")) {
                assertThat(audited.add(e.recordId())).as("audited once: %s", e.recordId()).isTrue();
            }
        }
        assertThat(audited).hasSize(10);
        clock.advance(Duration.ofDays(1));
        assertThat(notifications().dispatchDue().claimed()).isZero();
        assertThat(sender.delivered()).hasSize(10).extracting(Notification::channel).containsOnly(Channel.EMAIL);
    }

    /** {@code count} pending entries for {@code patient}, due one second apart, the first the oldest. */
    private List<OutboxEntry> enqueueInOrder(PatientId patient, int count) {
        Instant now = clock.instant();
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant due = now.minusSeconds(count - i);
            entries.add(OutboxEntry.pending(NotificationKinds.MESSAGE_RECEIVED, patient, null, OutboxPayloads.NONE,
                    null, due, due));
        }
        storage.inTransaction(tx -> {
            entries.forEach(tx.outbox()::enqueue);
            return null;
        });
        return entries;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    /** A sender that passes everything to another; tests override {@link #send}. */
    private static class Delegating implements NotificationSender {
        private final NotificationSender target;

        Delegating(NotificationSender target) {
            this.target = target;
        }

        @Override
        public void send(Notification notification) {
            target.send(notification);
        }

        @Override
        public Set<Channel> channels() {
            return target.channels();
        }
    }
}
