/** The audit trail (AD-1..AD-3): reading a patient's trail and verifying every hash chain.
 *
 * <p>The rules cited by id ({@code AD-1} ...) are listed in {@code docs/rules.md} of the repository:
 * <a href="https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#ad-1">https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#ad-1</a>.
 */
@NullMarked
package org.patientportal.core.audit;

import org.jspecify.annotations.NullMarked;
