package org.patientportal.core.internal.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.auth.PasswordHashing;

/**
 * Argon2id hashing and verification of passwords with the settings of a {@link PasswordHashing}
 * (AU-3), as PHC strings: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in
 * standard base64 without padding. Thread-safe.
 */
public final class PasswordHasher {

    private static final String ALGORITHM = "argon2id";
    private static final int VERSION = Argon2Parameters.ARGON2_VERSION_13; // 19
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    // Bounds on what a stored PHC string may ask for, so a tampered row cannot make a login
    // allocate gigabytes or spin for minutes.
    private static final int MAX_MEMORY_KIB = PasswordHashing.MAX_MEMORY_KIB;
    private static final int MAX_ITERATIONS = PasswordHashing.MAX_ITERATIONS;
    private static final int MAX_PARALLELISM = PasswordHashing.MAX_PARALLELISM;
    private static final int MIN_STORED_SALT = 8;
    private static final int MAX_STORED_SALT = 64;
    private static final int MIN_STORED_HASH = 16;
    private static final int MAX_STORED_HASH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final Argon2id BOUNCY_CASTLE = Argon2id.bouncyCastle();

    // Nothing here grows with use: a hasher holds its settings and its Argon2 port, no record of
    // the computations it ran.
    private final PasswordHashing settings;
    private final Argon2id engine;
    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    private PasswordHasher(PasswordHashing settings, Argon2id engine) {
        this.settings = settings;
        this.engine = engine;
        this.memoryKiB = settings.memoryKiB();
        this.iterations = settings.iterations();
        this.parallelism = settings.parallelism();
    }

    /**
     * A hasher of these settings, running Argon2id by BouncyCastle.
     *
     * @param settings the Argon2id parameters
     * @return the hasher
     */
    public static PasswordHasher of(PasswordHashing settings) {
        return of(settings, BOUNCY_CASTLE);
    }

    /**
     * A hasher of these settings running Argon2id through the given port (tests observe the
     * computations this way).
     *
     * @param settings the Argon2id parameters
     * @param engine   the Argon2id computation
     * @return the hasher
     */
    public static PasswordHasher of(PasswordHashing settings, Argon2id engine) {
        return new PasswordHasher(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(engine, "engine"));
    }

    /** @return the settings this hasher applies */
    public PasswordHashing settings() {
        return settings;
    }

