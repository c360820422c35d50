package org.patientportal.model;

import java.util.Objects;

/**
 * The last event of an audit chain: its sequence number and hash. A new chain has sequence 0 and
 * an empty hash.
 *
 * @param chain    the chain
 * @param sequence sequence number of the last event, 0 when the chain is empty
 * @param hash     hash of the last event, empty when the chain is empty
 */
public record ChainHead(AuditChain chain, long sequence, String hash) {
    public ChainHead {
        Objects.requireNonNull(chain, "chain");
        Checks.notNegative(sequence, "sequence");
        Objects.requireNonNull(hash, "hash");
    }

    /** The head of a chain that has no event yet. */
    public static ChainHead empty(AuditChain chain) {
        return new ChainHead(chain, 0, "");
    }
}
