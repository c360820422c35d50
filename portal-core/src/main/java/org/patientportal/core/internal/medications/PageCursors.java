package org.patientportal.core.internal.medications;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.PageRequest;
import org.patientportal.core.internal.Validation;
import org.patientportal.model.StartCursor;
import org.patientportal.model.Uuids;

/**
 * Opaque page cursors of the medications and health-records lists: a tag naming the list (and its
 * phase) and a keyset position, as base64url text. A cursor another list returned, or a crafted
 * one, is an {@link InvalidRequestException} on {@code page.cursor}.
 */
public final class PageCursors {
    private static final String BAD = "is not a cursor this list returned";

    private PageCursors() {
    }

    /** The violations of a page request, on paths {@code page.*}. */
    public static List<Violation> violations(Validation validation, @Nullable PageRequest page) {
        List<Violation> out = new ArrayList<>();
        if (page == null) {
            out.add(new Violation("page", "must not be null"));
            return out;
        }
        for (Violation v : validation.violations(page)) {
            out.add(new Violation("page." + v.path(), v.message()));
        }
        return out;
    }

    /** A cursor after the row with this id, in list {@code tag}. */
    public static String encode(String tag, @Nullable UUID id) {
        return encodeRaw(tag + "." + (id == null ? "" : id.toString()));
    }

    /** A cursor after the row at (at, id), in list {@code tag}. */
    public static String encode(String tag, Instant at, UUID id) {
        return encodeRaw(tag + "." + at.getEpochSecond() + "." + at.getNano() + "." + id);
    }

    /**
     * The id in a cursor of list {@code tag}; null when the cursor holds none (the start of a phase).
     *
     * @throws InvalidRequestException on {@code page.cursor} if it is not such a cursor
     */
    public static @Nullable UUID decodeId(String tag, String cursor) {
        String raw = decodeRaw(cursor);
        if (!raw.startsWith(tag + ".")) {
            throw bad();
        }
        String rest = raw.substring(tag.length() + 1);
        if (rest.isEmpty()) {
            return null;
        }
        try {
            return Uuids.parse(rest);
        } catch (IllegalArgumentException e) {
            throw bad();
        }
    }

    /**
     * The (at, id) position in a cursor of list {@code tag}.
     *
     * @throws InvalidRequestException on {@code page.cursor} if it is not such a cursor
     */
    public static StartCursor decodePosition(String tag, String cursor) {
        String raw = decodeRaw(cursor);
        if (!raw.startsWith(tag + ".")) {
            throw bad();
        }
        String[] parts = raw.substring(tag.length() + 1).split("\\.", -1);
        try {
            if (parts.length != 3 || !parts[0].matches("-?[0-9]{1,12}") || !parts[1].matches("[0-9]{1,9}")) {
                throw bad();
            }
            return new StartCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Integer.parseInt(parts[1])),
                    Uuids.parse(parts[2]));
        } catch (RuntimeException e) {
            throw bad();
        }
    }

    /** Whether a cursor belongs to list {@code tag} (any phase check is the caller's). */
    public static boolean hasTag(String tag, String cursor) {
        return decodeRaw(cursor).startsWith(tag + ".");
    }

    private static String encodeRaw(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("p1." + raw).getBytes(StandardCharsets.US_ASCII));
    }

    private static String decodeRaw(String cursor) {
        try {
            if (cursor.length() > 200) {
                throw bad();
            }
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!raw.startsWith("p1.")) {
                throw bad();
            }
            return raw.substring(3);
        } catch (IllegalArgumentException e) {
            throw bad();
        }
    }

    private static InvalidRequestException bad() {
        return InvalidRequestException.of("page.cursor", BAD);
    }
}
