package org.patientportal.inmemory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * One open transaction: the locks it holds and the buffered writes of its stores, applied by
 * {@link #commit()} and dropped otherwise. Locks are released only when the transaction ends.
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
    private final Set<LockKey> held = new LinkedHashSet<>();
    private final List<Participant> participants = new ArrayList<>();
    private volatile boolean open = true;

    Transaction(InMemoryStorage storage, LockManager locks, long lockTimeoutNanos) {
        this.storage = storage;
        this.locks = locks;
        this.lockTimeoutNanos = lockTimeoutNanos;
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
        boolean acquired;
        try {
            acquired = locks.acquire(key, this, lockTimeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a lock", e);
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

    void commit() {
        checkOpen();
        for (Participant participant : participants) {
            participant.commit();
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
