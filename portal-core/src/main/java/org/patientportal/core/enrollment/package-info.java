/**
 * Enrollment (EN-1..EN-8): staff register patients and issue activation codes; a patient signs up
 * with a code, the last four digits of the SSN and the birth date.
 */
package org.patientportal.core.enrollment;
