/**
 * Enrollment (EN-1..EN-8): staff register patients and issue activation codes; a patient signs up
 * with a code, the last four digits of the SSN and the birth date.
 *
 * <p>The rules cited by id ({@code EN-1} ...) are listed in {@code docs/rules.md} of the repository:
 * <a href="https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#en-1">https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#en-1</a>.
 */
@NullMarked
package org.patientportal.core.enrollment;

import org.jspecify.annotations.NullMarked;
