package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The first result of a command run with an idempotency key (IN-1).
 *
 * @param scope       the operation and, where there is one, the actor ({@code "enrollment.signUp"})
 * @param key         the caller's key, 1 to 255 characters
 * @param requestHash fingerprint of the command's parameters; another fingerprint under the same key is a conflict
 * @param response    the first result, serialised by core
 * @param createdAt   when the command first ran
 */
public record IdempotencyRecord(String scope, String key, String requestHash, String response, Instant createdAt) {
    public IdempotencyRecord {
        Checks.notBlank(scope, "scope");
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > 255) {
            throw new IllegalArgumentException("key must have 1 to 255 characters");
        }
        if (scope.length() > 128) {
            throw new IllegalArgumentException("scope is longer than 128 characters");
        }
        Checks.notBlank(requestHash, "requestHash");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
