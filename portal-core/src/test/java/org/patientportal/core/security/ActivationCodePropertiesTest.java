package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.internal.CodeFormat;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.PortalStorage;

/**
 * EN-2, IN-2: the activation-code parser. Any valid code, in any case, with or without its two
 * dashes and with surrounding spaces, is that code; any other text is refused as an invalid request
 * on {@code activationCode} (never mapped from a look-alike, never another exception).
 */
class ActivationCodePropertiesTest {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final String X = "[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]";
    private static final Pattern WELL_FORMED = Pattern.compile(X + "{15}");
    /** Separators a person may type inside a code (EN-2): spaces, tabs and dashes, some Unicode ones too. */
    private static final String SEPARATORS = " -\t\u00A0\u2010\u2011\u2013\u2212\u3000";
    private static final String NEAR_MISSES = "ILOUiloU-_ .\u2013\u2014\u0000\r\n\t\u202E\u0131\u017F\u212A\uFF10\uFF21\u0660\u00D8\u041E\uD800\uDFFF\u00A0\u200B";
    private static final Actor DESK = Actor.staff("desk-prop", Role.FRONT_DESK);
    private static final LocalDate BIRTH_DATE = LocalDate.of(1984, 2, 29);

    private static final AtomicInteger MRN = new AtomicInteger();

    private static PortalStorage storage;
    private static Portal portal;

    @BeforeContainer
    static void openPortal() {
        storage = TestStorages.inMemory();
        portal = TestPortals.portal(storage, MutableClock.start());
    }

    @AfterContainer
    static void closePortal() {
        storage.close();
    }

    @Provide
    Arbitrary<String> validCodes() {
        return Arbitraries.strings().withChars(ALPHABET).ofLength(15);
    }

    /** A valid code as a person might type it: any case per character, separators anywhere, spaces around. */
    @Provide
    Arbitrary<String[]> typedCodes() {
        Arbitrary<String> pad = Arbitraries.of("", " ", "  ", "\t", " \t ", "\u3000", "\n");
        return Combinators.combine(validCodes(), Arbitraries.longs(), separatorRuns(16), pad, pad)
                .as((code, caseMask, separators, before, after) ->
                        new String[] {code, before + typed(code, caseMask, separators) + after});
    }

    /** For each of {@code n} gaps (before the first symbol, between two, after the last): 0 to 2 separators (at most 47 characters in all, under the 64 read). */
    private static Arbitrary<List<String>> separatorRuns(int n) {
        Arbitrary<String> run = Arbitraries.oneOf(List.of(Arbitraries.just(""), Arbitraries.just(""),
                Arbitraries.strings().withChars(SEPARATORS).ofMinLength(1).ofMaxLength(2)));
        return run.list().ofSize(n);
    }

    /** {@code code} with the case of each symbol from {@code caseMask} and {@code separators.get(i)} before symbol i. */
    private static String typed(String code, long caseMask, List<String> separators) {
        StringBuilder typed = new StringBuilder();
        for (int i = 0; i < code.length(); i++) {
            typed.append(separators.get(i));
            char c = code.charAt(i);
            typed.append(((caseMask >> i) & 1) == 1 ? Character.toLowerCase(c) : c);
        }
        return typed.append(separators.get(code.length())).toString();
    }

    /** The test's own oracle of EN-2: trimmed, at most 64 characters, 15 alphabet symbols once separators are removed. */
    private static boolean wellFormed(String text) {
        String stripped = text.strip();
        return stripped.length() <= CodeFormat.MAX_INPUT && WELL_FORMED.matcher(withoutSeparators(stripped)).matches();
    }

    private static String withoutSeparators(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().filter(c -> !(c == '\t' || c == '\u2212' || Character.getType(c) == Character.SPACE_SEPARATOR
                || Character.getType(c) == Character.DASH_PUNCTUATION)).forEach(c -> out.append((char) c));
        return out.toString();
    }

