package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/** The {@code Departments}, {@code Providers} and {@code VisitTypes} stores (SC-1). */
abstract class ClinicSetupContracts extends KitSupport {
    @Test
    @DisplayName("departments, providers and visit types round-trip every field: time zone, duration, booking mode, eligibility (SC-1)")
    void roundTrip() {
        List<Department> departments = List.of(
                new Department(DepartmentId.newId(), "Family Medicine", ZoneId.of("America/New_York"), 0),
                new Department(DepartmentId.newId(), "Cardiologie – Annexe", ZoneId.of("Asia/Kolkata"), 0),
                new Department(DepartmentId.newId(), "Telehealth", ZoneOffset.UTC, 0),
                new Department(DepartmentId.newId(), "Night clinic", ZoneOffset.ofHoursMinutes(-3, -30), 0));
        List<Provider> providers = List.of(
                new Provider(ProviderId.newId(), "Dr. A. Okafor", true, 0),
                new Provider(ProviderId.newId(), "Dr. Zoë Ñúñez-O'Brien", false, 0));
        List<VisitType> visitTypes = List.of(
                new VisitType(VisitTypeId.newId(), "Annual physical", Duration.ofMinutes(45), true,
                        PatientEligibility.ESTABLISHED, true, 0),
                new VisitType(VisitTypeId.newId(), "New patient consult", Duration.ofMinutes(90), false,
                        PatientEligibility.NEW, false, 0),
                new VisitType(VisitTypeId.newId(), "Flu shot", Duration.ofMinutes(7).plusSeconds(30), true,
                        PatientEligibility.ANY, true, 0));
        run(tx -> {
            departments.forEach(tx.departments()::insert);
            providers.forEach(tx.providers()::insert);
            visitTypes.forEach(tx.visitTypes()::insert);
        });
        for (Department d : departments) {
            check(tx -> assertThat(tx.departments().find(d.id())).contains(d));
        }
        for (Provider p : providers) {
            check(tx -> assertThat(tx.providers().find(p.id())).contains(p));
        }
        for (VisitType v : visitTypes) {
            check(tx -> assertThat(tx.visitTypes().find(v.id())).contains(v));
        }
        check(tx -> assertThat(tx.departments().find(DepartmentId.newId())).isEmpty());
        check(tx -> assertThat(tx.providers().find(ProviderId.newId())).isEmpty());
        check(tx -> assertThat(tx.visitTypes().find(VisitTypeId.newId())).isEmpty());
    }

