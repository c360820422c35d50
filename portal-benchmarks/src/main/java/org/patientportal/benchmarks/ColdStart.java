package org.patientportal.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.model.SlotId;

/**
 * Issue 8's cold-start figure on PostgreSQL: the first 1,000 bookings after {@code build()} in a
 * fresh JVM against the warm rate of the same JVM later on (goal: at least 0.8x).
 *
 * <p>This process starts the database, sets up the clinic and its slots through the SDK and hands
 * them to a child JVM (same class path, a temporary file): the child builds its portal, authenticates
 * the patients' sessions and books with {@value #THREADS} threads: 1,000 bookings (cold), then
 * {@code bench.coldWarmup} (30,000; 2,000 with {@code bench.quick}) untimed, then 1,000 again (warm).
 * With 6,000 the "warm" thousand was not warm: the JIT compiler threads took about a third of the
 * child's CPU in it. Even after 30,000 they took 220 of its 390 ms of CPU in a run on a busy 2-CPU
 * machine; the line of CPU times printed shows how warm each run's warm thousand was.
 * It prints both rates, each thousand's time per 100 bookings (in the order they finished), and the
 * CPU time the child spent on each thousand, all threads together and its JIT compiler threads
 * alone (Linux), which shows how much of the gap is the JIT's, and the database server's CPU on each
 * (its processes on this machine; fresh backends plan each statement anew until the driver prepares
 * it on the server, after {@code prepareThreshold} uses on each connection).
 * Usage as {@link BookingThroughput}: {@code java ... ColdStart [jdbc-url]}; {@code bench.childJvm}
 * adds options to the child's command line (a JFR recording, {@code -XX:TieredStopAtLevel=1}, an
 * AOT cache), {@code bench.coldDriver} adds pgJDBC options to the child's URL (such as
 * {@code prepareThreshold=1}, a host's choice to try), {@code bench.verbose} prints when, in the child's uptime, the first thousand ran, and
 * {@code bench.coldProbe=n} has the child book {@code n} times on one thread before the first
 * thousand and print each booking's time (the very first shows what a first request pays for once;
 * those bookings then no longer count in the first thousand).
 */
public final class ColdStart {
    private static final double GOAL_RATIO = 0.8;
    private static final int THREADS = 4;
    private static final int MEASURED = 1_000;
    private static final int SLOTS_PER_DAY = 288;
    private static final int CHUNK = 100;

    private ColdStart() {
    }