    /** Text near a code: valid codes with a character replaced, inserted or removed, and free text. */
    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> replaced = Combinators.combine(validCodes(), Arbitraries.integers().between(0, 14),
                Arbitraries.of(NEAR_MISSES.chars().mapToObj(c -> String.valueOf((char) c)).toList()))
                .as((code, at, c) -> code.substring(0, at) + c + code.substring(at + 1));
        Arbitrary<String> resized = Combinators.combine(validCodes(), Arbitraries.integers().between(0, 14),
                Arbitraries.of(true, false))
                .as((code, at, insert) -> insert ? code.substring(0, at) + code.charAt(at) + code.substring(at)
                        : code.substring(0, at) + code.substring(at + 1));
        Arbitrary<String> mixed = Arbitraries.strings().withChars(ALPHABET + ALPHABET.toLowerCase(Locale.ROOT) + NEAR_MISSES)
                .ofMinLength(0).ofMaxLength(20);
        Arbitrary<String> free = Arbitraries.strings().all().ofMaxLength(24);
        return Arbitraries.oneOf(List.of(replaced, resized, mixed, free, typedCodes().map(t -> t[1])));
    }

    @Property(tries = 200)
    @Label("EN-2 any valid code in any case, with spaces and dashes inserted anywhere, normalises to itself")
    void validCodesRoundTrip(@ForAll("typedCodes") String[] typed) {
        assertThat(CodeFormat.normalize(typed[1])).contains(typed[0]);
        assertThat(CodeFormat.display(typed[0])).matches(X + "{5}-" + X + "{5}-" + X + "{5}")
                .isEqualTo(typed[0].substring(0, 5) + "-" + typed[0].substring(5, 10) + "-" + typed[0].substring(10));
    }

    @Property(tries = 200)
    @Label("EN-2 IN-2 a text is a code exactly when 15 alphabet characters remain without its spaces and dashes; anything else is an invalid request on activationCode")
    void onlyWellFormedCodesPass(@ForAll("anyText") String text) {
        boolean wellFormed = wellFormed(text);
        Optional<String> normalized = CodeFormat.normalize(text);

        assertThat(normalized.isPresent()).as("normalize(%s)", text.codePoints().boxed().toList()).isEqualTo(wellFormed);
        normalized.ifPresent(n -> assertThat(n).isEqualTo(withoutSeparators(text.strip()).toUpperCase(Locale.ROOT)));

        try {
            portal.enrollment().signUp(new SignUp(text, "7391", BIRTH_DATE, "prop.user", "orchard lantern velvet kestrel", null));
            throw new AssertionError("a never-issued code signed up");
        } catch (InvalidRequestException e) {
            assertThat(wellFormed).as("refused as malformed").isFalse();
            assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("activationCode");
            // LG-1: the text typed never comes back in the message (short texts would match its fixed words by chance)
            if (text.strip().length() >= 6) {
                assertThat(e.getMessage()).doesNotContain(text.strip());
            }
        } catch (AuthenticationFailedException e) {
            assertThat(wellFormed).as("well-formed, never issued: the generic failure").isTrue();
        } catch (PortalException e) {
            throw new AssertionError("unexpected SDK exception " + e, e);
        }
    }

    @Property(tries = 60)
    @Label("EN-2 an issued code signs up when typed in any case, with spaces and dashes inserted anywhere")
    void typedCodeSignsUp(@ForAll long caseMask, @ForAll("gaps") List<String> separators) {
        PatientId patient = portal.enrollment().registerPatient(DESK, new RegisterPatient("MRN-P" + MRN.incrementAndGet(),
                "Dana", "Rivers", BIRTH_DATE, "7391", null, null));
        ActivationCode code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON);
        String typed = "  " + typed(code.value().replace("-", ""), caseMask, separators) + "\t";

        assertThat(portal.enrollment().signUp(new SignUp(typed, "7391", BIRTH_DATE,
                "typed." + code.id(), "orchard lantern velvet kestrel", null)).patientId()).isEqualTo(patient);
    }

    @Property(tries = 60)
    @Label("EN-2 IN-2 an issued code with one symbol dropped or added (14 or 16) never signs up, whatever the separators")
    void wrongSymbolCountNeverSignsUp(@ForAll long caseMask, @ForAll("gaps") List<String> separators,
                                      @ForAll boolean longer, @ForAll("positions") int at) {
        PatientId patient = portal.enrollment().registerPatient(DESK, new RegisterPatient("MRN-P" + MRN.incrementAndGet(),
                "Dana", "Rivers", BIRTH_DATE, "7391", null, null));
        ActivationCode code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON);
        String compact = code.value().replace("-", "");
        String resized = longer ? compact.substring(0, at) + compact.charAt(at) + compact.substring(at)
                : compact.substring(0, at) + compact.substring(at + 1);
        List<String> gaps = new java.util.ArrayList<>(separators);
        gaps.add("");
        String typed = typed(resized, caseMask, gaps);

        assertThat(CodeFormat.normalize(typed)).isEmpty();
        try {
            portal.enrollment().signUp(new SignUp(typed, "7391", BIRTH_DATE, "resized." + code.id(),
                    "orchard lantern velvet kestrel", null));
            throw new AssertionError("a code of " + resized.length() + " symbols signed up");
        } catch (InvalidRequestException e) {
            assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("activationCode");
        }
        assertThat(portal.enrollment().signUp(new SignUp(code.value(), "7391", BIRTH_DATE, "resized." + code.id(),
                "orchard lantern velvet kestrel", null)).patientId()).as("the code itself is still unused").isEqualTo(patient);
    }

    @Provide
    Arbitrary<List<String>> gaps() {
        return separatorRuns(16);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 14);
    }
}
