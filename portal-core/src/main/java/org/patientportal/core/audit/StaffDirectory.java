package org.patientportal.core.audit;

import java.util.Optional;

/**
 * The host's names for its staff ids, for the patient's access log (AD-4). Optional: without it the
 * log shows a staff member's role alone. Implementations must be thread-safe and quick (the log
 * asks once per staff member on a page); an exception, or a blank name, is taken as "no name".
 *
 * <pre>{@code
 * Portal.builder().staffDirectory(staffId -> Optional.ofNullable(myStaff.displayName(staffId)))
 * }</pre>
 */
@FunctionalInterface
public interface StaffDirectory {

    /**
     * The name to show a patient for a staff member, such as {@code "Dr. A. Okafor"}.
     *
     * @param staffId the staff id the host passed to {@code Actor.staff(...)}
     * @return the name, or empty to show the role alone
     */
    Optional<String> displayName(String staffId);
}
