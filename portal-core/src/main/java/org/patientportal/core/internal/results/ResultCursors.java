package org.patientportal.core.internal.results;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.model.ResultId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.TrendCursor;
import org.patientportal.model.Uuids;

/**
 * Opaque page cursors of the results lists: a keyset position as base64url text. A cursor that
 * does not decode is an {@link InvalidRequestException} on {@code page.cursor}, never a JDK exception.
 */
final class ResultCursors {
    private static final String LIST = "r1.";
    private static final String TREND = "t1.";
    private static final String PATH = "page.cursor";
    private static final String BAD = "is not a cursor this list returned";

    private ResultCursors() {
    }

    /** A position in a trend, with the unit of its last point (a unit change across pages is reported). */
    record TrendPosition(TrendCursor cursor, @Nullable String unit) {
    }

    static String list(Instant resultedAt, ResultId id) {
        return encode(LIST + resultedAt.getEpochSecond() + "." + resultedAt.getNano() + "." + id);
    }

    static String trend(TrendCursor cursor, @Nullable String unit) {
        String unitPart = unit == null ? "-" : "u" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(unit.getBytes(StandardCharsets.UTF_8));
        return encode(TREND + cursor.collectedAt().getEpochSecond() + "." + cursor.collectedAt().getNano() + "."
                + cursor.resultId() + "." + cursor.position() + "." + unitPart);
    }

    static @Nullable StartCursor decodeList(@Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String[] parts = parts(cursor, LIST, 3);
            return new StartCursor(instant(parts[0], parts[1]), Uuids.parse(parts[2]));
        } catch (RuntimeException e) {
            throw InvalidRequestException.of(PATH, BAD);
        }
    }

    static @Nullable TrendPosition decodeTrend(@Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String[] parts = parts(cursor, TREND, 5);
            if (!parts[3].matches("[0-9]{1,4}")) {
                throw new IllegalArgumentException("position");
            }
            String unit = null;
            if (!parts[4].equals("-")) {
                if (!parts[4].startsWith("u")) {
                    throw new IllegalArgumentException("unit");
                }
                unit = new String(Base64.getUrlDecoder().decode(parts[4].substring(1)), StandardCharsets.UTF_8);
            }
            return new TrendPosition(new TrendCursor(instant(parts[0], parts[1]), ResultId.parse(parts[2]),
                    Integer.parseInt(parts[3])), unit);
        } catch (RuntimeException e) {
            throw InvalidRequestException.of(PATH, BAD);
        }
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] parts(String cursor, String prefix, int count) {
        if (cursor.length() > 300) {
            throw new IllegalArgumentException("too long");
        }
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!raw.startsWith(prefix)) {
            throw new IllegalArgumentException("prefix");
        }
        String[] parts = raw.substring(prefix.length()).split("\\.", -1);
        if (parts.length != count) {
            throw new IllegalArgumentException("parts");
        }
        return parts;
    }

    private static Instant instant(String seconds, String nanos) {
        if (!seconds.matches("-?[0-9]{1,19}") || !nanos.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("instant");
        }
        return Instant.ofEpochSecond(Long.parseLong(seconds), Integer.parseInt(nanos));
    }
}
