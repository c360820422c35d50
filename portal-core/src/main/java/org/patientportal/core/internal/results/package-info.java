/**
 * The implementation of {@link org.patientportal.core.results.Results}.
 *
 * <p><b>Internal:</b> not part of the SDK's API; it may change at any time.
 */
@NullMarked
package org.patientportal.core.internal.results;

import org.jspecify.annotations.NullMarked;
