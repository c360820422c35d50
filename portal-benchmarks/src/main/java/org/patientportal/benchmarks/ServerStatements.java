package org.patientportal.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Where the database's time goes, from {@code pg_stat_statements} (embedded server only, with
 * {@code -Dbench.statements=true}, which loads the module at start): the statements of the measured
 * rounds, heaviest first, with their execution time per call and per operation of their side.
 */
final class ServerStatements {
    /** Whether the harness was asked for it. */
    static final boolean ENABLED = Boolean.getBoolean("bench.statements");

    private ServerStatements() {
    }

    /** Creates the extension if needed and forgets what was counted so far. */
    static void reset(DataSource setup) throws SQLException {
        try (Connection c = setup.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /**
     * Prints the statements counted since {@link #reset}: calls, mean and total execution time,
     * rows, shared blocks dirtied, and the time per operation of the side whose user ran them
     * ({@code hand-written} when the text names schema {@code handwritten}).
     */
    static void print(DataSource setup, long handOps, long sdkOps) throws SQLException {
        String sql = "SELECT query, calls, total_exec_time + total_plan_time AS ms, rows, shared_blks_dirtied,"
                + " wal_bytes, plans FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname ="
                + " current_database()) ORDER BY ms DESC LIMIT 40";
        double handTotal = 0;
        double sdkTotal = 0;
        StringBuilder out = new StringBuilder();
        try (Connection c = setup.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                String query = rows.getString(1).replaceAll("\\s+", " ");
                long calls = rows.getLong(2);
                double ms = rows.getDouble(3);
                boolean hand = query.contains("handwritten.");
                if (query.startsWith("SELECT pg_stat_statements") || query.contains("pg_stat_statements")) {
                    continue;
                }
                if (hand) {
                    handTotal += ms;
                } else {
                    sdkTotal += ms;
                }
                long ops = hand ? handOps : sdkOps;
                out.append(String.format(Locale.ROOT, "  %-4s %9d calls %8d plans %8.3f ms/call %7.3f ms/op %9d rows"
                                + " %8.0f WAL B/call  %s%n",
                        hand ? "hand" : "sdk", calls, rows.getLong(7), ms / Math.max(1, calls), ms / Math.max(1, ops),
                        rows.getLong(4), rows.getDouble(6) / Math.max(1, calls), query.length() > 150 ? query.substring(0, 150) + "..." : query));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "database time per operation (pg_stat_statements, plan + execute, COMMIT included):"
                + " hand-written %.3f ms, SDK %.3f ms (of the 40 heaviest statements)%n",
                handTotal / Math.max(1, handOps), sdkTotal / Math.max(1, sdkOps));
        System.out.print(out);
    }
}
