/**
 * The {@link org.patientportal.core.records.HealthRecords} use cases. Not API: may change at any
 * time.
 */
@NullMarked
package org.patientportal.core.internal.records;

import org.jspecify.annotations.NullMarked;
