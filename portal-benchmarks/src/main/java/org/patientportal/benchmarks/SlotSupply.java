package org.patientportal.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open slots waiting to be booked, one queue per lane (a provider and its patient), handed out
 * round-robin over the lanes so that concurrent bookers work for different patients.
 *
 * @param <S> the slot id type
 */
final class SlotSupply<S> {
    /** A slot and the lane whose patient books it. */
    record Taken<S>(int lane, S slot) {
    }

    private final List<ConcurrentLinkedQueue<S>> lanes = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicInteger available = new AtomicInteger();

    SlotSupply(int laneCount) {
        for (int i = 0; i < laneCount; i++) {
            lanes.add(new ConcurrentLinkedQueue<>());
        }
    }

    /** Adds each lane's new slots, in start order. */
    void add(List<List<S>> perLane) {
        for (int i = 0; i < perLane.size(); i++) {
            lanes.get(i).addAll(perLane.get(i));
            available.addAndGet(perLane.get(i).size());
        }
    }

    /** How many slots are left. */
    int available() {
        return available.get();
    }

    /** The next slot, round-robin over the lanes, or null when they are all empty. */
    Taken<S> take() {
        for (int tries = 0; tries < lanes.size(); tries++) {
            int lane = (int) (next.getAndIncrement() % lanes.size());
            S slot = lanes.get(lane).poll();
            if (slot != null) {
                available.decrementAndGet();
                return new Taken<>(lane, slot);
            }
        }
        return null;
    }

    /** The next slot of {@code lane} (a later one than any taken before from it), or null. */
    S take(int lane) {
        S slot = lanes.get(lane).poll();
        if (slot != null) {
            available.decrementAndGet();
        }
        return slot;
    }
}
