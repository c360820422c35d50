package org.patientportal.core.internal.auth;

import org.patientportal.core.auth.AuthPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.InvalidRequestException.Violation;

@DisplayName("PasswordRules (AU-1, AU-2)")
class PasswordRulesTest {

    private static final PasswordRules RULES = PasswordRules.defaults();
    private static final PasswordRules SECOND_FACTOR = PasswordRules.of(AuthPolicy.defaults().withSecondFactor(true));
    private static final String SMILE = "\uD83D\uDE00";

    // ---- AU-1 usernames ----

    @Test
    @DisplayName("AU-1 a username has 3 to 64 code points")
    void usernameLength() {
        assertThat(RULES.checkUsername("ab")).extracting(Violation::path).containsExactly("username");
        assertThat(RULES.checkUsername("abc")).isEmpty();
        assertThat(RULES.checkUsername("a".repeat(64))).isEmpty();
        assertThat(RULES.checkUsername("a".repeat(65))).hasSize(1);
        assertThat(RULES.checkUsername(SMILE.repeat(64))).as("64 code points, 128 chars").isEmpty();
        assertThat(RULES.checkUsername(SMILE.repeat(2))).hasSize(1);
        assertThat(RULES.checkUsername("x".repeat(100_000))).hasSize(1);
        assertThat(RULES.checkUsername(null)).extracting(Violation::message).containsExactly("is required");
    }

    @Test
    @DisplayName("AU-1 a username with a control or invisible character is refused")
    void usernameControlCharacters() {
        for (String bad : List.of("jdoe\n", "jd\u0000oe", "jd\toe", "jd\u200Boe", "jd\u202Eoe", "jd\u0085oe", "jd\uD800oe")) {
            assertThat(RULES.checkUsername(bad)).as("%s", bad.codePoints().boxed().toList())
                    .extracting(Violation::message).contains("must not contain control or invisible characters");
        }
        assertThat(RULES.checkUsername("jean-luc.o'neil_2")).isEmpty();
        assertThat(RULES.checkUsername("Zoë Ångström")).isEmpty();
    }

    @Property(tries = 200)
    @Label("AU-1 any username holding an ISO control character is refused")
    void anyControlCharacterIsRefused(@ForAll @AlphaChars @StringLength(min = 3, max = 30) String name,
                                      @ForAll @IntRange(min = 0, max = 0x9F) int control,
                                      @ForAll @IntRange(min = 0, max = 30) int at) {
        if (!Character.isISOControl(control)) {
            control = 0x7F;
        }
        int position = Math.min(at, name.length());
        String bad = name.substring(0, position) + (char) control + name.substring(position);
        assertThat(RULES.checkUsername(bad)).isNotEmpty();
    }

    @Test
    @DisplayName("AU-1 a username may not start or end with a space")
    void usernameSpaces() {
        assertThat(RULES.checkUsername(" jdoe")).extracting(Violation::message).contains("must not start or end with a space");
        assertThat(RULES.checkUsername("jdoe ")).hasSize(1);
        assertThat(RULES.checkUsername("   ")).isNotEmpty();
        assertThat(RULES.checkUsername("j doe")).isEmpty();
    }

    @Test
    @DisplayName("AU-1 the username key ignores case and Unicode compatibility forms (NFKC)")
    void usernameKey() {
        String key = PasswordRules.usernameKey("JDoe");
        assertThat(key).isEqualTo("jdoe");
        assertThat(PasswordRules.usernameKey("ＪＤｏｅ")).as("fullwidth").isEqualTo(key);
        assertThat(PasswordRules.usernameKey("jDOE")).isEqualTo(key);
        assertThat(PasswordRules.usernameKey("Zoe\u0308")).isEqualTo(PasswordRules.usernameKey("zoë"));
        assertThat(PasswordRules.usernameKey("ﬁle")).isEqualTo("file");
    }

