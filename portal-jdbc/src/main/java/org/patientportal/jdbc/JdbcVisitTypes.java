package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.VisitTypes;

/**
 * {@link VisitTypes} on the {@code visit_types} table. The duration is stored in whole seconds,
 * exactly: {@link VisitType} refuses a duration with a fraction of a second, so what is read back
 * always equals what was written.
 */
final class JdbcVisitTypes implements VisitTypes {
    private static final String COLUMNS = "id, name, duration_seconds, self_schedulable, eligibility, active, version";
    private static final String INSERT = "INSERT INTO visit_types (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE visit_types SET name = ?, duration_seconds = ?, self_schedulable = ?,"
            + " eligibility = ?, active = ?, version = version + 1 WHERE id = ? AND version = ?";

    private final JdbcTransaction tx;

    JdbcVisitTypes(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(VisitType value) {
        Objects.requireNonNull(value, "value");
        if (value.version() != 0) {
            throw new IllegalArgumentException("a new visit type has version 0");
        }
        long seconds = seconds(value.duration());
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add visit type", sql, p -> p.uuid(value.id().value()).text(value.name())
                .bigint(seconds).bool(value.selfSchedulable()).text(value.eligibility()).bool(value.active())
                .bigint(0));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add visit type: the id is taken");
        }
    }

    @Override
    public Optional<VisitType> find(VisitTypeId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find visit type", "SELECT " + COLUMNS + " FROM visit_types WHERE id = ?",
                p -> p.uuid(id.value()), JdbcVisitTypes::map);
    }

    @Override
    public VisitType update(VisitType value) {
        Objects.requireNonNull(value, "value");
        long seconds = seconds(value.duration());
        return tx.updateReturning("change visit type", UPDATE, COLUMNS, p -> p.text(value.name()).bigint(seconds)
                        .bool(value.selfSchedulable()).text(value.eligibility()).bool(value.active())
                        .uuid(value.id().value()).bigint(value.version()),
                JdbcVisitTypes::map, () -> find(value.id()))
                .orElseThrow(() -> new OptimisticLockException(
                        "Could not change visit type: stale version or no such visit type"));
    }

    @Override
    public List<VisitType> page(VisitTypeId after, int limit) {
        return tx.pageById("list visit types", "SELECT " + COLUMNS + " FROM visit_types WHERE TRUE", p -> { },
                after == null ? null : after.value(), limit, JdbcVisitTypes::map);
    }

    /** The duration in seconds: exact, as a visit type's duration is a whole number of seconds. */
    private static long seconds(Duration duration) {
        return duration.getSeconds();
    }

    private static VisitType map(ResultSet row) throws SQLException {
        return new VisitType(new VisitTypeId(Sql.uuid(row, "id")), row.getString("name"),
                Duration.ofSeconds(row.getLong("duration_seconds")), row.getBoolean("self_schedulable"),
                Sql.enumValue(row, "eligibility", PatientEligibility.class), row.getBoolean("active"),
                row.getLong("version"));
    }
}
