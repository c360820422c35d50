package org.patientportal.inmemory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.OptimisticLockException;

/**
 * One transaction's {@link AuditTrail}. Each chain's head is a row of its own: {@link #lockHead}
 * locks that row only, so writers on different chains never wait on each other (AD-2).
 */
final class InMemoryAuditTrail implements AuditTrail {
    /** Chains in name order (the binary order of their names, as {@code COLLATE "C"} sorts them). */
    static final Comparator<AuditChain> CHAIN_ORDER = Comparator.comparing(AuditChain::value);

    /** Committed events, indexed by chain and sequence, and the head of every chain. */
    static final class Data {
        final Table<AuditEventId, AuditEvent> events =
                Table.unorderedIds("audit_event", AuditEvent::id, (AuditEventId l, AuditEventId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
        final ConcurrentSkipListMap<AuditChain, NavigableMap<Long, AuditEvent>> byChain =
                new ConcurrentSkipListMap<>(CHAIN_ORDER);
        final ConcurrentSkipListMap<AuditChain, ChainHead> heads = new ConcurrentSkipListMap<>(CHAIN_ORDER);

        Data() {
            // An event and the head it moves are published together under the chain's own monitor, so a
            // reader that saw one (under the monitor) sees the other: never a head past its events, nor
            // (for eventChains) an event past its head. One monitor per chain: nothing global.
            events.indexer((oldRow, newRow) -> {
                NavigableMap<Long, AuditEvent> chain =
                        byChain.computeIfAbsent(newRow.chain(), c -> new ConcurrentSkipListMap<>());
                synchronized (chain) {
                    chain.put(newRow.sequence(), newRow);
                    heads.merge(newRow.chain(), tail(newRow), (a, b) -> a.sequence() >= b.sequence() ? a : b);
                }
            });
        }
    }

    private final Data data;
    private final Transaction tx;
    private final TableTx<AuditEventId, AuditEvent> events;
    private final TreeMap<AuditChain, ChainHead> ownHeads = new TreeMap<>(CHAIN_ORDER);
    private final Set<AuditChain> locked = new HashSet<>();

    InMemoryAuditTrail(Data data, Transaction tx) {
        this.data = data;
        this.tx = tx;
        this.events = TableTx.open(data.events, tx);
    }

    private static LockKey headLock(AuditChain chain) {
        return new LockKey("audit_chain", chain);
    }

    @Override
    public ChainHead lockHead(AuditChain chain) {
        Objects.requireNonNull(chain, "chain");
        tx.lock(headLock(chain));
        locked.add(chain);
        return currentHead(chain).orElseGet(() -> ChainHead.empty(chain));
    }

    @Override
    public void append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        tx.checkOpen();
        AuditChain chain = event.chain();
        if (!locked.contains(chain)) {
            throw new IllegalStateException("lock the chain's head (lockHead) before appending to it");
        }
        ChainHead head = currentHead(chain).orElseGet(() -> ChainHead.empty(chain));
        if (event.sequence() != head.sequence() + 1 || !event.previousHash().equals(head.hash())) {
            throw new OptimisticLockException("the event does not follow the chain's head");
        }
        events.insert(event);
        ownHeads.put(chain, new ChainHead(chain, event.sequence(), event.hash()));
    }

    @Override
    public Optional<ChainHead> head(AuditChain chain) {
        Objects.requireNonNull(chain, "chain");
        tx.checkOpen();
        return currentHead(chain);
    }

    private Optional<ChainHead> currentHead(AuditChain chain) {
        ChainHead own = ownHeads.get(chain);
        return own != null ? Optional.of(own) : Optional.ofNullable(data.heads.get(chain));
    }

