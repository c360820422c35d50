package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A keyset position in a list ordered by (start, id): the last row of the previous page.
 *
 * @param start the last row's start
 * @param id    the last row's id (a slot's or an appointment's UUID)
 */
public record StartCursor(Instant start, UUID id) {
    public StartCursor {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(id, "id");
    }
}
