package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Provider;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotId;
import org.patientportal.model.SlotStatus;
import org.patientportal.model.WaitlistEntry;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;
import org.patientportal.spi.storage.CommandRead;
import org.patientportal.spi.storage.CommandSnapshot;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * {@code StorageTransaction.readForCommand}: whatever way an adapter answers it (the default
 * composes the single reads; portal-jdbc sends one multi-statement query on PostgreSQL), the answer
 * equals the composed one, the head it returns is locked and continues the chain, and a command
 * that waited on the lock reads what the holder committed (IN-1).
 */
abstract class CommandReadContracts extends KitSupport {

    /** The single reads, in the documented order: what every answer must equal. */
    private static CommandSnapshot composed(StorageTransaction tx, CommandRead read) {
        ChainHead head = tx.auditTrail().lockHead(read.chain());
        Optional<Appointment> appointment = read.appointment() == null ? Optional.empty()
                : tx.appointments().find(read.appointment());
        CommandSnapshot first = new CommandSnapshot(head, tx.patients().find(read.patient()),
                tx.accounts().findByPatient(read.patient()),
                read.slot() == null ? Optional.empty() : tx.slots().find(read.slot()), appointment,
                read.idempotencyKey() == null ? Optional.empty()
                        : tx.idempotencyRecords().find(read.idempotencyScope(), read.idempotencyKey()));
        if (read.waitlistLimit() == 0) {
            return first;
        }
        Optional<Slot> slot = appointment.flatMap(a -> tx.slots().find(a.slotId()));
        List<WaitlistEntry> mine = new ArrayList<>();
        for (WaitlistEntry entry : all((after, limit) -> tx.waitlist().forPatient(read.patient(), after, limit))) {
            if (entry.appointmentId().equals(read.appointment()) && entry.status() == WaitlistStatus.WAITING) {
                mine.add(entry);
            }
        }
        List<WaitlistEntry> waiting = new ArrayList<>();
        slot.ifPresent(s -> s.visitTypes().forEach(type -> waiting.addAll(
                all((after, limit) -> tx.waitlist().waiting(type, s.providerId(), after, limit)))));
        List<WaitlistEntry> served = sortedBy(waiting, e -> e.id().value());
        served = served.subList(0, Math.min(served.size(), read.waitlistLimit()));
        List<Appointment> held = served.stream().map(WaitlistEntry::appointmentId).distinct()
                .flatMap(id -> tx.appointments().find(id).stream()).toList();
        List<Account> accounts = served.stream().map(WaitlistEntry::patientId).distinct()
                .flatMap(id -> tx.accounts().findByPatient(id).stream()).toList();
        return new CommandSnapshot(head, first.patient(), first.account(), first.slot(), appointment,
                first.idempotencyRecord(), slot, mine, served, sortedBy(held, a -> a.id().value()),
                sortedBy(accounts, a -> a.id().value()));
    }

    /** Every entry of a keyset-paged list. */
    private static List<WaitlistEntry> all(BiFunction<WaitlistEntryId, Integer, List<WaitlistEntry>> pages) {
        List<WaitlistEntry> out = new ArrayList<>();
        WaitlistEntryId after = null;
        List<WaitlistEntry> page;
        do {
            page = pages.apply(after, 100);
            out.addAll(page);
            after = page.isEmpty() ? null : page.get(page.size() - 1).id();
        } while (page.size() == 100);
        return out;
    }

    private void assertSameAsComposed(CommandRead read) {
        CommandSnapshot folded = write(tx -> tx.readForCommand(read));
        CommandSnapshot expected = write(tx -> composed(tx, read));
        assertThat(folded).isEqualTo(expected);
    }

