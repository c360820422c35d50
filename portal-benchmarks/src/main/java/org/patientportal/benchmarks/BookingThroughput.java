package org.patientportal.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.SlotId;

/**
 * Issue 8's throughput harness: the SDK's {@code book} on PostgreSQL against a hand-written
 * four-statement JDBC booking, side by side in one run, each on its own HikariCP pool of the same
 * size, after a warm-up, in interleaved rounds (the order flips every round), at each thread count.
 * Prints one table (throughput, p50/p99 latency, round trips and client CPU per operation) and the
 * issue's goals, each MET or NOT MET; then the round trips of {@code cancel} and {@code reschedule}.
 *
 * <p>Usage: {@code java ... BookingThroughput [jdbc-url]} (default: the embedded PostgreSQL the tests
 * use). System properties, durations in seconds:
 * {@code bench.quick} (true: a smoke run of about ten seconds), {@code bench.warmup} (30, as the issue's own measurement),
 * {@code bench.rounds} (2), {@code bench.round} (5), {@code bench.threads} ("4,1"),
 * {@code bench.pool} (4 connections per side), {@code bench.lanes} (64 patients with a provider each),
 * {@code bench.ops} (100 operations for the cancel/reschedule counts), {@code bench.verbose}
 * (true: print the statements of one operation of each kind), {@code bench.profile} (true, the
 * default: after the timed rounds, record one more SDK round with JFR and print where the SDK
 * workers' CPU goes, as issue 8 asks; false skips it. Not over the timed rounds: in a back-to-back
 * pair the recording cost both sides about a third of their rate), {@code bench.statements} (true:
 * print the database time of each statement, from {@code pg_stat_statements}; embedded server only),
 * {@code bench.experiment} (one SQL statement run on the migrated schema before the rounds, to try
 * a schema change without a migration), {@code bench.user}, {@code bench.password} (for a URL).
 *
 * <p>Round trips are counted by {@link CountingDataSource} under a pool of their own: the timed
 * rounds run on plain pools, as a host's ({@link CountedOrPlain}), and after them each side runs
 * an untimed round of {@value #COUNTED_ROUND_SECONDS} s at that thread count on its counted pool,
 * which gives the table's round trips; the counts of {@code cancel} and {@code reschedule} and the
 * statement traces use the counted pools too. Client CPU is the CPU
 * time of the worker threads (JDBC work runs on them) over the measured window divided by the
 * operations; GC and JIT threads are not in it. {@link CpuMeter} adds the CPU time of the whole
 * JVM and of the database server's processes (on this machine) over the same window: the CPU each
 * booking costs on both sides of the wire, the CPUs kept busy, and so the most this machine could
 * book at that cost. A second table splits out of the JVM's CPU its garbage collector's and JIT
 * compiler's threads, and gives the bytes the worker threads allocated per operation.
 */
public final class BookingThroughput {
    private static final double GOAL_RATIO = 1.0;
    private static final double GOAL_ROUND_TRIPS = 5;
    private static final double GOAL_CPU_MS = 0.25;
    private static final String SDK_WORKER = "bench-sdk-worker";
    /** The untimed round at each thread count whose round trips are counted (on the counted pools). */
    private static final int COUNTED_ROUND_SECONDS = 2;
    /**
     * The warm-up per side, long enough that the JIT has compiled each side's code before the timed
     * rounds: with 5 s the SDK's compiler threads still took about 0.15 ms of CPU per booking in the
     * rounds after it, as much as its worker threads' own CPU (the table's JIT column shows it).
     */
    private static final int WARMUP_SECONDS = 30;

    private final Settings settings;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final AtomicLong keys = new AtomicLong();
    private CpuMeter cpuMeter;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private BookingThroughput(Settings settings) {
        this.settings = settings;
    }

