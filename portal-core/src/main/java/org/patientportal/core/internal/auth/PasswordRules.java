package org.patientportal.core.internal.auth;

import org.patientportal.core.auth.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.patientportal.core.InvalidRequestException.Violation;
import org.jspecify.annotations.Nullable;

/**
 * The username and password rules (AU-1, AU-2), used by sign-up, password change and reset.
 *
 * <p>Username: 3 to 64 characters (code points), none of them a control or invisible character,
 * no leading or trailing space; unique ignoring case and Unicode compatibility forms, through
 * {@link #usernameKey}.
 *
 * <p>Password: at least 15 code points (8 when the host adds a second factor), at most 256; no
 * composition rule; never trimmed, truncated or case-folded; refused when it is one of the 30,000
 * most common passwords of the bundled list (compared ignoring case) or contains the username
 * (ignoring case). Every reason is reported as a {@link Violation} whose message tells the user
 * why, never repeating the value, so a caller can throw
 * {@link org.patientportal.core.InvalidRequestException} with all of them at once.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasswordRules {

    /** Shortest username, in code points (AU-1). */
    public static final int MIN_USERNAME = 3;
    /** Longest username, in code points (AU-1). */
    public static final int MAX_USERNAME = 64;
    /** Shortest password when it is the only factor, in code points (AU-2). */
    public static final int MIN_PASSWORD_SINGLE_FACTOR = AuthPolicy.MIN_PASSWORD_SINGLE_FACTOR;
    /** Shortest password with a second factor, in code points (AU-2). */
    public static final int MIN_PASSWORD_WITH_SECOND_FACTOR = AuthPolicy.MIN_PASSWORD_WITH_SECOND_FACTOR;
    /** Longest password, in code points (AU-2). */
    public static final int MAX_PASSWORD = AuthPolicy.MAX_PASSWORD;

    private static final String COMMON_PASSWORDS = "common-passwords.txt";
    private static final PasswordRules DEFAULTS = new PasswordRules(MIN_PASSWORD_SINGLE_FACTOR);

    private final int minPasswordLength;

    private PasswordRules(int minPasswordLength) {
        this.minPasswordLength = minPasswordLength;
    }

    /** The rules for a password that is the only factor (at least 15 code points). */
    public static PasswordRules defaults() {
        return DEFAULTS;
    }

    /** The rules under a policy: at least 8 code points with a second factor, 15 without. */
    public static PasswordRules of(AuthPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return policy.secondFactor() ? new PasswordRules(MIN_PASSWORD_WITH_SECOND_FACTOR) : DEFAULTS;
    }

    /** The shortest password accepted, in code points. */
    public int minPasswordLength() {
        return minPasswordLength;
    }

    /**
     * The normalised form of a username under which it is unique (AU-1): full case folding and
     * compatibility normalisation, as PRECIS UsernameCaseMapped (RFC 8265) does with NFKC_Casefold.
     * The JDK has no NFKC_Casefold, so this is NFKC, then lower, upper and lower case again
     * ({@link Locale#ROOT}: the round trip folds {@code ẞ} and {@code ß} to {@code ss}, final and
     * non-final sigma alike, dotless {@code ı} to {@code i}, iota subscripts to {@code ι}), then
     * NFKC again.
     *
     * @throws NullPointerException if {@code username} is null
     */
    public static String usernameKey(String username) {
        Objects.requireNonNull(username, "username");
        String nfkc = Normalizer.normalize(username, Normalizer.Form.NFKC);
        String folded = nfkc.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /**
     * The keys to look a username up under, in order. When the key accounts were stored with
     * before full case folding (NFKC, lower case, NFKC) differs from {@link #usernameKey}, it comes
     * first: such a key is not fully folded, so only an account made then can hold it, and it is
     * the account its owner reached with this name before. Then {@link #usernameKey}.
     *
     * @throws NullPointerException if {@code username} is null
     */
    public static List<String> lookupKeys(String username) {
        String key = usernameKey(username);
        String nfkc = Normalizer.normalize(username, Normalizer.Form.NFKC);
        String legacy = Normalizer.normalize(nfkc.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
        return key.equals(legacy) ? List.of(key) : List.of(legacy, key);
    }

    /** Whether the password is on the bundled list of most common passwords, ignoring case. */
    public static boolean isCommonPassword(String password) {
        Objects.requireNonNull(password, "password");
        return CommonPasswords.SET.contains(usernameKey(password));
    }

    /** Checks a new username and password together: username violations first, then password ones. */
    public List<Violation> check(String username, String password) {
        List<Violation> violations = new ArrayList<>(checkUsername(username));
        violations.addAll(checkPassword(password, username));
        return List.copyOf(violations);
    }

    /** The AU-1 violations of a username, with path {@code "username"}; empty if it is acceptable. */
    public List<Violation> checkUsername(String username) {
        return checkUsername(username, "username");
    }

    /**
     * The AU-1 violations of a username.
     *
     * @param username the username as typed
     * @param path     the field path to report
     * @return the violations, empty if the username is acceptable
     */
    public List<Violation> checkUsername(@Nullable String username, String path) {
        Objects.requireNonNull(path, "path");
        List<Violation> violations = new ArrayList<>();
        if (username == null) {
            violations.add(new Violation(path, "is required"));
            return violations;
        }
        int length = username.codePointCount(0, username.length());
        if (length > 4 * MAX_USERNAME) {
            violations.add(new Violation(path, "must have " + MIN_USERNAME + " to " + MAX_USERNAME + " characters"));
            return violations;
        }
        if (hasInvisibleOrControl(username)) {
            violations.add(new Violation(path, "must not contain control or invisible characters"));
        }
        String key = usernameKey(username);
        int keyLength = key.codePointCount(0, key.length());
        if (length < MIN_USERNAME || length > MAX_USERNAME || keyLength < MIN_USERNAME || keyLength > MAX_USERNAME) {
            violations.add(new Violation(path, "must have " + MIN_USERNAME + " to " + MAX_USERNAME + " characters"));
        }
        if (!username.isEmpty() && (isSpace(username.codePointAt(0))
                || isSpace(username.codePointBefore(username.length())))) {
            violations.add(new Violation(path, "must not start or end with a space"));
        }
        return violations;
    }

    /**
     * The AU-2 violations of a new password, with path {@code "password"}.
     *
     * @param password the password exactly as typed
     * @param username the account's username, if known; the password must not contain it
     * @return the violations, empty if the password is acceptable
     */
    public List<Violation> checkPassword(@Nullable String password, @Nullable String username) {
        return checkPassword(password, username, "password");
    }

    /**
     * The AU-2 violations of a new password.
     *
     * @param password the password exactly as typed
     * @param username the account's username, if known; the password must not contain it
     * @param path     the field path to report ({@code "password"}, {@code "newPassword"})
     * @return the violations, empty if the password is acceptable
     */
    public List<Violation> checkPassword(@Nullable String password, @Nullable String username, String path) {
        Objects.requireNonNull(path, "path");
        List<Violation> violations = new ArrayList<>();
        if (password == null) {
            violations.add(new Violation(path, "is required"));
            return violations;
        }
        int length = password.codePointCount(0, password.length());
        if (length > MAX_PASSWORD) {
            violations.add(new Violation(path, "must have at most " + MAX_PASSWORD + " characters"));
            return violations;
        }
        if (length < minPasswordLength) {
            violations.add(new Violation(path, "must have at least " + minPasswordLength + " characters"));
        }
        if (hasUnpairedSurrogate(password)) {
            violations.add(new Violation(path, "must contain only valid Unicode characters"));
            return violations;
        }
        if (isCommonPassword(password)) {
            violations.add(new Violation(path, "is one of the most common passwords; choose another"));
        }
        if (username != null && containsUsername(password, username)) {
            violations.add(new Violation(path, "must not contain the username"));
        }
        return violations;
    }

    private static boolean containsUsername(String password, String username) {
        String name = usernameKey(username).strip();
        if (name.codePointCount(0, name.length()) < MIN_USERNAME) {
            return false;
        }
        return usernameKey(password).contains(name)
                || password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT));
    }

    private static boolean hasInvisibleOrControl(String text) {
        return text.codePoints().anyMatch(cp -> {
            int type = Character.getType(cp);
            return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
        });
    }

    private static boolean hasUnpairedSurrogate(String text) {
        return text.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE);
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** How many entries the bundled list holds (for tests). */
    static int commonPasswordCount() {
        return CommonPasswords.SET.size();
    }

    /** The bundled list, loaded once on first use. */
    private static final class CommonPasswords {
        static final Set<String> SET = load();

        private static Set<String> load() {
            Set<String> set = new HashSet<>(40_000);
            try (InputStream in = PasswordRules.class.getResourceAsStream(COMMON_PASSWORDS)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled list " + COMMON_PASSWORDS + " is missing");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String entry = line.strip();
                    if (!entry.isEmpty()) {
                        set.add(usernameKey(entry));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled list " + COMMON_PASSWORDS, e);
            }
            return Set.copyOf(set);
        }
    }
}
