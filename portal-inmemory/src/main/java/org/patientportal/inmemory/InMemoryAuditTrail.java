package org.patientportal.inmemory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
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

    /**
     * One chain's committed events by sequence: a chain's sequences run 1, 2, 3... without a gap (an
     * append follows the locked head), so the event of sequence {@code s} sits at index {@code s - 1}
     * of an array that grows at its end. Guarded by its own monitor.
     */
    static final class ChainEvents {
        private AuditEvent[] events = new AuditEvent[8];
        /** The highest sequence stored; sequences below it may be missing only while a commit applies its events. */
        private int size;
        /** The head: the event of the highest sequence, as a {@link ChainHead}. */
        private ChainHead head;

        /** Stores a committed event at its sequence. */
        synchronized void put(AuditEvent event) {
            long sequence = event.sequence();
            if (sequence < 1 || sequence > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("audit sequence out of range: " + sequence);
            }
            int index = (int) sequence - 1;
            if (index >= events.length) {
                events = Arrays.copyOf(events, Math.max(index + 1, events.length + (events.length >> 1)));
            }
            events[index] = event;
            size = Math.max(size, index + 1);
            if (head == null || sequence > head.sequence()) {
                head = tail(event);
            }
        }

        /** The head, or null before the first event. */
        synchronized ChainHead head() {
            return head;
        }

        /** The event of the highest sequence, or null. */
        synchronized AuditEvent last() {
            return size == 0 ? null : events[size - 1];
        }

        /** At most {@code limit} events after {@code afterSequence}, in sequence order. */
        synchronized List<AuditEvent> after(long afterSequence, int limit) {
            List<AuditEvent> found = new ArrayList<>(Math.min(limit, 64));
            for (long i = Math.max(afterSequence, 0); i < size && found.size() < limit; i++) {
                AuditEvent event = events[(int) i];
                if (event != null) {
                    found.add(event);
                }
            }
            return found;
        }

        /** At most {@code limit} events before {@code beforeSequence} matching {@code filter}, latest first. */
        synchronized List<AuditEvent> before(long beforeSequence, int limit, Predicate<AuditEvent> filter) {
            List<AuditEvent> found = new ArrayList<>();
            for (long i = Math.min(beforeSequence - 1, size) - 1; i >= 0 && found.size() < limit; i--) {
                AuditEvent event = events[(int) i];
                if (event != null && filter.test(event)) {
                    found.add(event);
                }
            }
            return found;
        }
    }

    /** Committed events, indexed by chain and sequence, and the head of every chain. */
    static final class Data {
        final Table<AuditEventId, AuditEvent> events =
                Table.unorderedIds("audit_event", AuditEvent::id, (AuditEventId l, AuditEventId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
        /** Every chain in name order, for the lists of chains (a chain is added once, with its first event). */
        final ConcurrentSkipListMap<AuditChain, ChainEvents> byChain = new ConcurrentSkipListMap<>(CHAIN_ORDER);
        /** The same chains by name, for a lookup without a walk of string comparisons. */
        final ConcurrentHashMap<AuditChain, ChainEvents> chainsByName = new ConcurrentHashMap<>();

        /** The committed events and head of a chain, or null if it has none. */
        ChainEvents chain(AuditChain chain) {
            return chainsByName.get(chain);
        }

        Data() {
            // An event and the head it moves are published together under the chain's own monitor, so a
            // reader that saw one (under the monitor) sees the other: never a head past its events, nor
            // (for eventChains) an event past its head. One monitor per chain: nothing global.
            events.indexer((oldRow, newRow) -> {
                ChainEvents chain = chainsByName.computeIfAbsent(newRow.chain(), c -> {
                    ChainEvents created = new ChainEvents();
                    byChain.put(c, created);
                    return created;
                });
                chain.put(newRow);
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
        if (own != null) {
            return Optional.of(own);
        }
        ChainEvents committed = data.chain(chain);
        return committed == null ? Optional.empty() : Optional.ofNullable(committed.head());
    }

    @Override
    public List<AuditEvent> events(AuditChain chain, long afterSequence, int limit) {
        Objects.requireNonNull(chain, "chain");
        TableTx.checkLimit(limit);
        tx.checkOpen();
        TreeMap<Long, AuditEvent> page = new TreeMap<>();
        ChainEvents committed = data.chain(chain);
        if (committed != null) {
            for (AuditEvent event : committed.after(afterSequence, limit)) {
                page.put(event.sequence(), event);
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
        NavigableMap<AuditChain, ChainEvents> committed = after == null ? data.byChain : data.byChain.tailMap(after, false);
        for (ChainEvents chain : committed.values()) {
            ChainHead head = chain.head();
            if (head != null) {
                page.put(head.chain(), head);
                if (page.size() >= limit) {
                    break;
                }
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
        NavigableMap<AuditChain, ChainEvents> committed =
                after == null ? data.byChain : data.byChain.tailMap(after, false);
        for (ChainEvents chain : committed.values()) {
            AuditEvent last;
            synchronized (chain) {
                last = chain.last();
            }
            if (last != null) {
                page.put(last.chain(), tail(last));
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
        ChainEvents committed = data.chain(chain);
        if (committed != null) {
            for (AuditEvent event : committed.before(beforeSequence, limit, InMemoryAuditTrail::byOthers)) {
                page.put(event.sequence(), event);
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