    /**
     * Hashes a password with a fresh random salt.
     *
     * @param password the password exactly as typed
     * @return the PHC string
     * @throws NullPointerException     if {@code password} is null
     * @throws IllegalArgumentException if the password is not valid Unicode (an unpaired surrogate)
     */
    public String hash(String password) {
        byte[] bytes = encode(Objects.requireNonNull(password, "password"))
                .orElseThrow(() -> new IllegalArgumentException("password is not valid Unicode"));
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        try {
            byte[] hash = argon2(bytes, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
            return format(memoryKiB, iterations, parallelism, salt, hash);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Checks a password against a stored PHC string, made with any valid Argon2id parameters.
     * The comparison is constant-time. A malformed stored string or a password that is not valid
     * Unicode never verifies (and still costs a hash).
     *
     * @param password the password exactly as typed
     * @param storedPhc the stored PHC string
     * @return whether they match
     */
    public boolean verify(@Nullable String password, @Nullable String storedPhc) {
        Optional<Phc> phc = Phc.parse(storedPhc);
        Optional<byte[]> bytes = password == null ? Optional.empty() : encode(password);
        if (phc.isEmpty() || bytes.isEmpty()) {
            dummyVerify(password);
            return false;
        }
        Phc stored = phc.get();
        byte[] candidate = bytes.get();
        try {
            byte[] computed = argon2(candidate, stored.salt, stored.memoryKiB, stored.iterations,
                    stored.parallelism, stored.hash.length);
            return MessageDigest.isEqual(computed, stored.hash);
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /**
     * Spends about the time of a {@link #verify} with the configured parameters and returns
     * nothing: used when a login names no known account, so that the failure costs what a wrong
     * password costs (AU-4).
     *
     * @param password the password typed
     */
    public void dummyVerify(@Nullable String password) {
        // One Argon2 run with the configured parameters over a fresh random salt: the same work as
        // verifying a stored hash, with nothing to compare it to.
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        String text = password == null ? "" : password;
        byte[] candidate = encode(text).orElseGet(() -> text.replaceAll("\\p{Cs}", "?").getBytes(StandardCharsets.UTF_8));
        try {
            argon2(candidate, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /**
     * Whether a stored hash should be replaced after a successful login (AU-3): true when the
     * configured parameters are stronger than the stored ones (more memory, more iterations, more
     * lanes, longer salt or hash), or the stored string is not a valid Argon2id PHC string.
     */
    public boolean needsRehash(@Nullable String storedPhc) {
        Optional<Phc> parsed = Phc.parse(storedPhc);
        if (parsed.isEmpty()) {
            return true;
        }
        Phc stored = parsed.get();
        return stored.memoryKiB < memoryKiB
                || stored.iterations < iterations
                || stored.parallelism < parallelism
                || stored.salt.length < SALT_BYTES
                || stored.hash.length < HASH_BYTES;
    }

    @Override
    public String toString() {
        return "PasswordHasher[" + settings + "]";
    }

    private byte[] argon2(byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism,
                          int length) {
        return engine.derive(password, salt, memoryKiB, iterations, parallelism, length);
    }

    /** The UTF-8 bytes of the NFKC form, or empty if the text holds an unpaired surrogate. */
    private static Optional<byte[]> encode(String password) {
        String normalized = Normalizer.normalize(password, Normalizer.Form.NFKC);
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer buffer = encoder.encode(CharBuffer.wrap(normalized));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            if (buffer.hasArray()) {
                Arrays.fill(buffer.array(), (byte) 0);
            }
            return Optional.of(bytes);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static String format(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
        return "$" + ALGORITHM + "$v=" + VERSION + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** A parsed Argon2id PHC string. */
    private static final class Phc {
        final int memoryKiB;
        final int iterations;
        final int parallelism;
        final byte[] salt;
        final byte[] hash;

        private Phc(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
            this.memoryKiB = memoryKiB;
            this.iterations = iterations;
            this.parallelism = parallelism;
            this.salt = salt;
            this.hash = hash;
        }

        static Optional<Phc> parse(@Nullable String text) {
            if (text == null || text.length() > 512) {
                return Optional.empty();
            }
            String[] parts = text.split("\\$", -1);
            if (parts.length != 6 || !parts[0].isEmpty() || !ALGORITHM.equals(parts[1])
                    || !("v=" + VERSION).equals(parts[2])) {
                return Optional.empty();
            }
            int memory = -1;
            int time = -1;
            int lanes = -1;
            for (String pair : parts[3].split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    return Optional.empty();
                }
                int value = parseSmallInt(pair.substring(eq + 1));
                if (value < 0) {
                    return Optional.empty();
                }
                switch (pair.substring(0, eq)) {
                    case "m" -> memory = memory < 0 ? value : -2;
                    case "t" -> time = time < 0 ? value : -2;
                    case "p" -> lanes = lanes < 0 ? value : -2;
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            if (lanes < 1 || lanes > MAX_PARALLELISM || time < 1 || time > MAX_ITERATIONS
                    || memory < 8 * lanes || memory > MAX_MEMORY_KIB) {
                return Optional.empty();
            }
            byte[] salt = decode(parts[4]);
            byte[] hash = decode(parts[5]);
            if (salt == null || hash == null
                    || salt.length < MIN_STORED_SALT || salt.length > MAX_STORED_SALT
                    || hash.length < MIN_STORED_HASH || hash.length > MAX_STORED_HASH) {
                return Optional.empty();
            }
            return Optional.of(new Phc(memory, time, lanes, salt, hash));
        }

        private static int parseSmallInt(String digits) {
            if (digits.isEmpty() || digits.length() > 9 || (digits.length() > 1 && digits.charAt(0) == '0')) {
                return -1;
            }
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
            }
            return Integer.parseInt(digits);
        }

        private static byte @Nullable [] decode(String text) {
            if (text.isEmpty() || text.indexOf('=') >= 0) {
                return null;
            }
            try {
                return B64_DECODER.decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
