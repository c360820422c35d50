package org.patientportal.core.auth;

/**
 * How passwords are hashed (AU-3): Argon2id parameters, stored with each hash as a PHC string
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}).
 *
 * <p>{@link #argon2id()} uses the OWASP floor (m=19456 KiB, t=2, p=1) with a 16-byte random salt
 * and a 32-byte hash. A login verifies hashes made with any valid parameters (older, weaker or
 * stronger ones) in constant time and re-hashes after a successful login when the stored parameters
 * are weaker than the configured ones. {@link #insecureForTests()} is fast and far below the floor:
 * the portal builder refuses it unless the host says it is building a test portal.
 *
 * <p>The password is hashed as the UTF-8 bytes of its NFKC form (NIST SP 800-63B-4 recommends
 * normalising Unicode passwords so that one password typed on two keyboards verifies); it is never
 * trimmed, truncated or case-folded. Instances are immutable and thread-safe; {@link #toString()}
 * shows the parameters only.
 */
public final class PasswordHashing {

    /** The AU-3 floor for memory, in KiB (OWASP Password Storage Cheat Sheet). */
    public static final int FLOOR_MEMORY_KIB = 19_456;
    /** The AU-3 floor for iterations. */
    public static final int FLOOR_ITERATIONS = 2;
    /** The AU-3 floor for parallelism. */
    public static final int FLOOR_PARALLELISM = 1;

    /** The most memory a configured or stored hash may ask for, in KiB (1 GiB). */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    /** The most iterations a configured or stored hash may ask for. */
    public static final int MAX_ITERATIONS = 64;
    /** The most lanes a configured or stored hash may ask for. */
    public static final int MAX_PARALLELISM = 64;

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final boolean insecureForTests;

    private PasswordHashing(int memoryKiB, int iterations, int parallelism, boolean insecureForTests) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be 1 to " + MAX_PARALLELISM);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1 to " + MAX_ITERATIONS);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memoryKiB must be 8 x parallelism to " + MAX_MEMORY_KIB);
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.insecureForTests = insecureForTests;
    }

    /** Argon2id at the AU-3 floor: m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte hash. */
    public static PasswordHashing argon2id() {
        return new PasswordHashing(FLOOR_MEMORY_KIB, FLOOR_ITERATIONS, FLOOR_PARALLELISM, false);
    }

    /**
     * Argon2id with the given parameters. Parameters below the AU-3 floor are accepted here but
     * refused by the portal builder for production (see {@link #meetsProductionFloor()}).
     *
     * @param memoryKiB   memory in KiB, at least 8 x parallelism, at most 1 GiB
     * @param iterations  passes over memory, 1 to 64
     * @param parallelism lanes, 1 to 64
     * @throws IllegalArgumentException if a parameter is out of those bounds
     */
    public static PasswordHashing argon2id(int memoryKiB, int iterations, int parallelism) {
        return new PasswordHashing(memoryKiB, iterations, parallelism, false);
    }

    /**
     * A fast Argon2id (m=8 KiB, t=1, p=1) for test suites only: it gives no protection to a
     * stolen hash. The portal builder refuses it unless told it builds a test portal.
     */
    public static PasswordHashing insecureForTests() {
        return new PasswordHashing(8, 1, 1, true);
    }

    /** Memory cost in KiB. */
    public int memoryKiB() {
        return memoryKiB;
    }

    /** Iterations (time cost). */
    public int iterations() {
        return iterations;
    }

    /** Parallelism (lanes). */
    public int parallelism() {
        return parallelism;
    }

    /** Whether this is {@link #insecureForTests()}. */
    public boolean isInsecureForTests() {
        return insecureForTests;
    }

    /** Whether the parameters are at least the AU-3 floor (m=19456 KiB, t=2, p=1) and this is not the test hasher. */
    public boolean meetsProductionFloor() {
        return !insecureForTests
                && memoryKiB >= FLOOR_MEMORY_KIB
                && iterations >= FLOOR_ITERATIONS
                && parallelism >= FLOOR_PARALLELISM;
    }

    @Override
    public String toString() {
        return "PasswordHashing[argon2id m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + (insecureForTests ? ", INSECURE FOR TESTS" : "") + "]";
    }
}
