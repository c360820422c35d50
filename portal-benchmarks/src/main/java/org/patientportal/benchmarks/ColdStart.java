package org.patientportal.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.model.SlotId;

/**
 * Issue 8's cold-start figure on PostgreSQL: the first 1,000 bookings after {@code build()} in a
 * fresh JVM against the warm rate of the same JVM later on (goal: at least 0.8x).
 *
 * <p>This process starts the database, sets up the clinic and its slots through the SDK and hands
 * them to a child JVM (same class path, a temporary file): the child builds its portal, authenticates
 * the patients' sessions and books with {@value #THREADS} threads: 1,000 bookings (cold), then
 * {@code bench.coldWarmup} (6,000; 2,000 with {@code bench.quick}) untimed, then 1,000 again (warm).
 * Usage as {@link BookingThroughput}: {@code java ... ColdStart [jdbc-url]}.
 */
public final class ColdStart {
    private static final double GOAL_RATIO = 0.8;
    private static final int THREADS = 4;
    private static final int MEASURED = 1_000;
    private static final int SLOTS_PER_DAY = 288;

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
        int warmUp = Integer.getInteger("bench.coldWarmup", quick ? 2_000 : 6_000);
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
                    int days = (2 * MEASURED + warmUp) / (THREADS * SLOTS_PER_DAY) + 1;
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
                String url = database.url();
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path")));
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
        List<List<String>> slots = new ArrayList<>();
        for (String lane : lines.subList(1 + 3 + THREADS, lines.size())) {
            slots.add(List.of(lane.split(" ")));
        }
        Database database = Database.at(url, System.getProperty("bench.user"), System.getProperty("bench.password"));
        try (HikariDataSource pool = Database.pool("cold", THREADS, new CountingDataSource(database.unpooled()));
             JdbcStorage storage = JdbcStorage.create(pool)) {
            long t0 = System.nanoTime();
            SdkBooking clinic = SdkBooking.attach(storage, handOff);
            clinic.authenticateAll();
            double built = (System.nanoTime() - t0) / 1e6;
            int[] next = new int[THREADS];
            double cold = book(clinic, slots, next, MEASURED);
            book(clinic, slots, next, warmUp);
            double warm = book(clinic, slots, next, MEASURED);
            double ratio = warm / cold;
            System.out.printf(Locale.ROOT, "build() and %d authentications: %.0f ms; first %,d bookings %.2f s"
                            + " (%.0f/s); %,d later, after %,d more: %.2f s (%.0f/s)%n", THREADS, built, MEASURED,
                    cold, MEASURED / cold, MEASURED, warmUp, warm, MEASURED / warm);
            System.out.println("goals (issue 8)" + (Boolean.getBoolean("bench.quick")
                    ? ", from a smoke run: times are not meaningful" : "") + ":");
            System.out.printf(Locale.ROOT, "  %-48s %10.2fx  %s%n", "first 1,000 bookings >= 0.8x the warm rate",
                    ratio, ratio >= GOAL_RATIO ? "MET" : "NOT MET");
        }
    }

    /** {@code count} bookings over {@value #THREADS} threads, each booking its own lane's next slots; seconds. */
    private static double book(SdkBooking clinic, List<List<String>> slots, int[] next, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int lane = t;
                int share = count / THREADS + (t < count % THREADS ? 1 : 0);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        String slot = slots.get(lane).get(next[lane]++);
                        clinic.book(lane, SlotId.parse(slot), "cold-" + slot);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }
}
