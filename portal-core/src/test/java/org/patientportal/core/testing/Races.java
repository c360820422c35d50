package org.patientportal.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.patientportal.core.PortalException;

/** Runs racers released together by a start gate, for the concurrency suites. No sleeps, bounded waits. */
public final class Races {
    private Races() {
    }

    /**
     * Runs {@code threads} tasks released together; each outcome is the task's result or the
     * {@link PortalException} it threw (anything else fails the test). Every wait is bounded by
     * {@code timeoutSeconds}.
     */
    public static List<Object> race(int threads, long timeoutSeconds, IntFunction<Callable<Object>> task)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Object> body = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!start.await(timeoutSeconds, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("start gate never opened");
                    }
                    try {
                        return body.call();
                    } catch (PortalException e) {
                        return e;
                    }
                }));
            }
            assertThat(ready.await(timeoutSeconds, TimeUnit.SECONDS)).as("all threads ready").isTrue();
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                try {
                    outcomes.add(future.get(timeoutSeconds, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("a racer threw something other than an SDK exception: " + e.getCause(),
                            e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(timeoutSeconds, TimeUnit.SECONDS)).as("pool stopped").isTrue();
        }
    }
}
