package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LG-2 LogSafe")
class LogSafeTest {

    @Test
    @DisplayName("LG-2 CR, LF, tabs and control characters are escaped; no line break survives")
    void escapes() {
        assertThat(LogSafe.escape("a\r\nb\tc\u0000d\u2028e\\")).isEqualTo("a\\r\\nb\\tc\\u0000d\\u2028e\\\\");
        assertThat(LogSafe.escape(null)).isEqualTo("null");
        assertThat(LogSafe.escape("desk-17")).isEqualTo("desk-17");
    }

    @Test
    @DisplayName("LG-2 text is cut to 64 characters")
    void truncates() {
        assertThat(LogSafe.escape("x".repeat(64))).isEqualTo("x".repeat(64));
        assertThat(LogSafe.escape("x".repeat(65))).hasSize(64).endsWith("...");
        assertThat(LogSafe.escape("\n".repeat(100))).hasSizeLessThanOrEqualTo(64).doesNotContain("\n");
        assertThat(LogSafe.escape("\uD83D\uDE00".repeat(40))).hasSizeLessThanOrEqualTo(64).endsWith("...");
    }
}
