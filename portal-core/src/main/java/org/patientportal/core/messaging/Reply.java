package org.patientportal.core.messaging;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.TextRule;

/**
 * Add a message to a thread (MS-3). The body is stored exactly as sent (no trimming, no HTML
 * escaping: that is the host's rendering job).
 *
 * @param body               1 to 10,000 characters (code points), not blank; line breaks and tabs but no other control characters (IN-2)
 *                           except line feed, carriage return and tab
 * @param confirmedNotUrgent for a patient's message: the patient confirms it is not urgent (MS-2);
 *                           ignored for staff
 * @param idempotencyKey     1 to 255 characters without control characters, to make retries safe (IN-1), or null
 */
public record Reply(@TextRule(TextRule.Form.MULTI_LINE) @NotNull String body,
                    boolean confirmedNotUrgent,
                    @Nullable @Size(min = 1, max = 255)
                    @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
                    String idempotencyKey) {
}
