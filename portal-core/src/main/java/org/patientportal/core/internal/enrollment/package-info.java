/**
 * Registration, activation codes and sign-up: the implementation behind {@link org.patientportal.core.enrollment}.
 *
 * <p><b>Internal:</b> not part of the SDK's API; it may change in any release without notice.
 */
@NullMarked
package org.patientportal.core.internal.enrollment;

import org.jspecify.annotations.NullMarked;
