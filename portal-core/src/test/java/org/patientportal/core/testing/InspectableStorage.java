package org.patientportal.core.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;

/**
 * A storage decorator for tests: records which stores each transaction touched, and can tamper
 * with audit events as they are read (an edited or a missing row), for adapters that offer no way
 * to edit their rows (the in-memory one).
 */
public final class InspectableStorage implements PortalStorage {
    private final PortalStorage delegate;
    private final AtomicInteger transactions = new AtomicInteger();
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private final Map<String, UnaryOperator<AuditEvent>> edits = new ConcurrentHashMap<>();
    private final List<String> hidden = new CopyOnWriteArrayList<>();
    private final Map<AuditChain, Optional<ChainHead>> heads = new ConcurrentHashMap<>();

    private InspectableStorage(PortalStorage delegate) {
        this.delegate = delegate;
    }

    /** Wraps {@code delegate}. */
    public static InspectableStorage wrap(PortalStorage delegate) {
        return new InspectableStorage(delegate);
    }

    /** How many transactions ran. */
    public int transactions() {
        return transactions.get();
    }

    /** The stores touched ({@code "patients"}, {@code "activationCodes"}, ...) since the last {@link #reset()}. */
    public Set<String> touched() {
        return Set.copyOf(touched);
    }

    /** Forgets the transactions and stores seen. */
    public void reset() {
        transactions.set(0);
        touched.clear();
    }

    /** From now on, the event at {@code sequence} of {@code chain} reads back as {@code edit} makes it. */
    public void editOnRead(AuditChain chain, long sequence, UnaryOperator<AuditEvent> edit) {
        edits.put(chain + "#" + sequence, edit);
    }

    /** From now on, the event at {@code sequence} of {@code chain} is missing when read. */
    public void hideOnRead(AuditChain chain, long sequence) {
        hidden.add(chain + "#" + sequence);
    }

    /**
     * From now on, the head of {@code chain} reads back as {@code head}: empty as if its row were
     * deleted; a head of sequence 0 reads as a JDBC adapter reads a zeroed row (no head).
     */
    public void headOnRead(AuditChain chain, Optional<ChainHead> head) {
        heads.put(chain, head.filter(h -> h.sequence() > 0));
    }

    /**
     * From now on, the whole of {@code chain}, events and head, is missing when read. Its events
     * must be at most 1000 (as the tests' are).
     */
    public void hideChainOnRead(AuditChain chain) {
        for (long sequence = 1; sequence <= 1000; sequence++) {
            hideOnRead(chain, sequence);
        }
        headOnRead(chain, Optional.empty());
    }

    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        transactions.incrementAndGet();
        return delegate.inTransaction(tx -> work.execute(inspect(tx)));
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Records every store the work asks for and hands out the delegate's, the audit trail wrapped for
     * tampering. A dynamic proxy, so stores added to the SPI later need no change here.
     */
    private StorageTransaction inspect(StorageTransaction tx) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "InspectableStorage.Tx";
                };
            }
            touched.add(method.getName());
            Object store = method.invoke(tx, args);
            return store instanceof AuditTrail trail ? new TamperedTrail(trail) : store;
        };
        return (StorageTransaction) Proxy.newProxyInstance(StorageTransaction.class.getClassLoader(),
                new Class<?>[] {StorageTransaction.class}, handler);
    }

    private final class TamperedTrail implements AuditTrail {
        private final AuditTrail trail;

        TamperedTrail(AuditTrail trail) {
            this.trail = trail;
        }

        @Override
        public ChainHead lockHead(AuditChain chain) {
            return trail.lockHead(chain);
        }

        @Override
        public void append(AuditEvent event) {
            trail.append(event);
        }

        @Override
        public Optional<ChainHead> head(AuditChain chain) {
            Optional<ChainHead> tampered = heads.get(chain);
            return tampered != null ? tampered : trail.head(chain);
        }

        @Override
        public List<AuditEvent> events(AuditChain chain, long afterSequence, int limit) {
            List<AuditEvent> out = new ArrayList<>();
            for (AuditEvent event : trail.events(chain, afterSequence, limit)) {
                String key = event.chain() + "#" + event.sequence();
                if (hidden.contains(key)) {
                    continue;
                }
                UnaryOperator<AuditEvent> edit = edits.get(key);
                out.add(edit == null ? event : edit.apply(event));
            }
            return out;
        }

        @Override
        public List<ChainHead> chains(AuditChain after, int limit) {
            // At most `heads.size()` rows drop out of a page; a page that lost some is short, which the
            // tests' small trails (under one page) never notice.
            List<ChainHead> out = new ArrayList<>();
            for (ChainHead head : trail.chains(after, limit)) {
                Optional<ChainHead> tampered = heads.get(head.chain());
                if (tampered == null) {
                    out.add(head);
                } else {
                    tampered.ifPresent(out::add);
                }
            }
            return out;
        }

        @Override
        public List<ChainHead> eventChains(AuditChain after, int limit) {
            // Recomputed from the tampered events where a chain lost or changed some.
            List<ChainHead> out = new ArrayList<>();
            for (ChainHead tail : trail.eventChains(after, limit)) {
                String prefix = tail.chain() + "#";
                boolean touchedChain = hidden.stream().anyMatch(k -> k.startsWith(prefix))
                        || edits.keySet().stream().anyMatch(k -> k.startsWith(prefix));
                if (!touchedChain) {
                    out.add(tail);
                    continue;
                }
                List<AuditEvent> left = events(tail.chain(), 0, 1000);
                if (!left.isEmpty()) {
                    AuditEvent last = left.get(left.size() - 1);
                    out.add(new ChainHead(last.chain(), last.sequence(), last.hash()));
                }
            }
            return out;
        }

        @Override
        public List<AuditEvent> accessesByOthers(AuditChain chain, long beforeSequence, int limit) {
            return trail.accessesByOthers(chain, beforeSequence, limit);
        }
    }
}