    @Test
    @DisplayName("the read answers what the single reads answer: head, patient, account, slot, appointment, record")
    void everythingFound() {
        Clinic clinic = insertClinic();
        Patient patient = insertPatient();
        Account account = account(patient.id());
        run(tx -> tx.accounts().insert(account));
        Appointment booked = insertBooked(clinic, patient, minutes(0), 30);
        SlotId open = insertSlot(clinic, minutes(60), 30).id();
        IdempotencyRecord record = idempotency("scheduling.book:" + patient.id(), unique("key"));
        AuditChain chain = AuditChain.of(patient.id());
        run(tx -> {
            ChainHead head = tx.auditTrail().lockHead(chain);
            tx.auditTrail().append(event(chain, patient.id(), head));
            tx.idempotencyRecords().insert(record);
        });
        CommandRead read = new CommandRead(patient.id(), chain, record.scope(), record.key(), open, booked.id());
        CommandSnapshot folded = write(tx -> tx.readForCommand(read));
        assertThat(folded.head().sequence()).isEqualTo(1);
        assertThat(folded.patient()).contains(patient);
        assertThat(folded.account()).contains(account);
        assertThat(folded.slot()).map(s -> s.id()).contains(open);
        assertThat(folded.appointment()).contains(booked);
        assertThat(folded.idempotencyRecord()).contains(record);
        assertSameAsComposed(read);
    }

    @Test
    @DisplayName("what is missing or not asked for is empty, as in the single reads; a new chain's head is empty")
    void missingAndNotAsked() {
        Patient patient = insertPatient();
        PatientId unknown = PatientId.newId();
        assertSameAsComposed(new CommandRead(patient.id(), AuditChain.of(patient.id()), null, null, null, null));
        assertSameAsComposed(new CommandRead(patient.id(), AuditChain.of(patient.id()), "scheduling.book",
                unique("key"), SlotId.newId(), AppointmentId.newId()));
        CommandSnapshot none = write(tx -> tx.readForCommand(
                new CommandRead(unknown, AuditChain.of(unknown), null, null, null, null)));
        assertThat(none.patient()).isEmpty();
        assertThat(none.account()).isEmpty();
        assertThat(none.head()).isEqualTo(ChainHead.empty(AuditChain.of(unknown)));
    }

    @Test
    @DisplayName("with a wait-list limit it also reads the appointment's slot, the patient's WAITING entries for it,"
            + " the entries that slot could be offered to in id order, their appointments and their patients' accounts,"
            + " as the single reads do (SC-7)")
    void waitlistParts() {
        Clinic clinic = insertClinic();
        Provider otherProvider = insertProvider();
        Patient patient = insertPatient();
        Slot slot = slot(clinic, minutes(0), 30, clinic.checkup().id(), clinic.physical().id());
        Appointment mine = appointment(patient.id(), slot, clinic.checkup().id());
        run(tx -> {
            tx.slots().insertAll(List.of(slot));
            assertThat(tx.slots().book(slot.id(), mine.id())).isTrue();
            assertThat(tx.appointments().insertIfNoOverlap(mine)).isTrue();
        });
        Appointment later = insertBooked(clinic, patient, minutes(24 * 60), 30);
        WaitlistEntry mineWaiting = waitlistEntry(mine);
        WaitlistEntry mineCancelled = waitlistEntry(mine);
        WaitlistEntry laterWaiting = waitlistEntry(later);
        List<WaitlistEntry> offerable = new ArrayList<>(List.of(mineWaiting, laterWaiting));
        List<WaitlistEntry> others = new ArrayList<>();
        List<Patient> patients = insertPatients(5);
        List<Appointment> offerableHeld = new ArrayList<>(List.of(mine, later));
        Account waiterAccount = account(patients.get(1).id());
        Account ownAccount = account(patient.id());
        run(tx -> {
            tx.accounts().insert(waiterAccount);
            tx.accounts().insert(ownAccount);
        });
        for (int i = 0; i < patients.size(); i++) {
            Appointment held = insertBooked(clinic, patients.get(i), minutes(7 * 24 * 60), 30);
            if (i < 3) {
                offerableHeld.add(held);
            }
            WaitlistEntry entry = switch (i) {
                case 0, 1 -> waitlistEntry(held);
                case 2 -> new WaitlistEntry(WaitlistEntryId.newId(), held.patientId(), held.id(), clinic.physical().id(),
                        clinic.provider().id(), T0, WaitlistStatus.WAITING, null, 0);
                default -> new WaitlistEntry(WaitlistEntryId.newId(), held.patientId(), held.id(), clinic.checkup().id(),
                        otherProvider.id(), T0, WaitlistStatus.WAITING, null, 0);
            };
            (i < 3 ? offerable : others).add(entry);
        }
        WaitlistEntry fulfilled = waitlistEntry(insertBooked(clinic, patients.get(4), minutes(8 * 24 * 60), 30));
        run(tx -> {
            for (WaitlistEntry entry : List.of(mineWaiting, mineCancelled, laterWaiting, fulfilled)) {
                tx.waitlist().insert(entry);
            }
            offerable.subList(2, offerable.size()).forEach(tx.waitlist()::insert);
            others.forEach(tx.waitlist()::insert);
            tx.waitlist().update(mineCancelled.close(WaitlistStatus.CANCELLED, T0));
            tx.waitlist().update(fulfilled.close(WaitlistStatus.FULFILLED, T0));
        });
        AuditChain chain = AuditChain.of(patient.id());
        run(tx -> tx.auditTrail().append(event(chain, patient.id(), tx.auditTrail().lockHead(chain))));
        CommandRead read = new CommandRead(patient.id(), chain, null, null, null, mine.id(), 200);
        CommandSnapshot folded = write(tx -> tx.readForCommand(read));
        assertThat(folded.appointment()).contains(mine);
        assertThat(folded.appointmentSlot())
                .hasValueSatisfying(s -> assertThat(s).usingRecursiveComparison().ignoringFields("version")
                        .isEqualTo(withStatus(slot, SlotStatus.BOOKED, mine.id())));
        assertThat(folded.appointmentEntries()).containsExactly(mineWaiting);
        assertThat(folded.waiting()).containsExactlyElementsOf(sortedBy(offerable, e -> e.id().value()));
        assertThat(folded.waitingAppointments()).containsExactlyElementsOf(sortedBy(offerableHeld, a -> a.id().value()));
        assertThat(folded.waitingAccounts()).containsExactlyElementsOf(sortedBy(List.of(waiterAccount, ownAccount),
                a -> a.id().value()));
        assertSameAsComposed(read);
        CommandRead two = new CommandRead(patient.id(), chain, null, null, null, mine.id(), 2);
        assertThat(write(tx -> tx.readForCommand(two)).waiting())
                .containsExactlyElementsOf(sortedBy(offerable, e -> e.id().value()).subList(0, 2));
        assertSameAsComposed(two);
    }

