package org.patientportal.core.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientId;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationSender;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * NT-2 under failure and concurrency: a sender failing at random with dispatchers racing, a
 * dispatcher stopped in the middle of a batch, two nodes over one database, on every adapter.
 */
@OnEveryStorage
@DisplayName("Outbox reliability (NT-2)")
class OutboxReliabilitySuite {
    private static final Actor DESK = Actor.staff("desk-1", Role.FRONT_DESK);
    /** Attempts high enough that no entry can die by chance at 30 % failures (0.3^20). */
    private static final NotificationPolicy POLICY = NotificationPolicy.defaults().withMaxAttempts(20);
    private static final int MAX_ROUNDS = 60;

    MutableClock clock;
    PortalStorage storage;
    private final List<PortalStorage> extraStorages = new ArrayList<>();

    /** The storage this run of the suite is on (injected by {@code @OnEveryStorage}). */
    @Parameter
    StorageKind storageKind;

    /** A new, empty storage of the adapter under test. */
    PortalStorage storage() {
        return storageKind.create();
    }

    /** Another node's storage on the database of {@code storage}, or null if the adapter has none. */
    PortalStorage sameDatabase(PortalStorage storage) {
        return storageKind.jdbc() ? TestStorages.sameDatabase(storage) : null;
    }

    @BeforeEach
    void open() {
        clock = MutableClock.start();
        storage = storage();
    }

    @AfterEach
    void close() {
        extraStorages.forEach(PortalStorage::close);
        storage.close();
    }

    @Test
    @Timeout(120)
    @DisplayName("NT-2 5,000 due entries, a sender failing 30 % of the time at random, 2 dispatchers at once: every entry delivered, never by both at the same time, final states consistent")
    void randomFailuresTwoDispatchers() throws Exception {
        RecordingNotificationSender sender = new RecordingNotificationSender();
        Portal portal = TestPortals.builder(storage, clock, sender).notificationPolicy(POLICY).build();
        enqueue(portal, 5_000);
        sender.failAtRandom(0.3, 20261125L);

        DispatchReport total = rounds(List.of(portal.notifications(), portal.notifications()), 5_000);

        assertAllDelivered(sender, 5_000);
        assertThat(sender.failures()).as("the sender did fail").isGreaterThan(1_000);
        assertThat(total.deadLettered()).isZero();
        assertThat(total.retried()).isEqualTo(sender.failures());
        assertThat(total.delivered()).isEqualTo(5_000);
        assertThat(portal.audit().verify().intact()).as("AD-2 chains written by racing dispatchers").isTrue();
    }

