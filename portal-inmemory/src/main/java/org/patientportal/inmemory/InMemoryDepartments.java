package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.Department;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.Departments;

/** One transaction's {@link Departments}. */
final class InMemoryDepartments implements Departments {
    /** Committed departments by id. */
    static final class Data {
        final Table<DepartmentId, Department> table = new Table<>("department", Department::id, (DepartmentId l, DepartmentId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
    }

    private final TableTx<DepartmentId, Department> rows;

    InMemoryDepartments(Data data, Transaction tx) {
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(Department value) {
        Objects.requireNonNull(value, "value");
        if (value.version() != 0) {
            throw new IllegalArgumentException("a new department has version 0");
        }
        rows.insert(value);
    }

    @Override
    public Optional<Department> find(DepartmentId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Department update(Department value) {
        Objects.requireNonNull(value, "value");
        Department current = rows.lockAtVersion(value.id(), value.version(), Department::version, "department");
        Department stored = withVersion(value, current.version() + 1);
        rows.replace(current, stored);
        return stored;
    }

    @Override
    public List<Department> page(DepartmentId after, int limit) {
        TableTx.checkLimit(limit);
        return rows.page(rows.committedIdsAfter(after), after, limit, row -> true);
    }

    private static Department withVersion(Department d, long version) {
        return new Department(d.id(), d.name(), d.zone(), version);
    }
}
