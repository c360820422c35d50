/**
 * Maintenance the host schedules: retention of the rows the SDK keeps only for a while (delivered and
 * cancelled outbox entries, idempotency records).
 *
 * <p>The rules cited by id ({@code NT-2} ...) are listed in {@code docs/rules.md} of the repository:
 * <a href="https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#nt-2">https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#nt-2</a>.
 */
@NullMarked
package org.patientportal.core.maintenance;

import org.jspecify.annotations.NullMarked;
