package org.patientportal.test;

import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The made-up details a fixture registers a patient with and signs them up with. {@link TestPortal}
 * makes fresh, unique ones for every patient (an adult with an email address and no mobile
 * number); a test changes what it cares about with the {@code with...} methods:
 *
 * <pre>{@code
 * SignedInPatient ben = portal.signedInPatient(p -> p.withBirthDate(clock.today().minusYears(13)));
 * }</pre>
 *
 * They go through the SDK's validation like any other input: a value the SDK refuses makes the
 * fixture fail with the SDK's {@code InvalidRequestException}.
 *
 * @param mrn        the clinic's medical record number, unique
 * @param givenName  the given name
 * @param familyName the family name
 * @param birthDate  the date of birth
 * @param ssnLast4   the last four digits of the SSN
 * @param email      the email address on file
 * @param mobile     the mobile number on file, in E.164
 * @param username   the username to sign up with, unique
 * @param password   the password to sign up with
 */
public record TestPatient(String mrn, String givenName, String familyName, LocalDate birthDate, String ssnLast4,
                          @Nullable String email, @Nullable String mobile, String username, String password) {

    /** Checks that every part but the email address and the mobile number is present. */
    public TestPatient {
        Objects.requireNonNull(mrn, "mrn");
        Objects.requireNonNull(givenName, "givenName");
        Objects.requireNonNull(familyName, "familyName");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(ssnLast4, "ssnLast4");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /**
     * These details with another medical record number.
     *
     * @param mrn the medical record number
     * @return the changed details
     */
    public TestPatient withMrn(String mrn) {
        return new TestPatient(mrn, givenName, familyName, birthDate, ssnLast4, email, mobile, username, password);
    }

    /**
     * These details with other names.
     *
     * @param givenName  the given name
     * @param familyName the family name
     * @return the changed details
     */
    public TestPatient withName(String givenName, String familyName) {
        return new TestPatient(mrn, givenName, familyName, birthDate, ssnLast4, email, mobile, username, password);
    }

    /**
     * These details with another date of birth.
     *
     * @param birthDate the date of birth
     * @return the changed details
     */
    public TestPatient withBirthDate(LocalDate birthDate) {
        return new TestPatient(mrn, givenName, familyName, birthDate, ssnLast4, email, mobile, username, password);
    }

    /**
     * These details with other last four digits of the SSN.
     *
     * @param ssnLast4 four digits
     * @return the changed details
     */
    public TestPatient withSsnLast4(String ssnLast4) {
        return new TestPatient(mrn, givenName, familyName, birthDate, ssnLast4, email, mobile, username, password);
    }

    /**
     * These details with another email address on file.
     *
     * @param email the address, or null for none
     * @return the changed details
     */
    public TestPatient withEmail(@Nullable String email) {
        return new TestPatient(mrn, givenName, familyName, birthDate, ssnLast4, email, mobile, username, password);
    }

    /**
     * These details with another mobile number on file.
     *
     * @param mobile the number in E.164 ({@code +15555550123}), or null for none
     * @return the changed details
     */
    public TestPatient withMobile(@Nullable String mobile) {
        return new TestPatient(mrn, givenName, familyName, birthDate, ssnLast4, email, mobile, username, password);
    }

    /**
     * These details with another username.
     *
     * @param username the username
     * @return the changed details
     */
    public TestPatient withUsername(String username) {
        return new TestPatient(mrn, givenName, familyName, birthDate, ssnLast4, email, mobile, username, password);
    }

    /**
     * These details with another password.
     *
     * @param password the password
     * @return the changed details
     */
    public TestPatient withPassword(String password) {
        return new TestPatient(mrn, givenName, familyName, birthDate, ssnLast4, email, mobile, username, password);
    }

    /** Prints the medical record number and the username only: the rest is (made-up) PHI or a secret. */
    @Override
    public String toString() {
        return "TestPatient[mrn=" + mrn + ", username=" + username + "]";
    }
}
