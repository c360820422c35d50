package org.patientportal.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.patientportal.core.Actor;
import org.patientportal.inmemory.InMemoryStorage;

/**
 * {@code auth().authenticate(token)} of a logged-in patient on one thread, the session served from
 * the node's cache (goal: at least 1,000,000 per second). The cache keeps a validated token for at
 * most {@code AuthPolicy.cacheTtl()} (a few seconds, AU-6), so about one call in that many seconds
 * misses and reads the (in-memory) session again; every other call is a hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class AuthenticateBenchmark {
    private SdkBooking clinic;

    /** A portal on in-memory storage with one logged-in patient, whose token is cached. */
    @Setup(Level.Trial)
    public void setUp() {
        clinic = SdkBooking.create(InMemoryStorage.create(), 1);
        clinic.authenticate(0);
    }

    /**
     * One request authenticated.
     *
     * @return the patient actor
     */
    @Benchmark
    public Actor authenticateCacheHit() {
        return clinic.authenticate(0);
    }
}
