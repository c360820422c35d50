package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.ChainHead;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/**
 * {@link AuditTrail} on {@code audit_events} and {@code audit_chain_heads}. {@code lockHead} takes
 * the head row's lock ({@code SELECT ... FOR UPDATE}) after making sure the row exists; the locked
 * head is remembered for the rest of the transaction, so {@code append} checks the event against it
 * without a read, then writes the event and moves the head (one statement on PostgreSQL, written
 * behind: it goes with the transaction's next statement or its commit, see {@code JdbcTransaction#defer}).
 */
final class JdbcAuditTrail implements AuditTrail {
    private static final String EVENT_COLUMNS = "id, chain, seq, occurred_at, patient_id, actor_kind, actor_id,"
            + " actor_role, action, category, record_id, outcome, reason, previous_hash, hash";
    private static final String INSERT_EVENT = "INSERT INTO audit_events (" + EVENT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Locks one chain's head row. */
    static final String LOCK_HEAD = "SELECT seq, hash FROM audit_chain_heads WHERE chain = ? FOR UPDATE";
    /**
     * PostgreSQL: locks the heads of all the chains given, in ascending byte order of their names
     * (the rows pass the sort before they are locked), and only if every one of them exists: the
     * count in the guard reads the statement's snapshot without locking anything, so a missing head
     * leaves all rows unlocked and the caller creates heads one by one, in order.
     */
    static final String LOCK_HEADS_PG = "SELECT chain, seq, hash FROM audit_chain_heads"
            + " WHERE chain = ANY (CAST(? AS text[]))"
            + " AND (SELECT count(*) FROM audit_chain_heads WHERE chain = ANY (CAST(? AS text[]))) = ?"
            + " ORDER BY chain COLLATE \"C\" FOR UPDATE";
    private static final String INSERT_HEAD = "INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (?, 0, '')";
    private static final String MOVE_HEAD = "UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = ?";
    /** PostgreSQL: the event and the head in one round trip; no row updated means the event id was taken. */
    private static final String APPEND_PG = "WITH e AS (" + INSERT_EVENT + " ON CONFLICT DO NOTHING RETURNING chain, seq, hash)"
            + " UPDATE audit_chain_heads h SET seq = e.seq, hash = e.hash FROM e WHERE h.chain = e.chain";

    /**
     * Each chain's last stored event. PostgreSQL: a loose index scan (one probe of the (chain, seq)
     * index per chain, then its last event read backwards), so a page costs its size, not the table.
     */
    private static final String EVENT_CHAINS_PG = "WITH RECURSIVE c(chain) AS ("
            + " (SELECT chain FROM audit_events WHERE chain > ? ORDER BY chain LIMIT 1)"
            + " UNION ALL SELECT (SELECT e.chain FROM audit_events e WHERE e.chain > c.chain ORDER BY e.chain LIMIT 1)"
            + " FROM c WHERE c.chain IS NOT NULL),"
            + " page AS (SELECT chain FROM c WHERE chain IS NOT NULL LIMIT ?)"
            + " SELECT page.chain, l.seq, l.hash FROM page CROSS JOIN LATERAL"
            + " (SELECT seq, hash FROM audit_events e WHERE e.chain = page.chain ORDER BY seq DESC LIMIT 1) l"
            + " ORDER BY page.chain";
    /** H2 (the embedded default, for smaller trails): the highest sequence per chain, by GROUP BY. */
    private static final String EVENT_CHAINS = "SELECT e.chain, e.seq, e.hash FROM audit_events e JOIN"
            + " (SELECT chain, MAX(seq) AS seq FROM audit_events WHERE chain > ? GROUP BY chain ORDER BY chain LIMIT ?) m"
            + " ON e.chain = m.chain AND e.seq = m.seq ORDER BY e.chain";

    private final JdbcTransaction tx;

