/**
 * The patient's profile (PR-1, PR-2): their name, birth date and contacts on file, masked, and the
 * change of their email or mobile number, confirmed with a code sent to the new address.
 *
 * <p>The rules cited by id ({@code PR-1} ...) are listed in {@code docs/rules.md} of the repository:
 * <a href="https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#pr-1">https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#pr-1</a>.
 */
@NullMarked
package org.patientportal.core.profile;

import org.jspecify.annotations.NullMarked;
