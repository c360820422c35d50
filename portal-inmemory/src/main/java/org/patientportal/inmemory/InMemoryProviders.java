package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.Providers;

/** One transaction's {@link Providers}. */
final class InMemoryProviders implements Providers {
    /** Committed providers by id. */
    static final class Data {
        final Table<ProviderId, Provider> table = new Table<>("provider", Provider::id, (ProviderId l, ProviderId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
    }

    private final TableTx<ProviderId, Provider> rows;

    InMemoryProviders(Data data, Transaction tx) {
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(Provider value) {
        Objects.requireNonNull(value, "value");
        if (value.version() != 0) {
            throw new IllegalArgumentException("a new provider has version 0");
        }
        rows.insert(value);
    }

    @Override
    public Optional<Provider> find(ProviderId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Provider update(Provider value) {
        Objects.requireNonNull(value, "value");
        Provider current = rows.lockAtVersion(value.id(), value.version(), Provider::version, "provider");
        Provider stored = withVersion(value, current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    @Override
    public List<Provider> page(ProviderId after, int limit) {
        TableTx.checkLimit(limit);
        return rows.page(rows.committedIdsAfter(after), after, limit, row -> true);
    }

    private static Provider withVersion(Provider p, long version) {
        return new Provider(p.id(), p.displayName(), p.active(), version);
    }
}
