package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.core.internal.auth.PasswordRules;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.model.Delivery;
import org.patientportal.spi.storage.PortalStorage;

/**
 * AU-1, AU-2 through the public API: a username is unique under its NFKC, case-insensitive key
 * (a variant in another case or width is the same account), and a password is used exactly as
 * typed (never trimmed, truncated or case-folded).
 */
class UsernamePasswordPropertiesTest {
    private static final Actor DESK = Actor.staff("desk-prop", Role.FRONT_DESK);
    private static final LocalDate BIRTH_DATE = LocalDate.of(1984, 2, 29);
    private static final String SSN4 = "7391";
    private static final String PASSWORD = "orchard lantern velvet kestrel";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

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

    private static SignedUp signUp(String username, String password) {
        var patient = portal.enrollment().registerPatient(DESK, new RegisterPatient("MRN-U" + SEQUENCE.incrementAndGet(),
                "Dana", "Rivers", BIRTH_DATE, SSN4, null, null));
        ActivationCode code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.IN_PERSON);
        return portal.enrollment().signUp(new SignUp(code.value(), SSN4, BIRTH_DATE, username, password, null));
    }

    /** ASCII letters and digits, a few accented Latin letters, dots and dashes. */
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNOPQRSTUVWXYZ0123456789.-_éöñçÅ")
                .ofMinLength(3).ofMaxLength(24)
                .filter(n -> Character.isLetterOrDigit(n.charAt(0)));
    }

    private static String fullwidth(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uFF01') : (char) c));
        return out.toString();
    }

    private static String variant(String name, int kind) {
        return switch (kind) {
            case 0 -> name.toUpperCase(Locale.ROOT);
            case 1 -> name.toLowerCase(Locale.ROOT);
            case 2 -> fullwidth(name);
            case 3 -> java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD);
            default -> fullwidth(name.toUpperCase(Locale.ROOT));
        };
    }

    @Property(tries = 100)
    @Label("AU-1 a username in another case, width or Unicode form is the same username: taken for sign-up, the same account for login")
    void usernameVariantsAreOneUsername(@ForAll("names") String name, @ForAll @IntRange(min = 0, max = 4) int kind) {
        String unique = name + "." + SEQUENCE.incrementAndGet();
        SignedUp first = signUp(unique, PASSWORD);
        String other = variant(unique, kind);
        assertThat(PasswordRules.usernameKey(other)).isEqualTo(PasswordRules.usernameKey(unique));
        assertThat(PasswordRules.usernameKey(PasswordRules.usernameKey(other))).isEqualTo(PasswordRules.usernameKey(other));

        try {
            signUp(other, PASSWORD);
            throw new AssertionError("a second account under " + other);
        } catch (ConflictException e) {
            assertThat(e.getMessage()).isEqualTo("username is not available");
        }
        Session session = portal.auth().logIn(other, PASSWORD);
        assertThat(portal.auth().authenticate(session.token()).accountId()).contains(first.accountId());
    }

    /** Passwords of 15 to 256 code points from a wide alphabet, often with spaces at either end. */
    @Provide
    Arbitrary<String> passwords() {
        Arbitrary<String> core = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&*+,./:;=?@~éßØñ中文")
                .withCharRange('\u0400', '\u04FF')
                .ofMinLength(20).ofMaxLength(200);
        Arbitrary<String> emoji = Arbitraries.integers().between(15, 256).map(n -> "\uD83D\uDE00".repeat(n));
        Arbitrary<String> padded = core.map(p -> "  " + p + " ");
        return Arbitraries.oneOf(List.of(core, padded, emoji));
    }

    @Property(tries = 100)
    @Label("AU-2 a password is used exactly as typed: never trimmed, truncated or case-folded")
    void passwordsAreExact(@ForAll("passwords") String password) {
        String username = "pw.user." + SEQUENCE.incrementAndGet();
        try {
            signUp(username, password);
        } catch (PortalException e) {
            throw new AssertionError("a valid password was refused: " + e + " " + e.getMessage(), e);
        }
        assertThat(portal.auth().logIn(username, password).token()).hasSize(43);

        int codePoints = password.codePointCount(0, password.length());
        List<String> others = new java.util.ArrayList<>();
        if (!password.strip().equals(password)) {
            others.add(password.strip());
        }
        if (codePoints > 15) {
            others.add(password.substring(0, password.offsetByCodePoints(0, codePoints - 1))); // truncated by one
        }
        String swapped = swapCase(password);
        if (!swapped.equals(password)) {
            others.add(swapped);
        }
        for (String other : others.subList(0, Math.min(others.size(), 3))) {
            try {
                portal.auth().logIn(username, other);
                throw new AssertionError("logged in with a changed password");
            } catch (AuthenticationFailedException expected) {
                // the one generic failure
            }
        }
        assertThat(portal.auth().logIn(username, password).token()).hasSize(43);
    }

    private static String swapCase(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.isLowerCase(c) ? Character.toUpperCase(c) : c));
        return out.toString();
    }
}
