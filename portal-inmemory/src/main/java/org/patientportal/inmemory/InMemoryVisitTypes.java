package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Uuids;
import org.patientportal.model.VisitType;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.VisitTypes;

/** One transaction's {@link VisitTypes}. */
final class InMemoryVisitTypes implements VisitTypes {
    /** Committed visit types by id. */
    static final class Data {
        final Table<VisitTypeId, VisitType> table = new Table<>("visit_type", VisitType::id, (VisitTypeId l, VisitTypeId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
    }

    private final TableTx<VisitTypeId, VisitType> rows;

    InMemoryVisitTypes(Data data, Transaction tx) {
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(VisitType value) {
        Objects.requireNonNull(value, "value");
        if (value.version() != 0) {
            throw new IllegalArgumentException("a new visit type has version 0");
        }
        rows.insert(value);
    }

    @Override
    public Optional<VisitType> find(VisitTypeId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public VisitType update(VisitType value) {
        Objects.requireNonNull(value, "value");
        VisitType current = rows.lockAtVersion(value.id(), value.version(), VisitType::version, "visit type");
        VisitType stored = withVersion(value, current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    @Override
    public List<VisitType> page(VisitTypeId after, int limit) {
        TableTx.checkLimit(limit);
        return rows.page(rows.committedIdsAfter(after), after, limit, row -> true);
    }

    private static VisitType withVersion(VisitType v, long version) {
        return new VisitType(v.id(), v.name(), v.duration(), v.selfSchedulable(), v.eligibility(), v.active(), version);
    }
}
