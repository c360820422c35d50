package org.patientportal.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.PageRequest;
import org.patientportal.model.StartCursor;
import org.patientportal.model.Uuids;

/**
 * The one codec of the opaque cursors of {@link org.patientportal.core.Page}: a keyset position,
 * versioned and bound to the list that made it, as unpadded base64url text.
 *
 * <p>Decoded text is {@code p1|<list>|<field>|<field>...}; every field is checked (a UUID, a
 * sequence of 1 to 19 digits, an instant between years 1 and 9999, or a text: {@code -} for none,
 * else {@code ~} and its UTF-8 in unpadded base64url). Anything else, however crafted, is an
 * {@link InvalidRequestException} on path {@code page.cursor}, never a JDK exception.
 */
public final class PageCursors {
    /** The path of the cursor in a command's violations. */
    public static final String CURSOR_PATH = "page.cursor";
    /** The path of the page size in a command's violations. */
    public static final String SIZE_PATH = "page.size";

    private static final String VERSION = "p1";
    private static final int MAX_LENGTH = 400;
    private static final String BAD = "is not a cursor this list returned";
    private static final Pattern LIST = Pattern.compile("[a-z][a-z.-]{0,40}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Pattern SECONDS = Pattern.compile("-?[0-9]{1,12}");
    private static final Pattern NANOS = Pattern.compile("[0-9]{1,9}");
    private static final String NO_TEXT = "-";
    private static final String TEXT = "~";
    private static final Pattern TEXT_FIELD = Pattern.compile("~[A-Za-z0-9_-]*");
    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private PageCursors() {
    }

    /**
     * The violations of a page request (paths {@code page}, {@code page.size}, {@code page.cursor}),
     * the cursor decoded for {@code list} with {@code fields} fields, and the size at most
     * {@code maxSize}.
     *
     * @param validation the validator
     * @param page       the request; absent is a violation
     * @param list       the list the cursor must come from
     * @param fields     the number of fields of the list's cursors
     * @param maxSize    the largest size this list allows (at most {@link PageRequest#MAX_SIZE})
     * @return the violations, empty if none
     */
    public static List<Violation> violations(Validation validation, @Nullable PageRequest page, String list,
                                             int fields, int maxSize) {
        if (page == null) {
            return List.of(new Violation("page", "must not be null"));
        }
        List<Violation> out = new ArrayList<>();
        for (Violation v : validation.violations(page)) {
            out.add(new Violation("page." + v.path(), v.message()));
        }
        if (page.size() > maxSize && page.size() <= PageRequest.MAX_SIZE) {
            out.add(new Violation(SIZE_PATH, "must be at most " + maxSize));
        }
        if (page.cursor() != null && out.stream().noneMatch(v -> v.path().equals(CURSOR_PATH))
                && fields(list, page.cursor(), fields) == null) {
            out.add(new Violation(CURSOR_PATH, BAD));
        }
        return out;
    }

    /**
     * A cursor of {@code list} after a row at these fields.
     *
     * @param list   the list
     * @param fields the row's keyset fields, already text (see the typed factories)
     * @return the cursor
     */
    public static String encode(String list, String... fields) {
        if (!LIST.matcher(list).matches()) {
            throw new IllegalArgumentException("bad list name");
        }
        StringBuilder raw = new StringBuilder(VERSION).append('|').append(list);
        for (String field : fields) {
            raw.append('|').append(Objects.requireNonNull(field, "field"));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A cursor of {@code list} after the row with this start and id. */
    public static String afterStart(String list, Instant start, UUID id) {
        return encode(list, instantField(start), id.toString());
    }

    /** The field text of an instant, for {@link #encode}. */
    public static String instantField(Instant instant) {
        return instant.getEpochSecond() + "." + instant.getNano();
    }

    /** The field text of a text that may be absent (a unit, a name), kept exactly, for {@link #encode}. */
    public static String textField(@Nullable String text) {
        return text == null ? NO_TEXT : TEXT + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor of {@code list} after the row with this id. */
    public static String afterId(String list, UUID id) {
        return encode(list, id.toString());
    }

    /** A cursor of {@code list} after the row with this sequence number. */
    public static String afterSequence(String list, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        return encode(list, Long.toString(sequence));
    }

    /**
     * The (start, id) position of a request's cursor; absent for the first page.
     *
     * @throws InvalidRequestException on {@code page.cursor} if it is not a cursor of {@code list}
     */
    public static @Nullable StartCursor startOf(String list, PageRequest page) {
        List<String> f = require(list, page, 2);
        if (f == null) {
            return null;
        }
        try {
            return new StartCursor(instant(f.get(0)), Uuids.parse(f.get(1)));
        } catch (RuntimeException e) {
            throw bad();
        }
    }

    /**
     * The id position of a request's cursor; absent for the first page.
     *
     * @throws InvalidRequestException on {@code page.cursor} if it is not a cursor of {@code list}
     */
    public static @Nullable UUID idOf(String list, PageRequest page) {
        List<String> f = require(list, page, 1);
        if (f == null) {
            return null;
        }
        try {
            return Uuids.parse(f.get(0));
        } catch (RuntimeException e) {
            throw bad();
        }
    }

    /**
     * The sequence position of a request's cursor, 0 for the first page.
     *
     * @throws InvalidRequestException on {@code page.cursor} if it is not a cursor of {@code list}
     */
    public static long sequenceOf(String list, PageRequest page) {
        List<String> f = require(list, page, 1);
        if (f == null) {
            return 0;
        }
        if (!DIGITS.matcher(f.get(0)).matches()) {
            throw bad();
        }
        try {
            return Long.parseLong(f.get(0));
        } catch (NumberFormatException e) {
            throw bad();
        }
    }

    /**
     * The one field of a request's cursor as text (a UUID or a number), or absent for the first page.
     *
     * @throws InvalidRequestException on {@code page.cursor} if it is not a cursor of {@code list}
     */
    public static @Nullable String fieldOf(String list, PageRequest page) {
        List<String> f = require(list, page, 1);
        return f == null ? null : f.get(0);
    }

    /**
     * The {@code count} well-formed fields of a request's cursor, for a list whose position has
     * fields of several types (read each with {@link #instantOf}, {@link #uuidOf}, {@link #numberOf},
     * {@link #textOf}); absent for the first page.
     *
     * @throws InvalidRequestException on {@code page.cursor} if it is not a cursor of {@code list}
     */
    public static @Nullable List<String> fieldsOf(String list, PageRequest page, int count) {
        return require(list, page, count);
    }

    /**
     * The instant of a cursor field.
     *
     * @throws InvalidRequestException on {@code page.cursor} if the field is not an instant
     */
    public static Instant instantOf(String field) {
        try {
            return instant(field);
        } catch (RuntimeException e) {
            throw bad();
        }
    }

    /**
     * The UUID of a cursor field.
     *
     * @throws InvalidRequestException on {@code page.cursor} if the field is not a UUID
     */
    public static UUID uuidOf(String field) {
        try {
            return Uuids.parse(field);
        } catch (RuntimeException e) {
            throw bad();
        }
    }

    /**
     * The number of a cursor field, from 0 to {@code max}.
     *
     * @throws InvalidRequestException on {@code page.cursor} if the field is not such a number
     */
    public static long numberOf(String field, long max) {
        if (!DIGITS.matcher(field).matches()) {
            throw bad();
        }
        try {
            long number = Long.parseLong(field);
            if (number > max) {
                throw bad();
            }
            return number;
        } catch (NumberFormatException e) {
            throw bad();
        }
    }

    /**
     * The text of a cursor field made by {@link #textField}; absent if none was given.
     *
     * @throws InvalidRequestException on {@code page.cursor} if the field is not a text
     */
    public static @Nullable String textOf(String field) {
        if (NO_TEXT.equals(field)) {
            return null;
        }
        String text = text(field);
        if (text == null) {
            throw bad();
        }
        return text;
    }

    private static @Nullable List<String> require(String list, PageRequest page, int count) {
        if (page.cursor() == null) {
            return null;
        }
        List<String> f = fields(list, page.cursor(), count);
        if (f == null) {
            throw bad();
        }
        return f;
    }

    /** The fields of a well-formed cursor of {@code list}; absent if it is not one. */
    private static @Nullable List<String> fields(String list, String cursor, int count) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            return null;
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] parts = raw.split("\\|", -1);
        if (parts.length != count + 2 || !VERSION.equals(parts[0]) || !list.equals(parts[1])) {
            return null;
        }
        List<String> fields = List.of(parts).subList(2, parts.length);
        for (String field : fields) {
            if (!well(field)) {
                return null;
            }
        }
        return fields;
    }

    /** A field is a UUID, a sequence, an instant in range, or a text. */
    private static boolean well(String field) {
        if (NO_TEXT.equals(field)) {
            return true;
        }
        if (field.startsWith(TEXT)) {
            return text(field) != null;
        }
        if (DIGITS.matcher(field).matches()) {
            return true;
        }
        if (field.indexOf('.') > 0) {
            try {
                instant(field);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
        try {
            Uuids.parse(field);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The text of a {@code ~} field; absent if it is not one or not base64url of UTF-8. */
    private static @Nullable String text(String field) {
        if (!TEXT_FIELD.matcher(field).matches()) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(field.substring(TEXT.length()));
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    private static Instant instant(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("instant");
        }
        String seconds = text.substring(0, dot);
        String nanos = text.substring(dot + 1);
        if (!SECONDS.matcher(seconds).matches() || !NANOS.matcher(nanos).matches()) {
            throw new IllegalArgumentException("instant");
        }
        Instant instant = Instant.ofEpochSecond(Long.parseLong(seconds), Integer.parseInt(nanos));
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException("instant out of range");
        }
        return instant;
    }

    private static InvalidRequestException bad() {
        return InvalidRequestException.of(CURSOR_PATH, BAD);
    }
}
