package org.patientportal.inmemory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.StampedLock;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * One open transaction: the locks it holds and the buffered writes of its stores, applied by
 * {@link #commit()} and dropped otherwise. Locks are released only when the transaction ends.
 *
 * <p>Readers see a commit all at once, as PostgreSQL's READ COMMITTED shows it: a commit applies
 * every store's writes under the storage's publication lock, write side, and every store call (a
 * statement, bracketed by {@link #beginStatement}/{@link #endStatement}) holds its read side, so a
 * statement runs entirely before or entirely after any commit. A statement that must wait for a
 * row lock lets go of the read side while it waits (as a database statement re-reads the latest
 * row after the wait), so a reader never holds up a commit for longer than its own reads take.
 */
final class Transaction {
    /** A store's buffered writes. */
    interface Participant {
        /** Applies the buffered writes to the committed data; called with every lock still held. */
        void commit();
    }

    private final InMemoryStorage storage;
    private final LockManager locks;
    private final long lockTimeoutNanos;
    private final StampedLock publication;
    private int statementDepth;
    private long readStamp;
    private final Set<LockKey> held = new HashSet<>();
    private final List<Participant> participants = new ArrayList<>();
    private volatile boolean open = true;

    Transaction(InMemoryStorage storage, LockManager locks, long lockTimeoutNanos, StampedLock publication) {
        this.storage = storage;
        this.locks = locks;
        this.lockTimeoutNanos = lockTimeoutNanos;
        this.publication = publication;
    }

    /** Starts a store call: no commit is applied until the matching {@link #endStatement}. */
    void beginStatement() {
        if (statementDepth++ == 0) {
            readStamp = publication.readLock();
        }
    }

    /** Ends a store call started by {@link #beginStatement}. */
    void endStatement() {
        if (--statementDepth == 0) {
            publication.unlockRead(readStamp);
        }
    }

    void register(Participant participant) {
        participants.add(participant);
    }

    /** Fails unless the transaction is open and the storage works. */
    void checkOpen() {
        if (!open) {
            throw new IllegalStateException("the transaction is over: use the stores only inside the work");
        }
        storage.checkAvailable();
    }

    /** Takes an exclusive lock until the transaction ends, waiting at most the lock timeout. */
    void lock(LockKey key) {
        checkOpen();
        if (held.contains(key)) {
            return;
        }
        boolean acquired = locks.tryAcquire(key, this);
        if (!acquired) {
            boolean inStatement = statementDepth > 0;
            if (inStatement) {
                publication.unlockRead(readStamp); // the holder may be committing: never wait on it with the read side
            }
            try {
                acquired = locks.acquire(key, this, lockTimeoutNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while waiting for a lock", e);
            } finally {
                if (inStatement) {
                    readStamp = publication.readLock();
                }
            }
        }
        if (!acquired) {
            throw new TransientStorageException("lock wait timeout on " + key.space());
        }
        held.add(key);
    }

    /**
     * Takes the lock if no other transaction holds it (SKIP LOCKED).
     *
     * @return whether this transaction holds it now
     */
    boolean tryLock(LockKey key) {
        checkOpen();
        if (held.contains(key)) {
            return true;
        }
        if (locks.tryAcquire(key, this)) {
            held.add(key);
            return true;
        }
        return false;
    }

    boolean holds(LockKey key) {
        return held.contains(key);
    }

    /** Gives back a lock this transaction took but did not use to write. */
    void unlock(LockKey key) {
        if (held.remove(key)) {
            locks.release(key, this);
        }
    }

    /**
     * Applies every store's writes at once for readers (see the class description). A transaction
     * that took no lock wrote nothing and publishes nothing.
     */
    void commit() {
        checkOpen();
        if (held.isEmpty()) {
            return;
        }
        long stamp = publication.writeLock();
        try {
            for (Participant participant : participants) {
                participant.commit();
            }
        } finally {
            publication.unlockWrite(stamp);
        }
    }

    /** Ends the transaction: drops what was not committed and releases every lock. */
    void end() {
        open = false;
        for (LockKey key : held) {
            locks.release(key, this);
        }
        held.clear();
    }
}
