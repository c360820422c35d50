package org.patientportal.core.audit;

import org.patientportal.core.PageRequest;
import org.patientportal.core.Page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.patientportal.core.audit.AuditVerification.CheckpointStatus;
import org.patientportal.core.scheduling.CreateDepartment;
import org.patientportal.core.scheduling.DepartmentView;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.core.Portal;
import org.patientportal.core.Actor;
import org.patientportal.core.Role;
import org.patientportal.core.auth.PasswordHashing;
import org.patientportal.tck.RecordingNotificationSender;
import org.patientportal.model.ChainHead;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.enrollment.EnrollmentFixture;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.core.audit.AuditEntry;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

/**
 * The audit log (AD-1..AD-3): verification of the hash chains and the admin's trail, on every
 * adapter. On a JDBC storage the tampering is plain SQL on the database, as an attacker with
 * database access would do; the in-memory adapter has no way to edit its rows from outside, so
 * there the tampering happens as events are read back (through the test's storage decorator):
 * what verify() sees is the same.
 */
@OnEveryStorage
@DisplayName("Audit log (AD)")
class AuditLogTest extends EnrollmentFixture {

    /** Changes a field of the stored event at {@code sequence} of {@code chain}, as a tamperer would. */
    protected void editEvent(AuditChain chain, long sequence) {
        if (storageKind.jdbc()) {
            execute("UPDATE audit_events SET outcome = 'SUCCESS', reason = 'tampered' WHERE chain = ? AND seq = ?",
                    chain, sequence);
        } else {
            storage.editOnRead(chain, sequence, e -> new AuditEvent(e.id(), e.chain(), e.sequence(), e.occurredAt(),
                    e.patientId(), e.actor(), e.action(), e.category(), e.recordId(), e.outcome(), "tampered",
                    e.previousHash(), e.hash()));
        }
    }

    /** Removes the stored event at {@code sequence} of {@code chain}, as a tamperer would. */
    protected void deleteEvent(AuditChain chain, long sequence) {
        if (storageKind.jdbc()) {
            execute("DELETE FROM audit_events WHERE chain = ? AND seq = ?", chain, sequence);
        } else {
            storage.hideOnRead(chain, sequence);
        }
    }