    /**
     * Runs the harness and prints the table.
     *
     * @param args an optional JDBC URL of a scratch PostgreSQL database
     * @throws Exception if the database cannot be set up
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        try (Database database = args.length > 0
                ? Database.at(args[0], System.getProperty("bench.user"), System.getProperty("bench.password"))
                : Database.embedded()) {
            new BookingThroughput(settings).run(database);
        }
        System.exit(0);   // the pools' and the embedded server's threads
    }

    private void run(Database database) throws Exception {
        System.out.printf(Locale.ROOT, "== Booking throughput (issue 8)%s%n", settings.quick ? ": SMOKE RUN (bench.quick)" : "");
        System.out.printf(Locale.ROOT, "machine: %d CPUs, load average %.2f at start, %s %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("database: " + database.describe());
        System.out.printf(Locale.ROOT, "settings: warm-up %d s per side, %d round(s) of %d s per side and thread count,"
                        + " threads %s, pool %d per side, %d patients%n",
                settings.warmup, settings.rounds, settings.round, settings.threads, settings.pool, settings.lanes);

        DataSource setup = database.unpooled();
        cpuMeter = CpuMeter.of(setup);
        try (CountedOrPlain handPool = new CountedOrPlain("handwritten", settings.pool, database);
             CountedOrPlain sdkPool = new CountedOrPlain("sdk", settings.pool, database);
             JdbcStorage storage = JdbcStorage.create(sdkPool)) {
            CountingDataSource handCounter = handPool.counter();
            CountingDataSource sdkCounter = sdkPool.counter();
            HandWrittenBooking hand = HandWrittenBooking.create(setup, handPool, settings.lanes);
            String experiment = System.getProperty("bench.experiment");
            if (experiment != null) {
                try (java.sql.Connection c = setup.getConnection(); java.sql.Statement s = c.createStatement()) {
                    s.execute(experiment);
                }
                System.out.println("experiment: " + experiment);
            }
            SdkBooking sdk = SdkBooking.create(storage, settings.lanes);
            Side<UUID> handSide = new Side<>("hand-written JDBC", "bench-hand-worker", handPool, settings.lanes,
                    () -> hand.openNextDay(setup), taken -> hand.book(taken.lane(), taken.slot()));
            Side<SlotId> sdkSide = new Side<>("SDK book", SDK_WORKER, sdkPool, settings.lanes, sdk::openNextDay,
                    taken -> sdk.book(taken.lane(), taken.slot(), key("b")));

            int most = settings.threads.stream().max(Integer::compare).orElse(1);
            System.out.printf(Locale.ROOT, "warm-up: %d s per side at %d threads ...%n", settings.warmup, most);
            measure(handSide, most, settings.warmup);
            measure(sdkSide, most, settings.warmup);

            if (ServerStatements.ENABLED) {
                ServerStatements.reset(setup);
            }
            Map<String, Totals> totals = new LinkedHashMap<>();
            for (int threadCount : settings.threads) {
                for (int round = 1; round <= settings.rounds; round++) {
                    List<Side<?>> order = round % 2 == 1 ? List.of(handSide, sdkSide) : List.of(sdkSide, handSide);
                    for (Side<?> side : order) {
                        Phase phase = measure(side, threadCount, settings.round);
                        totals.computeIfAbsent(side.name + "|" + threadCount, k -> new Totals()).add(phase);
                        System.out.printf(Locale.ROOT, "  round %d, %-18s %d thread(s): %8.0f ops/s%s%n", round,
                                side.name, threadCount, phase.ops / phase.seconds(),
                                phase.exhausted ? " (ran out of open slots: measured over the time it ran)" : "");
                    }
                }
                for (Side<?> side : List.of(handSide, sdkSide)) {
                    side.pools.counting(true);
                    Phase counted = measure(side, threadCount, COUNTED_ROUND_SECONDS);
                    side.pools.counting(false);
                    totals.get(side.name + "|" + threadCount).addCounted(counted);
                }
            }
            if (ServerStatements.ENABLED) {
                ServerStatements.print(setup, totals.entrySet().stream().filter(e -> e.getKey().startsWith("hand"))
                        .mapToLong(e -> e.getValue().ops).sum(), totals.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("SDK")).mapToLong(e -> e.getValue().ops).sum());
            }
            List<String> profiled = List.of();
            if (settings.profile) {
                // a round of its own (plain pool), after the timed ones and the statements' figures:
                // with the recording on, the JIT compiler threads stayed busy throughout (0.035-0.066
                // ms of CPU per booking against 0.001) and both sides booked about a third less, so
                // no timed figure comes from it
                CpuProfile profile = CpuProfile.start();
                measure(sdkSide, most, settings.round);
                profiled = profile.stop(SDK_WORKER);
            }
            sdkPool.counting(true);
            handPool.counting(true);
            Counts counts = countCancelAndReschedule(sdk, sdkSide, hand, handSide);
            print(totals, counts);
            if (settings.profile) {
                System.out.println();
                System.out.printf(Locale.ROOT, "where the SDK book's client CPU goes (JFR execution samples of its"
                        + " workers in an untimed round of %d s at %d threads after the timed ones):%n",
                        settings.round, most);
                profiled.forEach(System.out::println);
            }
            System.out.printf(Locale.ROOT, "load average at the end: %.2f on %d CPUs%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private String key(String kind) {
        return "bench-" + run + "-" + kind + "-" + keys.incrementAndGet();
    }

    /** One side of the comparison: its slots, its counter and its booking. */
    private static final class Side<S> {
        final String name;
        final CountedOrPlain pools;
        final CountingDataSource counter;
        final SlotSupply<S> supply;
        final Opener<S> opener;
        final Booker<S> booker;
        final String threadName;
        double lastRate = 2_000;

