package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.ChainHead;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.StorageTransaction;

/** {@code AuditTrail.accessesByOthers}: a patient's access log (AD-4), newest first. */
abstract class AuditAccessLogContracts extends KitSupport {
    private static final AuditActor PATIENT = new AuditActor(ActorKind.PATIENT, "account-1", null);
    private static final AuditActor STAFF = new AuditActor(ActorKind.STAFF, "staff-1", "CLINICIAN");
    private static final AuditActor PROXY = new AuditActor(ActorKind.PROXY, "account-2", null);
    private static final AuditActor SYSTEM = new AuditActor(ActorKind.SYSTEM, "system", null);
    private static final AuditActor ANONYMOUS = new AuditActor(ActorKind.ANONYMOUS, "anonymous", null);

    /** Appends one event per actor to the patient's chain, in one transaction. */
    private static List<AuditEvent> append(StorageTransaction tx, PatientId patient, AuditActor... actors) {
        AuditChain chain = AuditChain.of(patient);
        ChainHead head = tx.auditTrail().lockHead(chain);
        List<AuditEvent> appended = new ArrayList<>();
        for (AuditActor actor : actors) {
            long sequence = head.sequence() + 1;
            AuditEvent event = new AuditEvent(AuditEventId.newId(), chain, sequence, at(sequence), patient, actor,
                    AuditAction.READ, "appointment", null, AuditOutcome.SUCCESS, null, head.hash(), unique("hash"));
            tx.auditTrail().append(event);
            appended.add(event);
            head = new ChainHead(chain, sequence, event.hash());
        }
        return appended;
    }

    private static List<AuditEvent> newestFirst(List<AuditEvent> events) {
        List<AuditEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(AuditEvent::sequence).reversed());
        return sorted;
    }

    @Test
    @DisplayName("accessesByOthers answers the chain's staff and proxy events, newest first: not the patient's own, the system's, anonymous ones or another chain's (AD-4)")
    void onlyOthers() {
        PatientId patient = insertPatient().id();
        PatientId other = insertPatient().id();
        List<AuditEvent> events = write(tx -> append(tx, patient, PATIENT, STAFF, SYSTEM, PROXY, ANONYMOUS, PATIENT,
                STAFF));
        write(tx -> append(tx, other, STAFF, PROXY));

        List<AuditEvent> found = read(tx -> tx.auditTrail().accessesByOthers(AuditChain.of(patient), Long.MAX_VALUE,
                1000));

        assertThat(found).containsExactly(events.get(6), events.get(3), events.get(1));
        List<AuditEvent> beforeFourth = read(tx -> tx.auditTrail().accessesByOthers(AuditChain.of(patient), 4, 1000));
        assertThat(beforeFourth).containsExactly(events.get(1));
        AuditChain empty = AuditChain.of(insertPatient().id());
        List<AuditEvent> none = read(tx -> tx.auditTrail().accessesByOthers(empty, Long.MAX_VALUE, 10));
        assertThat(none).isEmpty();
    }

    @Test
    @DisplayName("accessesByOthers pages newest first, each page before the previous page's last sequence, every event once")
    void pages() {
        PatientId patient = insertPatient().id();
        List<AuditEvent> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<AuditEvent> events = write(tx -> append(tx, patient, STAFF, PATIENT, PATIENT, PROXY, SYSTEM, STAFF));
            others.addAll(events.stream().filter(e -> e.actor().kind() == ActorKind.STAFF
                    || e.actor().kind() == ActorKind.PROXY).toList());
        }
        List<AuditEvent> read = new ArrayList<>();
        long before = Long.MAX_VALUE;
        for (int pages = 0; pages < 100; pages++) {
            long cursor = before;
            List<AuditEvent> page = read(tx -> tx.auditTrail().accessesByOthers(AuditChain.of(patient), cursor,
                    PAGE_SIZE));
            assertThat(page).hasSizeLessThanOrEqualTo(PAGE_SIZE);
            if (page.isEmpty()) {
                break;
            }
            read.addAll(page);
            before = page.get(page.size() - 1).sequence();
        }
        assertThat(read).containsExactlyElementsOf(newestFirst(others));
    }

    @Test
    @DisplayName("accessesByOthers sees the transaction's own appends, newest first, before the committed ones")
    void ownAppends() {
        PatientId patient = insertPatient().id();
        List<AuditEvent> committed = write(tx -> append(tx, patient, STAFF));
        List<List<AuditEvent>> seen = write(tx -> {
            List<AuditEvent> own = append(tx, patient, PATIENT, PROXY);
            return List.of(own, tx.auditTrail().accessesByOthers(AuditChain.of(patient), Long.MAX_VALUE, 10));
        });
        assertThat(seen.get(1)).containsExactly(seen.get(0).get(1), committed.get(0));
    }

    @Test
    @DisplayName("accessesByOthers refuses a limit outside 1..1000 and a sequence below 1 with IllegalArgumentException")
    void bounds() {
        AuditChain chain = AuditChain.of(insertPatient().id());
        assertThatThrownBy(() -> run(tx -> tx.auditTrail().accessesByOthers(chain, Long.MAX_VALUE, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run(tx -> tx.auditTrail().accessesByOthers(chain, Long.MAX_VALUE, 1001)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run(tx -> tx.auditTrail().accessesByOthers(chain, 0, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
