package org.patientportal.core.profile;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.PatientId;

/**
 * A patient's profile (PR-1): name and birth date as the clinic registered them, the contacts on
 * file masked ({@code j***@example.org}, a mobile number by its last four digits), and the contact
 * changes waiting for their code. Holds PHI: {@link #toString()} prints the id only.
 *
 * @param patientId    the patient
 * @param givenName    given name
 * @param familyName   family name
 * @param birthDate    date of birth
 * @param maskedEmail  the email on file, masked, if any
 * @param mobileEnding the last four digits of the mobile number on file, if any
 * @param pending      changes asked for and not yet confirmed, expired or locked
 */
public record ProfileView(PatientId patientId, String givenName, String familyName, LocalDate birthDate,
                          @Nullable String maskedEmail, @Nullable String mobileEnding,
                          List<PendingContactChange> pending) {
    /** Checks the required parts and copies the list. */
    public ProfileView {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(givenName, "givenName");
        Objects.requireNonNull(familyName, "familyName");
        Objects.requireNonNull(birthDate, "birthDate");
        pending = List.copyOf(pending);
    }

    @Override
    public String toString() {
        return "ProfileView[patientId=" + patientId + ", pending=" + pending.size() + "]";
    }
}
