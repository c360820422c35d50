package org.patientportal.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.patientportal.inmemory.InMemoryStorage;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.SlotId;

/**
 * {@code scheduling().book(...)} on in-memory storage on one thread, as the patient, with an
 * idempotency key (goal: at least 50,000 per second). Every booking needs a new open slot, so each
 * iteration is a batch of {@link #BATCH} bookings timed as one shot, whose slots were opened before
 * the iteration (not timed): bookings per second = the batch / the iteration's time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, batchSize = InMemoryBookBenchmark.BATCH)
@Measurement(iterations = 5, batchSize = InMemoryBookBenchmark.BATCH)
@Threads(1)
public class InMemoryBookBenchmark {
    /** Bookings per timed iteration. */
    public static final int BATCH = 20_000;
    /** Overrides {@link #BATCH} in the forked JVM (a smoke run passes a smaller batch, and the same to JMH). */
    public static final String BATCH_PROPERTY = "bench.jmh.batch";

    private SdkBooking clinic;
    private SlotSupply<SlotId> supply;
    private long key;

    /** A portal on in-memory storage with 64 patients, each with a provider. */
    @Setup(Level.Trial)
    public void setUp() {
        clinic = SdkBooking.create(InMemoryStorage.create(), 64);
        supply = new SlotSupply<>(clinic.lanes());
    }

    /** Opens days of slots until the next batch has one each. */
    @Setup(Level.Iteration)
    public void openSlots() {
        int batch = Integer.getInteger(BATCH_PROPERTY, BATCH);
        while (supply.available() < batch) {
            supply.add(clinic.openNextDay());
        }
    }

    /**
     * One booking.
     *
     * @return the appointment
     */
    @Benchmark
    public AppointmentId book() {
        SlotSupply.Taken<SlotId> taken = supply.take();
        return clinic.book(taken.lane(), taken.slot(), "jmh-" + key++);
    }
}
