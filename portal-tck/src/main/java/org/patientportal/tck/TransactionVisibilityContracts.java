package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Appointment;
import org.patientportal.model.Patient;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotStatus;

/**
 * A commit is published at once to readers, as PostgreSQL's READ COMMITTED shows it: a reader that
 * sees one write of a transaction sees every write of it in its later statements. A storage that
 * applied a commit store by store would let a reader see a slot booked for an appointment that does
 * not exist yet.
 */
abstract class TransactionVisibilityContracts extends KitSupport {
    private static final int WRITERS = 2;
    private static final int READERS = 2;
    private static final int SLOTS_PER_WRITER = 300;
    /** Writers stop early after this long, so that a slow database stays well inside the kit's wait. */
    private static final Duration WRITE_AT_MOST = Duration.ofSeconds(4);

    /** What one reader saw. */
    private record Seen(int booked, List<String> orphans) {
    }

    @Test
    @DisplayName("a reader never sees a slot booked for an appointment that is not there, while writers book slots (slot update and appointment insert in one transaction)")
    void bookedSlotHasItsAppointment() throws Exception {
        Clinic clinic = insertClinic();
        List<Patient> patients = insertPatients(WRITERS);
        List<List<Slot>> slots = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            List<Slot> own = new ArrayList<>();
            for (int i = 0; i < SLOTS_PER_WRITER; i++) {
                own.add(slot(clinic, minutes(30L * (w * SLOTS_PER_WRITER + i)), 30));
            }
            run(tx -> tx.slots().insertAll(own));
            slots.add(own);
        }
        AtomicIntegerArray next = new AtomicIntegerArray(WRITERS);
        AtomicInteger writing = new AtomicInteger(WRITERS);

        List<Outcome<Seen>> outcomes = concurrently(WRITERS + READERS, t -> {
            if (t < WRITERS) {
                long stopAt = System.nanoTime() + WRITE_AT_MOST.toNanos();
                try {
                    for (int i = 0; i < SLOTS_PER_WRITER && System.nanoTime() - stopAt < 0; i++) {
                        Slot slot = slots.get(t).get(i);
                        Appointment appointment = appointment(patients.get(t).id(), slot, clinic.checkup().id());
                        writeRetrying(tx -> {
                            assertThat(tx.slots().book(slot.id(), appointment.id())).isTrue();
                            assertThat(tx.appointments().insertIfNoOverlap(appointment)).isTrue();
                            return null;
                        });
                        next.set(t, i + 1);
                    }
                } finally {
                    writing.decrementAndGet();
                }
                return new Seen(0, List.of());
            }
            int booked = 0;
            List<String> orphans = new ArrayList<>();
            int writer = t % WRITERS;
            do {
                // the slot being booked now, then the one just booked
                int at = Math.min(next.get(writer), SLOTS_PER_WRITER - 1);
                for (Slot slot : List.of(slots.get(writer).get(at), slots.get(writer).get(Math.max(0, at - 1)))) {
                    Optional<String> orphan = read(tx -> {
                        Slot seen = tx.slots().find(slot.id()).orElseThrow();
                        if (seen.status() != SlotStatus.BOOKED) {
                            return Optional.<String>empty();
                        }
                        return Optional.of(tx.appointments().find(seen.appointmentId()).isPresent()
                                ? "" : seen.appointmentId().toString());
                    });
                    if (orphan.isPresent()) {
                        booked++;
                        if (!orphan.get().isEmpty()) {
                            orphans.add(orphan.get());
                        }
                    }
                }
                writer = (writer + 1) % WRITERS;
            } while (writing.get() > 0);
            return new Seen(booked, orphans);
        });

        assertThat(failures(outcomes)).isEmpty();
        List<Seen> seen = successes(outcomes);
        assertThat(seen.stream().mapToInt(Seen::booked).sum()).as("booked slots the readers saw").isPositive();
        assertThat(seen.stream().flatMap(s -> s.orphans().stream()).toList())
                .as("appointments of booked slots that a reader did not find right after").isEmpty();
    }
}
