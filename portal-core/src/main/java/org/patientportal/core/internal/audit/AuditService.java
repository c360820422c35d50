package org.patientportal.core.internal.audit;

import org.patientportal.core.audit.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.patientportal.core.audit.AuditVerification.CheckpointStatus;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActorKind;
import org.patientportal.spi.storage.StorageTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.AuditHashes;
import org.patientportal.core.internal.Keys;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.PatientId;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * The {@link AuditLog} over the storage's audit trail. Built by the portal builder; not API.
 */
public final class AuditService implements AuditLog {
    /** Audit data category of a trail read. */
    public static final String CATEGORY = "audit-trail";

    private static final int PAGE = 1000;
    /** The order of chain names in every chain list: their binary order, as {@code COLLATE "C"} sorts them. */
    private static final Comparator<AuditChain> CHAIN_ORDER = Comparator.comparing(AuditChain::value);
    private static final String LIST = "audit.trail";
    private static final Operation TRAIL = Operation.named("audit.trail", AuditLog.class, "trail", Actor.class,
            PatientId.class, PageRequest.class);

    private final PortalContext context;

    /**
     * @param context the portal's shared plumbing
     */
    public AuditService(PortalContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public AuditVerification verify() {
        Walk walk = walk();
        return new AuditVerification(walk.broken.isEmpty(), walk.events, List.copyOf(walk.broken));
    }

    @Override
    public AuditVerification verify(Iterable<AuditCheckpoint> checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        TreeSet<AuditChain> lost = new TreeSet<>(CHAIN_ORDER);
        boolean trusted = checkCheckpoint(checkpoint, lost);
        Walk walk = walk();
        lost.addAll(walk.broken);
        CheckpointStatus status = trusted ? CheckpointStatus.TRUSTED : CheckpointStatus.REJECTED;
        return new AuditVerification(lost.isEmpty() && trusted, walk.events, List.copyOf(lost), status);
    }

    @Override
    public void checkpoint(AuditCheckpointSink sink) {
        Objects.requireNonNull(sink, "sink");
        String id = Uuids.timeOrdered().toString();
        Instant takenAt = Time.now(context.clock());
        List<ChainHead> page = heads(null);
        int part = 0;
        while (true) {
            // One page ahead, to mark the last part.
            List<ChainHead> next = page.size() < PAGE ? List.of() : heads(page.get(page.size() - 1).chain());
            boolean last = next.isEmpty();
            List<AuditCheckpoint.Head> heads = page.stream()
                    .map(h -> new AuditCheckpoint.Head(h.chain(), h.sequence(), h.hash())).toList();
            sink.write(new AuditCheckpoint(id, takenAt, part, last, heads,
                    AuditCheckpoints.sign(context.keys(), id, takenAt, part, last, heads)));
            if (last) {
                return;
            }
            page = next;
            part++;
        }
    }

    private List<ChainHead> heads(AuditChain after) {
        return context.transactions().run(tx -> tx.auditTrail().chains(after, PAGE));
    }

    /**
     * Checks the checkpoint's parts one at a time, adding to {@code lost} every chain of a genuine
     * part that no longer holds its checkpointed event.
     *
     * @return whether every part is genuine and the parts form one whole checkpoint
     */
    private boolean checkCheckpoint(Iterable<AuditCheckpoint> checkpoint, Set<AuditChain> lost) {
        boolean whole = true;
        String id = null;
        int expectedPart = 0;
        boolean ended = false;
        for (AuditCheckpoint part : checkpoint) {
            Objects.requireNonNull(part, "checkpoint part");
            if (!AuditCheckpoints.genuine(context.keys(), part)) {
                whole = false;
                continue;
            }
            if (id == null) {
                id = part.id();
            }
            if (ended || !part.id().equals(id) || part.part() != expectedPart) {
                whole = false;
            }
            expectedPart = part.part() + 1;
            ended |= part.last();
            lost.addAll(context.transactions().run(tx -> {
                List<AuditChain> gone = new ArrayList<>();
                for (AuditCheckpoint.Head head : part.heads()) {
                    if (!holds(tx.auditTrail(), head)) {
                        gone.add(head.chain());
                    }
                }
                return gone;
            }));
        }
        return whole && ended;
    }

    /** Whether the chain still has a head at least as far as {@code head} and its checkpointed event. */
    private static boolean holds(AuditTrail trail, AuditCheckpoint.Head head) {
        Optional<ChainHead> now = trail.head(head.chain());
        if (now.isEmpty() || now.get().sequence() < head.sequence()) {
            return false;
        }
        List<AuditEvent> at = trail.events(head.chain(), head.sequence() - 1, 1);
        return !at.isEmpty() && at.get(0).sequence() == head.sequence()
                && Keys.hashEquals(at.get(0).hash(), head.hash());
    }

    /**
     * Walks the heads ({@code chains}) and the chains found in the events themselves
     * ({@code eventChains}) side by side, in chain order, and verifies each chain once.
     */
    private Walk walk() {
        Walk walk = new Walk();
        Cursor heads = new Cursor((after, tx) -> tx.auditTrail().chains(after, PAGE));
        Cursor stored = new Cursor((after, tx) -> tx.auditTrail().eventChains(after, PAGE));
        while (true) {
            ChainHead head = heads.peek();
            ChainHead tail = stored.peek();
            if (head == null && tail == null) {
                return walk;
            }
            int order = head == null ? 1 : tail == null ? -1 : CHAIN_ORDER.compare(head.chain(), tail.chain());
            if (order <= 0) {
                heads.advance();
            }
            if (order >= 0) {
                stored.advance();
            }
            walk.check(order > 0 ? null : head, order < 0 ? null : tail);
        }
    }

    /** The running result of a walk. */
    private final class Walk {
        long events;
        final List<AuditChain> broken = new ArrayList<>();

        /**
         * Verifies one chain given its head (null: none read) and its last stored event (null: none
         * stored when read). A stored event past the head, or events without a head, may be an append
         * that committed between the two reads: the head is read again (heads only move forward, and
         * an event commits with its head) before the chain is called broken.
         */
        void check(ChainHead head, ChainHead tail) {
            AuditChain chain = head != null ? head.chain() : tail.chain();
            if (tail != null && (head == null || head.sequence() < tail.sequence())) {
                head = context.transactions().run(tx -> tx.auditTrail().head(chain)).orElse(null);
                if (head == null || head.sequence() < tail.sequence()) {
                    broken.add(chain);
                    return;
                }
            }
            ChainCheck check = verifyChain(head);
            events += check.events;
            if (!check.intact) {
                broken.add(chain);
            }
        }
    }

    /** Reads one kind of chain list page by page. */
    private final class Cursor {
        private final BiFunction<AuditChain, StorageTransaction, List<ChainHead>> fetch;
        private List<ChainHead> page = List.of();
        private int index;
        private boolean exhausted;

        Cursor(BiFunction<AuditChain, StorageTransaction, List<ChainHead>> fetch) {
            this.fetch = fetch;
        }

        /** The next row, read in if needed; null after the last. */
        ChainHead peek() {
            if (index == page.size()) {
                if (exhausted) {
                    return null;
                }
                AuditChain after = page.isEmpty() ? null : page.get(page.size() - 1).chain();
                page = context.transactions().run(tx -> fetch.apply(after, tx));
                index = 0;
                exhausted = page.size() < PAGE;
                if (page.isEmpty()) {
                    return null;
                }
            }
            return page.get(index);
        }

        void advance() {
            index++;
        }
    }

    /** Checks the chain's events 1 to the head's sequence: each present, linked to the one before, hashed right. */
    private ChainCheck verifyChain(ChainHead head) {
        long expected = 1;
        String previousHash = "";
        long events = 0;
        boolean intact = true;
        while (expected <= head.sequence()) {
            long afterSequence = expected - 1;
            List<AuditEvent> page = context.transactions().run(
                    tx -> tx.auditTrail().events(head.chain(), afterSequence, PAGE));
            if (page.isEmpty()) {
                return new ChainCheck(events, false);
            }
            for (AuditEvent event : page) {
                if (event.sequence() > head.sequence()) {
                    break; // appended after the head was read
                }
                events++;
                if (event.sequence() != expected
                        || !event.chain().equals(head.chain())
                        || !event.previousHash().equals(previousHash)
                        || !belongsTo(event, head.chain())
                        || !event.hash().equals(AuditHashes.hash(context.keys(), event))) {
                    intact = false;
                }
                expected = event.sequence() + 1;
                previousHash = event.hash();
            }
            if (!intact) {
                return new ChainCheck(events, false);
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        boolean headMatches = expected == head.sequence() + 1 && previousHash.equals(head.hash());
        return new ChainCheck(events, intact && headMatches);
    }

    /** A patient's event is on the patient's chain; any other is on a chain of no patient. */
    private static boolean belongsTo(AuditEvent event, AuditChain chain) {
        return event.patientId() == null ? !chain.isPatientChain() : chain.equals(AuditChain.of(event.patientId()));
    }

    @Override
    public Page<AuditEntry> trail(Actor staff, PatientId patient, PageRequest page) {
        return context.access().run(staff, patient, TRAIL,
                () -> PageCursors.violations(context.validation(), page, LIST, 1, PageRequest.MAX_SIZE),
                (tx, access) -> {
            if (tx.patients().find(patient).isEmpty()) {
                throw new NotFoundException("patient");
            }
            long after = PageCursors.sequenceOf(LIST, page);
            List<AuditEvent> events = tx.auditTrail().events(AuditChain.of(patient), after, page.size() + 1);
            context.audit().record(tx, access.success(patient.toString()));
            List<AuditEntry> items = events.subList(0, Math.min(events.size(), page.size())).stream()
                    .map(AuditService::entry).toList();
            String next = events.size() > page.size()
                    ? PageCursors.afterSequence(LIST, events.get(page.size() - 1).sequence()) : null;
            return new Page<>(items, next);
        });
    }

    private static AuditEntry entry(AuditEvent e) {
        return new AuditEntry(e.sequence(), e.occurredAt(), e.actor().kind(), e.actor().id(), e.actor().role(),
                e.action(), e.category(), e.recordId(), e.outcome(), e.reason());
    }

    private record ChainCheck(long events, boolean intact) {
    }

    // ------------------------------------------------------------------ the patient's access log (AD-4)

    private static final String ACCESS_LIST = "audit.access-log";
    private static final Operation ACCESS_LOG = Operation.named("audit.accessLog", AuditLog.class, "accessLog",
            Actor.class, PatientId.class, PageRequest.class);
    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);

    private volatile @Nullable StaffDirectory staffDirectory;

    /**
     * Names the host's staff in the patient's access log; without it (or with null) the log shows
     * the role alone. Called by the builder before the portal is used.
     *
     * @return this service
     */
    public AuditService withStaffDirectory(@Nullable StaffDirectory directory) {
        this.staffDirectory = directory;
        return this;
    }

    @Override
    public Page<AccessLogEntry> accessLog(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, ACCESS_LOG,
                () -> PageCursors.violations(context.validation(), page, ACCESS_LIST, 1, PageRequest.MAX_SIZE),
                (tx, access) -> {
            if (tx.patients().find(patient).isEmpty()) {
                throw new NotFoundException("patient");
            }
            long cursor = PageCursors.sequenceOf(ACCESS_LIST, page);
            List<AuditEvent> events = tx.auditTrail().accessesByOthers(AuditChain.of(patient),
                    cursor == 0 ? Long.MAX_VALUE : cursor, page.size() + 1);
            // audited as the caller's own read: a patient's does not show in their log, a proxy's does
            context.audit().record(tx, access.success(patient.toString()));
            Map<String, Optional<String>> names = new HashMap<>();
            List<AccessLogEntry> items = new ArrayList<>();
            for (AuditEvent e : events.subList(0, Math.min(events.size(), page.size()))) {
                boolean staff = e.actor().kind() == ActorKind.STAFF;
                String name = names.computeIfAbsent(e.actor().kind() + ":" + e.actor().id(),
                        key -> staff ? staffName(e.actor().id()) : proxyName(tx, e.actor().id())).orElse(null);
                items.add(new AccessLogEntry(e.occurredAt(), e.actor().kind(), staff ? e.actor().role() : null, name,
                        e.action(), e.category(), e.outcome()));
            }
            String next = events.size() > page.size()
                    ? PageCursors.afterSequence(ACCESS_LIST, events.get(page.size() - 1).sequence()) : null;
            return new Page<>(items, next);
        });
    }

    private Optional<String> staffName(String staffId) {
        StaffDirectory directory = staffDirectory;
        if (directory == null) {
            return Optional.empty();
        }
        try {
            Optional<String> name = directory.displayName(staffId);
            return name == null ? Optional.empty() : name.filter(n -> !n.isBlank());
        } catch (RuntimeException e) {
            LOG.warn("the staff directory failed: {}", e.getClass().getName());
            return Optional.empty();
        }
    }

    private static Optional<String> proxyName(StorageTransaction tx, String accountId) {
        AccountId account;
        try {
            account = AccountId.parse(accountId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return tx.accounts().find(account).flatMap(a -> tx.patients().find(a.patientId()))
                .map(p -> p.givenName() + " " + p.familyName());
    }
}
