package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.spi.storage.Departments;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.StorageException;

/**
 * {@link Departments} on the {@code departments} table. The zone is stored as its id text and
 * checked with {@link ZoneId#of} on every read: a zone this JVM does not know (an older tzdata than
 * the node that wrote it) fails the read instead of showing times in a wrong zone.
 */
final class JdbcDepartments implements Departments {
    private static final String COLUMNS = "id, name, zone, version";
    private static final String INSERT = "INSERT INTO departments (" + COLUMNS + ") VALUES (?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE departments SET name = ?, zone = ?, version = version + 1"
            + " WHERE id = ? AND version = ?";

    private final JdbcTransaction tx;

    JdbcDepartments(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Department value) {
        Objects.requireNonNull(value, "value");
        if (value.version() != 0) {
            throw new IllegalArgumentException("a new department has version 0");
        }
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add department", sql, p -> p.uuid(value.id().value()).text(value.name())
                .text(value.zone().getId()).bigint(0));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add department: the id is taken");
        }
    }

    @Override
    public Optional<Department> find(DepartmentId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find department", "SELECT " + COLUMNS + " FROM departments WHERE id = ?",
                p -> p.uuid(id.value()), JdbcDepartments::map);
    }

    @Override
    public Department update(Department value) {
        Objects.requireNonNull(value, "value");
        return tx.updateReturning("change department", UPDATE, COLUMNS, p -> p.text(value.name())
                        .text(value.zone().getId()).uuid(value.id().value()).bigint(value.version()),
                JdbcDepartments::map, () -> find(value.id()))
                .orElseThrow(() -> new OptimisticLockException(
                        "Could not change department: stale version or no such department"));
    }

    @Override
    public List<Department> page(DepartmentId after, int limit) {
        return tx.pageById("list departments", "SELECT " + COLUMNS + " FROM departments WHERE TRUE", p -> { },
                after == null ? null : after.value(), limit, JdbcDepartments::map);
    }

    private static Department map(ResultSet row) throws SQLException {
        ZoneId zone;
        try {
            zone = ZoneId.of(row.getString("zone"));
        } catch (DateTimeException e) {
            throw new StorageException("Could not read department: its stored zone is not a time zone this JVM knows");
        }
        return new Department(new DepartmentId(Sql.uuid(row, "id")), row.getString("name"), zone,
                row.getLong("version"));
    }
}
