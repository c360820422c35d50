package org.patientportal.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Keyed hashes and sealed secrets made with the host's secret key (never stored in the database).
 * One subkey per {@link KeyPurpose}, derived with HKDF-SHA256; hashes are HMAC-SHA256 in lowercase
 * hex; {@link #seal} encrypts with AES-256-GCM (JDK {@code javax.crypto}, a fresh 96-bit nonce from
 * {@code SecureRandom} per message, 128-bit tag). Thread-safe; {@link #toString()} shows nothing of
 * the key.
 */
public final class Keys {
    /** The shortest host key accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String HMAC = "HmacSHA256";
    private static final String AES_GCM = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SALT = "org.patientportal.core.Keys/v1".getBytes(StandardCharsets.US_ASCII);

    private final Map<KeyPurpose, SecretKeySpec> subkeys = new EnumMap<>(KeyPurpose.class);
    /** One keyed Mac per purpose and thread: looking the algorithm up and keying it cost more than the hash. */
    private final ThreadLocal<Mac[]> macs = ThreadLocal.withInitial(() -> new Mac[KeyPurpose.values().length]);
    /** Each thread's buffer for the bytes of ASCII text to hash (grows to the longest text; zeroed after each use). */
    private static final ThreadLocal<byte[]> ASCII_BUFFER = ThreadLocal.withInitial(() -> new byte[512]);

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
        // doFinal resets the Mac to its key: the next call starts afresh
        return HexFormat.of().formatHex(mac(purpose).doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * As {@link #hmac(KeyPurpose, String)} of {@code input.toString()}, without that copy nor its
     * UTF-8 one when the text is all ASCII (the canonical forms of audit events and fingerprints are):
     * its characters are the bytes, written into a buffer of the thread's.
     *
     * @return 64 lowercase hex digits
     */
    public String hmac(KeyPurpose purpose, CharSequence input) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(input, "input");
        int length = input.length();
        byte[] bytes = ASCII_BUFFER.get();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, 2 * bytes.length)];
            ASCII_BUFFER.set(bytes);
        }
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            if (c >= 0x80) {
                return hmac(purpose, input.toString());
            }
            bytes[i] = (byte) c;
        }
        try {
            Mac mac = mac(purpose);
            mac.update(bytes, 0, length);
            return HexFormat.of().formatHex(mac.doFinal());
        } finally {
            // the text may hold PHI (a fingerprint covers a message's body): none stays in the buffer
            java.util.Arrays.fill(bytes, 0, length, (byte) 0);
        }
    }

    /** The thread's Mac keyed for {@code purpose}. */
    private Mac mac(KeyPurpose purpose) {
        Mac[] perPurpose = macs.get();
        Mac mac = perPurpose[purpose.ordinal()];
        if (mac == null) {
            try {
                mac = Mac.getInstance(HMAC);
                mac.init(subkeys.get(purpose));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
            perPurpose[purpose.ordinal()] = mac;
        }
        return mac;
    }

    /**
     * Encrypts {@code plaintext} with AES-256-GCM under the purpose's subkey, bound to
     * {@code associatedData} (authenticated, not encrypted: opening with other associated data fails).
     *
     * @return the nonce followed by the ciphertext and its tag
     */
    public byte[] seal(KeyPurpose purpose, byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] nonce = Secrets.randomBytes(NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(Cipher.ENCRYPT_MODE, aesKey(purpose), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    /**
     * Opens what {@link #seal} made with the same purpose and associated data.
     *
     * @return the plaintext, or empty if the bytes were altered, sealed under another key or purpose,
     *         or bound to other associated data
     */
    public Optional<byte[]> open(KeyPurpose purpose, byte[] sealed, byte[] associatedData) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(Cipher.DECRYPT_MODE, aesKey(purpose), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return Optional.of(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    private SecretKeySpec aesKey(KeyPurpose purpose) {
        byte[] raw = subkeys.get(purpose).getEncoded();
        try {
            return new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
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
