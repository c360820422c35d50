package org.patientportal.inmemory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.PatientId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.ActivationCodes;

/** One transaction's {@link ActivationCodes}. */
final class InMemoryActivationCodes implements ActivationCodes {
    private static final Comparator<ActivationCodeId> ID_ORDER = (ActivationCodeId l, ActivationCodeId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());
    /** Newest first: latest issue time, then highest id. */
    private static final Comparator<ActivationCodeRecord> NEWEST_FIRST = Comparator
            .comparing(ActivationCodeRecord::issuedAt)
            .thenComparing(ActivationCodeRecord::id, ID_ORDER)
            .reversed();

    /** Committed codes, unique by id and code hash, indexed by patient. */
    static final class Data {
        final Table<ActivationCodeId, ActivationCodeRecord> table =
                new Table<>("activation_code", ActivationCodeRecord::id, ID_ORDER);
        final Unique<ActivationCodeId, ActivationCodeRecord, String> hash =
                table.unique("codeHash", ActivationCodeRecord::codeHash);
        final Map<PatientId, Set<ActivationCodeId>> byPatient = new ConcurrentHashMap<>();

        Data() {
            table.indexer((oldRow, newRow) -> {
                if (oldRow == null) {
                    byPatient.computeIfAbsent(newRow.patientId(), p -> new ConcurrentSkipListSet<>(ID_ORDER))
                            .add(newRow.id());
                }
            });
        }
    }

    private final Data data;
    private final TableTx<ActivationCodeId, ActivationCodeRecord> rows;

    InMemoryActivationCodes(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(ActivationCodeRecord code) {
        Objects.requireNonNull(code, "code");
        if (code.version() != 0 || code.status() != CodeStatus.ACTIVE) {
            throw new IllegalArgumentException("a new code is ACTIVE with version 0");
        }
        rows.insert(code);
    }

    @Override
    public Optional<ActivationCodeRecord> find(ActivationCodeId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Optional<ActivationCodeRecord> findByHash(String codeHash) {
        Objects.requireNonNull(codeHash, "codeHash");
        return rows.findBy(data.hash, codeHash);
    }

    @Override
    public List<ActivationCodeRecord> findByPatient(PatientId patientId) {
        Objects.requireNonNull(patientId, "patientId");
        rows.tx().checkOpen();
        Map<ActivationCodeId, ActivationCodeRecord> found = new LinkedHashMap<>();
        for (ActivationCodeId id : data.byPatient.getOrDefault(patientId, Set.of())) {
            ActivationCodeRecord code = rows.current(id);
            if (code != null) {
                found.put(id, code);
            }
        }
        for (ActivationCodeRecord code : rows.buffered(c -> c.patientId().equals(patientId))) {
            found.put(code.id(), code);
        }
        List<ActivationCodeRecord> list = new ArrayList<>(found.values());
        list.sort(NEWEST_FIRST);
        return list;
    }

    @Override
    public int recordFailedAttempt(ActivationCodeId id) {
        Objects.requireNonNull(id, "id");
        ActivationCodeRecord current = rows.lockAndRead(id);
        if (current == null) {
            return -1;
        }
        int count = current.failedAttempts() + 1;
        rows.replace(current, new ActivationCodeRecord(current.id(), current.patientId(), current.purpose(),
                current.codeHash(), current.delivery(), current.issuedAt(), current.expiresAt(), current.issuedBy(),
                current.status(), count, current.closedAt(), current.version()));
        return count;
    }

    @Override
    public boolean consume(ActivationCodeId id, Instant at) {
        return close(id, CodeStatus.USED, at);
    }

    @Override
    public boolean revoke(ActivationCodeId id, Instant at) {
        return close(id, CodeStatus.REVOKED, at);
    }

    @Override
    public int revokeActive(PatientId patientId, CodePurpose purpose, Instant at) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
        int revoked = 0;
        for (ActivationCodeRecord code : findByPatient(patientId)) {
            if (code.status() == CodeStatus.ACTIVE && code.purpose() == purpose) {
                ActivationCodeRecord current = rows.lockAndRead(code.id());
                if (current != null && current.status() == CodeStatus.ACTIVE && current.purpose() == purpose) {
                    rows.replace(current, closed(current, CodeStatus.REVOKED, at));
                    revoked++;
                }
            }
        }
        return revoked;
    }

    private boolean close(ActivationCodeId id, CodeStatus status, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        ActivationCodeRecord current = rows.lockAndRead(id);
        if (current == null || current.status() != CodeStatus.ACTIVE) {
            return false;
        }
        rows.replace(current, closed(current, status, at));
        return true;
    }

    private static ActivationCodeRecord closed(ActivationCodeRecord c, CodeStatus status, Instant at) {
        return new ActivationCodeRecord(c.id(), c.patientId(), c.purpose(), c.codeHash(), c.delivery(), c.issuedAt(),
                c.expiresAt(), c.issuedBy(), status, c.failedAttempts(), at, c.version() + 1);
    }
}