    JdbcAuditTrail(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public ChainHead lockHead(AuditChain chain) {
        Objects.requireNonNull(chain, "chain");
        ChainHead held = tx.lockedHeads().get(chain);
        if (held != null) {
            return held;
        }
        Optional<ChainHead> head = tx.queryOne("lock audit chain head", LOCK_HEAD, p -> p.text(chain.value()),
                row -> head(chain, row));
        if (head.isEmpty()) {
            // First event of the chain. Neither way of creating the row fails the transaction when a
            // concurrent one creates it first: PostgreSQL skips the conflict, H2 undoes the statement alone.
            if (tx.postgres()) {
                tx.update("create audit chain head", INSERT_HEAD + " ON CONFLICT DO NOTHING", p -> p.text(chain.value()));
            } else {
                try {
                    tx.update("create audit chain head", INSERT_HEAD, p -> p.text(chain.value()));
                } catch (DuplicateKeyException createdConcurrently) {
                    // the row is there now; lock it below
                }
            }
            head = tx.queryOne("lock audit chain head", LOCK_HEAD, p -> p.text(chain.value()), row -> head(chain, row));
        }
        ChainHead locked = head.orElseThrow(() -> new IllegalStateException("audit chain head vanished"));
        tx.lockedHeads().put(chain, locked);
        return locked;
    }

    /**
     * {@inheritDoc}
     *
     * <p>PostgreSQL, when the chains are ascending ASCII names none of which this transaction holds
     * yet, and each has a head: one statement locks them all ({@link #LOCK_HEADS_PG}), in the order
     * one-by-one locking would take. Otherwise, and when a head is still to be created (a chain's first
     * event), one by one: creating a head after locking a later one would break the order.
     */
    @Override
    public Map<AuditChain, ChainHead> lockHeads(List<AuditChain> chains) {
        Objects.requireNonNull(chains, "chains");
        if (tx.postgres() && chains.size() > 1 && ascendingAscii(chains)
                && chains.stream().noneMatch(tx.lockedHeads()::containsKey)) {
            String[] names = chains.stream().map(AuditChain::value).toArray(String[]::new);
            List<ChainHead> locked = tx.query("lock audit chain heads", LOCK_HEADS_PG,
                    p -> p.array("text", names).array("text", names).integer(names.length), JdbcAuditTrail::chainHead);
            if (locked.size() == names.length) {
                Map<AuditChain, ChainHead> heads = new LinkedHashMap<>();
                for (ChainHead head : locked) {
                    tx.lockedHeads().put(head.chain(), head);
                    heads.put(head.chain(), head);
                }
                return heads;
            }
            // locked.size() is 0 here: a head is missing, and the guard locked nothing
        }
        return AuditTrail.super.lockHeads(chains);
    }

    /** Strictly ascending, and ASCII, so that Java's order and PostgreSQL's {@code "C"} order agree. */
    private static boolean ascendingAscii(List<AuditChain> chains) {
        String previous = null;
        for (AuditChain chain : chains) {
            String value = chain.value();
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) > 0x7f) {
                    return false;
                }
            }
            if (previous != null && previous.compareTo(value) >= 0) {
                return false;
            }
            previous = value;
        }
        return true;
    }

    @Override
    public void append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        tx.checkOpen();
        ChainHead head = tx.lockedHeads().get(event.chain());
        if (head == null) {
            throw new IllegalStateException("lockHead was not called for this chain in this transaction");
        }
        if (event.sequence() != head.sequence() + 1 || !event.previousHash().equals(head.hash())) {
            throw new OptimisticLockException("Could not append audit event: it does not follow the chain's head");
        }
        if (tx.postgres()) {
            tx.defer("append audit event", APPEND_PG, p -> bindEvent(p, event),
                    "Could not append audit event: the id is taken");
        } else {
            tx.update("append audit event", INSERT_EVENT, p -> bindEvent(p, event));
            tx.update("move audit chain head", MOVE_HEAD,
                    p -> p.bigint(event.sequence()).text(event.hash()).text(event.chain().value()));
        }
        tx.lockedHeads().put(event.chain(), new ChainHead(event.chain(), event.sequence(), event.hash()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Checked against the locked heads first, then written as one JDBC batch (one round trip on
     * PostgreSQL: each statement writes an event and moves its head; on H2 the events, then the heads).
     */
    @Override
    public void appendAll(List<AuditEvent> events) {
        Objects.requireNonNull(events, "events");
        tx.checkOpen();
        if (events.size() < 2) {
            events.forEach(this::append);
            return;
        }
        Map<AuditChain, ChainHead> heads = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            ChainHead head = heads.containsKey(event.chain()) ? heads.get(event.chain())
                    : tx.lockedHeads().get(event.chain());
            if (head == null) {
                throw new IllegalStateException("lockHead was not called for this chain in this transaction");
            }
            if (event.sequence() != head.sequence() + 1 || !event.previousHash().equals(head.hash())) {
                throw new OptimisticLockException("Could not append audit event: it does not follow the chain's head");
            }
            heads.put(event.chain(), new ChainHead(event.chain(), event.sequence(), event.hash()));
        }
        List<Sql.Binder> binders = new ArrayList<>(events.size());
        for (AuditEvent event : events) {
            binders.add(p -> bindEvent(p, event));
        }
        int[] counts = tx.batch("append audit events", tx.postgres() ? APPEND_PG : INSERT_EVENT, binders);
        for (int count : counts) {
            if (count == 0 || count == Statement.EXECUTE_FAILED) {
                throw new DuplicateKeyException("Could not append audit event: the id is taken");
            }
        }
        if (!tx.postgres()) {
            List<Sql.Binder> moves = new ArrayList<>(heads.size());
            for (ChainHead head : heads.values()) {
                moves.add(p -> p.bigint(head.sequence()).text(head.hash()).text(head.chain().value()));
            }
            tx.batch("move audit chain heads", MOVE_HEAD, moves);
        }
        tx.lockedHeads().putAll(heads);
    }

    @Override
    public Optional<ChainHead> head(AuditChain chain) {
        Objects.requireNonNull(chain, "chain");
        return tx.queryOne("read audit chain head", "SELECT seq, hash FROM audit_chain_heads WHERE chain = ? AND seq > 0",
                p -> p.text(chain.value()), row -> head(chain, row));
    }

    @Override
    public List<AuditEvent> events(AuditChain chain, long afterSequence, int limit) {
        Objects.requireNonNull(chain, "chain");
        Sql.pageLimit(limit);
        if (afterSequence < 0) {
            throw new IllegalArgumentException("afterSequence must not be negative");
        }
        return tx.query("list audit events", "SELECT " + EVENT_COLUMNS
                        + " FROM audit_events WHERE chain = ? AND seq > ? ORDER BY seq LIMIT ?",
                p -> p.text(chain.value()).bigint(afterSequence).integer(limit), JdbcAuditTrail::event);
    }

    @Override
    public List<ChainHead> chains(AuditChain after, int limit) {
        Sql.pageLimit(limit);
        if (after == null) {
            return tx.query("list audit chains",
                    "SELECT chain, seq, hash FROM audit_chain_heads WHERE seq > 0 ORDER BY chain LIMIT ?",
                    p -> p.integer(limit), JdbcAuditTrail::chainHead);
        }
        return tx.query("list audit chains",
                "SELECT chain, seq, hash FROM audit_chain_heads WHERE chain > ? AND seq > 0 ORDER BY chain LIMIT ?",
                p -> p.text(after.value()).integer(limit), JdbcAuditTrail::chainHead);
    }

    @Override
    public List<ChainHead> eventChains(AuditChain after, int limit) {
        Sql.pageLimit(limit);
        // Chain names are never empty, so '' starts the first page.
        String from = after == null ? "" : after.value();
        if (tx.postgres()) {
            return tx.query("list audit event chains", EVENT_CHAINS_PG, p -> p.text(from).integer(limit),
                    JdbcAuditTrail::chainHead);
        }
        return tx.query("list audit event chains", EVENT_CHAINS, p -> p.text(from).integer(limit),
                JdbcAuditTrail::chainHead);
    }

    private static void bindEvent(Sql.Params p, AuditEvent event) throws SQLException {
        AuditActor actor = event.actor();
        p.uuid(event.id().value()).text(event.chain().value()).bigint(event.sequence()).instant(event.occurredAt())
                .uuid(event.patientId() == null ? null : event.patientId().value()).text(actor.kind())
                .text(actor.id()).text(actor.role()).text(event.action()).text(event.category())
                .text(event.recordId()).text(event.outcome()).text(event.reason()).text(event.previousHash())
                .text(event.hash());
    }

    static ChainHead head(AuditChain chain, ResultSet row) throws SQLException {
        return new ChainHead(chain, row.getLong("seq"), row.getString("hash"));
    }

    private static ChainHead chainHead(ResultSet row) throws SQLException {
        return new ChainHead(new AuditChain(row.getString("chain")), row.getLong("seq"), row.getString("hash"));
    }

    private static AuditEvent event(ResultSet row) throws SQLException {
        UUID patient = Sql.uuid(row, "patient_id");
        return new AuditEvent(new AuditEventId(Sql.uuid(row, "id")), new AuditChain(row.getString("chain")),
                row.getLong("seq"), Sql.instant(row, "occurred_at"), patient == null ? null : new PatientId(patient),
                new AuditActor(Sql.enumValue(row, "actor_kind", ActorKind.class), row.getString("actor_id"),
                        row.getString("actor_role")),
                Sql.enumValue(row, "action", AuditAction.class), row.getString("category"),
                row.getString("record_id"), Sql.enumValue(row, "outcome", AuditOutcome.class),
                row.getString("reason"), row.getString("previous_hash"), row.getString("hash"));
    }

    /** On PostgreSQL a partial index of these events only (V13); the kinds are literals so that it applies. */
    @Override
    public List<AuditEvent> accessesByOthers(AuditChain chain, long beforeSequence, int limit) {
        Objects.requireNonNull(chain, "chain");
        Sql.pageLimit(limit);
        if (beforeSequence < 1) {
            throw new IllegalArgumentException("beforeSequence must be positive");
        }
        return tx.query("list audit events by others", "SELECT " + EVENT_COLUMNS
                        + " FROM audit_events WHERE chain = ? AND actor_kind IN ('STAFF', 'PROXY') AND seq < ?"
                        + " ORDER BY seq DESC LIMIT ?",
                p -> p.text(chain.value()).bigint(beforeSequence).integer(limit), JdbcAuditTrail::event);
    }
}
