package org.patientportal.core.auth;

import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.model.SessionId;

/**
 * Logging in, sessions and passwords (AU-1 to AU-7).
 *
 * <p>Every failure to authenticate (unknown user, wrong password, locked or disabled account,
 * unknown, expired or revoked token, wrong reset code) throws the same
 * {@link org.patientportal.core.AuthenticationFailedException} with the same message (AU-4).
 * Commands are validated before anything is read ({@link org.patientportal.core.InvalidRequestException},
 * IN-2). Every call is audited (AD-1, AD-3), security events are logged with ids only (LG-2).
 */
public interface Auth {

    /**
     * Logs a patient in (AU-4, AU-5, AU-6).
     *
     * @param username the username as typed (matched ignoring case and compatibility forms, AU-1)
     * @param password the password exactly as typed
     * @return the new session, with its bearer token
     * @throws org.patientportal.core.AuthenticationFailedException for every cause of failure
     * @throws org.patientportal.core.InvalidRequestException       if an argument is missing or absurdly long
     */
    Session logIn(String username, String password);

    /**
     * Authenticates one request with a session token and gives the patient's actor: the only way
     * to obtain one. Records activity at most once a minute; a validated token may be served from
     * this node's memory for at most {@link AuthPolicy#cacheTtl()}, and never past the session's
     * idle or absolute expiry.
     *
     * @param token the token of {@link Session#token()}
     * @return the patient acting on their own record
     * @throws org.patientportal.core.AuthenticationFailedException if the token is unknown, expired or revoked
     */
    Actor authenticate(String token);

    /**
     * Revokes the session of this token at once. Idempotent: an unknown, expired or already revoked
     * token is not an error.
     *
     * @param token the token of {@link Session#token()}
     */
    void logOut(String token);

    /**
     * Changes the password of the logged-in patient (AU-7): needs the current password, keeps the
     * AU-2 rules, revokes every session of the account (the current one too) and sends a
     * password-changed notification (no secret in it).
     *
     * @param me      the patient, from {@link #authenticate}
     * @param command the current and the new password
     */
    void changePassword(Actor me, ChangePassword command);

    /**
     * The patient's open sessions (not revoked, not expired), the calling one marked current.
     *
     * Expired sessions not yet cleaned up are left out, so a page may hold fewer items than asked
     * for while {@link Page#hasNext()} is still true.
     *
     * @param me   the patient, from {@link #authenticate}
     * @param page which page
     * @return one page of sessions, oldest first
     * @throws InvalidRequestException if the page size or the cursor is invalid
     */
    Page<SessionInfo> sessions(Actor me, PageRequest page);

    /**
     * Revokes one of the patient's own sessions. A session of another account is answered as
     * not found.
     *
     * @param me      the patient, from {@link #authenticate}
     * @param session the session to revoke
     * @throws org.patientportal.core.NotFoundException if the session is not one of the patient's
     */
    void revokeSession(Actor me, SessionId session);

    /**
     * Resets a forgotten password with a reset code (AU-7): sets the new password, revokes every
     * session, clears the failed-login count and re-enables an account disabled by too many
     * failures.
     *
     * @param command the code, SSN4, birth date and new password
     * @throws org.patientportal.core.AuthenticationFailedException if the code or the identity does not match
     */
    void resetPassword(ResetPassword command);
}
