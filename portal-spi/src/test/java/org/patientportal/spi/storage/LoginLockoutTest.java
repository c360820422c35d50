package org.patientportal.spi.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoginLockoutTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final LoginLockout AU5 = new LoginLockout(5, List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(15)));

    @Test
    @DisplayName("AU-5 no lock below the threshold, then one step per failure, the last one repeating")
    void after() {
        assertThat(AU5.after(0)).isZero();
        assertThat(AU5.after(4)).isZero();
        assertThat(AU5.after(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(AU5.after(6)).isEqualTo(Duration.ofMinutes(2));
        assertThat(AU5.after(9)).isEqualTo(Duration.ofMinutes(15));
        assertThat(AU5.after(99)).isEqualTo(Duration.ofMinutes(15));
        assertThat(AU5.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LoginLockout.none().after(1000)).isZero();
    }

    @Test
    @DisplayName("AU-5 locked from the last failure until it plus the step, exclusive; never without a failure time")
    void lockedAt() {
        assertThat(AU5.lockedAt(5, T0, T0)).isTrue();
        assertThat(AU5.lockedAt(5, T0, T0.plusSeconds(59))).isTrue();
        assertThat(AU5.lockedAt(5, T0, T0.plusSeconds(60))).isFalse();
        assertThat(AU5.lockedAt(4, T0, T0)).isFalse();
        assertThat(AU5.lockedAt(5, null, T0)).isFalse();
        assertThat(LoginLockout.none().lockedAt(50, T0, T0)).isFalse();
    }

    @Test
    @DisplayName("a lockout has a threshold of at least 1 and at most 100 positive steps; its steps are copied")
    void invariants() {
        assertThatThrownBy(() -> new LoginLockout(0, List.of(Duration.ofMinutes(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginLockout(5, List.of(Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginLockout(5, List.of(Duration.ofMinutes(-1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginLockout(5, Collections.nCopies(101, Duration.ofMinutes(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginLockout(5, null)).isInstanceOf(NullPointerException.class);
        java.util.ArrayList<Duration> steps = new java.util.ArrayList<>(List.of(Duration.ofMinutes(1)));
        LoginLockout lockout = new LoginLockout(1, steps);
        steps.add(Duration.ofMinutes(2));
        assertThat(lockout.steps()).containsExactly(Duration.ofMinutes(1));
    }
}
