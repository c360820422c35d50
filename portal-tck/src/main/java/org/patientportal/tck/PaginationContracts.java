package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.AuditChain;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.SlotQuery;
import org.patientportal.spi.storage.StorageTransaction;

/** What every paged method shares: limits and the unsigned id order. */
abstract class PaginationContracts extends KitSupport {
    @Test
    @DisplayName("every paged method accepts limits 1 to 1000 and refuses 0 and 1001 with IllegalArgumentException (SC-2, SC-5)")
    void limits() {
        SlotQuery slots = new SlotQuery(minutes(0), minutes(60), null, null, null);
        Map<String, Function<Integer, Consumer<StorageTransaction>>> calls = new LinkedHashMap<>();
        calls.put("Patients.page", limit -> tx -> tx.patients().page(null, limit));
        calls.put("Sessions.listUnrevoked", limit -> tx -> tx.sessions().listUnrevoked(AccountId.newId(), null, limit));
        calls.put("AuditTrail.events", limit -> tx -> tx.auditTrail().events(AuditChain.SYSTEM, 0, limit));
        calls.put("AuditTrail.chains", limit -> tx -> tx.auditTrail().chains(null, limit));
        calls.put("Outbox.dead", limit -> tx -> tx.outbox().dead(null, limit));
        calls.put("ProxyGrants.listForProxy", limit -> tx -> tx.proxyGrants().listForProxy(AccountId.newId(), null, limit));
        calls.put("ProxyGrants.listForPatient", limit -> tx -> tx.proxyGrants().listForPatient(PatientId.newId(), null, limit));
        calls.put("Departments.page", limit -> tx -> tx.departments().page(null, limit));
        calls.put("Providers.page", limit -> tx -> tx.providers().page(null, limit));
        calls.put("VisitTypes.page", limit -> tx -> tx.visitTypes().page(null, limit));
        calls.put("Slots.findOpen", limit -> tx -> tx.slots().findOpen(slots, null, limit));
        calls.put("Appointments.upcoming", limit -> tx -> tx.appointments().upcoming(PatientId.newId(), T0, null, limit));
        calls.put("Appointments.past", limit -> tx -> tx.appointments().past(PatientId.newId(), T0, null, limit));
        calls.put("AppointmentRequests.open", limit -> tx -> tx.appointmentRequests().open(null, limit));
        calls.put("AppointmentRequests.forPatient", limit -> tx -> tx.appointmentRequests().forPatient(PatientId.newId(), null, limit));
        calls.put("Waitlist.waiting", limit -> tx -> tx.waitlist().waiting(VisitTypeId.newId(), ProviderId.newId(), null, limit));
        calls.put("Waitlist.forPatient", limit -> tx -> tx.waitlist().forPatient(PatientId.newId(), null, limit));
        calls.forEach((name, call) -> {
            for (int limit : new int[] {1, 1000}) {
                run(call.apply(limit));
            }
            for (int limit : new int[] {0, -1, 1001}) {
                assertThatThrownBy(() -> run(call.apply(limit))).as("%s with limit %d", name, limit)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        });
    }

    @Test
    @DisplayName("pages are in unsigned id order, the order of the canonical strings, even for ids with the top bits set")
    void unsignedOrder() {
        List<String> texts = List.of(
                "00000000-0000-7000-8000-000000000001",
                "0193a2b0-0000-7000-8000-000000000000",
                "0193a2b0-0000-7000-ffff-ffffffffffff",
                "7fffffff-ffff-7fff-bfff-ffffffffffff",
                "80000000-0000-7000-8000-000000000000",
                "ffffffff-ffff-7fff-8000-000000000000",
                "ffffffff-ffff-7fff-bfff-ffffffffffff");
        Account account = insertAccount();
        List<Patient> patients = new ArrayList<>();
        List<SessionRecord> sessions = new ArrayList<>();
        for (int i = texts.size() - 1; i >= 0; i--) {
            Patient p = patient();
            patients.add(new Patient(PatientId.parse(texts.get(i)), p.mrn(), p.givenName(), p.familyName(),
                    p.birthDate(), p.ssn4Hash(), p.email(), p.mobile(), p.registeredAt(), 0));
            sessions.add(new SessionRecord(SessionId.parse(texts.get(i)), account.id(), unique("token"), T0, T0,
                    at(3600), null, 0));
        }
        List<ProxyGrant> grants = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            ProxyGrant g = grant(account.id(), patients.get(i).id());
            grants.add(new ProxyGrant(ProxyGrantId.parse(patients.get(i).id().toString()), g.proxyAccountId(),
                    g.patientId(), g.relationship(), g.scopes(), g.teenConsent(), g.grantedAt(), g.grantedBy(),
                    g.expiresAt(), null, null, 0));
        }
        run(tx -> {
            patients.forEach(tx.patients()::insert);
            sessions.forEach(tx.sessions()::insert);
            grants.forEach(tx.proxyGrants()::insert);
            for (int i = texts.size() - 1; i >= 0; i--) {
                tx.departments().insert(new Department(DepartmentId.parse(texts.get(i)), "Department " + i, ZoneOffset.UTC, 0));
                tx.providers().insert(new Provider(ProviderId.parse(texts.get(i)), "Provider " + i, true, 0));
            }
        });
        assertThat(collectPages((after, limit) -> read(tx -> tx.departments().page(after, limit)),
                Department::id)).extracting(d -> d.id().toString()).containsExactlyElementsOf(texts);
        assertThat(collectPages((after, limit) -> read(tx -> tx.providers().page(after, limit)),
                Provider::id)).extracting(p -> p.id().toString()).containsExactlyElementsOf(texts);
        List<String> patientOrder = collectPages((after, limit) -> read(tx -> tx.patients().page(after, limit)),
                Patient::id).stream().map(p -> p.id().toString()).filter(texts::contains).toList();
        assertThat(patientOrder).containsExactlyElementsOf(texts);
        assertThat(collectPages((after, limit) -> read(tx -> tx.sessions().listUnrevoked(account.id(), after, limit)),
                SessionRecord::id)).extracting(s -> s.id().toString()).containsExactlyElementsOf(texts);
        assertThat(collectPages((after, limit) -> read(tx -> tx.proxyGrants().listForProxy(account.id(), after, limit)),
                ProxyGrant::id)).extracting(g -> g.id().toString()).containsExactlyElementsOf(texts);
    }
}
