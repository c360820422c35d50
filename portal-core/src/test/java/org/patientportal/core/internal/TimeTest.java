package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Time")
class TimeTest {
    @Test
    @DisplayName("AD-2 Time.text writes exactly Instant.toString: edges of years 0000 to 9999, before and after, every fraction length")
    void textIsInstantToString() {
        Instant[] edges = {
            Instant.EPOCH, Instant.EPOCH.minusNanos(1), Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("0000-01-01T00:00:00Z").minusNanos(1), Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1), Instant.parse("2000-02-29T12:00:00.5Z"),
            Instant.parse("1900-03-01T00:00:00.000001Z"), Instant.parse("2100-02-28T23:59:00Z"), Instant.MIN, Instant.MAX,
        };
        for (Instant instant : edges) {
            assertThat(Time.text(instant)).isEqualTo(instant.toString());
        }
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(Time.text(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    @DisplayName("Time.now truncates the clock's instant to microseconds, before and after the epoch")
    void nowTruncatesToMicros() {
        for (Instant instant : new Instant[] {Instant.ofEpochSecond(5, 123_456_789), Instant.ofEpochSecond(-5, 999),
            Instant.ofEpochSecond(7, 123_456_000), Instant.ofEpochSecond(-1, 1)}) {
            assertThat(Time.now(Clock.fixed(instant, ZoneOffset.UTC))).isEqualTo(instant.truncatedTo(ChronoUnit.MICROS));
        }
    }

    @Test
    @DisplayName("Time.atZone equals Instant.atZone: fixed offsets (its own path) and region zones, across the range of instants")
    void atZoneIsInstantAtZone() {
        ZoneId[] zones = {ZoneOffset.UTC, ZoneOffset.ofHours(-5), ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.MIN,
            ZoneOffset.MAX, ZoneId.of("America/New_York"), ZoneId.of("UTC"), ZoneId.of("Europe/Berlin")};
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-30_000_000_000L, 250_000_000_000L),
                    random.nextInt(1_000_000_000));
            for (ZoneId zone : zones) {
                assertThat(Time.atZone(instant, zone)).isEqualTo(instant.atZone(zone));
            }
        }
    }
}
