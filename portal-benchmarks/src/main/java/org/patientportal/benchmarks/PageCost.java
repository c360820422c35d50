package org.patientportal.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.patientportal.inmemory.InMemoryStorage;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.PortalStorage;

/**
 * Issue 8's page figure: a patient reads pages of 20 of their problems (health history, newest
 * first: the first page and the next one through its cursor) with 10^4 and then 10^6 entries in
 * the table (other patients' entries; the reader has 60), on the in-memory adapter and on
 * PostgreSQL. Goal: p50 with 10^6 rows at most 1.5x p50 with 10^4 (keyset pages on an index: the
 * cost does not grow with the table).
 *
 * <p>In memory the rows come through the SDK's import (batches of 500); on PostgreSQL the first
 * 10^4 do, the rest are copies made by SQL (new ids and source ids, spread over 100 patients).
 * {@code bench.pageRows} (1,000,000; 100,000 with {@code bench.quick}) sets the larger size,
 * {@code bench.pageReads} (3,000; 500 with {@code bench.quick}) the timed reads per size,
 * {@code bench.pageWarmup} (15,000; 1,000 with {@code bench.quick}) the untimed reads before the first. Usage as
 * {@link BookingThroughput}: {@code java ... PageCost [jdbc-url]}.
 */
public final class PageCost {
    private static final double GOAL_RATIO = 1.5;
    private static final int SMALL = 10_000;
    private static final int OWN = 60;
    private static final int FILLERS = 100;

    private PageCost() {
    }

    /**
     * Runs the figure on both adapters and prints it.
     *
     * @param args an optional JDBC URL of a scratch PostgreSQL database
     * @throws Exception if the database cannot be set up
     */
    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("bench.quick");
        int large = Integer.getInteger("bench.pageRows", quick ? 100_000 : 1_000_000);
        int reads = Integer.getInteger("bench.pageReads", quick ? 500 : 3_000);
        int warmup = Integer.getInteger("bench.pageWarmup", quick ? 1_000 : 15_000);
        System.out.printf(Locale.ROOT, "== A patient's page of 20 with %,d and %,d rows in the table (issue 8)%s%n",
                SMALL, large, quick ? ": SMOKE RUN (bench.quick)" : "");
        List<String> goals = new ArrayList<>();
        try (InMemoryStorage storage = InMemoryStorage.create()) {
            goals.add(measure("in-memory", storage, null, large, reads, warmup));
        }
        try (Database database = args.length > 0
                ? Database.at(args[0], System.getProperty("bench.user"), System.getProperty("bench.password"))
                : Database.embedded()) {
            System.out.println("database: " + database.describe());
            try (HikariDataSource pool = Database.pool("pages", 2, new CountingDataSource(database.unpooled()));
                 JdbcStorage storage = JdbcStorage.create(pool)) {
                goals.add(measure("PostgreSQL", storage, database.unpooled(), large, reads, warmup));
            }
        }
        System.out.println("goals (issue 8)" + (quick ? ", from a smoke run: times are not meaningful" : "") + ":");
        goals.forEach(System.out::println);
        System.exit(0);
    }

    private static String measure(String adapter, PortalStorage storage, @Nullable DataSource sql, int large, int reads,
                                  int warmup) throws SQLException {
        SdkBooking clinic = SdkBooking.create(storage, 1);
        clinic.importProblems(clinic.patient(0), "own-", OWN);
        List<PatientId> fillers = new ArrayList<>();
        for (int i = 0; i < FILLERS; i++) {
            fillers.add(clinic.registerPatient("F-" + UUID.randomUUID().toString().substring(0, 8) + "-" + i));
        }
        fill(clinic, fillers, SMALL - OWN, sql, "a");
        double small = p50(clinic, warmup, reads);
        fill(clinic, fillers, large - SMALL, sql, "b");
        double big = p50(clinic, reads, reads);
        double ratio = big / small;
        System.out.printf(Locale.ROOT, "%-10s p50 of a page: %,d rows %.1f us, %,d rows %.1f us%n", adapter, SMALL,
                small, large, big);
        return String.format(Locale.ROOT, "  %-48s %10.2fx  %s",
                String.format(Locale.ROOT, "%s: p50 at %,d rows / at %,d <= 1.5", adapter, large, SMALL),
                ratio, ratio <= GOAL_RATIO ? "MET" : "NOT MET");
    }

    /** Adds {@code rows} other patients' problems: through the SDK in memory, by SQL copies on a database. */
    private static void fill(SdkBooking clinic, List<PatientId> fillers, int rows, @Nullable DataSource sql,
                             String round) throws SQLException {
        if (sql == null || round.equals("a")) {
            int perPatient = (rows + fillers.size() - 1) / fillers.size();
            int left = rows;
            for (int i = 0; i < fillers.size(); i++) {
                int n = Math.min(perPatient, left);
                clinic.importProblems(fillers.get(i), "fill-" + round + i + "-", n);
                left -= n;
            }
            return;
        }
        try (Connection c = sql.getConnection();
             PreparedStatement copy = c.prepareStatement("INSERT INTO history_entries (id, patient_id, category, source,"
                     + " source_id, source_version, code, name, detail, entry_value, unit, effective_at, status, recorded_at)"
                     + " SELECT gen_random_uuid(), h.patient_id, h.category, h.source, h.source_id || '#' || g, h.source_version,"
                     + " h.code, h.name, h.detail, h.entry_value, h.unit, h.effective_at + g * interval '1 second', h.status,"
                     + " h.recorded_at FROM history_entries h, generate_series(1, ?) g"
                     + " WHERE h.source_id LIKE 'fill-a%' AND h.source_id NOT LIKE '%#%'")) {
            int base;
            try (Statement s = c.createStatement();
                 var count = s.executeQuery("SELECT count(*) FROM history_entries WHERE source_id LIKE 'fill-a%'")) {
                count.next();
                base = count.getInt(1);
            }
            copy.setInt(1, (rows + base - 1) / base);
            copy.executeUpdate();
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE history_entries");
            }
        }
    }

    /**
     * The median, in microseconds, of reading the first page and the next one {@code reads} times,
     * after {@code untimed} such reads. Before the first figure they are {@code bench.pageWarmup}:
     * one reader sends a round trip, waits, sends the next; while the JIT compiler threads still
     * run, the CPUs never go idle and each answer wakes a running CPU; once they are done, each round
     * trip waits for an idle (virtual) CPU to wake (perf: two thirds of the samples idle, the rest
     * in task switches). With as few untimed reads as timed ones the figure at 10^4 rows was taken in
     * the first state and the one at 10^6 in the second: 0.16 against 0.35-0.45 ms a page, on the old
     * code as on the new, the page statements' own database time the same at both sizes once they
     * keep their generic plan (JdbcHealthHistory.pageSql; before, one of them was planned again at
     * every read at 10^6 rows).
     */
    private static double p50(SdkBooking clinic, int untimed, int reads) {
        long[] times = new long[reads];
        for (int i = -untimed; i < reads; i++) {
            long t0 = System.nanoTime();
            String next = clinic.problemsPage(0, null);
            clinic.problemsPage(0, next);
            if (i >= 0) {
                times[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(times);
        return times[reads / 2] / 2 / 1e3;
    }
}
