package org.patientportal.benchmarks;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of the CPU-bound figures of issue 8 ({@link AuthenticateBenchmark},
 * {@link InMemoryBookBenchmark}) in one forked JVM each and prints their goals, each MET or NOT MET.
 * {@code -Dbench.quick=true}: fewer, shorter iterations and smaller batches (a smoke run).
 */
public final class CpuBenchmarks {
    private static final double GOAL_AUTHENTICATE = 1_000_000;
    private static final double GOAL_IN_MEMORY_BOOK = 50_000;
    private static final int QUICK_BATCH = 2_000;

    private CpuBenchmarks() {
    }

    /**
     * Runs the benchmarks.
     *
     * @param args none
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        boolean quick = Boolean.getBoolean("bench.quick");
        ChainedOptionsBuilder authenticate = new OptionsBuilder()
                .include(AuthenticateBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2));
        ChainedOptionsBuilder book = new OptionsBuilder()
                .include(InMemoryBookBenchmark.class.getName())
                .forks(1);
        int batch = quick ? QUICK_BATCH : InMemoryBookBenchmark.BATCH;
        if (quick) {
            book.warmupIterations(2).measurementIterations(2)
                    .warmupBatchSize(batch).measurementBatchSize(batch)
                    .jvmArgsAppend("-D" + InMemoryBookBenchmark.BATCH_PROPERTY + "=" + batch);
        }
        Collection<RunResult> authenticated = new Runner(authenticate.build()).run();
        Collection<RunResult> booked = new Runner(book.build()).run();

        double authenticatePerSecond = authenticated.iterator().next().getPrimaryResult().getScore();
        double msPerBatch = booked.iterator().next().getPrimaryResult().getScore();
        double bookPerSecond = batch / (msPerBatch / 1000);

        System.out.println();
        System.out.println("goals (issue 8)" + (quick ? ", from a smoke run: times are not meaningful" : "") + ":");
        goal("authenticate, cache hit, 1 thread >= 1,000,000/s", authenticatePerSecond, GOAL_AUTHENTICATE);
        goal("in-memory book, 1 thread >= 50,000/s", bookPerSecond, GOAL_IN_MEMORY_BOOK);
    }

    private static void goal(String goal, double measured, double floor) {
        System.out.printf(Locale.ROOT, "  %-48s %10.0f/s  %s%n", goal, measured, measured >= floor ? "MET" : "NOT MET");
    }
}
