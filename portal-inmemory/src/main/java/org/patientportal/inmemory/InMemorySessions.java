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
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.Sessions;

/** One transaction's {@link Sessions}. */
final class InMemorySessions implements Sessions {
    private static final Comparator<SessionId> ID_ORDER = (SessionId l, SessionId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value());

    /** Committed sessions, unique by id and token hash, indexed by account. */
    static final class Data {
        final Table<SessionId, SessionRecord> table = new Table<>("session", SessionRecord::id, ID_ORDER);
        final Unique<SessionId, SessionRecord, String> token = table.unique("tokenHash", SessionRecord::tokenHash);
        final Map<AccountId, NavigableSet<SessionId>> byAccount = new ConcurrentHashMap<>();

        Data() {
            table.indexer((oldRow, newRow) -> {
                if (oldRow == null) {
                    byAccount.computeIfAbsent(newRow.accountId(), a -> new ConcurrentSkipListSet<>(ID_ORDER))
                            .add(newRow.id());
                }
            });
        }
    }

    private final Data data;
    private final TableTx<SessionId, SessionRecord> rows;

    InMemorySessions(Data data, Transaction tx) {
        this.data = data;
        this.rows = TableTx.open(data.table, tx);
    }

    @Override
    public void insert(SessionRecord session) {
        Objects.requireNonNull(session, "session");
        if (session.version() != 0 || session.revoked()) {
            throw new IllegalArgumentException("a new session is not revoked and has version 0");
        }
        rows.insert(session);
    }

    @Override
    public Optional<SessionRecord> find(SessionId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id);
    }

    @Override
    public Optional<SessionRecord> findByTokenHash(String tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        return rows.findBy(data.token, tokenHash);
    }

    @Override
    public boolean touch(SessionId id, Instant seenAt, Instant onlyIfLastSeenBefore) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(seenAt, "seenAt");
        Objects.requireNonNull(onlyIfLastSeenBefore, "onlyIfLastSeenBefore");
        SessionRecord seen = rows.find(id).orElse(null);
        if (seen == null || seen.revoked() || !seen.lastSeenAt().isBefore(onlyIfLastSeenBefore)) {
            return false; // a database's conditional update would not lock a row it does not match
        }
        SessionRecord current = rows.lockAndRead(id);
        if (current == null || current.revoked() || !current.lastSeenAt().isBefore(onlyIfLastSeenBefore)) {
            return false;
        }
        rows.replace(current, new SessionRecord(current.id(), current.accountId(), current.tokenHash(),
                current.createdAt(), seenAt, current.absoluteExpiresAt(), null, current.version() + 1));
        return true;
    }

    @Override
    public boolean revoke(SessionId id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        SessionRecord current = rows.lockAndRead(id);
        if (current == null || current.revoked()) {
            return false;
        }
        rows.replace(current, revoked(current, at));
        return true;
    }

    @Override
    public int revokeAll(AccountId accountId, Instant at) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(at, "at");
        int revoked = 0;
        SessionId after = null;
        List<SessionRecord> page;
        do {
            page = listUnrevoked(accountId, after, TableTx.MAX_LIMIT);
            for (SessionRecord session : page) {
                SessionRecord current = rows.lockAndRead(session.id());
                if (current != null && !current.revoked()) {
                    rows.replace(current, revoked(current, at));
                    revoked++;
                }
                after = session.id();
            }
        } while (page.size() == TableTx.MAX_LIMIT);
        return revoked;
    }

    @Override
    public List<SessionRecord> listUnrevoked(AccountId accountId, SessionId after, int limit) {
        Objects.requireNonNull(accountId, "accountId");
        TableTx.checkLimit(limit);
        NavigableSet<SessionId> ids = data.byAccount.get(accountId);
        Iterable<SessionId> committed = ids == null ? List.of() : after == null ? ids : ids.tailSet(after, false);
        return rows.page(committed, after, limit, s -> s.accountId().equals(accountId) && !s.revoked());
    }

    private static SessionRecord revoked(SessionRecord s, Instant at) {
        return new SessionRecord(s.id(), s.accountId(), s.tokenHash(), s.createdAt(), s.lastSeenAt(),
                s.absoluteExpiresAt(), at, s.version() + 1);
    }
}
