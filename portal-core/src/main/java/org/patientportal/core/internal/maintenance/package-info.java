/** The {@link org.patientportal.core.maintenance.Maintenance} implementation; not API. */
@NullMarked
package org.patientportal.core.internal.maintenance;

import org.jspecify.annotations.NullMarked;
