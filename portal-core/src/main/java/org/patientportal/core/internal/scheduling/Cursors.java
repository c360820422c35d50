package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.model.StartCursor;
import org.patientportal.model.Uuids;

/** Opaque page cursors: a (start, id) keyset position as base64url text. */
final class Cursors {
    private static final String PREFIX = "c1.";
    private static final String BAD = "is not a cursor this list returned";

    private Cursors() {
    }

    /** The cursor after the row with this start and id. */
    static String encode(Instant start, UUID id) {
        String raw = PREFIX + start.getEpochSecond() + "." + start.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The position in a cursor; null for null.
     *
     * @throws InvalidRequestException on path {@code cursor} if it is not one {@link #encode} made
     */
    static StartCursor decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!raw.startsWith(PREFIX)) {
                throw new IllegalArgumentException("prefix");
            }
            String[] parts = raw.substring(PREFIX.length()).split("\\.", -1);
            if (parts.length != 3 || !parts[0].matches("-?[0-9]{1,19}") || !parts[1].matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("parts");
            }
            Instant start = Instant.ofEpochSecond(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
            return new StartCursor(start, Uuids.parse(parts[2]));
        } catch (RuntimeException e) {
            throw InvalidRequestException.of("cursor", BAD);
        }
    }
}