    @Test
    @DisplayName("with a wait-list limit and no such appointment, the wait-list parts are empty, as in the single reads")
    void waitlistPartsMissing() {
        Patient patient = insertPatient();
        AuditChain chain = AuditChain.of(patient.id());
        run(tx -> tx.auditTrail().append(event(chain, patient.id(), tx.auditTrail().lockHead(chain))));
        CommandRead read = new CommandRead(patient.id(), chain, null, null, null, AppointmentId.newId(), 200);
        CommandSnapshot folded = write(tx -> tx.readForCommand(read));
        assertThat(folded.appointmentSlot()).isEmpty();
        assertThat(folded.appointmentEntries()).isEmpty();
        assertThat(folded.waiting()).isEmpty();
        assertThat(folded.waitingAppointments()).isEmpty();
        assertThat(folded.waitingAccounts()).isEmpty();
        assertSameAsComposed(read);
    }

    @Test
    @DisplayName("the head it returns is held: an event appended after it continues the chain (AD-2)")
    void headContinues() {
        Patient patient = insertPatient();
        AuditChain chain = AuditChain.of(patient.id());
        for (int i = 0; i < 3; i++) {
            run(tx -> {
                ChainHead head = tx.readForCommand(new CommandRead(patient.id(), chain, null, null, null, null)).head();
                tx.auditTrail().append(event(chain, patient.id(), head));
            });
        }
        check(tx -> assertThat(tx.auditTrail().events(chain, 0, 10)).extracting(AuditEvent::sequence)
                .containsExactly(1L, 2L, 3L));
    }

