package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.PatientId;

/**
 * What verification reads besides the heads (AD-2): {@code AuditTrail.eventChains}, every chain as
 * its stored events end, so that a head missing, zeroed or behind its events is found.
 */
abstract class AuditVerificationContracts extends KitSupport {
    @Test
    @DisplayName("eventChains of an empty trail is empty, and a head locked without an event adds no chain")
    void empty() {
        check(tx -> assertThat(tx.auditTrail().eventChains(null, 10)).isEmpty());
        run(tx -> tx.auditTrail().lockHead(AuditChain.of(PatientId.newId())));
        check(tx -> assertThat(tx.auditTrail().eventChains(null, 10)).isEmpty());
    }

    @Test
    @DisplayName("eventChains answers each chain's last stored event (sequence and hash), as the heads do for an untouched trail")
    void lastEvents() {
        AuditChain patient = AuditChain.of(PatientId.newId());
        AuditChain staff = AuditChain.staff("staff-1");
        AuditEvent patientLast = appendEvents(patient, 3).get(2);
        appendEvents(staff, 1);
        AuditEvent staffLast = appendEvents(staff, 2).get(1);
        List<ChainHead> expected = new ArrayList<>(List.of(
                new ChainHead(patient, 3, patientLast.hash()), new ChainHead(staff, 3, staffLast.hash())));
        expected.sort(Comparator.comparing(h -> h.chain().value()));
        check(tx -> assertThat(tx.auditTrail().eventChains(null, 10)).containsExactlyElementsOf(expected));
        check(tx -> assertThat(tx.auditTrail().eventChains(null, 10))
                .containsExactlyElementsOf(tx.auditTrail().chains(null, 10)));
    }

    @Test
    @DisplayName("eventChains sees the transaction's own appends, and nothing of a rolled-back one")
    void ownAppends() {
        AuditChain chain = AuditChain.shard(3);
        appendEvents(chain, 1);
        run(tx -> {
            ChainHead head = tx.auditTrail().lockHead(chain);
            AuditEvent second = event(chain, null, head);
            tx.auditTrail().append(second);
            AuditChain fresh = AuditChain.of(PatientId.newId());
            AuditEvent other = event(fresh, null, tx.auditTrail().lockHead(fresh));
            tx.auditTrail().append(other);
            assertThat(tx.auditTrail().eventChains(null, 10)).containsExactlyInAnyOrder(
                    new ChainHead(chain, 2, second.hash()), new ChainHead(fresh, 1, other.hash()));
        });
        assertThatThrownBy(() -> run(tx -> {
            ChainHead head = tx.auditTrail().lockHead(chain);
            tx.auditTrail().append(event(chain, null, head));
            throw new IllegalStateException("roll back");
        })).isInstanceOf(IllegalStateException.class);
        check(tx -> assertThat(tx.auditTrail().eventChains(chain, 10)).isEmpty());
        check(tx -> assertThat(tx.auditTrail().eventChains(null, 10))
                .filteredOn(h -> h.chain().equals(chain)).singleElement()
                .extracting(ChainHead::sequence).isEqualTo(2L));
    }

    @Test
    @DisplayName("eventChains returns every chain exactly once, in chain-name order, across pages of " + PAGE_SIZE)
    void paging() {
        List<ChainHead> tails = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS; i++) {
            AuditChain chain = i % 5 == 0 ? AuditChain.staff("staff-" + i) : AuditChain.of(new PatientId(UUID.randomUUID()));
            List<AuditEvent> appended = appendEvents(chain, 1 + i % 3);
            AuditEvent last = appended.get(appended.size() - 1);
            tails.add(new ChainHead(chain, last.sequence(), last.hash()));
        }
        tails.sort(Comparator.comparing(h -> h.chain().value()));
        List<ChainHead> paged = new ArrayList<>();
        AuditChain after = null;
        while (true) {
            AuditChain from = after;
            List<ChainHead> page = read(tx -> tx.auditTrail().eventChains(from, PAGE_SIZE));
            assertThat(page).hasSizeLessThanOrEqualTo(PAGE_SIZE);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
            after = page.get(page.size() - 1).chain();
        }
        assertThat(paged).containsExactlyElementsOf(tails);
    }

    @Test
    @DisplayName("eventChains accepts limits 1 to 1000 and refuses 0 and 1001 with IllegalArgumentException")
    void limits() {
        for (int limit : new int[] {1, 1000}) {
            run(tx -> tx.auditTrail().eventChains(null, limit));
        }
        for (int limit : new int[] {0, -1, 1001}) {
            assertThatThrownBy(() -> run(tx -> tx.auditTrail().eventChains(null, limit)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
