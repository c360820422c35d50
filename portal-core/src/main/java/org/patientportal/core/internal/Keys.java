package org.patientportal.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Keyed hashes made with the host's secret key (never stored in the database). One subkey per
 * {@link KeyPurpose}, derived with HKDF-SHA256; hashes are HMAC-SHA256 in lowercase hex.
 * Thread-safe; {@link #toString()} shows nothing of the key.
 */
public final class Keys {
    /** The shortest host key accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String HMAC = "HmacSHA256";
    private static final byte[] SALT = "org.patientportal.core.Keys/v1".getBytes(StandardCharsets.US_ASCII);

    private final Map<KeyPurpose, SecretKeySpec> subkeys = new EnumMap<>(KeyPurpose.class);

    /**
     * Derives the subkeys.
     *
     * @param secret the host's key, at least 32 bytes; not kept (the subkeys are)
     * @throws IllegalArgumentException if it is shorter than 32 bytes
     */
    public Keys(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secretKey must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        for (KeyPurpose purpose : KeyPurpose.values()) {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(secret, SALT,
                    ("portal-sdk/" + purpose.name()).getBytes(StandardCharsets.US_ASCII)));
            byte[] key = new byte[32];
            hkdf.generateBytes(key, 0, key.length);
            subkeys.put(purpose, new SecretKeySpec(key, HMAC));
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * HMAC-SHA256 of the UTF-8 bytes of {@code input} with the purpose's subkey.
     *
     * @return 64 lowercase hex digits
     */
    public String hmac(KeyPurpose purpose, String input) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(input, "input");
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(subkeys.get(purpose));
            return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Compares two hashes in constant time (for equal lengths); null never equals. */
    public static boolean hashEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Keys[redacted]";
    }
}
