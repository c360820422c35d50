package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A patient's history page on PostgreSQL: an index walk that the server keeps as one generic plan,
 * whatever the table's size, instead of planning every read again (see {@link JdbcHealthHistory#pageSql}).
 */
class HistoryPagePlanTest {

    @Test
    @DisplayName("PostgreSQL walks history_entries_page_idx for both history pages and keeps their generic plan: no re-planning per read at 200,000 rows")
    void genericPlanKept() throws SQLException {
        try (TestDatabases.TestDatabase db = TestDatabases.postgresMigrated();
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO patients (id, mrn, given_name, family_name, birth_date, ssn4_hash,"
                    + " registered_at, version) SELECT gen_random_uuid(), 'mrn-' || g, 'A', 'B', DATE '1980-01-01',"
                    + " 'h', CURRENT_TIMESTAMP, 0 FROM generate_series(1, 101) g");
            // 100 patients with 2,000 problems each; the reader (the first by mrn) has 60
            s.execute("INSERT INTO history_entries (id, patient_id, category, source, source_id, source_version, name,"
                    + " effective_at, status, recorded_at) SELECT gen_random_uuid(), p.id, 'PROBLEM', 'CLINIC',"
                    + " 'S-' || g, 1, 'Problem', TIMESTAMPTZ '2026-01-01 00:00+00' - g * INTERVAL '1 hour',"
                    + " 'RECORDED', CURRENT_TIMESTAMP FROM (SELECT id, row_number() OVER (ORDER BY mrn) AS n"
                    + " FROM patients) p CROSS JOIN generate_series(1, 2000) g WHERE p.n > 1 OR g <= 60");
            s.execute("VACUUM ANALYZE history_entries");
            UUID reader;
            try (ResultSet row = s.executeQuery("SELECT id FROM patients ORDER BY mrn LIMIT 1")) {
                row.next();
                reader = row.getObject(1, UUID.class);
            }
            c.unwrap(PGConnection.class).setPrepareThreshold(1);
            for (boolean cursor : new boolean[] {false, true}) {
                String sql = JdbcHealthHistory.pageSql(true, cursor, 21);
                try (PreparedStatement page = c.prepareStatement(sql)) {
                    for (int i = 0; i < 30; i++) {
                        page.setObject(1, reader);
                        page.setString(2, "PROBLEM");
                        if (cursor) {
                            page.setTimestamp(3, Timestamp.from(java.time.Instant.parse("2025-12-31T12:00:00Z")));
                            page.setObject(4, reader);
                        }
                        int rows = 0;
                        try (ResultSet r = page.executeQuery()) {
                            while (r.next()) {
                                rows++;
                            }
                        }
                        assertThat(rows).as(sql).isEqualTo(21);
                    }
                }
                List<String> counts = rows(s, "SELECT generic_plans || '|' || custom_plans FROM pg_prepared_statements"
                        + " WHERE statement = " + quote(MigrationTest.numbered(sql)));
                assertThat(counts).as(sql).singleElement().satisfies(row -> {
                    String[] parts = row.split("\\|");
                    assertThat(Integer.parseInt(parts[0])).as("generic plans of 30 reads").isGreaterThanOrEqualTo(20);
                    assertThat(Integer.parseInt(parts[1])).as("custom plans of 30 reads").isLessThanOrEqualTo(10);
                });
            }
            // the plan the server keeps: an index walk in page order
            s.execute("SET plan_cache_mode = force_generic_plan");
            for (boolean cursor : new boolean[] {false, true}) {
                String name = cursor ? "next_page" : "first_page";
                s.execute("PREPARE " + name + (cursor ? "(text, text, text, text)" : "(text, text)") + " AS "
                        + MigrationTest.numbered(JdbcHealthHistory.pageSql(true, cursor, 21)));
                String plan = String.join("\n", rows(s, "EXPLAIN EXECUTE " + name + "('" + reader + "', 'PROBLEM'"
                        + (cursor ? ", '2025-12-31 12:00:00+00', '" + reader + "'" : "") + ")"));
                assertThat(plan).as(name).contains("history_entries_page_idx").doesNotContain("Seq Scan")
                        .doesNotContain("Sort");
            }
        }
    }

    private static String quote(String sql) {
        return "'" + sql.replace("'", "''") + "'";
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }
}