    private void execute(String sql, AuditChain chain, long sequence) {
        DataSource dataSource = TestStorages.dataSource(raw);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, chain.value());
            statement.setLong(2, sequence);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("no such event to tamper with");
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code sql} on the JDBC database with the parameters given; answers how many rows it changed. */
    private int sql(String sql, Object... parameters) {
        DataSource dataSource = TestStorages.dataSource(raw);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i] instanceof AuditChain chain ? chain.value() : parameters[i]);
            }
            int changed = statement.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the chain's head to 0, as a tamperer would (a JDBC adapter then reads no head). */
    private void zeroHead(AuditChain chain) {
        if (storageKind.jdbc()) {
            assertThat(sql("UPDATE audit_chain_heads SET seq = 0, hash = '' WHERE chain = ?", chain)).isEqualTo(1);
        } else {
            storage.headOnRead(chain, Optional.of(ChainHead.empty(chain)));
        }
    }

    /** Deletes the chain's head row and keeps its events, as a tamperer would. */
    private void deleteHead(AuditChain chain) {
        if (storageKind.jdbc()) {
            assertThat(sql("DELETE FROM audit_chain_heads WHERE chain = ?", chain)).isEqualTo(1);
        } else {
            storage.headOnRead(chain, Optional.empty());
        }
    }

    /** Points the chain's head at its event {@code sequence} (sequence and hash), as a tamperer would. */
    private void moveHead(AuditChain chain, long sequence) {
        String hash = storage.inTransaction(tx -> tx.auditTrail().events(chain, sequence - 1, 1)).get(0).hash();
        if (storageKind.jdbc()) {
            assertThat(sql("UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = ?", sequence, hash, chain))
                    .isEqualTo(1);
        } else {
            storage.headOnRead(chain, Optional.of(new ChainHead(chain, sequence, hash)));
        }
    }

    /** Deletes the chain's events after {@code keep} and moves its head back to match: a consistent cut. */
    private void cutBack(AuditChain chain, long keep) {
        long last = storage.inTransaction(tx -> tx.auditTrail().head(chain)).orElseThrow().sequence();
        moveHead(chain, keep);
        for (long sequence = keep + 1; sequence <= last; sequence++) {
            deleteEvent(chain, sequence);
        }
    }

    /** Deletes the chain whole, events and head, as a tamperer would. */
    private void deleteChain(AuditChain chain) {
        if (storageKind.jdbc()) {
            assertThat(sql("DELETE FROM audit_events WHERE chain = ?", chain)).isPositive();
            deleteHead(chain);
        } else {
            storage.hideChainOnRead(chain);
        }
    }

    /** Every part of a checkpoint taken now. */
    private List<AuditCheckpoint> checkpoint() {
        List<AuditCheckpoint> parts = new ArrayList<>();
        portal.audit().checkpoint(parts::add);
        return parts;
    }

    /** Two enrolled patients (3 events each) and one failed sign-up with an unknown code (system chain). */
    private PatientId[] activity() {
        PatientId a = register();
        enrollment().signUp(signUp(issue(a, Delivery.LETTER)));
        PatientId b = register();
        enrollment().signUp(signUp(issue(b, Delivery.LETTER)));
        assertThatThrownBy(() -> enrollment().signUp(new SignUp("00000-00000-00000", SSN4, BIRTH_DATE, "nobody",
                PASSWORD, null))).isInstanceOf(AuthenticationFailedException.class);
        return new PatientId[] {a, b};
    }

    @Test
    @DisplayName("AD-2 verify() finds untouched chains intact and checks every event")
    void intact() {
        activity();
        AuditVerification verification = portal.audit().verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.brokenChains()).isEmpty();
        assertThat(verification.eventsChecked()).isEqualTo(7);
    }

    @Test
    @DisplayName("AD-2 verify() on an empty trail is intact with nothing checked")
    void empty() {
        assertThat(portal.audit().verify()).isEqualTo(new AuditVerification(true, 0, List.of()));
    }

    @Test
    @DisplayName("AD-2 verify() detects an edited event and names only its chain")
    void editedEvent() {
        PatientId[] patients = activity();
        editEvent(AuditChain.of(patients[0]), 2);

        AuditVerification verification = portal.audit().verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.brokenChains()).containsExactly(AuditChain.of(patients[0]));
    }

    @Test
    @DisplayName("AD-2 verify() detects an edited event of a chain of no patient")
    void editedSystemEvent() {
        activity();
        AuditChain shard = systemEvents().get(0).chain();
        editEvent(shard, 1);
        assertThat(portal.audit().verify().brokenChains()).containsExactly(shard);
    }

    @Test
    @DisplayName("AD-2 verify() detects a deleted event in the middle of a chain")
    void deletedMiddleEvent() {
        PatientId[] patients = activity();
        deleteEvent(AuditChain.of(patients[1]), 2);

        AuditVerification verification = portal.audit().verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.brokenChains()).containsExactly(AuditChain.of(patients[1]));
    }

    @Test
    @DisplayName("AD-2 verify() detects a deleted last event against the chain's head")
    void deletedLastEvent() {
        PatientId[] patients = activity();
        deleteEvent(AuditChain.of(patients[0]), 3);

        AuditVerification verification = portal.audit().verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.brokenChains()).containsExactly(AuditChain.of(patients[0]));
    }

    @Test
    @DisplayName("AD-2 verify() detects a deleted first event")
    void deletedFirstEvent() {
        PatientId[] patients = activity();
        deleteEvent(AuditChain.of(patients[1]), 1);
        assertThat(portal.audit().verify().brokenChains()).containsExactly(AuditChain.of(patients[1]));
    }

    @Test
    @DisplayName("AD-1 an admin reads a patient's trail in pages; the read is itself audited")
    void adminReadsTrail() {
        PatientId patient = activity()[0];

        Page<AuditEntry> first = portal.audit().trail(ADMIN, patient, PageRequest.first(2));
        assertThat(first.items()).extracting(AuditEntry::sequence).containsExactly(1L, 2L);
        assertThat(first.hasNext()).isTrue();
        Page<AuditEntry> rest = portal.audit().trail(ADMIN, patient, first.nextRequest(100));
        assertThat(rest.items()).extracting(AuditEntry::sequence).containsExactly(3L, 4L);
        assertThat(rest.hasNext()).isFalse();
        assertThat(rest.items().get(1).action()).isEqualTo(AuditAction.READ);
        assertThat(rest.items().get(1).category()).isEqualTo("audit-trail");
        assertThat(rest.items().get(1).actorId()).isEqualTo("admin-1");
        assertThat(rest.items().get(1).actorRole()).isEqualTo("ADMIN");
        assertThat(lastEvent(patient).sequence()).isEqualTo(5);
        assertThat(portal.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("ST-1 only an admin reads the trail; a denied read is audited (AD-3)")
    void frontDeskDenied() {
        PatientId patient = activity()[0];
        assertThatThrownBy(() -> portal.audit().trail(DESK, patient, PageRequest.first(10)))
                .isExactlyInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> portal.audit().trail(CLINICIAN, patient, PageRequest.first(10)))
                .isExactlyInstanceOf(AccessDeniedException.class);

        AuditEvent denied = lastEvent(patient);
        assertThat(denied.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(denied.action()).isEqualTo(AuditAction.READ);
        assertThat(denied.actor().id()).isEqualTo("doc-1");
    }

    @Test
    @DisplayName("IN-2 trail arguments out of range are reported together; a crafted cursor is refused on page.cursor")
    void trailArguments() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> portal.audit().trail(ADMIN, null, new PageRequest("not-a-cursor", 0)));
        assertThat(e.violations()).extracting(Violation::path)
                .containsExactlyInAnyOrder("page.cursor", "page.size", "patient");
        assertThatThrownBy(() -> portal.audit().trail(ADMIN, PatientId.newId(), PageRequest.first(PageRequest.MAX_SIZE + 1)))
                .isInstanceOf(InvalidRequestException.class);
        String foreign = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("p1|proxy.grants|00000000-0000-0000-0000-000000000001".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        InvalidRequestException crafted = catchThrowableOfType(InvalidRequestException.class,
                () -> portal.audit().trail(ADMIN, PatientId.newId(), PageRequest.after(foreign, 10)));
        assertThat(crafted.violations()).extracting(Violation::path).containsExactly("page.cursor");
        assertThatThrownBy(() -> portal.audit().trail(ADMIN, PatientId.newId(), PageRequest.first(PageRequest.MAX_SIZE)))
                .isInstanceOf(org.patientportal.core.NotFoundException.class);
        assertThat(systemEvents()).last().extracting(AuditEvent::reason).isEqualTo("not_found");
    }

    // ---------------------------------------------------------------- chains of no patient (issue 8)

    @Test
    @DisplayName("AD-2 two staff members' set-up events go to two chains, and a held lock on one does not block the other's write")
    void staffChainsDoNotBlockEachOther() throws Exception {
        portal.scheduling().createDepartment(DESK, new CreateDepartment("North", ZoneOffset.UTC));
        AuditChain desks = systemEvents().get(0).chain();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object> holder = pool.submit(() -> storage.inTransaction(tx -> {
                tx.auditTrail().lockHead(desks);
                held.countDown();
                return awaited(release);
            }));
            assertThat(held.await(60, TimeUnit.SECONDS)).as("the desk's chain is locked").isTrue();
            Future<DepartmentView> other = pool.submit(
                    () -> portal.scheduling().createDepartment(ADMIN, new CreateDepartment("South", ZoneOffset.UTC)));
            try {
                assertThat(other.get(60, TimeUnit.SECONDS).name()).isEqualTo("South");
                assertThat(holder.isDone()).as("the desk's chain is still locked").isFalse();
            } finally {
                release.countDown();
            }
            assertThat(holder.get(60, TimeUnit.SECONDS)).isEqualTo(true);
        } finally {
            pool.shutdownNow();
        }
        List<AuditEvent> events = systemEvents();
        assertThat(events).extracting(e -> e.actor().id()).containsExactly("desk-1", "admin-1");
        assertThat(events.get(1).chain()).isNotEqualTo(desks).isEqualTo(AuditChain.staff("admin-1"));
        assertThat(desks).isEqualTo(AuditChain.staff("desk-1"));
        assertThat(portal.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("AD-2 events with neither patient nor staff actor (unknown codes) spread over shard chains, none a staff or the old system chain")
    void anonymousEventsAreSharded() {
        for (int i = 0; i < 24; i++) {
            assertThatThrownBy(() -> enrollment().signUp(new SignUp("00000-00000-00000", SSN4, BIRTH_DATE, "nobody",
                    PASSWORD, null))).isInstanceOf(AuthenticationFailedException.class);
        }
        List<AuditEvent> events = systemEvents();
        assertThat(events).hasSize(24);
        assertThat(events).extracting(AuditEvent::chain).allSatisfy(chain ->
                assertThat(chain.value()).matches("system:\\d\\d"));
        assertThat(events.stream().map(AuditEvent::chain).distinct().count()).isGreaterThan(1);
        assertThat(portal.audit().verify()).isEqualTo(new AuditVerification(true, 24, List.of()));
    }

    private static boolean awaited(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- heads against events (issue 9)

    @Test
    @DisplayName("AD-2 verify() detects a chain whose head was set to 0 while its events stay")
    void zeroedHead() {
        PatientId[] patients = activity();
        zeroHead(AuditChain.of(patients[0]));
        AuditVerification verification = portal.audit().verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.brokenChains()).containsExactly(AuditChain.of(patients[0]));
    }

    @Test
    @DisplayName("AD-2 verify() detects a chain whose head row was deleted while its events stay")
    void deletedHead() {
        PatientId[] patients = activity();
        deleteHead(AuditChain.of(patients[1]));
        assertThat(portal.audit().verify().brokenChains()).containsExactly(AuditChain.of(patients[1]));
    }

    @Test
    @DisplayName("AD-2 verify() detects events past their chain's head (the head moved back, the events kept)")
    void eventsPastTheHead() {
        PatientId[] patients = activity();
        moveHead(AuditChain.of(patients[0]), 2);
        AuditVerification verification = portal.audit().verify();
        assertThat(verification.brokenChains()).containsExactly(AuditChain.of(patients[0]));
        assertThat(verification.eventsChecked()).as("the broken chain's events are not walked").isEqualTo(4);
    }

    @Test
    @DisplayName("AD-2 verify() during concurrent appends (new chains, longer chains) never reports a chain broken")
    void verifyDuringAppends() throws Exception {
        PatientId[] patients = activity();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Object>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        portal.audit().trail(ADMIN, patients[(writer + i) % 2], PageRequest.first(1));
                        portal.scheduling().createDepartment(Actor.staff("desk-" + writer + "-" + i, Role.FRONT_DESK),
                                new CreateDepartment("Dept " + writer + "-" + i, ZoneOffset.UTC));
                    }
                    return null;
                }));
            }
            int rounds = 0;
            while (rounds < 3 || writers.stream().anyMatch(f -> !f.isDone())) {
                AuditVerification verification = portal.audit().verify();
                assertThat(verification.brokenChains()).as("round %d", rounds).isEmpty();
                rounds++;
            }
            for (Future<Object> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(portal.audit().verify()).isEqualTo(new AuditVerification(true, 7 + 90, List.of()));
    }

    // ---------------------------------------------------------------- checkpoints

    @Test
    @DisplayName("AD-2 a checkpoint signs every head in one part; verify(checkpoint) trusts it and finds the trail intact, later events included")
    void checkpointHolds() {
        PatientId[] patients = activity();
        List<AuditCheckpoint> checkpoint = checkpoint();
        assertThat(checkpoint).hasSize(1);
        assertThat(checkpoint.get(0).last()).isTrue();
        assertThat(checkpoint.get(0).heads()).hasSize(3);
        assertThat(checkpoint.get(0).heads()).extracting(AuditCheckpoint.Head::chain)
                .contains(AuditChain.of(patients[0]), AuditChain.of(patients[1]));
        enrollment().signUp(signUp(issue(register(), Delivery.LETTER)));
        portal.audit().trail(ADMIN, patients[0], PageRequest.first(10));

        AuditVerification verification = portal.audit().verify(checkpoint);
        assertThat(verification).isEqualTo(new AuditVerification(true, 11, List.of(), CheckpointStatus.TRUSTED));
    }

    @Test
    @DisplayName("AD-2 a chain deleted whole escapes verify() but not verify(checkpoint)")
    void deletedChain() {
        PatientId[] patients = activity();
        List<AuditCheckpoint> checkpoint = checkpoint();
        deleteChain(AuditChain.of(patients[0]));

        assertThat(portal.audit().verify().intact()).as("without a checkpoint nothing is left to compare").isTrue();
        AuditVerification verification = portal.audit().verify(checkpoint);
        assertThat(verification.intact()).isFalse();
        assertThat(verification.checkpoint()).isEqualTo(CheckpointStatus.TRUSTED);
        assertThat(verification.brokenChains()).containsExactly(AuditChain.of(patients[0]));
    }

    @Test
    @DisplayName("AD-2 a chain cut back below the checkpoint, its head rewritten to match, escapes verify() but not verify(checkpoint)")
    void cutBelowCheckpoint() {
        PatientId[] patients = activity();
        List<AuditCheckpoint> checkpoint = checkpoint();
        cutBack(AuditChain.of(patients[1]), 1);

        assertThat(portal.audit().verify().intact()).isTrue();
        assertThat(portal.audit().verify(checkpoint).brokenChains()).containsExactly(AuditChain.of(patients[1]));
    }

    @Test
    @DisplayName("AD-2 events newer than the checkpoint, cut consistently, go unseen: the documented limit")
    void cutAboveCheckpoint() {
        PatientId[] patients = activity();
        List<AuditCheckpoint> checkpoint = checkpoint();
        portal.audit().trail(ADMIN, patients[0], PageRequest.first(10));
        cutBack(AuditChain.of(patients[0]), 3);

        assertThat(portal.audit().verify(checkpoint).intact()).isTrue();
    }

    @Test
    @DisplayName("AD-2 a checkpoint with a changed head, another key's signature, a missing last part or no part is rejected, not trusted")
    void forgedCheckpoint() {
        activity();
        AuditCheckpoint part = checkpoint().get(0);
        AuditCheckpoint.Head first = part.heads().get(0);
        List<AuditCheckpoint.Head> changed = new ArrayList<>(part.heads());
        changed.set(0, new AuditCheckpoint.Head(first.chain(), first.sequence() + 5, first.hash()));
        AuditCheckpoint edited = new AuditCheckpoint(part.id(), part.takenAt(), 0, true, changed, part.signature());
        AuditCheckpoint notLast = new AuditCheckpoint(part.id(), part.takenAt(), 0, false, part.heads(), part.signature());
        byte[] otherKey = TestPortals.testKey();
        otherKey[0] ^= 1;
        List<AuditCheckpoint> foreign = new ArrayList<>();
        Portal.builder().storage(storage).clock(clock).secretKey(otherKey)
                .passwordHashing(PasswordHashing.insecureForTests()).notificationSender(new RecordingNotificationSender())
                .allowInsecureForTests().build().audit().checkpoint(foreign::add);

        for (List<AuditCheckpoint> bad : List.of(List.of(edited), List.of(notLast), foreign, List.<AuditCheckpoint>of(),
                List.of(part, part))) {
            AuditVerification verification = portal.audit().verify(bad);
            assertThat(verification.checkpoint()).as("%s", bad).isEqualTo(CheckpointStatus.REJECTED);
            assertThat(verification.intact()).isFalse();
            assertThat(verification.brokenChains()).as("the edited head was not trusted").isEmpty();
        }
        assertThat(portal.audit().verify(List.of(part)).intact()).isTrue();
    }
}
