package org.patientportal.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RandomTokensTest {
    @Test
    @DisplayName("masks ids and digests that hold a birth year by chance, and nothing else")
    void masksOnlyRandomTokens() {
        String event = "AuditEvent[id=01a24c27-6b14-7003-9629-1a61653a1984, previousHash=1ac038d0, "
                + "hash=938e6f1f27fcc76faa9bfeebd17aa9cb13d9f1984aa243eda65e1f18af0c54c7, reason=born 1984-02-29]";
        assertThat(RandomTokens.masked(event))
                .isEqualTo("AuditEvent[id=<uuid>, previousHash=1ac038d0, hash=<hex>, reason=born 1984-02-29]")
                .contains("1984-02-29");
        assertThat(RandomTokens.masked("ssn4 1234, hash " + "ab1234".repeat(6)))
                .isEqualTo("ssn4 1234, hash <hex>");
    }
}
