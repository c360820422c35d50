package org.patientportal.core.internal;

import java.security.SecureRandom;

/** The SDK's one {@link SecureRandom}: codes, tokens and salts come from it. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** The shared generator (thread-safe). */
    public static SecureRandom random() {
        return RANDOM;
    }

    /**
     * Fresh random bytes.
     *
     * @param count how many, at least 1
     * @return new bytes
     */
    public static byte[] randomBytes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
