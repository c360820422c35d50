package org.patientportal.core.medications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.ConflictException;
import org.patientportal.core.Portal;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.records.HistoryEntryView;
import org.patientportal.core.records.ReportEntry;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.Races;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.EntryStatus;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.RefillStatus;
import org.patientportal.spi.storage.PortalStorage;

/**
 * RF-2, RF-7, HH-2 and IN-1 under concurrency, through the public API: one open request per
 * prescription, one decision per request, no lost refill decrement. On PostgreSQL the races also run
 * over two portals on one database.
 */
@OnEveryStorage
@DisplayName("Medications and health records under concurrency (RF-2, RF-7, HH-2, IN-1)")
class MedicationsConcurrencySuite extends MedicationsFixture {
    private static final long TIMEOUT = 60;

    @Test
    @DisplayName("RF-2 32 concurrent refill requests for one prescription (no key): one request, 31 refused with request_open")
    void oneOpenRequest() throws Exception {
        oneOpenRequest(portal, portal);
    }

    void oneOpenRequest(Portal first, Portal second) throws Exception {
        Member m = member();
        MedicationView line = imported(m, rx());
        List<Object> outcomes = Races.race(32, TIMEOUT, i -> () -> (i % 2 == 0 ? first : second).medications()
                .requestRefill(m.actor(), m.patient(), new RequestRefill(line.id(), null, null)));
        assertThat(outcomes).filteredOn(RefillRequestView.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof RefillRequestView)).hasSize(31)
                .allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.reason()).isEqualTo("request_open")));
        assertThat(requestsOf(m.patient())).hasSize(1);
    }

    @Test
    @DisplayName("RF-7 16 clinicians deciding one request at once (approve or deny): one decision, 15 ConflictExceptions, at most one refill taken")
    void oneDecision() throws Exception {
        oneDecision(portal, portal);
    }

    void oneDecision(Portal first, Portal second) throws Exception {
        Member m = member();
        MedicationView line = imported(m, rx());
        RefillRequestView request = meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line.id(), null, null));
        List<Object> outcomes = Races.race(16, TIMEOUT, i -> () -> {
            Medications node = (i % 2 == 0 ? first : second).medications();
            return i % 4 < 2 ? node.approveRefill(CLINICIAN, m.patient(), request.id())
                    : node.denyRefill(CLINICIAN, m.patient(), request.id(), "needs_visit");
        });
        List<Object> decided = outcomes.stream().filter(RefillRequestView.class::isInstance).toList();
        assertThat(decided).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(15);
        RefillStatus status = ((RefillRequestView) decided.get(0)).status();
        assertThat(line(m, line.medication()).refillsRemaining()).isEqualTo(status == RefillStatus.APPROVED ? 2 : 3);
        assertThat(requestsOf(m.patient()).get(0).status()).isEqualTo(status);
    }

    @Test
    @DisplayName("RF-7 no lost or double decrement: 8 concurrent approvals of one request on a prescription with one refill: one approval, refills end at exactly zero, never below")
    void noLostDecrement() throws Exception {
        noLostDecrement(portal, portal);
    }

    void noLostDecrement(Portal first, Portal second) throws Exception {
        Member m = member();
        Rx rx = rx();
        rx.refills = 1;
        MedicationView line = imported(m, rx);
        RefillRequestView request = meds().requestRefill(m.actor(), m.patient(), new RequestRefill(line.id(), null, null));
        List<Object> outcomes = Races.race(8, TIMEOUT, i -> () -> (i % 2 == 0 ? first : second).medications()
                .approveRefill(CLINICIAN, m.patient(), request.id()));
        assertThat(outcomes).filteredOn(RefillRequestView.class::isInstance).hasSize(1);
        assertThat(line(m, line.medication()).refillsRemaining()).isZero();
        assertThat(line(m, line.medication()).refillability().reason()).isEqualTo("no_refills_left");
    }

    @Test
    @DisplayName("IN-1 16 concurrent retries of one refill request with one key: one request, and every retry answers it")
    void sameKey() throws Exception {
        Member m = member();
        MedicationView line = imported(m, rx());
        List<Object> outcomes = Races.race(16, TIMEOUT, i -> () -> meds().requestRefill(m.actor(), m.patient(),
                new RequestRefill(line.id(), null, "retry-key")));
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(RefillRequestView.class));
        assertThat(outcomes.stream().map(o -> ((RefillRequestView) o).id()).distinct()).hasSize(1);
        assertThat(requestsOf(m.patient())).hasSize(1);
    }

    @Test
    @DisplayName("HH-2 8 clinicians reviewing one report at once: one review, 7 ConflictExceptions")
    void oneReview() throws Exception {
        Member m = member();
        HistoryEntryView reported = records().report(m.actor(), m.patient(), new ReportEntry(HistoryCategory.ALLERGY,
                "Latex", null, null));
        List<Object> outcomes = Races.race(8, TIMEOUT, i -> () -> i % 2 == 0
                ? records().accept(CLINICIAN, m.patient(), reported.id())
                : records().decline(CLINICIAN, m.patient(), reported.id(), "not_confirmed"));
        assertThat(outcomes).filteredOn(HistoryEntryView.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(7);
        assertThat(history(m, HistoryCategory.ALLERGY).get(0).status()).isIn(EntryStatus.ACCEPTED, EntryStatus.DECLINED);
    }

    @Test
    @DisplayName("RF-2 / RF-7 across nodes: two portals on one PostgreSQL database: one open request per prescription, one decision per request, no lost or double decrement")
    void twoNodesOneDatabase() throws Exception {
        Assumptions.assumeTrue(storageKind == StorageKind.POSTGRES, "the two-node races run on PostgreSQL");
        PortalStorage secondStorage = TestStorages.sameDatabase(storage);
        try {
            Portal secondNode = newPortal(secondStorage);
            oneOpenRequest(portal, secondNode);
            oneDecision(portal, secondNode);
            noLostDecrement(portal, secondNode);
        } finally {
            secondStorage.close();
        }
    }
}
