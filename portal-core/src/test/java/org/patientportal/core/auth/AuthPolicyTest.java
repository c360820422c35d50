package org.patientportal.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AuthPolicy")
class AuthPolicyTest {

    @Test
    @DisplayName("AU-5/AU-6 defaults: idle 15 min, absolute 12 h, cache 5 s, lockout after 5, disabled at 100, no second factor")
    void defaults() {
        AuthPolicy policy = AuthPolicy.defaults();

        assertThat(policy.idleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.absoluteTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(policy.cacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.lockoutThreshold()).isEqualTo(5);
        assertThat(policy.hardLimit()).isEqualTo(100);
        assertThat(policy.secondFactor()).isFalse();
        assertThat(policy.minPasswordLength()).isEqualTo(15);
        assertThat(policy.withSecondFactor(true).minPasswordLength()).isEqualTo(8);
    }

    @Test
    @DisplayName("AU-5 lockouts grow 1, 2, 4, 8, 15, 15 minutes from the fifth failure on")
    void lockoutGrowth() {
        AuthPolicy policy = AuthPolicy.defaults();

        assertThat(IntStream.rangeClosed(1, 4).mapToObj(policy::lockoutAfter)).containsOnly(Duration.ZERO);
        assertThat(IntStream.rangeClosed(5, 11).mapToObj(policy::lockoutAfter)).containsExactly(
                Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15));
        assertThat(policy.lockoutAfter(99)).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.lockoutAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    @DisplayName("AU-5/AU-6 bounds: no more than 100 failures, a cache of at most 5 seconds, sane timeouts")
    void bounds() {
        AuthPolicy policy = AuthPolicy.defaults();

        assertThatThrownBy(() -> policy.withHardLimit(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withHardLimit(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withCacheTtl(Duration.ofSeconds(6))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withCacheTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withIdleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withAbsoluteTimeout(Duration.ofMinutes(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withLockoutThreshold(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withLockoutMax(Duration.ofSeconds(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withLockoutBase(null)).isInstanceOf(NullPointerException.class);
        assertThat(policy.withCacheTtl(Duration.ZERO).cacheTtl()).isZero();
        assertThat(policy.withHardLimit(50).hardLimit()).isEqualTo(50);
        assertThat(policy.withIdleTimeout(Duration.ofMinutes(5)).idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    }
}
