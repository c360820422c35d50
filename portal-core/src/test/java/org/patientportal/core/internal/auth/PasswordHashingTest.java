package org.patientportal.core.internal.auth;

import org.patientportal.core.testing.CountingArgon2id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.auth.PasswordHashing;

@DisplayName("PasswordHashing (AU-3)")
class PasswordHashingTest {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    private static final PasswordHasher FAST = PasswordHasher.of(PasswordHashing.insecureForTests());

    @Test
    @DisplayName("AU-3 argon2id() writes a PHC string with m=19456, t=2, p=1, a 16-byte salt and a 32-byte hash, unpadded base64")
    void productionFormat() {
        String phc = PasswordHasher.of(PasswordHashing.argon2id()).hash("correct horse battery staple");

        Matcher m = PHC.matcher(phc);
        assertThat(m.matches()).as("PHC string shape").isTrue();
        assertThat(m.group(1)).isEqualTo("19456");
        assertThat(m.group(2)).isEqualTo("2");
        assertThat(m.group(3)).isEqualTo("1");
        assertThat(Base64.getDecoder().decode(m.group(4))).hasSize(16);
        assertThat(Base64.getDecoder().decode(m.group(5))).hasSize(32);
        assertThat(m.group(4) + m.group(5)).as("no base64 padding").doesNotContain("=");
        assertThat(phc).doesNotContain("correct horse");
        assertThat(PasswordHasher.of(PasswordHashing.argon2id()).verify("correct horse battery staple", phc)).isTrue();
    }

    @Test
    @DisplayName("AU-3 verify accepts the Argon2id reference vector (password/somesalt, m=65536, t=2, p=1)")
    void referenceVector() {
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

        assertThat(FAST.verify("password", reference)).isTrue();
        assertThat(FAST.verify("Password", reference)).isFalse();
    }

    @Test
    @DisplayName("AU-3 each hash has its own salt, and verify needs the exact password")
    void saltedAndExact() {
        String first = FAST.hash("a long passphrase here");
        String second = FAST.hash("a long passphrase here");

        assertThat(first).isNotEqualTo(second);
        assertThat(FAST.verify("a long passphrase here", first)).isTrue();
        assertThat(FAST.verify("a long passphrase here", second)).isTrue();
        assertThat(FAST.verify("a long passphrase here ", first)).as("never trimmed").isFalse();
        assertThat(FAST.verify("A long passphrase here", first)).as("never case-folded").isFalse();
        assertThat(FAST.verify("a long passphrase her", first)).as("never truncated").isFalse();
    }

    @Test
    @DisplayName("AU-2 a 256-code-point password is hashed whole: changing its last character fails")
    void longPasswordsAreNotTruncated() {
        String longPassword = "\uD83D\uDE00".repeat(255) + "a";
        String phc = FAST.hash(longPassword);

        assertThat(FAST.verify(longPassword, phc)).isTrue();
        assertThat(FAST.verify("\uD83D\uDE00".repeat(255) + "b", phc)).isFalse();
    }

    @Test
    @DisplayName("AU-3 verify accepts hashes made with other parameters")
    void otherParameters() {
        String stronger = PasswordHasher.of(PasswordHashing.argon2id(64, 3, 2)).hash("a long passphrase here");

        assertThat(FAST.verify("a long passphrase here", stronger)).isTrue();
        assertThat(PasswordHasher.of(PasswordHashing.argon2id()).verify("a long passphrase here", FAST.hash("a long passphrase here"))).isTrue();
    }

    @Test
    @DisplayName("AU-3 needsRehash is true only when the configured parameters are stronger than the stored ones")
    void needsRehash() {
        String weak = FAST.hash("a long passphrase here");
        String floor = PasswordHasher.of(PasswordHashing.argon2id()).hash("a long passphrase here");

        assertThat(PasswordHasher.of(PasswordHashing.argon2id()).needsRehash(weak)).isTrue();
        assertThat(PasswordHasher.of(PasswordHashing.argon2id()).needsRehash(floor)).isFalse();
        assertThat(FAST.needsRehash(floor)).as("weaker configuration never downgrades").isFalse();
        assertThat(PasswordHasher.of(PasswordHashing.argon2id(19456, 3, 1)).needsRehash(floor)).isTrue();
        assertThat(PasswordHasher.of(PasswordHashing.argon2id(32768, 2, 1)).needsRehash(floor)).isTrue();
        assertThat(PasswordHasher.of(PasswordHashing.argon2id(19456, 2, 2)).needsRehash(floor)).isTrue();
        assertThat(PasswordHasher.of(PasswordHashing.argon2id()).needsRehash("not a phc string")).isTrue();
    }

    @Test
    @DisplayName("AU-3 malformed stored strings never verify and never throw")
    void malformed() {
        String good = FAST.hash("a long passphrase here");
        assertThat(FAST.verify("a long passphrase here", null)).isFalse();
        assertThat(FAST.verify("a long passphrase here", "")).isFalse();
        assertThat(FAST.verify("a long passphrase here", good.replace("argon2id", "argon2i"))).isFalse();
        assertThat(FAST.verify("a long passphrase here", good.replace("v=19", "v=16"))).isFalse();
        assertThat(FAST.verify("a long passphrase here", good.replace("m=8,", "m=99999999999,"))).isFalse();
        assertThat(FAST.verify("a long passphrase here", good.replace("t=1", "t=1000"))).isFalse();
        assertThat(FAST.verify("a long passphrase here", good + "$")).isFalse();
        assertThat(FAST.verify("a long passphrase here", good.substring(0, good.length() - 1) + "!")).isFalse();
        assertThat(FAST.verify(null, good)).isFalse();
        assertThat(FAST.verify("lone \uD800 surrogate", good)).isFalse();
    }

    @Test
    @DisplayName("AU-4 dummyVerify runs a hash with the configured parameters and throws for no input")
    void dummyVerify() {
        CountingArgon2id argon2 = new CountingArgon2id();
        PasswordHasher hasher = PasswordHasher.of(PasswordHashing.insecureForTests(), argon2);
        hasher.dummyVerify("anything at all");
        hasher.dummyVerify(null);
        hasher.dummyVerify("lone \uD800 surrogate");
        assertThat(argon2.costs()).containsExactly("m=8,t=1,p=1", "m=8,t=1,p=1", "m=8,t=1,p=1");
        assertThat(hasher.toString()).contains("INSECURE FOR TESTS");
    }

    @Test
    @DisplayName("AU-3 the floor: argon2id() meets it, the test hasher and weaker parameters do not")
    void floor() {
        assertThat(PasswordHashing.argon2id().meetsProductionFloor()).isTrue();
        assertThat(PasswordHashing.argon2id(65536, 3, 4).meetsProductionFloor()).isTrue();
        assertThat(PasswordHashing.insecureForTests().meetsProductionFloor()).isFalse();
        assertThat(PasswordHashing.insecureForTests().isInsecureForTests()).isTrue();
        assertThat(PasswordHashing.argon2id(19455, 2, 1).meetsProductionFloor()).isFalse();
        assertThat(PasswordHashing.argon2id(19456, 1, 1).meetsProductionFloor()).isFalse();
        assertThatThrownBy(() -> PasswordHashing.argon2id(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHashing.argon2id(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHashing.argon2id(64, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("AU-3 hashing refuses a password that is not valid Unicode and null")
    void refusesInvalid() {
        assertThatThrownBy(() -> FAST.hash("lone \uD800 surrogate")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("lone");
        assertThatThrownBy(() -> FAST.hash(null)).isInstanceOf(NullPointerException.class);
    }
}
