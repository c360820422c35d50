package org.patientportal.core.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.ChainHead;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.StorageTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends audit events to their chain (AD-1, AD-2): locks the chain's head, links the event to it
 * and hashes it with {@link AuditHashes}. The chain is the patient's; an event without a patient
 * goes to its staff actor's chain, or (no staff actor: unknown-user logins, the SDK's own jobs) to
 * one of {@link #SHARDS} shards picked by the event's random id bits. So no head is locked by every
 * writer: writers for different patients, and different staff members, never wait on each other.
 */
public final class AuditWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);

    /** How many shard chains share the events that have neither a patient nor a staff actor. */
    public static final int SHARDS = 16;

    private final Keys keys;
    private final Clock clock;

    /**
     * Creates the writer.
     *
     * @param keys  the host's keys
     * @param clock the injected clock (event time, UTC)
     */
    public AuditWriter(Keys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Appends one event in the caller's transaction; it commits with the use case's writes.
     *
     * @return the event as appended
     */
    public AuditEvent record(StorageTransaction tx, Audited event) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(event, "event");
        AuditEventId id = AuditEventId.newId();
        AuditEvent hashed = linked(event, id, tx.auditTrail().lockHead(chainOf(event, id)));
        tx.auditTrail().append(hashed);
        return hashed;
    }

    /**
     * The chain an event goes to: its patient's; without a patient, its staff actor's; otherwise
     * the shard picked by the id's random low bits (UUID version 7: the low 62 bits are random).
     */
    static AuditChain chainOf(Audited event, AuditEventId id) {
        if (event.patient() != null) {
            return AuditChain.of(event.patient());
        }
        if (event.actor().kind() == ActorKind.STAFF) {
            return AuditChain.staff(event.actor().id());
        }
        return AuditChain.shard((int) Math.floorMod(id.value().getLeastSignificantBits(), (long) SHARDS));
    }

    /**
     * Appends several events in the caller's transaction, in their order, in as few round trips as
     * the storage allows. The heads of all their chains are locked first, at once, in ascending
     * order of the chains' names ({@link org.patientportal.spi.storage.AuditTrail#lockHeads}): two
     * calls never lock the same chains in opposite orders, whatever the order of their events.
     * Callers that lock other heads before, in the same transaction, keep to that order.
     *
     * @return the events as appended
     */
    public List<AuditEvent> recordAll(StorageTransaction tx, List<Audited> events) {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(events, "events");
        List<AuditEventId> ids = new ArrayList<>(events.size());
        List<AuditChain> chains = new ArrayList<>(events.size());
        TreeSet<AuditChain> distinct = new TreeSet<>(Comparator.comparing(AuditChain::value));
        for (Audited event : events) {
            AuditEventId id = AuditEventId.newId();
            AuditChain chain = chainOf(event, id);
            ids.add(id);
            chains.add(chain);
            distinct.add(chain);
        }
        Map<AuditChain, ChainHead> heads = new HashMap<>(tx.auditTrail().lockHeads(List.copyOf(distinct)));
        List<AuditEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            AuditChain chain = chains.get(i);
            AuditEvent hashed = linked(events.get(i), ids.get(i), heads.get(chain));
            heads.put(chain, new ChainHead(chain, hashed.sequence(), hashed.hash()));
            out.add(hashed);
        }
        tx.auditTrail().appendAll(out);
        return out;
    }

    /**
     * Links and hashes {@code event} as {@link #record} would, after an empty head of its chain, and
     * returns it without writing it anywhere: {@link Preparation} readies the hashing this way.
     */
    AuditEvent draft(Audited event) {
        AuditEventId id = AuditEventId.newId();
        return linked(event, id, ChainHead.empty(chainOf(event, id)));
    }

    /** The event following {@code head}, hashed. */
    private AuditEvent linked(Audited event, AuditEventId id, ChainHead head) {
        AuditEvent draft = new AuditEvent(id, head.chain(), head.sequence() + 1, Time.now(clock),
                event.patient(), event.actor(), event.action(), event.category(), event.recordId(),
                event.outcome(), event.reason(), head.hash(), "pending");
        return new AuditEvent(draft.id(), draft.chain(), draft.sequence(), draft.occurredAt(),
                draft.patientId(), draft.actor(), draft.action(), draft.category(), draft.recordId(),
                draft.outcome(), draft.reason(), draft.previousHash(), AuditHashes.hash(keys, draft));
    }

    /**
     * Writes the event of a call that failed, in its own transaction (the call's was rolled back),
     * so that denied and failed attempts are kept (AD-3). If the storage fails too, the audit
     * failure is added to {@code failure} as suppressed and logged; {@code failure} stays the
     * exception the caller throws.
     */
    public void recordFailure(Transactions transactions, Audited event, Throwable failure) {
        Objects.requireNonNull(event, "event");
        recordFailure(transactions, tx -> event, failure);
    }

    /**
     * As {@link #recordFailure(Transactions, Audited, Throwable)}, with the event made inside the
     * audit transaction (to look up, say, whether the patient named exists before using its chain).
     */
    public void recordFailure(Transactions transactions, Function<StorageTransaction, Audited> event,
                              Throwable failure) {
        try {
            transactions.run(tx -> record(tx, event.apply(tx)));
        } catch (RuntimeException e) {
            LOG.error("an audit event of a failed call could not be written");
            if (failure != null && failure != e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Records what a staff list showed (AD-1, ST-2): one event per distinct patient among
     * {@code patients} on that patient's chain, in patient-id order (so two lists never lock the same
     * chains in opposite orders), or, when the list showed no patient, one event without a patient.
     *
     * @param patients the patient of each item shown; nulls (items of no patient) are skipped
     */
    public void recordPerPatient(StorageTransaction tx, Collection<PatientId> patients, AuditActor actor,
                                 AuditAction action, String category) {
        Objects.requireNonNull(patients, "patients");
        TreeSet<PatientId> distinct = new TreeSet<>(Comparator.comparing(PatientId::toString));
        for (PatientId patient : patients) {
            if (patient != null) {
                distinct.add(patient);
            }
        }
        if (distinct.isEmpty()) {
            record(tx, Audited.success(null, actor, action, category, null));
            return;
        }
        List<Audited> events = new ArrayList<>(distinct.size());
        for (PatientId patient : distinct) {
            events.add(Audited.success(patient, actor, action, category, null));
        }
        recordAll(tx, events);
    }
}
