package org.patientportal.inmemory;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.patientportal.model.AccountId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.ProxyGrants;

/**
 * One transaction's {@link ProxyGrants}. The three lookups read partial indexes of the grants not
 * revoked (by proxy, by patient, by the pair), as a database would with
 * {@code WHERE revoked_at IS NULL} indexes: a revoked grant leaves them when its revocation commits,
 * so lists cost what the live grants cost, never a scan of the table.
 */
final class InMemoryProxyGrants implements ProxyGrants {
    private static final Comparator<ProxyGrantId> ID_ORDER = (ProxyGrantId l, ProxyGrantId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());

    /**
     * The key of the pair index.
     *
     * @param proxy   the account that acts
     * @param patient the patient acted for
     */
    record Pair(AccountId proxy, PatientId patient) {
        static Pair of(ProxyGrant grant) {
            return new Pair(grant.proxyAccountId(), grant.patientId());
        }
    }

    /** Committed grants, with partial indexes of the unrevoked ones. */
    static final class Data {
        final Table<ProxyGrantId, ProxyGrant> table = new Table<>("proxy_grant", ProxyGrant::id, ID_ORDER);
        final Map<AccountId, NavigableSet<ProxyGrantId>> byProxy = new ConcurrentHashMap<>();
        final Map<PatientId, NavigableSet<ProxyGrantId>> byPatient = new ConcurrentHashMap<>();
        final Map<Pair, NavigableSet<ProxyGrantId>> byPair = new ConcurrentHashMap<>();

        Data() {
            // Proxy and patient never change; only a revocation takes a grant out of the indexes.
            table.indexer((oldRow, newRow) -> {
                if (!newRow.revoked()) {
                    index(byProxy, newRow.proxyAccountId(), newRow.id());
                    index(byPatient, newRow.patientId(), newRow.id());
                    index(byPair, Pair.of(newRow), newRow.id());
                } else {
                    unindex(byProxy, newRow.proxyAccountId(), newRow.id());
                    unindex(byPatient, newRow.patientId(), newRow.id());
                    unindex(byPair, Pair.of(newRow), newRow.id());
                }
            });
        }

        private static <K> void index(Map<K, NavigableSet<ProxyGrantId>> index, K key, ProxyGrantId id) {
            index.computeIfAbsent(key, k -> new ConcurrentSkipListSet<>(ID_ORDER)).add(id);
        }

        private static <K> void unindex(Map<K, NavigableSet<ProxyGrantId>> index, K key, ProxyGrantId id) {
            NavigableSet<ProxyGrantId> ids = index.get(key);
            if (ids != null) {
                ids.remove(id);
            }
        }
    }

    private final Data data;
    private final TableTx<ProxyGrantId, ProxyGrant> rows;

    InMemoryProxyGrants(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(ProxyGrant grant) {
        Objects.requireNonNull(grant, "grant");
        if (grant.version() != 0 || grant.revoked()) {
            throw new IllegalArgumentException("a new grant is not revoked and has version 0");
        }
        rows.insert(grant);
    }

    @Override
    public Optional<ProxyGrant> find(ProxyGrantId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public List<ProxyGrant> findUnrevoked(AccountId proxy, PatientId patient) {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(patient, "patient");
        Pair pair = new Pair(proxy, patient);
        return rows.select(committed(data.byPair, pair, null),
                g -> !g.revoked() && g.proxyAccountId().equals(proxy) && g.patientId().equals(patient));
    }

    @Override
    public List<ProxyGrant> listForProxy(AccountId proxy, ProxyGrantId after, int limit) {
        Objects.requireNonNull(proxy, "proxy");
        TableTx.checkLimit(limit);
        return rows.page(committed(data.byProxy, proxy, after), after, limit,
                g -> !g.revoked() && g.proxyAccountId().equals(proxy));
    }

    @Override
    public List<ProxyGrant> listForPatient(PatientId patient, ProxyGrantId after, int limit) {
        Objects.requireNonNull(patient, "patient");
        TableTx.checkLimit(limit);
        return rows.page(committed(data.byPatient, patient, after), after, limit,
                g -> !g.revoked() && g.patientId().equals(patient));
    }

    private static <K> Iterable<ProxyGrantId> committed(Map<K, NavigableSet<ProxyGrantId>> index, K key,
                                                        ProxyGrantId after) {
        NavigableSet<ProxyGrantId> ids = index.get(key);
        if (ids == null) {
            return List.of();
        }
        return after == null ? ids : ids.tailSet(after, false);
    }

    @Override
    public ProxyGrant update(ProxyGrant grant) {
        Objects.requireNonNull(grant, "grant");
        ProxyGrant current = rows.lockAndRead(grant.id());
        if (current == null) {
            throw new OptimisticLockException("proxy grant not found");
        }
        if (current.revoked()) {
            throw new OptimisticLockException("proxy grant was revoked");
        }
        if (current.version() != grant.version()) {
            throw new OptimisticLockException("proxy grant was changed by another transaction");
        }
        ProxyGrant stored = new ProxyGrant(current.id(), current.proxyAccountId(), current.patientId(),
                current.relationship(), grant.scopes(), grant.teenConsent(), current.grantedAt(), current.grantedBy(),
                grant.expiresAt(), null, null, current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    @Override
    public boolean revoke(ProxyGrantId id, String revokedBy, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(revokedBy, "revokedBy");
        Objects.requireNonNull(at, "at");
        if (revokedBy.isBlank()) {
            throw new IllegalArgumentException("revokedBy must not be blank");
        }
        ProxyGrant current = rows.lockAndRead(id);
        if (current == null || current.revoked()) {
            return false;
        }
        rows.replace(current, new ProxyGrant(current.id(), current.proxyAccountId(), current.patientId(),
                current.relationship(), current.scopes(), current.teenConsent(), current.grantedAt(),
                current.grantedBy(), current.expiresAt(), at, revokedBy, current.version() + 1));
        return true;
    }
}
