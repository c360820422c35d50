package org.patientportal.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A patient the clinic registered. Holds PHI: {@link #toString()} prints the id only.
 *
 * @param id           the patient's id
 * @param mrn          the clinic's medical record number, unique
 * @param givenName    given name
 * @param familyName   family name
 * @param birthDate    date of birth (ages for proxy rules are computed from it)
 * @param ssn4Hash     keyed hash of the last four digits of the SSN (EN-7); never the digits
 * @param email        email on file, or null
 * @param mobile       mobile number on file (E.164), or null
 * @param registeredAt when staff registered the patient
 * @param version      optimistic-lock version, 0 for a new row
 */
public record Patient(
        PatientId id,
        String mrn,
        String givenName,
        String familyName,
        LocalDate birthDate,
        String ssn4Hash,
        String email,
        String mobile,
        Instant registeredAt,
        long version) {

    public Patient {
        Objects.requireNonNull(id, "id");
        Checks.notBlank(mrn, "mrn");
        Checks.notBlank(givenName, "givenName");
        Checks.notBlank(familyName, "familyName");
        Objects.requireNonNull(birthDate, "birthDate");
        Checks.notBlank(ssn4Hash, "ssn4Hash");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Checks.notNegative(version, "version");
    }

    /** This patient with the given version. */
    public Patient withVersion(long newVersion) {
        return new Patient(id, mrn, givenName, familyName, birthDate, ssn4Hash, email, mobile, registeredAt, newVersion);
    }

    @Override
    public String toString() {
        return "Patient[id=" + id + ", version=" + version + "]";
    }
}
