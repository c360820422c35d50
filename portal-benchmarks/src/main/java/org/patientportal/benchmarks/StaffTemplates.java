package org.patientportal.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.patientportal.core.Actor;
import org.patientportal.core.Role;
import org.patientportal.jdbc.JdbcStorage;

/**
 * Issue 8's staff-write figures on PostgreSQL: opening slots from weekly templates for 4 providers
 * in parallel (4 threads, 4 staff members, and then one staff member on 4 threads) against one
 * template at a time on one thread (goal: at least 2.5x on 2 or more cores: no row that every
 * staff write locks), and the round trips of one 10,000-slot template (goal: a handful, batched).
 *
 * <p>Each template opens {@code bench.templateDays} days (7; 1 with {@code bench.quick}) of
 * 5-minute slots around the clock (288 a day) for one provider; each side opens
 * {@code bench.templates} templates per thread (6; 2 with {@code bench.quick}) after
 * {@code bench.warmup} seconds (10; 1 with {@code bench.quick}) of templates on every thread. Each side also prints the CPU time per slot
 * of this JVM and of the database server, and how many CPUs the two kept busy ({@link CpuMeter}).
 * Usage as {@link BookingThroughput}: {@code java ... StaffTemplates [jdbc-url]}.
 */
public final class StaffTemplates {
    private static final double GOAL_SCALING = 2.5;
    private static final int THREADS = 4;
    /** 34 days of 288 five-minute slots: 9,792, just under the 10,000-slot cap of one template. */
    private static final int BIG_TEMPLATE_DAYS = 34;

    private StaffTemplates() {
    }

