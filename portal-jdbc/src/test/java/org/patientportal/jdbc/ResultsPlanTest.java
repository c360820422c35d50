package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The V5 pages are index walks on PostgreSQL, not scans: a patient's page costs the same at any table size. */
class ResultsPlanTest {

    @Test
    @DisplayName("PostgreSQL plans a patient's visible results page and a component's series on their V5 indexes (RS-3, RS-7)")
    void postgresPlans() throws SQLException {
        try (TestDatabases.TestDatabase db = TestDatabases.postgresMigrated();
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO patients (id, mrn, given_name, family_name, birth_date, ssn4_hash,"
                    + " registered_at, version) SELECT gen_random_uuid(), 'mrn-' || g, 'A', 'B', DATE '1980-01-01',"
                    + " 'h', CURRENT_TIMESTAMP, 0 FROM generate_series(1, 500) g");
            s.execute("INSERT INTO test_results (id, patient_id, source_id, source_version, resulted_at, status,"
                    + " version_count, imported_at, release_at, release_notified, version)"
                    + " SELECT gen_random_uuid(), p.id, 'S-' || g, 1, CURRENT_TIMESTAMP - g * INTERVAL '1 hour',"
                    + " 'FINAL', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, true, 0"
                    + " FROM patients p CROSS JOIN generate_series(1, 20) g");
            // one patient with a long history: the page must walk the index, not sort the history
            s.execute("INSERT INTO test_results (id, patient_id, source_id, source_version, resulted_at, status,"
                    + " version_count, imported_at, release_at, release_notified, version)"
                    + " SELECT gen_random_uuid(), p.id, 'L-' || g, 1, CURRENT_TIMESTAMP - g * INTERVAL '1 minute',"
                    + " 'FINAL', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, true, 0"
                    + " FROM (SELECT id FROM patients ORDER BY mrn LIMIT 1) p CROSS JOIN generate_series(1, 5000) g");
            s.execute("INSERT INTO test_result_versions (result_id, source_version, patient_id, kind, order_code,"
                    + " order_name, ordering_provider, collected_at, resulted_at, status, received_at)"
                    + " SELECT id, 1, patient_id, 'LAB_PANEL', '80048', 'Panel', 'Dr', resulted_at, resulted_at,"
                    + " 'FINAL', resulted_at FROM test_results");
            s.execute("INSERT INTO test_result_components (result_id, source_version, position, patient_id,"
                    + " collected_at, code, name, numeric_value, unit) SELECT result_id, 1, g, patient_id,"
                    + " collected_at, 'code-' || g, 'Analyte', '5.0', 'mg/dL' FROM test_result_versions"
                    + " CROSS JOIN generate_series(0, 4) g");
            s.execute("ANALYZE");
            String patient;
            try (ResultSet row = s.executeQuery("SELECT id FROM patients ORDER BY mrn LIMIT 1")) {
                row.next();
                patient = "'" + row.getString(1) + "'";
            }
            List<String> page = explain(s, "SELECT r.id FROM test_results r WHERE r.patient_id = " + patient
                    + " AND r.hold_reason IS NULL AND r.status <> 'ENTERED_IN_ERROR' AND r.release_at <= now()"
                    + " ORDER BY r.resulted_at DESC, r.id DESC LIMIT 21");
            assertThat(String.join("\n", page)).contains("test_results_visible_idx").doesNotContain("Seq Scan")
                    .doesNotContain("Sort");
            List<String> trend = explain(s, "SELECT c.result_id FROM test_result_components c WHERE c.patient_id = "
                    + patient + " AND c.code = 'code-2' AND c.numeric_value IS NOT NULL"
                    + " ORDER BY c.collected_at, c.result_id, c.position LIMIT 21");
            assertThat(String.join("\n", trend)).contains("test_result_components_trend_idx")
                    .doesNotContain("Seq Scan");
        }
    }

    private static List<String> explain(Statement s, String sql) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (ResultSet rows = s.executeQuery("EXPLAIN " + sql)) {
            while (rows.next()) {
                plan.add(rows.getString(1));
            }
        }
        return plan;
    }
}
