package org.patientportal.inmemory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Exclusive locks owned by transactions (not threads), waited for with a deadline. Waiters park on
 * one of a few striped monitors, so unrelated keys rarely wake each other, and readers never come
 * here at all.
 */
final class LockManager {
    private static final int STRIPES = 64;

    private final ConcurrentHashMap<LockKey, Transaction> owners = new ConcurrentHashMap<>();
    private final Object[] monitors = new Object[STRIPES];
    /**
     * How many transactions wait on each monitor: a release wakes its monitor only if one does. A
     * waiter counts itself before it re-checks the owner, so a release that reads 0 removed the
     * owner before that check, which then sees the lock free and does not wait.
     */
    private final AtomicIntegerArray waiting = new AtomicIntegerArray(STRIPES);

    LockManager() {
        for (int i = 0; i < STRIPES; i++) {
            monitors[i] = new Object();
        }
    }

    private static int stripeOf(LockKey key) {
        return Math.floorMod(key.hashCode() * 0x9E3779B9, STRIPES);
    }

    /**
     * Takes the lock, waiting at most {@code timeoutNanos}.
     *
     * @return false if the deadline passed
     */
    boolean acquire(LockKey key, Transaction tx, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        int stripe = stripeOf(key);
        Object monitor = monitors[stripe];
        while (true) {
            Transaction owner = owners.putIfAbsent(key, tx);
            if (owner == null || owner == tx) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            waiting.incrementAndGet(stripe);
            try {
                synchronized (monitor) {
                    if (owners.get(key) == owner) {
                        TimeUnit.NANOSECONDS.timedWait(monitor, remaining);
                    }
                }
            } finally {
                waiting.decrementAndGet(stripe);
            }
        }
    }

    /** Takes the lock if it is free (or already ours), never waits. */
    boolean tryAcquire(LockKey key, Transaction tx) {
        Transaction owner = owners.putIfAbsent(key, tx);
        return owner == null || owner == tx;
    }

    void release(LockKey key, Transaction tx) {
        if (owners.remove(key, tx)) {
            int stripe = stripeOf(key);
            if (waiting.get(stripe) > 0) {
                Object monitor = monitors[stripe];
                synchronized (monitor) {
                    monitor.notifyAll();
                }
            }
        }
    }

    /** Whether some transaction holds the lock (for tests). */
    boolean isLocked(LockKey key) {
        return owners.containsKey(key);
    }
}
