package org.patientportal.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.patientportal.core.internal.auth.Argon2id;

/**
 * A test-only {@link Argon2id} that runs BouncyCastle's and remembers the cost of each computation
 * ({@code m=...,t=...,p=...}), so AU-4 tests count the hashing work instead of timing it.
 */
public final class CountingArgon2id implements Argon2id {
    private final Argon2id real = Argon2id.bouncyCastle();
    private final List<String> costs = new CopyOnWriteArrayList<>();

    @Override
    public byte[] derive(byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) {
        costs.add("m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism);
        return real.derive(password, salt, memoryKiB, iterations, parallelism, length);
    }

    /** The costs of the computations since the last {@link #clear()}, oldest first. */
    public List<String> costs() {
        return List.copyOf(costs);
    }

    /** Forgets the computations counted so far. */
    public void clear() {
        costs.clear();
    }
}
