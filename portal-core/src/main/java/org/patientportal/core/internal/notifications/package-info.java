/**
 * Notification preferences and the outbox dispatcher: the implementation behind {@link org.patientportal.core.notifications}.
 *
 * <p><b>Internal:</b> not part of the SDK's API; it may change in any release without notice.
 */
@NullMarked
package org.patientportal.core.internal.notifications;

import org.jspecify.annotations.NullMarked;
