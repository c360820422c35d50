/**
 * Login, sessions, passwords and password hashing: the implementation behind {@link org.patientportal.core.auth}.
 *
 * <p><b>Internal:</b> not part of the SDK's API; it may change in any release without notice.
 */
@NullMarked
package org.patientportal.core.internal.auth;

import org.jspecify.annotations.NullMarked;
