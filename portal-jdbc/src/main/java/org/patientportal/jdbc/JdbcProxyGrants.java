package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.ProxyGrants;

/**
 * {@link ProxyGrants} on the {@code proxy_grants} table. The scopes and the teen consent are two
 * text columns in the canonical form of {@link Sql#names} ({@code "APPOINTMENTS,RESULTS"}), so a
 * grant is one row and every write one statement.
 */
final class JdbcProxyGrants implements ProxyGrants {
    private static final String COLUMNS = "id, proxy_account_id, patient_id, relationship, scopes, teen_consent,"
            + " granted_at, granted_by, expires_at, revoked_at, revoked_by, version";
    private static final String INSERT =
            "INSERT INTO proxy_grants (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Only what a renewal or a consent change may change; a revoked grant is never changed. */
    private static final String SET = "scopes = ?, teen_consent = ?, expires_at = ?, version = version + 1"
            + " WHERE id = ? AND version = ? AND revoked_at IS NULL";
    private static final String SELECT_UNREVOKED = "SELECT " + COLUMNS + " FROM proxy_grants WHERE revoked_at IS NULL";

    private final JdbcTransaction tx;

    JdbcProxyGrants(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(ProxyGrant grant) {
        Objects.requireNonNull(grant, "grant");
        if (grant.version() != 0) {
            throw new IllegalArgumentException("a new grant has version 0");
        }
        if (grant.revokedAt() != null || grant.revokedBy() != null) {
            throw new IllegalArgumentException("a new grant is not revoked");
        }
        String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        int rows = tx.update("add proxy grant", sql, p -> p.uuid(grant.id().value())
                .uuid(grant.proxyAccountId().value()).uuid(grant.patientId().value()).text(grant.relationship())
                .text(Sql.names(grant.scopes())).text(Sql.names(grant.teenConsent())).instant(grant.grantedAt())
                .text(grant.grantedBy()).instant(grant.expiresAt()).instant(null).text((String) null).bigint(0));
        if (rows == 0) {
            throw new DuplicateKeyException("Could not add proxy grant: the id is taken");
        }
    }

    @Override
    public Optional<ProxyGrant> find(ProxyGrantId id) {
        Objects.requireNonNull(id, "id");
        return tx.queryOne("find proxy grant", "SELECT " + COLUMNS + " FROM proxy_grants WHERE id = ?",
                p -> p.uuid(id.value()), JdbcProxyGrants::map);
    }

    @Override
    public List<ProxyGrant> findUnrevoked(AccountId proxy, PatientId patient) {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(patient, "patient");
        return tx.query("find proxy grants", SELECT_UNREVOKED + " AND proxy_account_id = ? AND patient_id = ?"
                + " ORDER BY id", p -> p.uuid(proxy.value()).uuid(patient.value()), JdbcProxyGrants::map);
    }

    @Override
    public List<ProxyGrant> listForProxy(AccountId proxy, ProxyGrantId after, int limit) {
        Objects.requireNonNull(proxy, "proxy");
        return page("list proxy grants of an account", "proxy_account_id", proxy.value(), after, limit);
    }

    @Override
    public List<ProxyGrant> listForPatient(PatientId patient, ProxyGrantId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        return page("list proxy grants of a patient", "patient_id", patient.value(), after, limit);
    }

    /** One keyset page of unrevoked grants whose {@code column} (a constant, never input) is {@code value}. */
    private List<ProxyGrant> page(String action, String column, UUID value, ProxyGrantId after, int limit) {
        Sql.pageLimit(limit);
        if (after == null) {
            return tx.query(action, SELECT_UNREVOKED + " AND " + column + " = ? ORDER BY id" + Sql.limit(limit),
                    p -> p.uuid(value), JdbcProxyGrants::map);
        }
        return tx.query(action, SELECT_UNREVOKED + " AND " + column + " = ? AND id > ? ORDER BY id"
                + Sql.limit(limit), p -> p.uuid(value).uuid(after.value()), JdbcProxyGrants::map);
    }

    @Override
    public ProxyGrant update(ProxyGrant grant) {
        Objects.requireNonNull(grant, "grant");
        Sql.Binder binder = p -> p.text(Sql.names(grant.scopes())).text(Sql.names(grant.teenConsent()))
                .instant(grant.expiresAt()).uuid(grant.id().value()).bigint(grant.version());
        Optional<ProxyGrant> updated;
        if (tx.postgres()) {
            // No savepoint: no unique key can fail here, the model already keeps the CHECKs.
            updated = tx.queryOne("change proxy grant", "UPDATE proxy_grants SET " + SET + " RETURNING " + COLUMNS,
                    binder, JdbcProxyGrants::map);
        } else {
            // H2: update, then read the row this transaction now holds (not FINAL TABLE, see JdbcPatients).
            updated = tx.update("change proxy grant", "UPDATE proxy_grants SET " + SET, binder) == 0
                    ? Optional.empty() : find(grant.id());
        }
        return updated.orElseThrow(() -> new OptimisticLockException(
                "Could not change proxy grant: stale version, revoked, or no such grant"));
    }

    @Override
    public boolean revoke(ProxyGrantId id, String revokedBy, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(revokedBy, "revokedBy");
        Objects.requireNonNull(at, "at");
        // One conditional statement: of concurrent revokers (on any node) exactly one changes the row.
        return tx.update("revoke proxy grant", "UPDATE proxy_grants SET revoked_at = ?, revoked_by = ?,"
                        + " version = version + 1 WHERE id = ? AND revoked_at IS NULL",
                p -> p.instant(at).text(revokedBy).uuid(id.value())) == 1;
    }

    private static ProxyGrant map(ResultSet row) throws SQLException {
        return new ProxyGrant(new ProxyGrantId(Sql.uuid(row, "id")), new AccountId(Sql.uuid(row, "proxy_account_id")),
                new PatientId(Sql.uuid(row, "patient_id")),
                Sql.enumValue(row, "relationship", ProxyRelationship.class),
                Sql.enumSet(row.getString("scopes"), ProxyScope.class, "proxy grant"),
                Sql.enumSet(row.getString("teen_consent"), ProxyScope.class, "proxy grant"),
                Sql.instant(row, "granted_at"), row.getString("granted_by"), Sql.instant(row, "expires_at"),
                Sql.instant(row, "revoked_at"), row.getString("revoked_by"), row.getLong("version"));
    }
}
