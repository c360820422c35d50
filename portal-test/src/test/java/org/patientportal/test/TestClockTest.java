package org.patientportal.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TestClockTest {
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Test
    @DisplayName("stands still at its start, in its zone, until told to move")
    void standsStill() {
        TestClock clock = TestClock.at(LocalDateTime.parse("2026-03-02T09:00"), CHICAGO);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-02T15:00:00Z"));
        assertThat(clock.instant()).isEqualTo(clock.instant());
        assertThat(clock.getZone()).isEqualTo(CHICAGO);
        assertThat(clock.today()).isEqualTo(LocalDate.parse("2026-03-02"));
        assertThat(clock.now().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-02T09:00"));
        assertThat(TestClock.start().instant()).isEqualTo(TestClock.DEFAULT_START);
        assertThat(TestClock.start().getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    @DisplayName("advance moves forward only; set moves either way, a local time read in the clock's zone")
    void advanceAndSet() {
        TestClock clock = TestClock.at(Instant.parse("2026-03-02T15:00:00Z"), CHICAGO);
        assertThat(clock.advance(Duration.ofHours(2))).isEqualTo(Instant.parse("2026-03-02T17:00:00Z"));
        assertThat(clock.advance(Duration.ZERO)).isEqualTo(Instant.parse("2026-03-02T17:00:00Z"));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set(");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-02T17:00:00Z"));

        clock.set(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        clock.set(LocalDateTime.parse("2026-07-01T08:00"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-07-01T13:00:00Z"));
    }

    @Test
    @DisplayName("a local time in a daylight-saving gap moves later by the gap; one in an overlap is the earlier")
    void daylightSaving() {
        TestClock clock = TestClock.at(Instant.EPOCH, CHICAGO);
        clock.set(LocalDateTime.parse("2026-03-08T02:30"));
        assertThat(clock.now().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-08T03:30"));
        clock.set(LocalDateTime.parse("2026-11-01T01:30"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-01T06:30:00Z"));
        clock.advance(Duration.ofHours(1));
        assertThat(clock.now().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-11-01T01:30"));
    }

    @Test
    @DisplayName("withZone gives a view that shares the time: moving one moves both")
    void withZone() {
        TestClock clock = TestClock.start();
        TestClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.now().toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-02T10:00"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(paris.instant()).isEqualTo(clock.instant());
        paris.set(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    @DisplayName("advances from many threads at once all count")
    void threadSafe() throws Exception {
        TestClock clock = TestClock.start();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        clock.advance(Duration.ofMillis(1));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(clock.instant()).isEqualTo(TestClock.DEFAULT_START.plusSeconds(8));
    }
}