    @Test
    @Timeout(60)
    @DisplayName("NT-2 a dispatcher stopped in the middle of a batch waits for the send in flight; started again after the lease, nothing is lost")
    void stoppedMidBatch() throws Exception {
        BlockingSender sender = new BlockingSender();
        Portal portal = TestPortals.builder(storage, clock, sender).notificationPolicy(POLICY).build();
        enqueue(portal, 250);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            Dispatcher first = portal.notifications().startDispatcher(executor, Duration.ofHours(1));
            assertThat(sender.entered.await(10, TimeUnit.SECONDS)).as("the first send started").isTrue();

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(first::stop);
            Thread.sleep(100);
            assertThat(stopping).as("stop waits for the send in flight").isNotDone();
            sender.release.countDown();
            stopping.get(10, TimeUnit.SECONDS);

            Map<OutboxStatus, Long> afterStop = counts();
            assertThat(afterStop).containsEntry(OutboxStatus.DELIVERED, 1L)
                    .containsEntry(OutboxStatus.CLAIMED, (long) POLICY.batchSize() - 1)
                    .containsEntry(OutboxStatus.PENDING, 250L - POLICY.batchSize());
            assertThat(sender.recording.delivered()).hasSize(1);

            clock.advance(POLICY.claimLease());
            Dispatcher second = portal.notifications().startDispatcher(executor, Duration.ofMillis(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (counts().get(OutboxStatus.DELIVERED) < 250 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            second.stop();
            assertThat(executor.isShutdown()).as("the host's executor is the host's").isFalse();
        } finally {
            executor.shutdownNow();
        }
        assertAllDelivered(sender.recording, 250);
    }

    @Test
    @Timeout(120)
    @DisplayName("NT-2 two Portal instances over one database, each with 2 dispatchers at once and a sender failing 30 % of the time: claims never collide, every entry delivered")
    void twoNodes() throws Exception {
        PortalStorage other = sameDatabase(storage);
        Assumptions.assumeTrue(other != null, "the adapter has no shared database");
        extraStorages.add(other);
        RecordingNotificationSender sender = new RecordingNotificationSender();
        Portal nodeA = TestPortals.builder(storage, clock, sender).notificationPolicy(POLICY).build();
        Portal nodeB = TestPortals.builder(other, clock, sender).notificationPolicy(POLICY).build();
        enqueue(nodeA, 3_000);
        sender.failAtRandom(0.3, 7L);

        DispatchReport total = rounds(List.of(nodeA.notifications(), nodeB.notifications(), nodeA.notifications(),
                nodeB.notifications()), 3_000);

        assertAllDelivered(sender, 3_000);
        assertThat(total.delivered()).isEqualTo(3_000);
        assertThat(total.deadLettered()).isZero();
    }

    /** Rounds of every dispatcher running {@code dispatchDue} at once, the clock moved past the longest backoff between rounds. */
    private DispatchReport rounds(List<Notifications> dispatchers, int expected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(dispatchers.size());
        DispatchReport total = DispatchReport.EMPTY;
        try {
            for (int round = 0; round < MAX_ROUNDS && counts().get(OutboxStatus.DELIVERED) < expected; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<DispatchReport>> runs = new ArrayList<>();
                for (Notifications dispatcher : dispatchers) {
                    runs.add(pool.submit(() -> {
                        start.await();
                        return dispatcher.dispatchDue();
                    }));
                }
                start.countDown();
                for (Future<DispatchReport> run : runs) {
                    DispatchReport report = run.get(60, TimeUnit.SECONDS);
                    assertThat(report.claimed()).as("every claimed entry has an outcome")
                            .isEqualTo(report.delivered() + report.retried() + report.deadLettered() + report.released());
                    total = total.plus(report);
                }
                clock.advance(POLICY.maxBackoff().plusSeconds(1));
            }
        } finally {
            pool.shutdownNow();
        }
        return total;
    }

    private void assertAllDelivered(RecordingNotificationSender sender, int expected) {
        Set<String> ids = new HashSet<>();
        for (Notification notification : sender.delivered()) {
            ids.add(notification.id());
        }
        assertThat(ids).as("every entry delivered, each id once").hasSize(expected);
        assertThat(sender.overlappingSends()).as("no entry sent by two dispatchers at the same time").isZero();
        Map<OutboxStatus, Long> counts = counts();
        assertThat(counts).as("final states").containsEntry(OutboxStatus.DELIVERED, (long) expected)
                .containsEntry(OutboxStatus.PENDING, 0L).containsEntry(OutboxStatus.CLAIMED, 0L)
                .containsEntry(OutboxStatus.DEAD, 0L).containsEntry(OutboxStatus.CANCELLED, 0L);
    }

    private Map<OutboxStatus, Long> counts() {
        return storage.inTransaction(tx -> tx.outbox().countByStatus());
    }

    /** {@code count} pending entries due now, spread over 10 patients, written 500 per transaction. */
    private void enqueue(Portal portal, int count) {
        List<PatientId> patients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            patients.add(portal.enrollment().registerPatient(DESK, new RegisterPatient("MRN-R" + i, "Dana", "Rivers",
                    LocalDate.of(1984, 2, 29), "1234", "p" + i + "@example.org", null)));
        }
        Instant now = clock.instant();
        for (int from = 0; from < count; from += 500) {
            int start = from;
            storage.inTransaction(tx -> {
                for (int i = start; i < Math.min(count, start + 500); i++) {
                    tx.outbox().enqueue(OutboxEntry.pending(NotificationKinds.MESSAGE_RECEIVED,
                            patients.get(i % patients.size()), null, OutboxPayloads.NONE, null, now, now));
                }
                return null;
            });
        }
    }

    /** A sender whose first send blocks until released. */
    private static final class BlockingSender implements NotificationSender {
        final RecordingNotificationSender recording = new RecordingNotificationSender();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);

        @Override
        public void send(Notification notification) {
            if (first.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            recording.send(notification);
        }
    }
}
