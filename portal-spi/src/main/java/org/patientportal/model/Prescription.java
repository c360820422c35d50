package org.patientportal.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A prescription as imported from the clinic's record system (RF-1), one row per (patient, source
 * id), replaced only by a higher source version (RF-5). Holds PHI: {@link #toString()} prints ids
 * only.
 *
 * @param id               the portal's id (kept by every later version)
 * @param patientId        the patient
 * @param sourceId         the record system's id of the prescription
 * @param sourceVersion    the record system's version (a number or a last-updated instant in epoch milliseconds)
 * @param medication       the medication's name
 * @param medicationCode   its code (RxNorm where known), or null
 * @param dose             the dose ("10 mg")
 * @param instructions     the instructions ("one tablet by mouth daily")
 * @param quantity         the quantity dispensed per fill
 * @param daysSupply       the days one fill lasts, at least 1
 * @param refillsRemaining refills left, never negative
 * @param writtenOn        when it was written
 * @param expiresOn        the last day it may be filled, not before {@code writtenOn}
 * @param prescriber       the prescriber's name
 * @param schedule         the controlled-substance schedule
 * @param pharmacyId       the pharmacy on the prescription, or null
 * @param lastFilledOn     the last fill date, or null if never filled
 * @param status           active, discontinued or entered in error
 * @param updatedAt        when this version was stored
 */
public record Prescription(PrescriptionId id, PatientId patientId, String sourceId, long sourceVersion,
                           String medication, String medicationCode, String dose, String instructions, int quantity,
                           int daysSupply, int refillsRemaining, LocalDate writtenOn, LocalDate expiresOn,
                           String prescriber, ControlledSchedule schedule, PharmacyId pharmacyId,
                           LocalDate lastFilledOn, PrescriptionStatus status, Instant updatedAt) {
    public Prescription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Checks.notBlank(sourceId, "sourceId");
        Checks.notNegative(sourceVersion, "sourceVersion");
        Checks.notBlank(medication, "medication");
        Objects.requireNonNull(dose, "dose");
        Objects.requireNonNull(instructions, "instructions");
        Checks.notNegative(quantity, "quantity");
        if (daysSupply < 1) {
            throw new IllegalArgumentException("daysSupply must be at least 1");
        }
        Checks.notNegative(refillsRemaining, "refillsRemaining");
        Objects.requireNonNull(writtenOn, "writtenOn");
        Objects.requireNonNull(expiresOn, "expiresOn");
        if (expiresOn.isBefore(writtenOn)) {
            throw new IllegalArgumentException("expiresOn must not be before writtenOn");
        }
        Objects.requireNonNull(prescriber, "prescriber");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** This prescription with another id (an upsert keeps the stored row's id). */
    public Prescription withId(PrescriptionId newId) {
        return new Prescription(newId, patientId, sourceId, sourceVersion, medication, medicationCode, dose,
                instructions, quantity, daysSupply, refillsRemaining, writtenOn, expiresOn, prescriber, schedule,
                pharmacyId, lastFilledOn, status, updatedAt);
    }

    /** This prescription after one fill on {@code day}: one refill fewer, last filled that day. */
    public Prescription filled(LocalDate day) {
        if (refillsRemaining == 0) {
            throw new IllegalStateException("no refills left");
        }
        return new Prescription(id, patientId, sourceId, sourceVersion, medication, medicationCode, dose,
                instructions, quantity, daysSupply, refillsRemaining - 1, writtenOn, expiresOn, prescriber, schedule,
                pharmacyId, day, status, updatedAt);
    }

    @Override
    public String toString() {
        return "Prescription[id=" + id + ", sourceVersion=" + sourceVersion + ", status=" + status + "]";
    }
}
