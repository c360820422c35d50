/**
 * Scheduling: set-up, booking, the wait list and visits: the implementation behind {@link org.patientportal.core.scheduling}.
 *
 * <p><b>Internal:</b> not part of the SDK's API; it may change in any release without notice.
 */
@NullMarked
package org.patientportal.core.internal.scheduling;

import org.jspecify.annotations.NullMarked;
