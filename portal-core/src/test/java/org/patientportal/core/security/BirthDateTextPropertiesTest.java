package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.enrollment.SignUp;

/**
 * EN-4, IN-2: the birth date typed on a form is strict ISO {@code yyyy-MM-dd} with a 4-digit year
 * and a real calendar date; everything else is an invalid request on {@code birthDate}.
 */
class BirthDateTextPropertiesTest {
    private static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    /** Text shaped like dates, right and wrong, and free text. */
    @Provide
    Arbitrary<String> dateLikeText() {
        Arbitrary<String> digitsAndDashes = Arbitraries.strings().withChars("0123456789-/. +T\u0660\uFF10\n")
                .ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> shaped = Combinators.combine(Arbitraries.integers().between(0, 9999),
                Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 99))
                .as((y, m, d) -> String.format(Locale.ROOT, "%04d-%02d-%02d", y, m, d));
        return Arbitraries.oneOf(List.of(digitsAndDashes, shaped, Arbitraries.strings().all().ofMaxLength(16),
                dates().map(LocalDate::toString)));
    }

    private static LocalDate parse(String text) {
        return SignUp.fromForm("c", "7391", text, "u", "p", null).birthDate();
    }

    @Property(tries = 200)
    @Label("EN-4 any date with a 4-digit year, as yyyy-MM-dd, reads back as itself")
    void isoRoundTrip(@ForAll("dates") LocalDate date) {
        assertThat(parse(STRICT.format(date))).isEqualTo(date);
    }

    @Property(tries = 200)
    @Label("IN-2 a date written with a 2-digit year, without dashes, US or European order, or unpadded is refused on birthDate")
    void otherFormatsRefused(@ForAll("dates") LocalDate date, @ForAll @IntRange(min = 0, max = 4) int format) {
        String text = switch (format) {
            case 0 -> String.format(Locale.ROOT, "%02d-%02d-%02d", date.getYear() % 100, date.getMonthValue(), date.getDayOfMonth());
            case 1 -> String.format(Locale.ROOT, "%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            case 2 -> String.format(Locale.ROOT, "%02d/%02d/%04d", date.getMonthValue(), date.getDayOfMonth(), date.getYear());
            case 3 -> String.format(Locale.ROOT, "%02d.%02d.%04d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
            default -> String.format(Locale.ROOT, "%d-%d-%d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        };
        if (format == 4 && text.equals(STRICT.format(date))) {
            return; // 4-digit year, 2-digit month and day: the unpadded form is the ISO form
        }
        assertRefused(text);
    }

    @Property(tries = 200)
    @Label("IN-2 an impossible day or month (1984-02-30, 2023-02-29, month 13, day 0) is refused on birthDate")
    void impossibleDatesRefused(@ForAll @IntRange(min = 1, max = 9999) int year, @ForAll @IntRange(min = 0, max = 13) int month,
                                @ForAll @IntRange(min = 0, max = 40) int extra) {
        int day;
        if (month == 0 || month == 13) {
            day = 1 + extra % 28;
        } else {
            day = LocalDate.of(year, month, 1).lengthOfMonth() + 1 + extra % (32 - LocalDate.of(year, month, 1).lengthOfMonth());
            if (extra % 5 == 0) {
                day = 0;
            }
        }
        assertRefused(String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day));
    }

    @Property(tries = 300)
    @Label("IN-2 any text either is a real yyyy-MM-dd date that formats back to itself, or is refused on birthDate only")
    void anyTextIsStrictOrRefused(@ForAll("dateLikeText") String text) {
        LocalDate expected;
        try {
            expected = text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}") ? LocalDate.parse(text, STRICT) : null;
        } catch (DateTimeParseException e) {
            expected = null;
        }
        if (expected == null) {
            assertRefused(text);
        } else {
            assertThat(parse(text)).isEqualTo(expected);
            assertThat(STRICT.format(parse(text))).isEqualTo(text);
        }
    }

    private static void assertRefused(String text) {
        try {
            LocalDate parsed = parse(text);
            throw new AssertionError("accepted " + text.codePoints().boxed().toList() + " as " + parsed);
        } catch (InvalidRequestException e) {
            assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("birthDate");
        }
    }
}