    @Test
    @DisplayName("AU-1 the username key folds case fully (NFKC_Casefold, RFC 8265): sharp s, sigma, iota subscript, dotless i")
    void fullCaseFolding() {
        assertThat(PasswordRules.usernameKey("STRASSE")).isEqualTo("strasse")
                .isEqualTo(PasswordRules.usernameKey("straße"))
                .isEqualTo(PasswordRules.usernameKey("Straße"))
                .isEqualTo(PasswordRules.usernameKey("STRAẞE"));
        assertThat(PasswordRules.usernameKey("ΟΔΟΣ")).isEqualTo(PasswordRules.usernameKey("οδοσ"))
                .isEqualTo(PasswordRules.usernameKey("οδος"));
        assertThat(PasswordRules.usernameKey("σοφια")).isEqualTo(PasswordRules.usernameKey("ΣΟΦΙΑ"));
        assertThat(PasswordRules.usernameKey("ᾼθηνα")).isEqualTo(PasswordRules.usernameKey("αιθηνα"));
        assertThat(PasswordRules.usernameKey("DIYARBAKIR")).isEqualTo(PasswordRules.usernameKey("dıyarbakır"));
    }

    @Test
    @DisplayName("AU-1 lookups first try the key an account got before full case folding, only when it differs")
    void lookupKeys() {
        assertThat(PasswordRules.lookupKeys("JDoe")).containsExactly("jdoe");
        assertThat(PasswordRules.lookupKeys("Straße")).containsExactly("straße", "strasse");
        assertThat(PasswordRules.lookupKeys("οδοσ")).containsExactly("οδοσ", "οδος");
    }

    @Property(tries = 300)
    @Label("AU-1 the username key is stable: keying a key changes nothing")
    void usernameKeyIsIdempotent(@ForAll @StringLength(max = 40) String name) {
        String key = PasswordRules.usernameKey(name);
        assertThat(PasswordRules.usernameKey(key)).isEqualTo(key);
    }