    @Override
    public List<AuditEvent> events(AuditChain chain, long afterSequence, int limit) {
        Objects.requireNonNull(chain, "chain");
        TableTx.checkLimit(limit);
        tx.checkOpen();
        TreeMap<Long, AuditEvent> page = new TreeMap<>();
        NavigableMap<Long, AuditEvent> committed = data.byChain.get(chain);
        if (committed != null) {
            for (AuditEvent event : committed.tailMap(afterSequence, false).values()) {
                page.put(event.sequence(), event);
                if (page.size() >= limit) {
                    break;
                }
            }
        }
        for (AuditEvent event : events.buffered(e -> e.chain().equals(chain) && e.sequence() > afterSequence)) {
            page.put(event.sequence(), event);
        }
        return first(page.values(), limit);
    }

    @Override
    public List<ChainHead> chains(AuditChain after, int limit) {
        TableTx.checkLimit(limit);
        tx.checkOpen();
        TreeMap<AuditChain, ChainHead> page = new TreeMap<>(CHAIN_ORDER);
        NavigableMap<AuditChain, ChainHead> committed = after == null ? data.heads : data.heads.tailMap(after, false);
        for (ChainHead head : committed.values()) {
            page.put(head.chain(), head);
            if (page.size() >= limit) {
                break;
            }
        }
        page.putAll(after == null ? ownHeads : ownHeads.tailMap(after, false));
        return first(page.values(), limit);
    }

    @Override
    public List<ChainHead> eventChains(AuditChain after, int limit) {
        TableTx.checkLimit(limit);
        tx.checkOpen();
        TreeMap<AuditChain, ChainHead> page = new TreeMap<>(CHAIN_ORDER);
        NavigableMap<AuditChain, NavigableMap<Long, AuditEvent>> committed =
                after == null ? data.byChain : data.byChain.tailMap(after, false);
        for (NavigableMap<Long, AuditEvent> chain : committed.values()) {
            Map.Entry<Long, AuditEvent> last;
            synchronized (chain) {
                last = chain.lastEntry();
            }
            if (last != null) {
                page.put(last.getValue().chain(), tail(last.getValue()));
                if (page.size() >= limit) {
                    break;
                }
            }
        }
        // This transaction's own events follow the committed ones of their chain.
        for (AuditEvent event : events.buffered(e -> after == null || CHAIN_ORDER.compare(e.chain(), after) > 0)) {
            page.merge(event.chain(), tail(event), (a, b) -> a.sequence() >= b.sequence() ? a : b);
        }
        return first(page.values(), limit);
    }

    private static ChainHead tail(AuditEvent event) {
        return new ChainHead(event.chain(), event.sequence(), event.hash());
    }

    private static <T> List<T> first(Iterable<T> values, int limit) {
        List<T> list = new ArrayList<>();
        for (T value : values) {
            if (list.size() == limit) {
                break;
            }
            list.add(value);
        }
        return list;
    }

    @Override
    public List<AuditEvent> accessesByOthers(AuditChain chain, long beforeSequence, int limit) {
        Objects.requireNonNull(chain, "chain");
        TableTx.checkLimit(limit);
        if (beforeSequence < 1) {
            throw new IllegalArgumentException("beforeSequence must be positive");
        }
        tx.checkOpen();
        TreeMap<Long, AuditEvent> page = new TreeMap<>(Comparator.reverseOrder());
        NavigableMap<Long, AuditEvent> committed = data.byChain.get(chain);
        if (committed != null) {
            for (AuditEvent event : committed.headMap(beforeSequence, false).descendingMap().values()) {
                if (byOthers(event)) {
                    page.put(event.sequence(), event);
                    if (page.size() >= limit) {
                        break;
                    }
                }
            }
        }
        for (AuditEvent event : events.buffered(e -> e.chain().equals(chain) && e.sequence() < beforeSequence
                && byOthers(e))) {
            page.put(event.sequence(), event);
        }
        return first(page.values(), limit);
    }

    private static boolean byOthers(AuditEvent event) {
        return event.actor().kind() == ActorKind.STAFF || event.actor().kind() == ActorKind.PROXY;
    }
}
