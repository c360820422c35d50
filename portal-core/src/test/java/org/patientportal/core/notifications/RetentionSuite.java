package org.patientportal.core.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.maintenance.Purge;
import org.patientportal.core.maintenance.Purged;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientId;

/**
 * Retention (NT-2, IN-1): {@code portal.maintenance().purge(...)} deletes delivered and cancelled
 * outbox entries and old idempotency records, never an entry still owed or dead-lettered. On every
 * adapter.
 */
@OnEveryStorage
@DisplayName("Retention (NT-2, IN-1)")
class RetentionSuite extends NotificationsFixture {

    @Test
    @DisplayName("NT-2 purge deletes delivered and cancelled entries completed before the bound and idempotency records created before theirs; pending, claimed, dead and recent entries stay; one audit event as the admin, counts only")
    void purge() {
        PatientId patient = register();
        Instant start = clock.instant();
        for (int i = 0; i < 3; i++) {
            enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        }
        assertThat(notifications().dispatchDue().delivered()).isEqualTo(3);
        OutboxEntry dead = enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        sender.failNextPermanently(1);
        assertThat(notifications().dispatchDue().deadLettered()).isEqualTo(1);
        OutboxEntry cancelled = OutboxEntry.pending(NotificationKinds.APPOINTMENT_REMINDER, patient, null,
                OutboxPayloads.NONE, "appointment:x", start, start.plus(Duration.ofDays(3)));
        OutboxEntry pending = OutboxEntry.pending(NotificationKinds.MESSAGE_RECEIVED, patient, null,
                OutboxPayloads.NONE, null, start, start.plus(Duration.ofDays(400)));
        OutboxEntry claimed = enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        storage.inTransaction(tx -> {
            tx.outbox().enqueue(cancelled);
            tx.outbox().enqueue(pending);
            tx.outbox().cancelPending("appointment:x", start);
            assertThat(tx.outbox().claimDue(start, 10, "held", start.plus(Duration.ofDays(365)))).hasSize(1);
            tx.idempotencyRecords().insert(new IdempotencyRecord("scheduling.book:a", "k1", "h", "{}", start));
            tx.idempotencyRecords().insert(new IdempotencyRecord("scheduling.book:a", "k2", "h", "{}", start));
            return null;
        });
        clock.advance(Duration.ofDays(31));
        enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        assertThat(notifications().dispatchDue().delivered()).as("a recent delivery").isEqualTo(1);
        storage.inTransaction(tx -> {
            tx.idempotencyRecords().insert(new IdempotencyRecord("scheduling.book:a", "k3", "h", "{}",
                    clock.instant()));
            return null;
        });

        Purged purged = portal.maintenance().purge(ADMIN, Purge.defaults());

        assertThat(purged).isEqualTo(new Purged(4, 2, true));
        assertThat(counts()).containsEntry(OutboxStatus.DELIVERED, 1L).containsEntry(OutboxStatus.CANCELLED, 0L)
                .containsEntry(OutboxStatus.DEAD, 1L).containsEntry(OutboxStatus.CLAIMED, 1L)
                .containsEntry(OutboxStatus.PENDING, 1L);
        assertThat(entry(dead.id()).status()).isEqualTo(OutboxStatus.DEAD);
        assertThat(entry(claimed.id()).status()).isEqualTo(OutboxStatus.CLAIMED);
        assertThat(entry(pending.id()).status()).isEqualTo(OutboxStatus.PENDING);
        storage.inTransaction(tx -> {
            assertThat(tx.idempotencyRecords().find("scheduling.book:a", "k1")).isEmpty();
            assertThat(tx.idempotencyRecords().find("scheduling.book:a", "k3")).isPresent();
            return null;
        });
        List<AuditEvent> retention = allEvents().stream().filter(e -> e.category().equals("retention")).toList();
        assertThat(retention).singleElement().satisfies(e -> {
            assertThat(e.patientId()).isNull();
            assertThat(e.actor().id()).isEqualTo("admin-1");
            assertThat(e.action()).isEqualTo(AuditAction.DELETE);
            assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(e.reason()).isEqualTo("outbox=4,idempotency=2");
        });
        assertThat(portal.maintenance().purge(ADMIN, Purge.defaults())).isEqualTo(new Purged(0, 0, true));
    }

    @Test
    @DisplayName("NT-2 only ADMIN staff may purge (a refusal is audited), and bounds under one day are refused with every violation before anything is deleted")
    void refused() {
        PatientId patient = register();
        enqueue(NotificationKinds.MESSAGE_RECEIVED, patient);
        notifications().dispatchDue();
        clock.advance(Duration.ofDays(400));

        assertThat(catchThrowableOfType(AccessDeniedException.class,
                () -> portal.maintenance().purge(DESK, Purge.defaults()))).isNotNull();
        InvalidRequestException invalid = catchThrowableOfType(InvalidRequestException.class,
                () -> portal.maintenance().purge(ADMIN, new Purge(Duration.ofHours(23), null)));
        assertThat(invalid.violations()).extracting(Violation::path)
                .containsExactlyInAnyOrder("outboxOlderThan", "idempotencyOlderThan");
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> portal.maintenance().purge(ADMIN, null))).isNotNull();

        assertThat(counts()).containsEntry(OutboxStatus.DELIVERED, 1L);
        assertThat(allEvents()).filteredOn(e -> e.category().equals("retention"))
                .extracting(AuditEvent::outcome)
                .containsExactlyInAnyOrder(AuditOutcome.DENIED, AuditOutcome.FAILED, AuditOutcome.FAILED);
    }
}
