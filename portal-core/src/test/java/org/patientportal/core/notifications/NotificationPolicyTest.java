package org.patientportal.core.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("NotificationPolicy (NT-2)")
class NotificationPolicyTest {

    @Test
    @DisplayName("NT-2 defaults: 8 attempts, backoff 30 s doubling to 1 h, jitter 20 %, lease 5 min, batch 100")
    void defaults() {
        NotificationPolicy policy = NotificationPolicy.defaults();
        assertThat(policy.maxAttempts()).isEqualTo(8);
        assertThat(policy.backoffBase()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoffCap()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.jitter()).isEqualTo(0.2);
        assertThat(policy.claimLease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.batchSize()).isEqualTo(100);
        assertThat(policy.maxBackoff()).isEqualTo(Duration.ofMinutes(72));
    }

    @Test
    @DisplayName("NT-2 backoff doubles from the base, stops at the cap, and jitter spreads it by at most 20 % either way")
    void backoff() {
        NotificationPolicy policy = NotificationPolicy.defaults();
        assertThat(policy.backoff(1, 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoff(2, 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.backoff(3, 0.5)).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.backoff(7, 0.5)).isEqualTo(Duration.ofSeconds(1920));
        assertThat(policy.backoff(8, 0.5)).as("30 s * 2^7 = 3840 s, capped").isEqualTo(Duration.ofHours(1));
        assertThat(policy.backoff(50, 0.5)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.backoff(1, 0.0)).isEqualTo(Duration.ofSeconds(24));
        assertThat(policy.backoff(1, 0.999999)).isBetween(Duration.ofMillis(35_999), Duration.ofSeconds(36));
        assertThat(policy.backoff(50, 0.999999)).isLessThanOrEqualTo(policy.maxBackoff());
        assertThat(policy.withJitter(0).backoff(4, 0.9)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    @DisplayName("out-of-range values are refused")
    void refused() {
        NotificationPolicy policy = NotificationPolicy.defaults();
        assertThatThrownBy(() -> policy.withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withMaxAttempts(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withBackoff(Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withBackoff(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withJitter(0.6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withJitter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withClaimLease(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withBatchSize(1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withBackoff(null, Duration.ofHours(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.backoff(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(policy.withMaxAttempts(20).maxAttempts()).isEqualTo(20);
    }
}