    /**
     * In the first process: sets up and runs the child. In the child ({@code child <url> <file>}):
     * books and prints.
     *
     * @param args an optional JDBC URL of a scratch PostgreSQL database; or the child's arguments
     * @throws Exception if the database cannot be set up or the child fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("child")) {
            child(args[1], Path.of(args[2]));
            System.exit(0);
        }
        boolean quick = Boolean.getBoolean("bench.quick");
        int warmUp = Integer.getInteger("bench.coldWarmup", quick ? 2_000 : 30_000);
        System.out.printf(Locale.ROOT, "== Cold start: the first %,d bookings after build() (issue 8)%s%n", MEASURED,
                quick ? ": SMOKE RUN (bench.quick)" : "");
        try (Database database = args.length > 0
                ? Database.at(args[0], System.getProperty("bench.user"), System.getProperty("bench.password"))
                : Database.embedded()) {
            System.out.println("database: " + database.describe());
            Path handOff = Files.createTempFile("portal-cold-start", ".txt");
            try {
                try (HikariDataSource pool = Database.pool("setup", 2, new CountingDataSource(database.unpooled()));
                     JdbcStorage storage = JdbcStorage.create(pool)) {
                    SdkBooking clinic = SdkBooking.create(storage, THREADS);
                    List<String> lines = new ArrayList<>(clinic.handOff());
                    lines.add(0, Integer.toString(warmUp));
                    List<List<SlotId>> lanes = new ArrayList<>();
                    for (int i = 0; i < THREADS; i++) {
                        lanes.add(new ArrayList<>());
                    }
                    int days = (2 * MEASURED + warmUp + Integer.getInteger("bench.coldProbe", 0) * THREADS)
                            / (THREADS * SLOTS_PER_DAY) + 1;
                    for (int d = 0; d < days; d++) {
                        List<List<SlotId>> day = clinic.openNextDay();
                        for (int i = 0; i < THREADS; i++) {
                            lanes.get(i).addAll(day.get(i));
                        }
                    }
                    for (List<SlotId> lane : lanes) {
                        lines.add(String.join(" ", lane.stream().map(SlotId::toString).toList()));
                    }
                    Files.write(handOff, lines);
                }
                String driverOptions = System.getProperty("bench.coldDriver", "").strip();
                String url = driverOptions.isEmpty() ? database.url()
                        : database.url() + (database.url().contains("?") ? "&" : "?") + driverOptions;
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                String childJvm = System.getProperty("bench.childJvm", "").strip();
                if (!childJvm.isEmpty()) {
                    command.addAll(List.of(childJvm.split("\\s+")));
                }
                command.addAll(List.of("-cp", System.getProperty("java.class.path")));
                System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("bench."))
                        .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
                command.addAll(List.of(ColdStart.class.getName(), "child", url, handOff.toString()));
                Process child = new ProcessBuilder(command).inheritIO().start();
                if (!child.waitFor(30, TimeUnit.MINUTES) || child.exitValue() != 0) {
                    throw new IllegalStateException("the cold-start child failed");
                }
            } finally {
                Files.deleteIfExists(handOff);
            }
        }
        System.exit(0);
    }

    private static void child(String url, Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        int warmUp = Integer.parseInt(lines.get(0));
        List<String> handOff = lines.subList(1, 1 + 3 + THREADS);
        List<List<SlotId>> slots = new ArrayList<>();
        for (String lane : lines.subList(1 + 3 + THREADS, lines.size())) {
            slots.add(Arrays.stream(lane.split(" ")).map(SlotId::parse).toList());
        }
        Database database = Database.at(url, System.getProperty("bench.user"), System.getProperty("bench.password"));
        // as a host would have it: without the benchmarks' counting proxy (this harness counts no
        // round trips, and the proxy's reflective calls would be first-use costs of its own)
        try (HikariDataSource pool = Database.plainPool("cold", THREADS, database.unpooled());
             JdbcStorage storage = JdbcStorage.create(pool)) {
            long t0 = System.nanoTime();
            SdkBooking clinic = SdkBooking.attach(storage, handOff);
            clinic.authenticateAll();
            double built = (System.nanoTime() - t0) / 1e6;
            int[] next = new int[THREADS];
            int probe = Integer.getInteger("bench.coldProbe", 0);
            StringBuilder probed = new StringBuilder();
            for (int i = 0; i < probe; i++) {
                long p0 = System.nanoTime();
                SlotId slot = slots.get(0).get(next[0]++);
                clinic.book(0, slot, "probe-" + slot);
                probed.append(String.format(Locale.ROOT, " %.1f", (System.nanoTime() - p0) / 1e6));
            }
            if (probe > 0) {
                System.out.println("bookings before the first thousand, one thread, ms:" + probed);
            }
            CpuMeter meter = CpuMeter.of(database.unpooled());
            long[] coldDone = new long[MEASURED];
            CpuMeter.Reading r0 = meter.now();
            long cpu0 = processCpu();
            long jit0 = compilerCpu();
            long up0 = ManagementFactory.getRuntimeMXBean().getUptime();
            double cold = book(clinic, slots, next, MEASURED, coldDone);
            double coldCpu = (processCpu() - cpu0) / 1e6;
            double coldJit = jit0 < 0 ? -1 : (compilerCpu() - jit0) / 1e6;
            CpuMeter.Reading r1 = meter.now();
            if (Boolean.getBoolean("bench.verbose")) {
                System.out.printf(Locale.ROOT, "first %,d bookings from %d to %d ms of this JVM's uptime%n", MEASURED,
                        up0, ManagementFactory.getRuntimeMXBean().getUptime());
            }
            book(clinic, slots, next, warmUp, new long[warmUp]);
            long[] warmDone = new long[MEASURED];
            CpuMeter.Reading r2 = meter.now();
            long cpu1 = processCpu();
            long jit1 = compilerCpu();
            double warm = book(clinic, slots, next, MEASURED, warmDone);
            double warmCpu = (processCpu() - cpu1) / 1e6;
            double warmJit = jit1 < 0 ? -1 : (compilerCpu() - jit1) / 1e6;
            CpuMeter.Reading r3 = meter.now();
            double ratio = warm / cold;
            System.out.printf(Locale.ROOT, "build() and %d authentications: %.0f ms; first %,d bookings %.2f s"
                            + " (%.0f/s); %,d later, after %,d more: %.2f s (%.0f/s)%n", THREADS, built, MEASURED,
                    cold, MEASURED / cold, MEASURED, warmUp, warm, MEASURED / warm);
            System.out.printf(Locale.ROOT, "CPU of this JVM (all threads: bookers, JIT, GC): first %,d %.0f ms"
                    + " (%s), later %,d %.0f ms (%s)%n", MEASURED, coldCpu, jit(coldJit), MEASURED, warmCpu,
                    jit(warmJit));
            System.out.printf(Locale.ROOT, "CPU of the database server: first %,d %s, later %,d %s%n", MEASURED,
                    server(r0, r1), MEASURED, server(r2, r3));
            System.out.println("per 100 bookings, ms: first " + chunks(coldDone) + "; later " + chunks(warmDone));
            System.out.println("goals (issue 8)" + (Boolean.getBoolean("bench.quick")
                    ? ", from a smoke run: times are not meaningful" : "") + ":");
            System.out.printf(Locale.ROOT, "  %-48s %10.2fx  %s%n", "first 1,000 bookings >= 0.8x the warm rate",
                    ratio, ratio >= GOAL_RATIO ? "MET" : "NOT MET");
        }
    }

    /** The CPU time of this process so far, in ns (every thread: the bookers, the JIT compilers, GC). */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The CPU time of the JIT compiler threads so far, in ns, from {@code /proc/self/task} (Linux, at
     * the kernel's 10 ms tick; a compiler thread that has ended no longer counts); -1 elsewhere.
     */
    private static long compilerCpu() {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (NoSuchFileException ended) {
                    // a thread that ended while listing
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * 10_000_000L;
    }

    /** The server's CPU between two readings, with its background processes' share. */
    private static String server(CpuMeter.Reading from, CpuMeter.Reading to) {
        double all = from.serverSince(to);
        return Double.isNaN(all) ? "not measured here" : String.format(Locale.ROOT,
                "%.0f ms (background processes %.0f ms)", all / 1e6, from.backgroundSince(to) / 1e6);
    }

    private static String jit(double ms) {
        return ms < 0 ? "JIT compiler threads: not measured here"
                : String.format(Locale.ROOT, "JIT compiler threads %.0f ms", ms);
    }

    /**
     * The time of each successive 100 bookings in ms, from {@code done}: the nanoseconds from the start
     * at which each booking finished, in any order.
     */
    private static String chunks(long[] done) {
        long[] sorted = done.clone();
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder();
        long from = 0;
        for (int end = CHUNK; end <= sorted.length; end += CHUNK) {
            long to = sorted[end - 1];
            out.append(out.isEmpty() ? "" : ", ").append(Math.round((to - from) / 1e6));
            from = to;
        }
        return out.toString();
    }

    /**
     * {@code count} bookings over {@value #THREADS} threads, each booking its own lane's next slots;
     * seconds. Each booking's finish (nanoseconds from the start) goes to {@code done}.
     */
    private static double book(SdkBooking clinic, List<List<SlotId>> slots, int[] next, int count, long[] done)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger finished = new AtomicInteger();
        try {
            long t0 = System.nanoTime();
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int lane = t;
                int share = count / THREADS + (t < count % THREADS ? 1 : 0);
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        SlotId slot = slots.get(lane).get(next[lane]++);
                        clinic.book(lane, slot, "cold-" + slot);
                        done[finished.getAndIncrement()] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }
}
