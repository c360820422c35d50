/**
 * The audit trail: the implementation behind {@link org.patientportal.core.audit}.
 *
 * <p><b>Internal:</b> not part of the SDK's API; it may change in any release without notice.
 */
@NullMarked
package org.patientportal.core.internal.audit;

import org.jspecify.annotations.NullMarked;