    @Property(tries = 300)
    @Label("AU-1 the case of a letter username never changes its key")
    void caseNeverMatters(@ForAll @AlphaChars @StringLength(min = 3, max = 64) String name) {
        assertThat(PasswordRules.usernameKey(name.toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(PasswordRules.usernameKey(name.toLowerCase(java.util.Locale.ROOT)));
    }

    // ---- AU-2 passwords ----

    @Test
    @DisplayName("AU-2 a password has at least 15 code points when it is the only factor")
    void passwordMinimum() {
        assertThat(RULES.checkPassword("vq7-lmz-8tr-wpx", null)).as("15").isEmpty();
        assertThat(RULES.checkPassword("vq7-lmz-8tr-wp", null)).as("14")
                .containsExactly(new Violation("password", "must have at least 15 characters"));
        assertThat(RULES.checkPassword(SMILE.repeat(14), null)).as("14 code points, 28 chars").hasSize(1);
        assertThat(RULES.checkPassword(SMILE.repeat(15), null)).isEmpty();
    }

    @Test
    @DisplayName("AU-2 with a second factor a password has at least 8 code points")
    void passwordMinimumWithSecondFactor() {
        assertThat(SECOND_FACTOR.minPasswordLength()).isEqualTo(8);
        assertThat(SECOND_FACTOR.checkPassword("vq7-lmz8", null)).isEmpty();
        assertThat(SECOND_FACTOR.checkPassword("vq7-lmz", null))
                .containsExactly(new Violation("password", "must have at least 8 characters"));
    }

    @Test
    @DisplayName("AU-2 passwords of 64 and 256 code points are accepted, 257 are refused, whatever their composition")
    void passwordMaximum() {
        assertThat(RULES.checkPassword("z".repeat(64), null)).isEmpty();
        assertThat(RULES.checkPassword("z".repeat(256), null)).isEmpty();
        assertThat(RULES.checkPassword(SMILE.repeat(256), null)).isEmpty();
        assertThat(RULES.checkPassword("z".repeat(257), null))
                .containsExactly(new Violation("password", "must have at most 256 characters"));
        assertThat(RULES.checkPassword("  spaces are fine  ", null)).as("no trimming, no composition rule").isEmpty();
    }

    @Test
    @DisplayName("AU-2 a password on the bundled list of at least 10,000 common passwords is refused, ignoring case")
    void commonPasswords() {
        assertThat(PasswordRules.commonPasswordCount()).isGreaterThanOrEqualTo(10_000);
        assertThat(RULES.checkPassword("123456789987654321", null))
                .containsExactly(new Violation("password", "is one of the most common passwords; choose another"));
        assertThat(RULES.checkPassword("QAZWSXEDCRFVTGB", null)).hasSize(1);
        assertThat(SECOND_FACTOR.checkPassword("Password", null)).hasSize(1);
        assertThat(PasswordRules.isCommonPassword("password")).isTrue();
        assertThat(PasswordRules.isCommonPassword("correct horse battery staple")).isFalse();
    }

    @Test
    @DisplayName("AU-2 a password containing the username is refused, ignoring case")
    void containsUsername() {
        assertThat(RULES.checkPassword("my name is JDoe, hello", "jdoe"))
                .containsExactly(new Violation("password", "must not contain the username"));
        assertThat(RULES.checkPassword("my name is ＪＤｏｅ, hello", "jdoe")).hasSize(1);
        assertThat(RULES.checkPassword("a perfectly fine passphrase", "jdoe")).isEmpty();
        assertThat(RULES.checkPassword("a perfectly fine passphrase", "ab")).as("username too short to test").isEmpty();
    }

    @Test
    @DisplayName("AU-2 every reason is reported together, with the field path and no value in the message")
    void allReasonsTogether() {
        List<Violation> violations = RULES.check("pass", "password");

        assertThat(violations).extracting(Violation::message).containsExactly(
                "must have at least 15 characters",
                "is one of the most common passwords; choose another",
                "must not contain the username");
        assertThat(violations).extracting(Violation::path).containsOnly("password");
        assertThat(RULES.checkPassword("password", null, "newPassword")).extracting(Violation::path).containsOnly("newPassword");
        assertThat(RULES.check("x", null)).extracting(Violation::path).containsExactly("username", "password");
    }

    @Test
    @DisplayName("AU-2 a password that is not valid Unicode is refused")
    void invalidUnicode() {
        assertThat(RULES.checkPassword("fifteen chars \uD800 long", null))
                .containsExactly(new Violation("password", "must contain only valid Unicode characters"));
    }

    @Property(tries = 300)
    @Label("AU-2 any letter password of 15 to 256 code points not on the list is accepted")
    void longRandomPasswordsAreAccepted(@ForAll @AlphaChars @StringLength(min = 15, max = 256) String password) {
        if (PasswordRules.isCommonPassword(password)) {
            return;
        }
        assertThat(RULES.checkPassword(password, null)).isEmpty();
    }

    @Property(tries = 300)
    @Label("AU-2 any password of fewer than 15 code points is refused")
    void shortPasswordsAreRefused(@ForAll @StringLength(max = 14) String password) {
        assertThat(RULES.checkPassword(password, null)).isNotEmpty();
    }

    @Property(tries = 500)
    @Label("AU-1/AU-2 the rules never throw and only ever answer with their fixed messages, never the input")
    void neverThrow(@ForAll("anyText") String username, @ForAll("anyText") String password) {
        List<Violation> violations = RULES.check(username, password);
        assertThat(violations).extracting(Violation::path).isSubsetOf("username", "password");
        assertThat(violations).extracting(Violation::message).isSubsetOf(List.of(
                "is required",
                "must have 3 to 64 characters",
                "must not contain control or invisible characters",
                "must not start or end with a space",
                "must have at least 15 characters",
                "must have at most 256 characters",
                "must contain only valid Unicode characters",
                "is one of the most common passwords; choose another",
                "must not contain the username"));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.just(null));
    }
}