    @Test
    @DisplayName("a command that waited on the chain's lock reads the idempotency record the holder committed (IN-1)")
    void waiterSeesHoldersRecord() throws InterruptedException {
        Patient patient = insertPatient();
        AuditChain chain = AuditChain.of(patient.id());
        run(tx -> tx.auditTrail().append(event(chain, patient.id(), tx.auditTrail().lockHead(chain))));
        IdempotencyRecord record = idempotency("scheduling.book:" + patient.id(), unique("key"));
        CommandRead read = new CommandRead(patient.id(), chain, record.scope(), record.key(), null, null);
        List<Optional<IdempotencyRecord>> seen = whileHeld(tx -> {
            CommandSnapshot first = tx.readForCommand(read);
            tx.idempotencyRecords().insert(record);
            tx.auditTrail().append(event(chain, patient.id(), first.head()));
            return first.idempotencyRecord();
        }, tx -> tx.readForCommand(read).idempotencyRecord());
        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).contains(record);
    }

    @Test
    @DisplayName("a duplicate key of a written-behind insert fails the commit and leaves nothing behind (IN-1, NT-2)")
    void refusedWriteLeavesNothing() {
        IdempotencyRecord taken = idempotency("scheduling.book", unique("key"));
        run(tx -> tx.idempotencyRecords().insert(taken));
        Patient patient = patient();
        AuditChain chain = AuditChain.of(patient.id());
        OutboxEntry entry = entry(T0.plus(Duration.ofHours(1)));
        assertThatThrownBy(() -> run(tx -> {
            tx.patients().insert(patient);
            tx.outbox().enqueue(entry);
            tx.auditTrail().append(event(chain, patient.id(), tx.auditTrail().lockHead(chain)));
            tx.idempotencyRecords().insert(idempotency(taken.scope(), taken.key()));
        })).isInstanceOf(DuplicateKeyException.class);
        check(tx -> {
            assertThat(tx.patients().find(patient.id())).isEmpty();
            assertThat(tx.outbox().find(entry.id())).isEmpty();
            assertThat(tx.auditTrail().head(chain)).isEmpty();
            assertThat(tx.idempotencyRecords().find(taken.scope(), taken.key())).contains(taken);
        });
    }

    @Test
    @DisplayName("NT-2 a duplicate among several outbox entries written together fails the commit; none of them is stored")
    void duplicateAmongSeveralEntries() {
        OutboxEntry taken = entry(T0.plus(Duration.ofHours(1)));
        run(tx -> tx.outbox().enqueue(taken));
        List<OutboxEntry> fresh = List.of(entry(T0.plus(Duration.ofHours(2))), entry(T0.plus(Duration.ofHours(3))));
        assertThatThrownBy(() -> run(tx -> {
            tx.outbox().enqueue(fresh.get(0));
            tx.outbox().enqueue(taken);
            tx.outbox().enqueue(fresh.get(1));
        })).isInstanceOf(DuplicateKeyException.class);
        check(tx -> {
            assertThat(tx.outbox().find(fresh.get(0).id())).isEmpty();
            assertThat(tx.outbox().find(fresh.get(1).id())).isEmpty();
            assertThat(tx.outbox().find(taken.id())).contains(taken);
        });
    }

    @Test
    @DisplayName("NT-2 5,000 outbox entries enqueued in one transaction are all stored, read back before and after the commit")
    void manyEntriesInOneTransaction() {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            entries.add(entry(T0.plus(Duration.ofSeconds(i))));
        }
        run(tx -> {
            entries.forEach(tx.outbox()::enqueue);
            assertThat(tx.outbox().find(entries.get(4_999).id())).contains(entries.get(4_999));
        });
        check(tx -> entries.forEach(e -> assertThat(tx.outbox().find(e.id())).contains(e)));
    }

    @Test
    @DisplayName("a transaction reads back what it wrote before it commits: outbox entry, idempotency record, audit event")
    void readsOwnWrites() {
        Patient patient = insertPatient();
        AuditChain chain = AuditChain.of(patient.id());
        OutboxEntry entry = entry(T0.plus(Duration.ofHours(1)));
        IdempotencyRecord record = idempotency("scheduling.book", unique("key"));
        run(tx -> {
            tx.outbox().enqueue(entry);
            assertThat(tx.outbox().find(entry.id())).contains(entry);
            tx.idempotencyRecords().insert(record);
            assertThat(tx.idempotencyRecords().find(record.scope(), record.key())).contains(record);
            AuditEvent appended = event(chain, patient.id(), tx.auditTrail().lockHead(chain));
            tx.auditTrail().append(appended);
            assertThat(tx.auditTrail().events(chain, 0, 10)).containsExactly(appended);
            assertThat(tx.auditTrail().head(chain)).contains(new ChainHead(chain, 1, appended.hash()));
        });
    }

    @Test
    @DisplayName("releaseBehind frees the slot its appointment holds, seen by the next read; another appointment's is left (SC-3)")
    void releaseBehind() {
        Clinic clinic = insertClinic();
        Patient patient = insertPatient();
        Appointment booked = insertBooked(clinic, patient, minutes(0), 30);
        Appointment other = insertBooked(clinic, patient, minutes(60), 30);
        run(tx -> {
            tx.slots().releaseBehind(booked.slotId(), booked.id());
            tx.slots().releaseBehind(other.slotId(), AppointmentId.newId());
            assertThat(tx.slots().find(booked.slotId())).map(Slot::status).contains(SlotStatus.OPEN);
        });
        check(tx -> {
            assertThat(tx.slots().find(booked.slotId())).map(Slot::status).contains(SlotStatus.OPEN);
            assertThat(tx.slots().find(other.slotId())).map(Slot::status).contains(SlotStatus.BOOKED);
        });
    }

    @Test
    @DisplayName("updateBehind closes the appointment, seen by the next read and stored with its version increased by one (SC-4)")
    void updateBehind() {
        Clinic clinic = insertClinic();
        Patient patient = insertPatient();
        Appointment booked = insertBooked(clinic, patient, minutes(0), 30);
        Appointment closed = booked.close(AppointmentStatus.RESCHEDULED, T0, "staff-front-desk-1", "rescheduled");
        run(tx -> {
            tx.appointments().updateBehind(closed);
            assertThat(tx.appointments().find(booked.id())).contains(appointmentVersion(closed, 1));
        });
        check(tx -> assertThat(tx.appointments().find(booked.id())).contains(appointmentVersion(closed, 1)));
    }

    @Test
    @DisplayName("a stale updateBehind fails with OptimisticLockException, from the call, the statement sent with it or the commit,"
            + " and the transaction stores nothing (SC-3, SC-4)")
    void staleUpdateBehind() {
        Clinic clinic = insertClinic();
        Patient patient = insertPatient();
        Appointment booked = insertBooked(clinic, patient, minutes(0), 30);
        Slot open = insertSlot(clinic, minutes(60), 30);
        Appointment stale = appointmentVersion(booked.close(AppointmentStatus.RESCHEDULED, T0, "staff-front-desk-1",
                "rescheduled"), 7);
        assertThatThrownBy(() -> run(tx -> {
            tx.appointments().updateBehind(stale);
            tx.slots().book(open.id(), AppointmentId.newId());
        })).isInstanceOf(OptimisticLockException.class);
        assertThatThrownBy(() -> run(tx -> tx.appointments().updateBehind(stale)))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> {
            assertThat(tx.appointments().find(booked.id())).contains(booked);
            assertThat(tx.slots().find(open.id())).contains(open);
        });
    }

    @Test
    @DisplayName("cancelPendingBehind cancels the key's pending entries, seen by the next read; no match is no error (NT-2)")
    void cancelPendingBehind() {
        String key = unique("appointment:");
        OutboxEntry pending = entry(T0.plus(Duration.ofDays(1)), key);
        OutboxEntry otherKey = entry(T0.plus(Duration.ofDays(1)), unique("appointment:"));
        run(tx -> {
            tx.outbox().enqueue(pending);
            tx.outbox().enqueue(otherKey);
        });
        run(tx -> {
            tx.outbox().cancelPendingBehind(key, T0);
            tx.outbox().cancelPendingBehind(unique("nothing:"), T0);
            assertThat(tx.outbox().find(pending.id())).map(OutboxEntry::status).contains(OutboxStatus.CANCELLED);
        });
        check(tx -> {
            assertThat(tx.outbox().find(pending.id())).map(OutboxEntry::status).contains(OutboxStatus.CANCELLED);
            assertThat(tx.outbox().find(otherKey.id())).map(OutboxEntry::status).contains(OutboxStatus.PENDING);
        });
    }
}