    /**
     * Runs the figures and prints them.
     *
     * @param args an optional JDBC URL of a scratch PostgreSQL database
     * @throws Exception if the database cannot be set up
     */
    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("bench.quick");
        int days = Integer.getInteger("bench.templateDays", quick ? 1 : 7);
        int perThread = Integer.getInteger("bench.templates", quick ? 2 : 6);
        try (Database database = args.length > 0
                ? Database.at(args[0], System.getProperty("bench.user"), System.getProperty("bench.password"))
                : Database.embedded()) {
            run(database, days, perThread, quick);
        }
        System.exit(0);
    }

    private static void run(Database database, int days, int perThread, boolean quick) throws Exception {
        System.out.printf(Locale.ROOT, "== Staff writes: slots from templates (issue 8)%s%n",
                quick ? ": SMOKE RUN (bench.quick)" : "");
        System.out.println("database: " + database.describe());
        CountingDataSource counter = new CountingDataSource(database.unpooled());
        CpuMeter meter = CpuMeter.of(database.unpooled());
        try (HikariDataSource pool = Database.pool("templates", THREADS, counter);
             JdbcStorage storage = JdbcStorage.create(pool)) {
            SdkBooking clinic = SdkBooking.create(storage, THREADS + 1);
            AtomicInteger week = new AtomicInteger();
            // every template gets its own weeks, far out, so that no two overlap
            LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(60);
            List<Actor> staff = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                staff.add(Actor.staff("bench-scheduler-" + i, Role.FRONT_DESK));
            }
            Actor oneStaff = staff.get(0);

            // warm-up by time: the JIT compiles pgJDBC's and the SDK's paths for seconds (a few
            // templates leave the compiler threads busier than the one measured)
            long warmUpEnd = System.nanoTime() + Integer.getInteger("bench.warmup", quick ? 1 : 10) * 1_000_000_000L;
            int warmUpSlots = 0;
            do {
                warmUpSlots += side(meter, clinic, THREADS, 1, days, start, week, i -> staff.get(i)).slots;
            } while (System.nanoTime() < warmUpEnd);
            Side alone = side(meter, clinic, 1, perThread * 2, days, start, week, i -> oneStaff);
            Side parallel = side(meter, clinic, THREADS, perThread, days, start, week, i -> staff.get(i));
            Side parallelOneStaff = side(meter, clinic, THREADS, perThread, days, start, week, i -> oneStaff);
            System.out.printf(Locale.ROOT, "warm-up: %d slots%n", warmUpSlots);
            System.out.printf(Locale.ROOT, "%-44s %10s %10s %12s %12s %10s%n", "", "slots", "slots/s", "JVM us/slot",
                    "DB us/slot", "CPUs busy");
            print("1 template at a time, 1 thread", alone);
            print("4 providers' templates, 4 staff, 4 threads", parallel);
            print("4 providers' templates, 1 staff, 4 threads", parallelOneStaff);

            long before = counter.roundTrips();
            LocalDate bigStart = start.plusWeeks(week.getAndAdd(BIG_TEMPLATE_DAYS / 7 + 1));
            int big = clinic.openTemplate(oneStaff, THREADS, bigStart, BIG_TEMPLATE_DAYS);
            long bigRoundTrips = counter.roundTrips() - before;
            System.out.printf(Locale.ROOT, "one template of %d slots: %d round trips (COMMIT included)%n", big,
                    bigRoundTrips);

            double scaling = parallel.perSecond() / alone.perSecond();
            double scalingOneStaff = parallelOneStaff.perSecond() / alone.perSecond();
            System.out.println("goals (issue 8)" + (quick ? ", from a smoke run: times are not meaningful" : "")
                    + ", on " + Runtime.getRuntime().availableProcessors() + " CPUs:");
            System.out.printf(Locale.ROOT, "  %-48s %10.2fx  %s%n", "4 templates in parallel >= 2.5x one alone",
                    scaling, scaling >= GOAL_SCALING ? "MET" : "NOT MET");
            System.out.printf(Locale.ROOT, "  %-48s %10.2fx  %s%n", "  (the same, one staff member on 4 threads)",
                    scalingOneStaff, scalingOneStaff >= GOAL_SCALING ? "MET" : "NOT MET");
            System.out.printf(Locale.ROOT, "    (one template alone kept %.2f of the machine's %d CPUs busy, this JVM and the"
                            + " database server together (/proc): at its CPU time per slot, %d CPUs allow %.2fx)%n",
                    alone.busyCpus, CpuMeter.machineCpus(), CpuMeter.machineCpus(),
                    CpuMeter.machineCpus() / alone.busyCpus);
            System.out.printf(Locale.ROOT, "  %-48s %11d  %s%n", "10,000-slot template: a handful of round trips",
                    bigRoundTrips, bigRoundTrips <= 10 ? "MET" : "NOT MET");
        }
    }

    private static void print(String label, Side side) {
        System.out.printf(Locale.ROOT, "%-44s %10d %10.0f %12.1f %12.1f %10.2f%n", label, side.slots, side.perSecond(),
                side.jvmMicrosPerSlot, side.dbMicrosPerSlot, side.busyCpus);
    }

    /** {@code threads} threads each open {@code perThread} templates, for their own provider. */
    private static Side side(CpuMeter meter, SdkBooking clinic, int threads, int perThread, int days, LocalDate start,
                             AtomicInteger week, java.util.function.IntFunction<Actor> staffOfThread)
            throws Exception {
        int weeksPerTemplate = (days + 6) / 7;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CpuMeter.Reading cpu0 = meter.now();
            long t0 = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int lane = t;
                done.add(pool.submit(() -> {
                    int opened = 0;
                    for (int i = 0; i < perThread; i++) {
                        LocalDate first = start.plusWeeks(week.getAndAdd(weeksPerTemplate));
                        opened += clinic.openTemplate(staffOfThread.apply(lane), lane, first, days);
                    }
                    return opened;
                }));
            }
            int slots = 0;
            for (Future<Integer> f : done) {
                slots += f.get();
            }
            long nanos = System.nanoTime() - t0;
            CpuMeter.Reading cpu1 = meter.now();
            double jvm = cpu0.jvmSince(cpu1);
            double server = cpu0.serverSince(cpu1);
            return new Side(slots, nanos / 1e9, jvm / slots / 1e3, server / slots / 1e3, (jvm + server) / nanos);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What one side opened, in how long, and how many CPUs this JVM and the database kept busy meanwhile. */
    private record Side(int slots, double seconds, double jvmMicrosPerSlot, double dbMicrosPerSlot, double busyCpus) {
        double perSecond() {
            return slots / seconds;
        }
    }
}
