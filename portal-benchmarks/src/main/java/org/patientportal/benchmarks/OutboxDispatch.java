package org.patientportal.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.model.SlotId;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationSender;

/**
 * Issue 8's outbox figure: two dispatchers (two nodes of one host on one PostgreSQL database, one
 * thread each) drain a due outbox through a sender that only counts (goal: at least 5,000
 * notifications per second, no notification sent twice; every send here happens well inside one
 * claim lease of 5 minutes, so any duplicate is one within a lease).
 *
 * <p>The outbox is filled with real entries: the SDK books appointments (confirmation and reminders
 * per booking), then SQL copies those rows (a new id, no correlation key), all due now, up to
 * {@code bench.outbox} entries (20,000; 3,000 with {@code bench.quick}) of {@code bench.outboxPatients}
 * patients (200; 20 with {@code bench.quick}), so that a batch of 100 holds the entries of many
 * patients, as a clinic's would (with 8, as before, a batch's recipients were 8 patients: the
 * recipient reads and audit chain locks per patient of a batch were understated). The dispatchers drain it
 * twice: first untimed, on connections through a {@link CountingDataSource} (the JIT's warm-up, and
 * the round trips per notification), then, filled again, timed on a plain HikariCP pool, as a
 * host's ({@link CountedOrPlain}). A single timed drain of a cold JVM measured the JIT compiling the
 * dispatch path and the counter's proxies as well. Duplicates are counted over both drains. Usage
 * as {@link BookingThroughput}: {@code java ... OutboxDispatch [jdbc-url]}.
 */
public final class OutboxDispatch {
    private static final double GOAL_PER_SECOND = 5_000;

    private OutboxDispatch() {
    }

    /**
     * Fills the outbox, drains it with two dispatchers and prints the figures.
     *
     * @param args an optional JDBC URL of a scratch PostgreSQL database
     * @throws Exception if the database cannot be set up
     */
    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("bench.quick");
        int entries = Integer.getInteger("bench.outbox", quick ? 3_000 : 20_000);
        int patients = Integer.getInteger("bench.outboxPatients", quick ? 20 : 200);
        try (Database database = args.length > 0
                ? Database.at(args[0], System.getProperty("bench.user"), System.getProperty("bench.password"))
                : Database.embedded()) {
            run(database, entries, patients, quick);
        }
        System.exit(0);
    }

    private static void run(Database database, int entries, int patients, boolean quick) throws Exception {
        System.out.printf(Locale.ROOT, "== Outbox dispatch, 2 dispatchers (issue 8)%s%n",
                quick ? ": SMOKE RUN (bench.quick)" : "");
        System.out.println("database: " + database.describe());
        try (CountedOrPlain pool = new CountedOrPlain("dispatch", 4, database);
             JdbcStorage storage = JdbcStorage.create(pool)) {
            SdkBooking clinic = SdkBooking.create(storage, patients);
            SlotSupply<SlotId> supply = new SlotSupply<>(clinic.lanes());
            supply.add(clinic.openNextDay());
            for (int i = 0; i < 2 * clinic.lanes(); i++) {
                SlotSupply.Taken<SlotId> taken = supply.take();
                clinic.book(taken.lane(), taken.slot(), "outbox-" + i);
            }
            CountingSender sender = new CountingSender();
            List<IntSupplier> dispatchers = List.of(clinic.dispatcher(sender), clinic.dispatcher(sender));
            AtomicInteger failures = new AtomicInteger();

            pool.counting(true);
            int warmUpDue = fill(database.unpooled(), entries);
            long roundTrips0 = pool.counter().roundTrips();
            drain(dispatchers, failures);
            long warmUpSent = sender.sends.sum();
            double roundTrips = (pool.counter().roundTrips() - roundTrips0) / (double) Math.max(1, warmUpSent);
            System.out.printf(Locale.ROOT, "warm-up (untimed, counted): entries due %d, notifications sent %d, %.2f round"
                    + " trips per notification%n", warmUpDue, warmUpSent, roundTrips);

            pool.counting(false);
            int due = fill(database.unpooled(), entries);
            long t0 = System.nanoTime();
            drain(dispatchers, failures);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long sent = sender.sends.sum() - warmUpSent;
            long duplicates = sender.perId.values().stream().mapToLong(n -> n.get() - 1).sum();
            double perSecond = sent / seconds;
            System.out.printf(Locale.ROOT, "timed: entries due %d, notifications sent %d in %.2f s: %.0f/s, duplicates %d"
                            + " (both drains), dispatcher failures %d%n", due, sent, seconds, perSecond, duplicates,
                    failures.get());
            System.out.println("goals (issue 8)" + (quick ? ", from a smoke run: times are not meaningful" : "") + ":");
            System.out.printf(Locale.ROOT, "  %-48s %10.0f/s  %s%n", "outbox dispatch, 2 dispatchers >= 5,000/s",
                    perSecond, perSecond >= GOAL_PER_SECOND ? "MET" : "NOT MET");
            System.out.printf(Locale.ROOT, "  %-48s %12d  %s%n", "duplicates within a lease = 0", duplicates,
                    duplicates == 0 ? "MET" : "NOT MET");
        }
    }

    /** Runs the dispatchers, one thread each, until each one's claim finds nothing. */
    private static void drain(List<IntSupplier> dispatchers, AtomicInteger failures) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (IntSupplier dispatcher : dispatchers) {
            Thread thread = new Thread(() -> {
                try {
                    while (dispatcher.getAsInt() > 0) {
                        // claims until a claim finds nothing
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    System.out.println("dispatcher failed: " + e);
                }
            }, "bench-dispatcher");
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /**
     * Copies the rows the SDK wrote (kept aside at the first call), each copy due now, until there are
     * at least {@code entries} pending ones, all due.
     */
    private static int fill(DataSource setup, int entries) throws SQLException {
        try (Connection c = setup.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_outbox_source AS SELECT * FROM outbox");
                s.executeUpdate("UPDATE outbox SET deliver_after = now() - interval '1 minute',"
                        + " next_attempt_at = now() - interval '1 minute' WHERE status = 'PENDING'");
            }
            int have = pending(c);
            int sources = count(c, "SELECT count(*) FROM bench_outbox_source");
            try (PreparedStatement copy = c.prepareStatement("INSERT INTO outbox (id, kind, patient_id, account_id,"
                    + " payload, correlation_key, created_at, deliver_after, status, attempts, next_attempt_at, version)"
                    + " SELECT gen_random_uuid(), kind, patient_id, account_id, payload, NULL, created_at,"
                    + " now() - interval '1 minute', 'PENDING', 0, now() - interval '1 minute', 0"
                    + " FROM bench_outbox_source, generate_series(1, ?)")) {
                copy.setInt(1, Math.max(0, (entries - have + sources - 1) / Math.max(1, sources)));
                copy.executeUpdate();
            }
            return pending(c);
        }
    }

    private static int pending(Connection c) throws SQLException {
        return count(c, "SELECT count(*) FROM outbox WHERE status = 'PENDING'");
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); var rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Counts every send, and the sends of each notification id. */
    private static final class CountingSender implements NotificationSender {
        final LongAdder sends = new LongAdder();
        final Map<String, AtomicInteger> perId = new ConcurrentHashMap<>();

        @Override
        public void send(Notification notification) {
            sends.increment();
            perId.computeIfAbsent(notification.id(), id -> new AtomicInteger()).incrementAndGet();
        }
    }
}