    @Test
    @DisplayName("a taken department, provider or visit type id is a duplicate key")
    void duplicateIds() {
        Clinic clinic = insertClinic();
        Department department = new Department(clinic.department().id(), "Other", ZoneId.of("Europe/Paris"), 0);
        Provider provider = new Provider(clinic.provider().id(), "Dr. Other", false, 0);
        VisitType visitType = new VisitType(clinic.checkup().id(), "Other", Duration.ofHours(2), false,
                PatientEligibility.NEW, false, 0);
        assertThatThrownBy(() -> run(tx -> tx.departments().insert(department))).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> run(tx -> tx.providers().insert(provider))).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> run(tx -> tx.visitTypes().insert(visitType))).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.departments().find(department.id())).contains(clinic.department()));
        check(tx -> assertThat(tx.providers().find(provider.id())).contains(clinic.provider()));
        check(tx -> assertThat(tx.visitTypes().find(visitType.id())).contains(clinic.checkup()));
    }

    @Test
    @DisplayName("update replaces every field and increases the version by one; a stale or missing row fails with an optimistic-lock exception (SC-1)")
    void updates() {
        Clinic clinic = insertClinic();
        Department department = new Department(clinic.department().id(), "Pediatrics", ZoneId.of("America/Chicago"), 0);
        Department storedDepartment = write(tx -> tx.departments().update(department));
        assertThat(storedDepartment).isEqualTo(new Department(department.id(), "Pediatrics", ZoneId.of("America/Chicago"), 1));
        check(tx -> assertThat(tx.departments().find(department.id())).contains(storedDepartment));
        assertThatThrownBy(() -> write(tx -> tx.departments().update(department)))
                .isInstanceOf(OptimisticLockException.class);
        assertThatThrownBy(() -> write(tx -> tx.departments().update(
                new Department(DepartmentId.newId(), "Ghost", ZoneOffset.UTC, 0)))).isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.departments().find(department.id())).contains(storedDepartment));

        Provider provider = new Provider(clinic.provider().id(), "Dr. A. Okafor-Smith", false, 0);
        Provider storedProvider = write(tx -> tx.providers().update(provider));
        assertThat(storedProvider).isEqualTo(new Provider(provider.id(), "Dr. A. Okafor-Smith", false, 1));
        check(tx -> assertThat(tx.providers().find(provider.id())).contains(storedProvider));
        assertThatThrownBy(() -> write(tx -> tx.providers().update(provider)))
                .isInstanceOf(OptimisticLockException.class);
        assertThatThrownBy(() -> write(tx -> tx.providers().update(
                new Provider(ProviderId.newId(), "Ghost", true, 0)))).isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.providers().find(provider.id())).contains(storedProvider));

        VisitType visitType = new VisitType(clinic.checkup().id(), "Long checkup", Duration.ofMinutes(50), false,
                PatientEligibility.ESTABLISHED, false, 0);
        VisitType storedVisitType = write(tx -> tx.visitTypes().update(visitType));
        assertThat(storedVisitType).isEqualTo(new VisitType(visitType.id(), "Long checkup", Duration.ofMinutes(50), false,
                PatientEligibility.ESTABLISHED, false, 1));
        check(tx -> assertThat(tx.visitTypes().find(visitType.id())).contains(storedVisitType));
        VisitType again = write(tx -> tx.visitTypes().update(storedVisitType));
        assertThat(again.version()).isEqualTo(2);
        assertThatThrownBy(() -> write(tx -> tx.visitTypes().update(storedVisitType)))
                .isInstanceOf(OptimisticLockException.class);
        assertThatThrownBy(() -> write(tx -> tx.visitTypes().update(visitType("Ghost", 10))))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.visitTypes().find(visitType.id())).contains(again));
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent updates of a visit type from one version exactly one succeeds, the others fail as stale (SC-1)")
    void concurrentUpdates() throws Exception {
        Clinic clinic = insertClinic();
        VisitType v = clinic.checkup();
        List<Outcome<VisitType>> outcomes = concurrently(THREADS, i -> writeRetrying(tx -> tx.visitTypes().update(
                new VisitType(v.id(), "Checkup " + i, v.duration(), v.selfSchedulable(), v.eligibility(), v.active(), 0))));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
        check(tx -> assertThat(tx.visitTypes().find(v.id())).contains(successes(outcomes).get(0)));
    }

    @Test
    @DisplayName("page returns every department, provider and visit type exactly once, in id order, across pages of " + PAGE_SIZE)
    void paging() {
        List<Department> departments = new ArrayList<>();
        List<Provider> providers = new ArrayList<>();
        List<VisitType> visitTypes = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS; i++) {
            departments.add(department());
            providers.add(provider());
            visitTypes.add(visitType("Visit " + i, 15 + i));
        }
        List<Department> shuffledDepartments = new ArrayList<>(departments);
        List<Provider> shuffledProviders = new ArrayList<>(providers);
        List<VisitType> shuffledVisitTypes = new ArrayList<>(visitTypes);
        Collections.shuffle(shuffledDepartments, new Random(23));
        Collections.shuffle(shuffledProviders, new Random(29));
        Collections.shuffle(shuffledVisitTypes, new Random(31));
        run(tx -> {
            shuffledDepartments.forEach(tx.departments()::insert);
            shuffledProviders.forEach(tx.providers()::insert);
            shuffledVisitTypes.forEach(tx.visitTypes()::insert);
        });
        assertThat(collectPages((after, limit) -> read(tx -> tx.departments().page(after, limit)),
                Department::id)).containsExactlyElementsOf(sortedBy(departments, d -> d.id().value()));
        assertThat(collectPages((after, limit) -> read(tx -> tx.providers().page(after, limit)),
                Provider::id)).containsExactlyElementsOf(sortedBy(providers, p -> p.id().value()));
        assertThat(collectPages((after, limit) -> read(tx -> tx.visitTypes().page(after, limit)),
                VisitType::id)).containsExactlyElementsOf(sortedBy(visitTypes, v -> v.id().value()));
    }
}
