package org.patientportal.core.internal.medications;

import java.time.LocalDate;
import java.util.Optional;
import org.patientportal.core.medications.Refillability;
import org.patientportal.model.ControlledSchedule;
import org.patientportal.model.Prescription;
import org.patientportal.model.PrescriptionStatus;
import org.patientportal.model.RefillRequest;

/** RF-2: whether a prescription can be refilled today, or the first reason it cannot. */
final class Eligibility {
    private Eligibility() {
    }

    /**
     * The reasons, in this order: {@code inactive}, {@code expired}, {@code no_refills_left},
     * {@code controlled_schedule_ii}, {@code request_open}, {@code too_early} (with the first day a
     * request is accepted: the last fill plus {@code percent} % of the days of supply, rounded up).
     */
    static Refillability of(Prescription p, Optional<RefillRequest> open, LocalDate today, int percent) {
        if (p.status() != PrescriptionStatus.ACTIVE) {
            return no("inactive");
        }
        if (p.expiresOn().isBefore(today)) {
            return no("expired");
        }
        if (p.refillsRemaining() <= 0) {
            return no("no_refills_left");
        }
        if (p.schedule() == ControlledSchedule.II) {
            return no("controlled_schedule_ii");
        }
        if (open.isPresent()) {
            return no("request_open");
        }
        if (p.lastFilledOn() != null) {
            long days = (p.daysSupply() * (long) percent + 99) / 100;
            LocalDate from = p.lastFilledOn().plusDays(days);
            if (today.isBefore(from)) {
                return new Refillability(false, "too_early", from);
            }
        }
        return Refillability.NOW;
    }

    private static Refillability no(String reason) {
        return new Refillability(false, reason, null);
    }
}
