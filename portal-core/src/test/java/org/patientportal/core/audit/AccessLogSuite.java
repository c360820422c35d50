package org.patientportal.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.Portal;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.proxy.GrantProxy;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;

/**
 * The patient's access log (AD-4): who else touched their record, newest first, as the patient (or
 * a proxy with every scope) reads it.
 */
@OnEveryStorage
@DisplayName("The patient's access log (AD-4)")
class AccessLogSuite extends AuditFixture {

    private Portal named() {
        return TestPortals.builder(storage, clock, sender)
                .staffDirectory(id -> id.equals(ADMIN.staffId().orElseThrow()) ? Optional.of("Dr. A. Okafor")
                        : Optional.empty())
                .build();
    }

    private List<AccessLogEntry> all(Portal through, org.patientportal.core.Actor actor, PatientId patient) {
        return through.audit().accessLog(actor, patient, PageRequest.first(PageRequest.MAX_SIZE)).items();
    }

    private long othersOnChain(PatientId patient) {
        return events(patient).stream()
                .filter(e -> e.actor().kind() == ActorKind.STAFF || e.actor().kind() == ActorKind.PROXY).count();
    }

    private PatientId child(LocalDate birthDate) {
        return enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-"), "Sam", "Rivers", birthDate,
                SSN4, null, null));
    }

    private void grant(Member parent, PatientId child) {
        portal.proxies().grant(ADMIN, child, new GrantProxy(parent.actor().accountId().orElseThrow(),
                ProxyRelationship.PARENT, EnumSet.allOf(ProxyScope.class)));
    }

    @Test
    @DisplayName("AD-4 the patient sees staff accesses newest first, by role and by the host's name for the staff member; never their own actions")
    void staffAccesses() {
        Member m = member();
        portal.audit().trail(ADMIN, m.patient(), PageRequest.first(5));
        Portal named = named();

        List<AccessLogEntry> log = all(named, m.actor(), m.patient());

        assertThat(log).hasSize((int) othersOnChain(m.patient()));
        assertThat(log).extracting(AccessLogEntry::accessorKind).containsOnly(ActorKind.STAFF);
        assertThat(log.get(0)).satisfies(e -> {
            assertThat(e.role()).isEqualTo("ADMIN");
            assertThat(e.name()).isEqualTo("Dr. A. Okafor");
            assertThat(e.action()).isEqualTo(AuditAction.READ);
            assertThat(e.category()).isEqualTo("audit-trail");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        });
        assertThat(log).filteredOn(e -> "FRONT_DESK".equals(e.role())).isNotEmpty()
                .allSatisfy(e -> assertThat(e.name()).isNull());
        assertThat(log).extracting(AccessLogEntry::occurredAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
        // the patient's own read of the log is audited as their own action, so it is not in the log
        assertThat(events(m.patient())).filteredOn(e -> e.category().equals("access-log")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.actor().kind()).isEqualTo(ActorKind.PATIENT));
        assertThat(all(named, m.actor(), m.patient())).isEqualTo(log);
        // without a staff directory: the role alone
        assertThat(all(portal, m.actor(), m.patient())).extracting(AccessLogEntry::name).containsOnlyNulls();
    }

    @Test
    @DisplayName("AD-4 a proxy's access shows as a proxy with the proxy's name; a parent with every scope reads a child's log, and that read is in it")
    void proxyAccesses() {
        Member parent = member();
        PatientId child = child(LocalDate.of(2020, 1, 15));
        grant(parent, child);
        portal.scheduling().upcoming(parent.actor(), child, PageRequest.first(5));

        List<AccessLogEntry> log = all(portal, parent.actor(), child);

        assertThat(log.get(0)).satisfies(e -> {
            assertThat(e.accessorKind()).isEqualTo(ActorKind.PROXY);
            assertThat(e.role()).isNull();
            assertThat(e.name()).isEqualTo("Dana Rivers");
            assertThat(e.category()).isEqualTo("appointment");
        });
        assertThat(all(portal, parent.actor(), child).get(0)).satisfies(e -> {
            assertThat(e.accessorKind()).isEqualTo(ActorKind.PROXY);
            assertThat(e.category()).isEqualTo("access-log");
        });
    }

    @Test
    @DisplayName("AD-4 the log pages newest first with a cursor; a crafted cursor is refused on page.cursor")
    void pages() {
        Member m = member();
        for (int i = 0; i < 3; i++) {
            portal.audit().trail(ADMIN, m.patient(), PageRequest.first(1));
        }
        List<AccessLogEntry> whole = all(portal, m.actor(), m.patient());
        List<AccessLogEntry> paged = new java.util.ArrayList<>();
        Page<AccessLogEntry> page = portal.audit().accessLog(m.actor(), m.patient(), PageRequest.first(2));
        while (true) {
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            paged.addAll(page.items());
            if (!page.hasNext()) {
                break;
            }
            page = portal.audit().accessLog(m.actor(), m.patient(), page.nextRequest(2));
        }
        assertThat(paged).isEqualTo(whole);
        InvalidRequestException bad = catchThrowableOfType(InvalidRequestException.class,
                () -> portal.audit().accessLog(m.actor(), m.patient(), new PageRequest("crafted", 2)));
        assertThat(bad.violations()).extracting(InvalidRequestException.Violation::path)
                .containsExactly("page.cursor");
    }

    @Test
    @DisplayName("AD-4 staff are refused (ST-1), another patient and a teen's parent without the teen's consent get not found (PX-2), each denial audited (AD-3)")
    void whoMayRead() {
        Member m = member();
        Member stranger = member();
        Member parent = member();
        PatientId teen = child(LocalDate.of(2012, 6, 1));
        grant(parent, teen);

        assertThat(catchThrowableOfType(AccessDeniedException.class,
                () -> portal.audit().accessLog(ADMIN, m.patient(), PageRequest.first(5)))).isNotNull();
        assertThat(catchThrowableOfType(NotFoundException.class,
                () -> portal.audit().accessLog(stranger.actor(), m.patient(), PageRequest.first(5)))).isNotNull();
        assertThat(catchThrowableOfType(NotFoundException.class,
                () -> portal.audit().accessLog(parent.actor(), teen, PageRequest.first(5)))).isNotNull();
        assertThat(events(teen)).filteredOn(e -> e.category().equals("access-log"))
                .extracting(AuditEvent::outcome, AuditEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AuditOutcome.DENIED, "teen_restricted"));
    }
}
