/**
 * The {@link org.patientportal.core.medications.Medications} use cases. Not API: may change at any
 * time.
 */
@NullMarked
package org.patientportal.core.internal.medications;

import org.jspecify.annotations.NullMarked;