        Side(String name, String threadName, CountedOrPlain pools, int lanes, Opener<S> opener,
             Booker<S> booker) {
            this.name = name;
            this.threadName = threadName;
            this.pools = pools;
            this.counter = pools.counter();
            this.supply = new SlotSupply<>(lanes);
            this.opener = opener;
            this.booker = booker;
        }

        /** Opens days of slots until there are at least {@code needed}. */
        void ensure(long needed) throws Exception {
            while (supply.available() < needed) {
                supply.add(opener.openNextDay());
            }
        }

        void book(SlotSupply.Taken<S> taken) throws Exception {
            booker.book(taken);
        }
    }

    @FunctionalInterface
    private interface Opener<S> {
        List<List<S>> openNextDay() throws Exception;
    }

    @FunctionalInterface
    private interface Booker<S> {
        void book(SlotSupply.Taken<S> taken) throws Exception;
    }

    /** What one side did in one measured window. */
    private record Phase(long ops, long errors, long nanos, long cpuNanos, double jvmNanos, double dbNanos,
                         double backgroundNanos, double gcNanos,
                         double jitNanos, long allocated, long roundTrips, long[] latencies, boolean exhausted,
                         String firstError) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    private <S> Phase measure(Side<S> side, int threadCount, int seconds) throws Exception {
        side.ensure((long) Math.max(2_000, side.lastRate * seconds * 1.5));
        CountDownLatch start = new CountDownLatch(1);
        List<Worker<S>> workers = new ArrayList<>();
        for (int i = 0; i < threadCount; i++) {
            workers.add(new Worker<>(side, start));
        }
        List<Thread> started = new ArrayList<>();
        for (Worker<S> worker : workers) {
            Thread thread = new Thread(worker, side.threadName);
            thread.start();
            started.add(thread);
        }
        long roundTrips0 = side.counter.roundTrips();
        CpuMeter.Reading cpu0 = cpuMeter.now();
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        workers.forEach(w -> w.deadline = deadline);
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        long nanos = System.nanoTime() - t0;
        CpuMeter.Reading cpu1 = cpuMeter.now();
        long roundTrips = side.counter.roundTrips() - roundTrips0;
        long ops = 0;
        long errors = 0;
        long cpu = 0;
        long allocated = 0;
        boolean exhausted = false;
        String firstError = null;
        List<long[]> latencies = new ArrayList<>();
        for (Worker<S> w : workers) {
            ops += w.ops;
            errors += w.errors;
            cpu += w.cpuNanos;
            allocated += w.allocated;
            exhausted |= w.exhausted;
            latencies.add(Arrays.copyOf(w.latencies, w.ops));
            if (firstError == null) {
                firstError = w.firstError;
            }
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
        Phase phase = new Phase(ops, errors, nanos, cpu, cpu0.jvmSince(cpu1), cpu0.serverSince(cpu1),
                cpu0.backgroundSince(cpu1), cpu0.gcSince(cpu1),
                cpu0.jitSince(cpu1), allocated, roundTrips, all, exhausted, firstError);
        side.lastRate = Math.max(1, ops / phase.seconds());
        return phase;
    }

    private final class Worker<S> implements Runnable {
        final Side<S> side;
        final CountDownLatch start;
        volatile long deadline;
        long[] latencies = new long[4096];
        int ops;
        long errors;
        long cpuNanos;
        long allocated;
        boolean exhausted;
        String firstError;

        Worker(Side<S> side, CountDownLatch start) {
            this.side = side;
            this.start = start;
        }

        @Override
        public void run() {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long cpu0 = threads.getCurrentThreadCpuTime();
            long allocated0 = threads.getCurrentThreadAllocatedBytes();
            while (System.nanoTime() < deadline) {
                SlotSupply.Taken<S> taken = side.supply.take();
                if (taken == null) {
                    exhausted = true;
                    break;
                }
                long t0 = System.nanoTime();
                try {
                    side.book(taken);
                } catch (Exception e) {
                    errors++;
                    if (firstError == null) {
                        firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    continue;
                }
                long latency = System.nanoTime() - t0;
                if (ops == latencies.length) {
                    latencies = Arrays.copyOf(latencies, ops * 2);
                }
                latencies[ops++] = latency;
            }
            cpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
            allocated = threads.getCurrentThreadAllocatedBytes() - allocated0;
        }
    }

    /** Phases of one side at one thread count, added up. */
    private static final class Totals {
        long ops;
        long errors;
        long nanos;
        long cpuNanos;
        double jvmNanos;
        double dbNanos;
        double backgroundNanos;
        double gcNanos;
        double jitNanos;
        long allocated;
        long countedOps;
        long roundTrips;
        final List<long[]> latencies = new ArrayList<>();
        String firstError;

        /** Round trips and operations of the counted round (not in the timed figures). */
        void addCounted(Phase phase) {
            countedOps += phase.ops;
            roundTrips += phase.roundTrips;
        }

        void add(Phase phase) {
            ops += phase.ops;
            errors += phase.errors;
            nanos += phase.nanos;
            cpuNanos += phase.cpuNanos;
            jvmNanos += phase.jvmNanos;
            dbNanos += phase.dbNanos;
            backgroundNanos += phase.backgroundNanos;
            gcNanos += phase.gcNanos;
            jitNanos += phase.jitNanos;
            allocated += phase.allocated;
            latencies.add(phase.latencies);
            if (firstError == null) {
                firstError = phase.firstError;
            }
        }

        double tps() {
            return ops / (nanos / 1e9);
        }

        double percentileMs(double p) {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return all.length == 0 ? Double.NaN : all[(int) Math.round(p * (all.length - 1))] / 1e6;
        }

        /** Round trips of every attempt (failed ones too) over the successful operations, in the counted round. */
        double roundTripsPerOp() {
            return countedOps == 0 ? Double.NaN : (double) roundTrips / countedOps;
        }

        double cpuMsPerOp() {
            return perOp(cpuNanos / 1e6);
        }

        /** This whole JVM's CPU time (workers, pools, GC, JIT) over the operations. */
        double jvmMsPerOp() {
            return perOp(jvmNanos / 1e6);
        }

        /** The database server's processes' CPU time over the operations. */
        double dbMsPerOp() {
            return perOp(dbNanos / 1e6);
        }

        /** The database server's background processes' CPU time over the operations. */
        double backgroundMsPerOp() {
            return perOp(backgroundNanos / 1e6);
        }

        /** This JVM's garbage collector threads' CPU time over the operations. */
        double gcMsPerOp() {
            return perOp(gcNanos / 1e6);
        }

        /** This JVM's JIT compiler threads' CPU time over the operations. */
        double jitMsPerOp() {
            return perOp(jitNanos / 1e6);
        }

        /** Kilobytes the worker threads allocated per operation (the JDBC driver's share included). */
        double allocatedKbPerOp() {
            return perOp(allocated / 1024.0);
        }

        /** {@code total} over the operations; {@code NaN} if there were none. */
        private double perOp(double total) {
            return ops == 0 ? Double.NaN : total / ops;
        }

        /** Both, over the operations. */
        double bothMsPerOp() {
            return jvmMsPerOp() + dbMsPerOp();
        }

        /** The CPUs this JVM and the database server kept busy on average while this side ran. */
        double busyCpus() {
            return (jvmNanos + dbNanos) / nanos;
        }
    }

    /** Round trips per operation counted one at a time on one thread, and one traced operation of each. */
    private record Counts(double book, double cancel, double reschedule, double handBook, int operations,
                          Map<String, List<String>> traces) {
    }

    private Counts countCancelAndReschedule(SdkBooking sdk, Side<SlotId> sdkSide, HandWrittenBooking hand,
                                            Side<UUID> handSide) throws Exception {
        int n = settings.ops;
        sdkSide.ensure(3L * n + 3);
        handSide.ensure(n + 1L);
        CountingDataSource counter = sdkSide.counter;
        Map<String, List<String>> traces = new LinkedHashMap<>();
        List<SlotSupply.Taken<SlotId>> booked = new ArrayList<>();
        List<AppointmentId> appointments = new ArrayList<>();

        long before = counter.roundTrips();
        for (int i = 0; i < 2 * n; i++) {
            SlotSupply.Taken<SlotId> taken = sdkSide.supply.take();
            booked.add(taken);
            appointments.add(sdk.book(taken.lane(), taken.slot(), key("b")));
        }
        double book = (counter.roundTrips() - before) / (2.0 * n);

        before = counter.roundTrips();
        for (int i = 0; i < n; i++) {
            sdk.cancel(booked.get(i).lane(), appointments.get(i), key("c"));
        }
        double cancel = (counter.roundTrips() - before) / (double) n;

        before = counter.roundTrips();
        int rescheduled = 0;
        for (int i = n; i < 2 * n; i++) {
            int lane = booked.get(i).lane();
            SlotId later = sdkSide.supply.take(lane);
            if (later == null) {
                continue;
            }
            sdk.reschedule(lane, appointments.get(i), later, key("r"));
            rescheduled++;
        }
        double reschedule = (counter.roundTrips() - before) / (double) rescheduled;

        before = handSide.counter.roundTrips();
        for (int i = 0; i < n; i++) {
            SlotSupply.Taken<UUID> taken = handSide.supply.take();
            hand.book(taken.lane(), taken.slot());
        }
        double handBook = (handSide.counter.roundTrips() - before) / (double) n;

        if (settings.verbose) {
            SlotSupply.Taken<SlotId> taken = sdkSide.supply.take();
            counter.trace();
            AppointmentId appointment = sdk.book(taken.lane(), taken.slot(), key("b"));
            traces.put("SDK book", counter.stopTrace());
            SlotId later = sdkSide.supply.take(taken.lane());
            counter.trace();
            AppointmentId moved = sdk.reschedule(taken.lane(), appointment, later, key("r"));
            traces.put("SDK reschedule", counter.stopTrace());
            counter.trace();
            sdk.cancel(taken.lane(), moved, key("c"));
            traces.put("SDK cancel", counter.stopTrace());
            SlotSupply.Taken<UUID> handTaken = handSide.supply.take();
            handSide.counter.trace();
            hand.book(handTaken.lane(), handTaken.slot());
            traces.put("hand-written book", handSide.counter.stopTrace());
        }
        return new Counts(book, cancel, reschedule, handBook, n, traces);
    }

    private void print(Map<String, Totals> totals, Counts counts) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-18s %7s %8s %9s %8s %8s %12s %11s %6s %10s %9s %9s%n", "operation", "threads",
                "ops", "ops/s", "p50 ms", "p99 ms", "round trips", "CPU ms/op", "errors", "JVM ms/op", "DB ms/op", "CPUs busy");
        for (Map.Entry<String, Totals> row : totals.entrySet()) {
            String[] key = row.getKey().split("\\|");
            Totals t = row.getValue();
            System.out.printf(Locale.ROOT, "%-18s %7s %8d %9.0f %8.2f %8.2f %12.2f %11.3f %6d %10.3f %9.3f %9.2f%n", key[0],
                    key[1], t.ops, t.tps(), t.percentileMs(0.50), t.percentileMs(0.99), t.roundTripsPerOp(),
                    t.cpuMsPerOp(), t.errors, t.jvmMsPerOp(), t.dbMsPerOp(), t.busyCpus());
        }
        System.out.printf(Locale.ROOT, "(CPU ms/op: the client's worker threads; JVM ms/op: this whole JVM (both sides'"
                + " pools, GC, JIT); DB ms/op: the database server's processes, from /proc; CPUs busy: the two"
                + " together, of the machine's %d)%n", CpuMeter.machineCpus());
        System.out.printf(Locale.ROOT, "%-18s %7s %14s %13s %13s %20s%n", "of which", "threads", "JVM GC ms/op",
                "JVM JIT ms/op", "alloc KB/op", "DB background ms/op");
        for (Map.Entry<String, Totals> row : totals.entrySet()) {
            String[] key = row.getKey().split("\\|");
            Totals t = row.getValue();
            System.out.printf(Locale.ROOT, "%-18s %7s %14.3f %13.3f %13.1f %20.3f%n", key[0], key[1], t.gcMsPerOp(),
                    t.jitMsPerOp(), t.allocatedKbPerOp(), t.backgroundMsPerOp());
        }
        System.out.println("(GC and JIT: this JVM's collector and compiler threads over the side's own windows;"
                + " alloc: what the worker threads allocated, the JDBC driver's share included; DB background: the"
                + " server's processes that serve no client: autovacuum, WAL writer, checkpointer ...)");
        totals.values().stream().filter(t -> t.firstError != null).findFirst()
                .ifPresent(t -> System.out.println("first error: " + t.firstError));

        System.out.println();
        System.out.printf(Locale.ROOT, "round trips per operation, %d of each on one thread (COMMIT included):%n",
                counts.operations);
        System.out.printf(Locale.ROOT, "  hand-written book %.2f | SDK book %.2f | SDK cancel %.2f | SDK reschedule %.2f%n",
                counts.handBook, counts.book, counts.cancel, counts.reschedule);
        for (Map.Entry<String, List<String>> trace : counts.traces.entrySet()) {
            System.out.println("statements of one " + trace.getKey() + " (" + trace.getValue().size() + " round trips):");
            for (int i = 0; i < trace.getValue().size(); i++) {
                System.out.printf(Locale.ROOT, "  %2d. %s%n", i + 1, trace.getValue().get(i));
            }
        }

        System.out.println();
        System.out.println("goals (issue 8)" + (settings.quick ? ", from a smoke run: times are not meaningful" : "")
                + ":");
        for (int threadCount : settings.threads) {
            Totals hand = totals.get("hand-written JDBC|" + threadCount);
            Totals sdk = totals.get("SDK book|" + threadCount);
            double ratio = sdk.tps() / hand.tps();
            goal(String.format(Locale.ROOT, "book >= %.1fx hand-written at %d thread(s)", GOAL_RATIO, threadCount),
                    String.format(Locale.ROOT, "%.2fx", ratio), ratio >= GOAL_RATIO);
            double ceiling = CpuMeter.machineCpus() / (sdk.bothMsPerOp() / 1e3);
            System.out.printf(Locale.ROOT, "    (client + database CPU per booking: hand-written %.3f ms, SDK %.3f ms (%.2fx);"
                            + " CPUs busy %.2f and %.2f; at its CPU per booking the SDK could book at most %.0f/s on"
                            + " this machine's %d CPUs, %.2fx the hand-written's measured rate)%n",
                    hand.bothMsPerOp(), sdk.bothMsPerOp(), sdk.bothMsPerOp() / hand.bothMsPerOp(), hand.busyCpus(),
                    sdk.busyCpus(), ceiling, CpuMeter.machineCpus(), ceiling / hand.tps());
        }
        goal("round trips per book <= 5", String.format(Locale.ROOT, "%.2f", counts.book), counts.book <= GOAL_ROUND_TRIPS);
        goal("round trips per cancel <= 5", String.format(Locale.ROOT, "%.2f", counts.cancel),
                counts.cancel <= GOAL_ROUND_TRIPS);
        goal("round trips per reschedule <= 5", String.format(Locale.ROOT, "%.2f", counts.reschedule),
                counts.reschedule <= GOAL_ROUND_TRIPS);
        for (int threadCount : settings.threads) {
            Totals sdk = totals.get("SDK book|" + threadCount);
            goal(String.format(Locale.ROOT, "client CPU per book <= %.2f ms at %d thread(s)", GOAL_CPU_MS, threadCount),
                    String.format(Locale.ROOT, "%.3f ms", sdk.cpuMsPerOp()), sdk.cpuMsPerOp() <= GOAL_CPU_MS);
        }
    }

