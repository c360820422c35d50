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
}
