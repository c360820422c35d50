package org.patientportal.core.scheduling;

import java.util.List;
import java.util.Objects;

/**
 * One page of open slots in start order (SC-2).
 *
 * @param slots      the slots, in (start, id) order
 * @param nextCursor the cursor of the next page, or null when this is the last page
 */
public record SlotPage(List<SlotView> slots, String nextCursor) {
    /** Copies the list. */
    public SlotPage {
        slots = List.copyOf(Objects.requireNonNull(slots, "slots"));
    }
}
