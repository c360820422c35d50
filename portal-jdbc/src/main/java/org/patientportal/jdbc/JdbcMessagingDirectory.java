package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pool;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Topic;
import org.patientportal.model.TopicId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.MessagingDirectory;

/**
 * {@link MessagingDirectory} on {@code message_pools}, {@code message_pool_members},
 * {@code message_topics} and {@code primary_care_providers}. Adds that may meet an existing row
 * use {@code ON CONFLICT DO NOTHING} on PostgreSQL and {@code INSERT ... WHERE NOT EXISTS} or
 * {@code MERGE} on H2.
 */
final class JdbcMessagingDirectory implements MessagingDirectory {
    private static final String TOPIC_COLUMNS = "id, name, pool_id, response_business_days, active, version";

    private final JdbcTransaction tx;

    JdbcMessagingDirectory(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insertPool(Pool pool) {
        Objects.requireNonNull(pool, "pool");
        if (pool.version() != 0) {
            throw new IllegalArgumentException("a new pool has version 0");
        }
        String sql = "INSERT INTO message_pools (id, name, version) VALUES (?, ?, 0)";
        int rows = tx.update("add pool", tx.postgres() ? sql + " ON CONFLICT DO NOTHING" : sql,
                p -> p.uuid(pool.id().value()).text(pool.name()));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add pool: the id is taken");
        }
    }

    @Override
    public Optional<Pool> findPool(PoolId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find pool", "SELECT id, name, version FROM message_pools WHERE id = ?",
                p -> p.uuid(id.value()), row -> new Pool(new PoolId(Sql.uuid(row, "id")), row.getString("name"),
                        row.getLong("version")));
    }

    @Override
    public boolean addPoolMember(PoolId pool, String staffId) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(staffId, "staffId");
        String sql = tx.postgres()
                ? "INSERT INTO message_pool_members (pool_id, staff_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
                : "INSERT INTO message_pool_members (pool_id, staff_id) SELECT ?, ? FROM (VALUES (1)) AS one (x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM message_pool_members WHERE pool_id = ? AND staff_id = ?)";
        return tx.update("add pool member", sql, p -> {
            p.uuid(pool.value()).text(staffId);
            if (!tx.postgres()) {
                p.uuid(pool.value()).text(staffId);
            }
        }) > 0;
    }

    @Override
    public boolean removePoolMember(PoolId pool, String staffId) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(staffId, "staffId");
        return tx.update("remove pool member", "DELETE FROM message_pool_members WHERE pool_id = ? AND staff_id = ?",
                p -> p.uuid(pool.value()).text(staffId)) > 0;
    }

    @Override
    public boolean isPoolMember(PoolId pool, String staffId) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(staffId, "staffId");
        return tx.queryOne("check pool member", "SELECT 1 AS one FROM message_pool_members WHERE pool_id = ?"
                + " AND staff_id = ?", p -> p.uuid(pool.value()).text(staffId), row -> row.getInt("one")).isPresent();
    }

    @Override
    public void insertTopic(Topic topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.version() != 0) {
            throw new IllegalArgumentException("a new topic has version 0");
        }
        String sql = "INSERT INTO message_topics (" + TOPIC_COLUMNS + ") VALUES (?, ?, ?, ?, ?, 0)";
        int rows = tx.update("add topic", tx.postgres() ? sql + " ON CONFLICT DO NOTHING" : sql,
                p -> p.uuid(topic.id().value()).text(topic.name()).uuid(topic.poolId().value())
                        .integer(topic.responseBusinessDays()).bool(topic.active()));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add topic: the id is taken");
        }
    }

    @Override
    public Optional<Topic> findTopic(TopicId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find topic", "SELECT " + TOPIC_COLUMNS + " FROM message_topics WHERE id = ?",
                p -> p.uuid(id.value()), JdbcMessagingDirectory::topic);
    }

    @Override
    public List<Topic> activeTopics(TopicId after, int limit) {
        return tx.pageById("list topics", "SELECT " + TOPIC_COLUMNS + " FROM message_topics WHERE active = TRUE",
                p -> { }, after == null ? null : after.value(), limit, JdbcMessagingDirectory::topic);
    }

    @Override
    public void setPrimaryCareProvider(PatientId patient, ProviderId provider) {
        Objects.requireNonNull(patient, "patient");
        if (provider == null) {
            tx.update("clear primary care provider", "DELETE FROM primary_care_providers WHERE patient_id = ?",
                    p -> p.uuid(patient.value()));
            return;
        }
        String sql = tx.postgres()
                ? "INSERT INTO primary_care_providers (patient_id, provider_id) VALUES (?, ?)"
                + " ON CONFLICT (patient_id) DO UPDATE SET provider_id = EXCLUDED.provider_id"
                : "MERGE INTO primary_care_providers (patient_id, provider_id) KEY (patient_id) VALUES (?, ?)";
        tx.update("set primary care provider", sql, p -> p.uuid(patient.value()).uuid(provider.value()));
    }

    @Override
    public Optional<ProviderId> primaryCareProvider(PatientId patient) {
        Objects.requireNonNull(patient, "patient");
        return tx.queryOne("find primary care provider", "SELECT provider_id FROM primary_care_providers"
                + " WHERE patient_id = ?", p -> p.uuid(patient.value()), row -> new ProviderId(Sql.uuid(row, "provider_id")));
    }

    private static Topic topic(ResultSet row) throws SQLException {
        return new Topic(new TopicId(Sql.uuid(row, "id")), row.getString("name"), new PoolId(Sql.uuid(row, "pool_id")),
                row.getInt("response_business_days"), row.getBoolean("active"), row.getLong("version"));
    }
}
