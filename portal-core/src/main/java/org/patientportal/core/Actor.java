package org.patientportal.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActorKind;
import org.patientportal.model.PatientId;
import org.patientportal.model.SessionId;

/**
 * Who calls the SDK. Staff actors are asserted by the host (ST-1) with {@link #staff}; patient
 * actors come only from {@code portal.auth().authenticate(token)}: a host cannot make one.
 *
 * <p>Immutable; equality over every part; {@link #toString()} prints ids and roles only.
 */
public final class Actor {
    /** The longest staff id accepted. */
    public static final int MAX_STAFF_ID_LENGTH = 64;

    private final ActorKind kind;
    private final String staffId;
    private final Set<Role> roles;
    private final AccountId accountId;
    private final PatientId patientId;
    private final SessionId sessionId;

    private Actor(ActorKind kind, String staffId, Set<Role> roles, AccountId accountId, PatientId patientId,
                  SessionId sessionId) {
        this.kind = kind;
        this.staffId = staffId;
        this.roles = roles;
        this.accountId = accountId;
        this.patientId = patientId;
        this.sessionId = sessionId;
    }

    /**
     * A staff member, as the host's own staff login asserts it (ST-1).
     *
     * @param staffId the host's id of the staff member: 1 to 64 characters, not blank, no control character
     * @param role    a role
     * @param more    further roles
     * @throws NullPointerException     if an argument or a role is null
     * @throws InvalidRequestException  if {@code staffId} is blank, too long or holds a control character
     */
    public static Actor staff(String staffId, Role role, Role... more) {
        Objects.requireNonNull(staffId, "staffId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(more, "more");
        if (staffId.isBlank() || staffId.length() > MAX_STAFF_ID_LENGTH
                || staffId.codePoints().anyMatch(Character::isISOControl)) {
            throw InvalidRequestException.of("staffId", "must be 1 to 64 characters, not blank, without control characters");
        }
        EnumSet<Role> all = EnumSet.of(role);
        for (Role r : more) {
            all.add(Objects.requireNonNull(r, "role"));
        }
        return new Actor(ActorKind.STAFF, staffId, Collections.unmodifiableSet(all), null, null, null);
    }

    /** A patient acting on their own record; only for the {@code ActorMinter} given to the auth service. */
    static Actor patient(AccountId accountId, PatientId patientId, SessionId sessionId) {
        return new Actor(ActorKind.PATIENT, null, Set.of(), Objects.requireNonNull(accountId, "accountId"),
                Objects.requireNonNull(patientId, "patientId"), Objects.requireNonNull(sessionId, "sessionId"));
    }

    /** Staff or patient. */
    public ActorKind kind() {
        return kind;
    }

    /** The host's staff id, for a staff actor. */
    public Optional<String> staffId() {
        return Optional.ofNullable(staffId);
    }

    /** The staff roles; empty for a patient. */
    public Set<Role> roles() {
        return roles;
    }

    /** Whether this is a staff actor with {@code role}. */
    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** The account logged in, for a patient actor. */
    public Optional<AccountId> accountId() {
        return Optional.ofNullable(accountId);
    }

    /** The patient the account belongs to, for a patient actor. */
    public Optional<PatientId> patientId() {
        return Optional.ofNullable(patientId);
    }

    /** The session the patient authenticated with, for a patient actor. */
    public Optional<SessionId> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Actor that
                && kind == that.kind
                && Objects.equals(staffId, that.staffId)
                && roles.equals(that.roles)
                && Objects.equals(accountId, that.accountId)
                && Objects.equals(patientId, that.patientId)
                && Objects.equals(sessionId, that.sessionId);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {kind, staffId, roles, accountId, patientId, sessionId});
    }

    @Override
    public String toString() {
        if (kind == ActorKind.STAFF) {
            return "Actor[STAFF " + staffId + " " + roles + "]";
        }
        return "Actor[" + kind + " account=" + accountId + " patient=" + patientId + " session=" + sessionId + "]";
    }
}
