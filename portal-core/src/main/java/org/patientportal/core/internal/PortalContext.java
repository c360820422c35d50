package org.patientportal.core.internal;

import java.time.Clock;
import java.util.Objects;
import org.patientportal.spi.storage.PortalStorage;

/**
 * What every capability service is built with; made once by the portal builder.
 *
 * @param storage      the host's storage
 * @param clock        the injected clock
 * @param keys         keyed hashes from the host's secret
 * @param transactions transaction runner with retry and error mapping
 * @param audit        the audit writer
 * @param validation   command validation
 * @param idempotency  idempotent commands
 * @param codes        activation-style code verification
 * @param actorMinter  makes patient actors (auth only)
 * @param access       the one access policy of operations that take a patient id
 */
public record PortalContext(PortalStorage storage, Clock clock, Keys keys, Transactions transactions,
                            AuditWriter audit, Validation validation, Idempotency idempotency, CodeVerifier codes,
                            ActorMinter actorMinter, AccessPolicy access) {

    /** Checks that every part is present. */
    public PortalContext {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(actorMinter, "actorMinter");
        Objects.requireNonNull(access, "access");
    }

    /** Builds every part from the storage, the clock, the host's secret key and the actor minter. */
    public static PortalContext create(PortalStorage storage, Clock clock, byte[] secretKey, ActorMinter actorMinter) {
        Keys keys = new Keys(secretKey);
        AuditWriter audit = new AuditWriter(keys, clock);
        Transactions transactions = new Transactions(storage);
        return new PortalContext(storage, clock, keys, transactions, audit, new Validation(clock),
                new Idempotency(keys, clock), new CodeVerifier(keys, clock, audit), actorMinter,
                new AccessPolicy(clock, transactions, audit));
    }
}
