package org.patientportal.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.patientportal.core.ConflictException;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.spi.storage.StorageTransaction;

/**
 * Commands run once per idempotency key (IN-1): a retry with the same key and the same parameters
 * returns the first result (stored as JSON with Jackson); the same key with other parameters is a
 * {@link ConflictException}; a null key just runs the command.
 *
 * <p>Use inside {@link Transactions#run}: when two requests with one key race, both run, one
 * commits, and the other's record insert fails with a duplicate key; {@code Transactions} then runs
 * the loser's work again, which finds the winner's record and returns its result. The command's
 * effects therefore commit once.
 *
 * <p>Fingerprints are keyed hashes ({@link KeyPurpose#IDEMPOTENCY}), so a secret among the
 * parameters (a password) is never stored in clear.
 */
public final class Idempotency {
    private final Keys keys;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * Creates the helper.
     *
     * @param keys  the host's keys (fingerprints)
     * @param clock the injected clock (record time)
     */
    public Idempotency(Keys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A keyed fingerprint of the command's parameters (their {@code toString} forms; null allowed). */
    public String fingerprint(Object... parameters) {
        StringBuilder canonical = new StringBuilder(128).append("idem-v1;");
        for (Object parameter : parameters) {
            if (parameter == null) {
                canonical.append("-;");
            } else {
                String text = parameter.toString();
                canonical.append(text.length()).append(':').append(text).append(';');
            }
        }
        return keys.hmac(KeyPurpose.IDEMPOTENCY, canonical);
    }

    /**
     * The stored first result under {@code scope} and {@code key}, if any.
     *
     * @param key null: always empty
     * @throws ConflictException if the key was used with another fingerprint
     */
    public <R> Optional<R> replay(StorageTransaction tx, String scope, String key, String fingerprint, Class<R> type) {
        if (key == null) {
            return Optional.empty();
        }
        return replay(tx.idempotencyRecords().find(scope, key), fingerprint, type);
    }

    /**
     * As {@link #replay(StorageTransaction, String, String, String, Class)}, with the record already
     * read (by {@code StorageTransaction.readForCommand}).
     *
     * @param found the record stored under the command's scope and key, if any
     * @throws ConflictException if the key was used with another fingerprint
     */
    public <R> Optional<R> replay(Optional<IdempotencyRecord> found, String fingerprint, Class<R> type) {
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (!Keys.hashEquals(found.get().requestHash(), fingerprint)) {
            throw new ConflictException("the idempotency key was used with other parameters");
        }
        try {
            return Optional.of(json.readValue(found.get().response(), type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotent result cannot be read", e);
        }
    }

    /**
     * Stores the first result (nothing when {@code key} is null). A concurrent request that stored the
     * same key first makes this transaction fail and {@link Transactions#run} run it again.
     */
    public void remember(StorageTransaction tx, String scope, String key, String fingerprint, Object result) {
        if (key == null) {
            return;
        }
        String response;
        if (result instanceof String text) {
            // the common case (a result already encoded by its use case): no JSON library needed
            response = OutboxPayloads.jsonString(text);
        } else {
            try {
                response = json.writeValueAsString(result);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("result cannot be stored", e);
            }
        }
        rememberJson(tx, scope, key, fingerprint, response);
    }

    /**
     * As {@link #remember}, with the result already written as the JSON text to store (for a text
     * result, the JSON string literal of that text, as {@link #remember} would write it), so that
     * it is not written a second time.
     */
    public void rememberJson(StorageTransaction tx, String scope, String key, String fingerprint, String response) {
        if (key == null) {
            return;
        }
        Transactions.markIdempotentWrite();
        tx.idempotencyRecords().insert(new IdempotencyRecord(scope, key, fingerprint, response, Time.now(clock)));
    }

    /**
     * {@link #replay} if stored, else runs {@code command} and {@link #remember}s its result.
     *
     * @throws ConflictException if the key was used with another fingerprint
     */
    public <R> R once(StorageTransaction tx, String scope, String key, String fingerprint, Class<R> type,
                      Supplier<R> command) {
        Optional<R> stored = replay(tx, scope, key, fingerprint, type);
        if (stored.isPresent()) {
            return stored.get();
        }
        R result = command.get();
        remember(tx, scope, key, fingerprint, result);
        return result;
    }
}
