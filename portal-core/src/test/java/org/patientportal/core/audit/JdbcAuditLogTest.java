package org.patientportal.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.AuditChain;

/** Tampering with plain SQL on the database behind a JDBC storage, as an attacker with database access would. */
abstract class JdbcAuditLogTest extends AuditLogTest {

    @Override
    protected void editEvent(AuditChain chain, long sequence) {
        execute("UPDATE audit_events SET outcome = 'SUCCESS', reason = 'tampered' WHERE chain = ? AND seq = ?", chain, sequence);
    }

    @Override
    protected void deleteEvent(AuditChain chain, long sequence) {
        execute("DELETE FROM audit_events WHERE chain = ? AND seq = ?", chain, sequence);
    }

    private void execute(String sql, AuditChain chain, long sequence) {
        DataSource dataSource = TestStorages.dataSource(raw);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, chain.value());
            statement.setLong(2, sequence);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("no such event to tamper with");
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
