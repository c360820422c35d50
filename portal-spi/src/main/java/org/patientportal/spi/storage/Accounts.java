package org.patientportal.spi.storage;

import java.time.Instant;
import java.util.Optional;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;

/** Patients' portal accounts. */
public interface Accounts {
    /**
     * Inserts a new account (its version must be 0).
     *
     * @throws DuplicateKeyException if the id or the username key is taken, or the patient already
     *                               has an account (EN-8); concurrent inserts of one username key
     *                               leave exactly one
     */
    void insert(Account account);

    /** The account with this id. */
    Optional<Account> find(AccountId id);

    /** The account whose normalised username is exactly {@code usernameKey}. */
    Optional<Account> findByUsernameKey(String usernameKey);

    /** The patient's own account. */
    Optional<Account> findByPatient(PatientId patientId);

    /**
     * Replaces an account. {@code account.version()} must be the stored version. The failed-login
     * counter and its time are not written by this method (see {@link #recordLoginFailure}).
     *
     * @return the account as stored, with its version increased by one
     * @throws OptimisticLockException if the stored version differs or the account is gone
     */
    Account update(Account account);

    /**
     * Counts one failed login unless the account is locked at {@code at} (AU-5), in one atomic step:
     * the "locked?" decision and the count are one conditional write, so concurrent attempts never
     * count more failures than the lockout allows, and an attempt refused as locked is never counted.
     * A counted failure adds one to the consecutive failed logins and records {@code at} as the last
     * failure; the new count and that instant decide the next lockout ({@link LoginLockout#lockedAt}).
     * Concurrent calls are all decided one after the other on the latest count. Does not change the
     * version.
     *
     * @param id      the account
     * @param at      when the attempt happened
     * @param lockout when failures lock the account ({@link LoginLockout#none()}: count every failure)
     * @return the new count (at least 1); 0 if the account is locked at {@code at} and nothing was
     *         written; -1 if there is no such account
     */
    int recordLoginFailure(AccountId id, Instant at, LoginLockout lockout);

    /** Sets the failed-login count back to zero (a successful login). Does not change the version. */
    void resetLoginFailures(AccountId id);
}
