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
    @DisplayName("AD-2 verify() detects an edited event of the system chain")
    void editedSystemEvent() {
        activity();
        editEvent(AuditChain.SYSTEM, 1);
        assertThat(portal.audit().verify().brokenChains()).containsExactly(AuditChain.SYSTEM);
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
}
