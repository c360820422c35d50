package org.patientportal.core;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Which page of a list to return. Validated with the command it comes with: a size outside
 * 1..{@value #MAX_SIZE}, or a cursor that the same list did not return, is an
 * {@link InvalidRequestException} (paths {@code page.size}, {@code page.cursor}).
 *
 * @param cursor the {@link Page#nextCursor()} of the previous page, absent for the first page
 * @param size   how many items at most, 1 to {@value #MAX_SIZE}
 */
public record PageRequest(@Nullable @Size(max = 512) String cursor,
                          @Min(1) @Max(MAX_SIZE) int size) {

    /** The largest page any list returns. */
    public static final int MAX_SIZE = 500;

    /**
     * The first page.
     *
     * @param size how many items at most, 1 to {@value #MAX_SIZE}
     * @return the request
     */
    public static PageRequest first(int size) {
        return new PageRequest(null, size);
    }

    /**
     * The page after the one that returned this cursor.
     *
     * @param cursor a {@link Page#nextCursor()}
     * @param size   how many items at most, 1 to {@value #MAX_SIZE}
     * @return the request
     */
    public static PageRequest after(String cursor, int size) {
        return new PageRequest(cursor, size);
    }
}
