/**
 * Proxy grants: the implementation behind {@link org.patientportal.core.proxy}.
 *
 * <p><b>Internal:</b> not part of the SDK's API; it may change in any release without notice.
 */
@NullMarked
package org.patientportal.core.internal.proxy;

import org.jspecify.annotations.NullMarked;
