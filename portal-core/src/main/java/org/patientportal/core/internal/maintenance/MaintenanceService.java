package org.patientportal.core.internal.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.Role;
import org.patientportal.core.internal.AuditActors;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.StaffAccess;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.Validation;
import org.patientportal.core.maintenance.Maintenance;
import org.patientportal.core.maintenance.Purge;
import org.patientportal.core.maintenance.Purged;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditOutcome;
import org.patientportal.spi.storage.StorageTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Maintenance} implementation: each batch is one statement in its own short transaction,
 * so a purge never holds locks on many rows, and concurrent purges on several nodes only share the
 * work. Built by the portal builder; not API.
 */
public final class MaintenanceService implements Maintenance {
    /** Audit category of a purge. */
    public static final String CATEGORY_RETENTION = "retention";

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceService.class);

    private final PortalContext context;

    /**
     * @param context the portal's shared plumbing
     */
    public MaintenanceService(PortalContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Purged purge(Actor admin, Purge command) {
        AuditActor[] actor = {AuditActors.of(admin)};
        long[] counts = new long[2];
        try {
            actor[0] = AuditActors.of(admin, StaffAccess.require(admin, "maintenance.purge", Role.ADMIN));
            Validation.require(violations(command));
            Instant now = Time.now(context.clock());
            boolean outboxDone = purge(now.minus(command.outboxOlderThan()),
                    (tx, before) -> tx.outbox().purgeCompleted(before, Purge.BATCH), counts, 0);
            boolean idempotencyDone = purge(now.minus(command.idempotencyOlderThan()),
                    (tx, before) -> tx.idempotencyRecords().purgeCreatedBefore(before, Purge.BATCH), counts, 1);
            String reason = "outbox=" + counts[0] + ",idempotency=" + counts[1];
            context.transactions().run(tx -> context.audit().record(tx, new Audited(null, actor[0],
                    AuditAction.DELETE, CATEGORY_RETENTION, null, AuditOutcome.SUCCESS, reason)));
            LOG.info("retention purge: {} outbox entries, {} idempotency records", counts[0], counts[1]);
            return new Purged(counts[0], counts[1], outboxDone && idempotencyDone);
        } catch (RuntimeException e) {
            context.audit().recordFailure(context.transactions(), Audited.failure(null, actor[0], AuditAction.DELETE,
                    CATEGORY_RETENTION, null, e), e);
            throw e;
        }
    }

    /** Batches of one kind until one deletes less than a full batch (done) or the call's limit. */
    private boolean purge(Instant before, BiFunction<StorageTransaction, Instant, Integer> batch, long[] counts,
                          int slot) {
        for (int i = 0; i < Purge.MAX_BATCHES; i++) {
            int deleted = context.transactions().run(tx -> batch.apply(tx, before));
            counts[slot] += deleted;
            if (deleted < Purge.BATCH) {
                return true;
            }
        }
        return false;
    }

    private List<Violation> violations(Purge command) {
        List<Violation> out = new ArrayList<>(context.validation().violations(command));
        if (command != null) {
            atLeastOneDay(out, "outboxOlderThan", command.outboxOlderThan());
            atLeastOneDay(out, "idempotencyOlderThan", command.idempotencyOlderThan());
        }
        return out;
    }

    private static void atLeastOneDay(List<Violation> out, String path, Duration value) {
        if (value != null && value.compareTo(Purge.MIN_AGE) < 0) {
            out.add(new Violation(path, "must be at least one day"));
        }
    }
}
