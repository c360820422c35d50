/**
 * The messaging use cases behind {@link org.patientportal.core.messaging.Messaging}. Not API: may
 * change at any time.
 */
@NullMarked
package org.patientportal.core.internal.messaging;

import org.jspecify.annotations.NullMarked;
