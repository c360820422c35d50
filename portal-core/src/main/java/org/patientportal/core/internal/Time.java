package org.patientportal.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Business time from the injected clock (never {@code Instant.now()}), truncated to microseconds:
 * the finest precision PostgreSQL keeps, so that an instant reads back exactly as written (audit
 * hashes cover instants).
 */
public final class Time {
    private Time() {
    }

    /** Seconds from 0000-01-01T00:00:00Z to the epoch. */
    private static final long SECONDS_0000_TO_1970 = 62_167_219_200L;
    /** The last second of 9999-12-31 after the epoch. */
    private static final long LAST_SECOND_9999 = 253_402_300_799L;
    private static final int SECONDS_PER_DAY = 86_400;

    /** The clock's instant, truncated to microseconds. */
    public static Instant now(Clock clock) {
        Instant instant = clock.instant();
        int nanos = instant.getNano();
        return nanos % 1000 == 0 ? instant : Instant.ofEpochSecond(instant.getEpochSecond(), nanos - nanos % 1000);
    }

    /**
     * Exactly {@code instant.atZone(zone)}. For a fixed offset it builds the date-time from the
     * offset itself: Java 17's {@code ZoneOffset.getRules()} makes new rules (with their caches) on
     * every call, which {@code atZone} makes once per conversion, on every appointment view.
     *
     * @param instant an instant
     * @param zone    a zone
     * @return the instant in the zone
     */
    public static ZonedDateTime atZone(Instant instant, ZoneId zone) {
        if (zone instanceof ZoneOffset offset) {
            return ZonedDateTime.ofLocal(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset),
                    offset, null);
        }
        return instant.atZone(zone);
    }

    /**
     * Exactly {@link Instant#toString()} (ISO-8601 in UTC, the fraction in groups of three digits as
     * needed), written without {@code DateTimeFormatter} for the years 0000 to 9999: audit hashes and
     * stored results cover instants in this form, on every call of a use case.
     *
     * @param instant an instant
     * @return its text
     */
    public static String text(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < -SECONDS_0000_TO_1970 || seconds > LAST_SECOND_9999) {
            return instant.toString();
        }
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = Math.floorMod(seconds, SECONDS_PER_DAY);
        // days to the proleptic Gregorian civil date (H. Hinnant's days_from_civil, inverted)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

        int nanos = instant.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
        byte[] out = new byte[20 + (fraction == 0 ? 0 : fraction + 1)];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int end = 19;
        if (fraction > 0) {
            out[end++] = '.';
            int value = fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1000 : nanos;
            digits(out, end, value, fraction);
            end += fraction;
        }
        out[end] = 'Z';
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(byte[] out, int at, int value, int width) {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }
}
