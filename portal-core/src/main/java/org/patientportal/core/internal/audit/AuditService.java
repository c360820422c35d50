package org.patientportal.core.internal.audit;

import org.patientportal.core.audit.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.PatientId;

/**
 * The {@link AuditLog} over the storage's audit trail. Built by the portal builder; not API.
 */
public final class AuditService implements AuditLog {
    /** Audit data category of a trail read. */
    public static final String CATEGORY = "audit-trail";

    private static final int PAGE = 1000;
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
        long checked = 0;
        List<AuditChain> broken = new ArrayList<>();
        AuditChain after = null;
        while (true) {
            AuditChain cursor = after;
            List<ChainHead> heads = context.transactions().run(tx -> tx.auditTrail().chains(cursor, PAGE));
            for (ChainHead head : heads) {
                ChainCheck check = verifyChain(head);
                checked += check.events;
                if (!check.intact) {
                    broken.add(head.chain());
                }
            }
            if (heads.size() < PAGE) {
                break;
            }
            after = heads.get(heads.size() - 1).chain();
        }
        return new AuditVerification(broken.isEmpty(), checked, broken);
    }

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
                        || !AuditChain.forPatient(event.patientId()).equals(head.chain())
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
