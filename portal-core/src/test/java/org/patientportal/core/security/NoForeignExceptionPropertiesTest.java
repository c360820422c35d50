package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalException;
import org.patientportal.core.PortalStorageException;
import org.patientportal.core.Role;
import org.patientportal.core.auth.ChangePassword;
import org.patientportal.core.auth.ResetPassword;
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
 * IN-2 "no input makes the SDK throw anything but its own exceptions": random text (control
 * characters, bidi overrides, broken surrogates, look-alikes, huge values, and valid values to reach
 * deeper) into every String parameter of registerPatient, signUp (and SignUp.fromForm), logIn,
 * authenticate, logOut, changePassword and resetPassword, on the three storages. Every call either
 * returns or throws a {@link PortalException}, and never a storage failure: bad input must be
 * refused before it reaches the database.
 */
class NoForeignExceptionPropertiesTest {
    private static final Actor DESK = Actor.staff("desk-prop", Role.FRONT_DESK);
    private static final LocalDate BIRTH_DATE = LocalDate.of(1984, 2, 29);
    private static final String SSN4 = "7391";
    private static final String USERNAME = "fuzz.target";
    private static final String PASSWORD = "orchard lantern velvet kestrel";
    private static final String SPECIALS = "\u0000\u0001\r\n\t\u007F\u0085\u2028\u2029\u202E\u200B\uFEFF\uD800\uDFFF"
            + "\u0130\u0131\u017F\u212A\uFF10\uFF21\u0660-_ .@+%'\"\\;";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** One portal per storage, with an enrolled patient and a fresh sign-up code to aim at. */
    private static final Map<String, Target> TARGETS = new LinkedHashMap<>();

    private record Target(PortalStorage storage, Portal portal, ActivationCode code, Actor me) {
    }

    @BeforeContainer
    static void openPortals() {
        open("inMemory", TestStorages.inMemory());
        open("h2", TestStorages.h2());
        open("postgres", TestStorages.postgres());
    }

    private static void open(String name, PortalStorage storage) {
        Portal portal = TestPortals.portal(storage, MutableClock.start());
        PatientId enrolled = portal.enrollment().registerPatient(DESK, new RegisterPatient("MRN-F1", "Dana", "Rivers",
                BIRTH_DATE, SSN4, null, null));
        ActivationCode first = portal.enrollment().issueActivationCode(DESK, enrolled, Delivery.IN_PERSON);
        portal.enrollment().signUp(new SignUp(first.value(), SSN4, BIRTH_DATE, USERNAME, PASSWORD, null));
        Actor me = portal.auth().authenticate(portal.auth().logIn(USERNAME, PASSWORD).token());
        PatientId waiting = portal.enrollment().registerPatient(DESK, new RegisterPatient("MRN-F2", "Ola", "Berg",
                BIRTH_DATE, SSN4, null, null));
        ActivationCode code = portal.enrollment().issueActivationCode(DESK, waiting, Delivery.LETTER);
        TARGETS.put(name, new Target(storage, portal, code, me));
    }

    @AfterContainer
    static void closePortals() {
        TARGETS.values().forEach(t -> t.storage().close());
        TARGETS.clear();
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> special = Arbitraries.strings().withChars(SPECIALS).ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> valid = Arbitraries.of(SSN4, "1984-02-29", USERNAME, PASSWORD, CodeFormat.display(CodeFormat.generate()),
                "MRN-9", "dana@example.org", "+15555550123", "Dana", "");
        Arbitrary<String> spliced = net.jqwik.api.Combinators.combine(valid, special, Arbitraries.integers().between(0, 40))
                .as((v, s, at) -> v.substring(0, Math.min(at, v.length())) + s + v.substring(Math.min(at, v.length())));
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> huge = Arbitraries.of("x".repeat(100_000), "\u0000".repeat(70_000), "\uD83D\uDE00".repeat(40_000));
        return Arbitraries.frequencyOf(
                Tuple.of(3, special), Tuple.of(3, valid), Tuple.of(4, spliced), Tuple.of(4, anyChars), Tuple.of(1, huge))
                .injectNull(0.05);
    }

    @Property(tries = 60)
    @Label("IN-2 random strings into every String parameter give only the SDK's own exceptions, never a storage failure, on every storage")
    void onlyOwnExceptions(@ForAll("text") String a, @ForAll("text") String b, @ForAll("text") String c,
                           @ForAll("text") String d, @ForAll("text") String e, @ForAll("text") String f) {
        List<String> problems = new ArrayList<>();
        TARGETS.forEach((name, target) -> {
            Portal portal = target.portal();
            String code = target.code().value();
            check(problems, name, "registerPatient", () -> portal.enrollment().registerPatient(DESK,
                    new RegisterPatient(a, b, c, BIRTH_DATE, d, e, f)));
            check(problems, name, "registerPatient(valid mrn)", () -> portal.enrollment().registerPatient(DESK,
                    new RegisterPatient("MRN-R" + SEQUENCE.incrementAndGet(), a, b, BIRTH_DATE, c, d, e)));
            check(problems, name, "signUp", () -> portal.enrollment().signUp(new SignUp(a, b, BIRTH_DATE, c, d, e)));
            check(problems, name, "signUp(real code)", () -> portal.enrollment().signUp(
                    new SignUp(code, a, BIRTH_DATE, b, c, d)));
            check(problems, name, "signUp.fromForm", () -> portal.enrollment().signUp(
                    SignUp.fromForm(code, SSN4, a, b, PASSWORD, c)));
            check(problems, name, "logIn", () -> portal.auth().logIn(a, b));
            check(problems, name, "logIn(known user)", () -> portal.auth().logIn(USERNAME, c));
            check(problems, name, "authenticate", () -> portal.auth().authenticate(a));
            check(problems, name, "logOut", () -> {
                portal.auth().logOut(b);
                return null;
            });
            check(problems, name, "changePassword", () -> {
                portal.auth().changePassword(target.me(), new ChangePassword(a, b));
                return null;
            });
            check(problems, name, "resetPassword", () -> {
                portal.auth().resetPassword(new ResetPassword(a, b, BIRTH_DATE, c));
                return null;
            });
        });
        assertThat(problems).as("inputs %s", describe(a, b, c, d, e, f)).isEmpty();
    }

    private static void check(List<String> problems, String storage, String call, Supplier<?> body) {
        try {
            body.get();
        } catch (PortalStorageException e) {
            problems.add(storage + " " + call + ": storage failure " + e.getCause());
        } catch (PortalException e) {
            // the SDK's own answer
        } catch (RuntimeException | Error e) {
            problems.add(storage + " " + call + ": " + e);
        }
    }

    private static String describe(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.add(v == null ? "null" : v.length() > 60 ? "(" + v.length() + " chars)" : v.codePoints().boxed().toList().toString());
        }
        return out.toString();
    }
}
