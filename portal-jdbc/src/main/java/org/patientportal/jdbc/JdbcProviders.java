package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.Providers;

/** {@link Providers} on the {@code providers} table. */
final class JdbcProviders implements Providers {
    private static final String COLUMNS = "id, display_name, active, version";
    private static final String INSERT = "INSERT INTO providers (" + COLUMNS + ") VALUES (?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE providers SET display_name = ?, active = ?, version = version + 1"
            + " WHERE id = ? AND version = ?";

    private final JdbcTransaction tx;

    JdbcProviders(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Provider value) {
        Objects.requireNonNull(value, "value");
        if (value.version() != 0) {
            throw new IllegalArgumentException("a new provider has version 0");
        }
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add provider", sql, p -> p.uuid(value.id().value()).text(value.displayName())
                .bool(value.active()).bigint(0));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add provider: the id is taken");
        }
    }

    @Override
    public Optional<Provider> find(ProviderId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find provider", "SELECT " + COLUMNS + " FROM providers WHERE id = ?",
                p -> p.uuid(id.value()), JdbcProviders::map);
    }

    @Override
    public Provider update(Provider value) {
        Objects.requireNonNull(value, "value");
        return tx.updateReturning("change provider", UPDATE, COLUMNS, p -> p.text(value.displayName())
                        .bool(value.active()).uuid(value.id().value()).bigint(value.version()),
                JdbcProviders::map, () -> find(value.id()))
                .orElseThrow(() -> new OptimisticLockException(
                        "Could not change provider: stale version or no such provider"));
    }

    @Override
    public List<Provider> page(ProviderId after, int limit) {
        return tx.pageById("list providers", "SELECT " + COLUMNS + " FROM providers WHERE TRUE", p -> { },
                after == null ? null : after.value(), limit, JdbcProviders::map);
    }

    private static Provider map(ResultSet row) throws SQLException {
        return new Provider(new ProviderId(Sql.uuid(row, "id")), row.getString("display_name"),
                row.getBoolean("active"), row.getLong("version"));
    }
}
