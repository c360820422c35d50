package org.patientportal.core.internal.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * One Argon2id computation (version 0x13), the port through which {@link PasswordHasher} runs
 * Argon2. Production uses {@link #bouncyCastle()}; a test may pass its own (one that counts the
 * computations and their cost, for instance) to {@link PasswordHasher#of(
 * org.patientportal.core.auth.PasswordHashing, Argon2id)}. Implementations are thread-safe and keep
 * nothing of their inputs.
 */
@FunctionalInterface
public interface Argon2id {

    /**
     * Derives {@code length} bytes from a password and a salt.
     *
     * @param password    the password bytes (not kept)
     * @param salt        the salt
     * @param memoryKiB   memory cost in KiB
     * @param iterations  passes over memory
     * @param parallelism lanes
     * @param length      bytes to derive
     * @return the derived bytes
     */
    byte[] derive(byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length);

    /** Argon2id by BouncyCastle's {@code Argon2BytesGenerator}. */
    static Argon2id bouncyCastle() {
        return (password, salt, memoryKiB, iterations, parallelism, length) -> {
            Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(memoryKiB)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .withSalt(salt)
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] out = new byte[length];
            generator.generateBytes(password, out);
            return out;
        };
    }
}
