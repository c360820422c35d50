/**
 * Proxy access (PX-1..PX-3): staff grant an account the right to act for a child (parent,
 * guardian) or an adult (caregiver), with scopes and an expiry; ages come from the clock and the
 * birth date. Every operation that takes a patient id, in every capability, is decided by the same
 * access policy (see {@link org.patientportal.core.PatientOperation}).
 *
 * <p>The rules cited by id ({@code PX-1} ...) are listed in {@code docs/rules.md} of the repository:
 * <a href="https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#px-1">https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#px-1</a>.
 */
@NullMarked
package org.patientportal.core.proxy;

import org.jspecify.annotations.NullMarked;
