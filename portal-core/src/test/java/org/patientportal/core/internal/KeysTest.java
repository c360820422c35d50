package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.testing.TestPortals;

@DisplayName("Keys")
class KeysTest {

    @Test
    @DisplayName("EN-7 keyed hashes: 64 hex digits, stable, one subkey per purpose, another key gives another hash")
    void hmac() {
        Keys keys = new Keys(TestPortals.testKey());
        String hash = keys.hmac(KeyPurpose.SSN4, "1234");
        assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(new Keys(TestPortals.testKey()).hmac(KeyPurpose.SSN4, "1234"));
        Set<String> perPurpose = new HashSet<>();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            perPurpose.add(keys.hmac(purpose, "1234"));
        }
        assertThat(perPurpose).hasSize(KeyPurpose.values().length);
        assertThat(new Keys(new byte[32]).hmac(KeyPurpose.SSN4, "1234")).isNotEqualTo(hash);
        assertThat(keys).hasToString("Keys[redacted]");
    }

    @Test
    @DisplayName("AD-2 the hash of a text being built (audit canonical form, fingerprint) is the hash of its UTF-8 bytes, ASCII or not, short or long")
    void hmacOfCharSequence() {
        Keys keys = new Keys(TestPortals.testKey());
        for (String text : new String[] {"", "audit-v1;3:abc;", "caf\u00e9 \ud83d\ude00 \ud800", "x".repeat(2000)}) {
            assertThat(keys.hmac(KeyPurpose.AUDIT_CHAIN, new StringBuilder(text)))
                    .as(text.length() > 40 ? "long text" : text)
                    .isEqualTo(keys.hmac(KeyPurpose.AUDIT_CHAIN, text));
        }
        assertThat(keys.hmac(KeyPurpose.AUDIT_CHAIN, new StringBuilder("short")))
                .isEqualTo(keys.hmac(KeyPurpose.AUDIT_CHAIN, "short"));
    }

    @Test
    @DisplayName("the host key must have at least 32 bytes")
    void shortKey() {
        assertThatThrownBy(() -> new Keys(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("hash comparison")
    void hashEquals() {
        assertThat(Keys.hashEquals("ab", "ab")).isTrue();
        assertThat(Keys.hashEquals("ab", "ac")).isFalse();
        assertThat(Keys.hashEquals(null, "ab")).isFalse();
    }

    @Test
    @DisplayName("EN-1 sealed secrets: AES-GCM under the OUTBOX_SECRET subkey, a fresh nonce each time, bound to their associated data")
    void sealAndOpen() {
        Keys keys = new Keys(TestPortals.testKey());
        byte[] plain = "ABCDE-FGHJK-MNPQR".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] aad = "entry-1;EMAIL;dana@example.org".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        byte[] sealed = keys.seal(KeyPurpose.OUTBOX_SECRET, plain, aad);
        byte[] again = keys.seal(KeyPurpose.OUTBOX_SECRET, plain, aad);

        assertThat(sealed).hasSize(12 + plain.length + 16).isNotEqualTo(again);
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("ABCDE");
        assertThat(keys.open(KeyPurpose.OUTBOX_SECRET, sealed, aad)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plain));
        assertThat(new Keys(TestPortals.testKey()).open(KeyPurpose.OUTBOX_SECRET, again, aad)).isPresent();
        assertThat(keys.open(KeyPurpose.OUTBOX_SECRET, sealed, "entry-1;EMAIL;other@example.org"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).as("other associated data").isEmpty();
        assertThat(keys.open(KeyPurpose.SSN4, sealed, aad)).as("other purpose").isEmpty();
        assertThat(new Keys(new byte[32]).open(KeyPurpose.OUTBOX_SECRET, sealed, aad)).as("other key").isEmpty();
        byte[] tampered = sealed.clone();
        tampered[20] ^= 1;
        assertThat(keys.open(KeyPurpose.OUTBOX_SECRET, tampered, aad)).as("altered").isEmpty();
        assertThat(keys.open(KeyPurpose.OUTBOX_SECRET, new byte[5], aad)).as("too short").isEmpty();
    }
}
