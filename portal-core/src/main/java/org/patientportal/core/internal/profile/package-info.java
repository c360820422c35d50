/**
 * The {@link org.patientportal.core.profile.Profile} use cases. Not API: may change at any time.
 */
@NullMarked
package org.patientportal.core.internal.profile;

import org.jspecify.annotations.NullMarked;