    private static void goal(String goal, String measured, boolean met) {
        System.out.printf(Locale.ROOT, "  %-48s %12s  %s%n", goal, measured, met ? "MET" : "NOT MET");
    }

    /** The harness's settings, from system properties. */
    private record Settings(boolean quick, int warmup, int rounds, int round, List<Integer> threads, int pool,
                            int lanes, int ops, boolean verbose, boolean profile) {
        static Settings fromSystemProperties() {
            boolean quick = Boolean.getBoolean("bench.quick");
            List<Integer> threads = Arrays.stream(System.getProperty("bench.threads", "4,1").split(","))
                    .map(String::trim).map(Integer::valueOf).toList();
            return new Settings(quick,
                    Integer.getInteger("bench.warmup", quick ? 1 : WARMUP_SECONDS),
                    Integer.getInteger("bench.rounds", quick ? 1 : 2),
                    Integer.getInteger("bench.round", quick ? 2 : 5),
                    threads,
                    Integer.getInteger("bench.pool", 4),
                    Integer.getInteger("bench.lanes", 64),
                    Integer.getInteger("bench.ops", quick ? 20 : 100),
                    Boolean.getBoolean("bench.verbose"),
                    Boolean.parseBoolean(System.getProperty("bench.profile", "true")));
        }
    }
}
