/**
 * Proxy access (PX-1..PX-3): staff grant an account the right to act for a child (parent,
 * guardian) or an adult (caregiver), with scopes and an expiry; ages come from the clock and the
 * birth date. Every operation that takes a patient id, in every capability, is decided by the same
 * access policy (see {@link org.patientportal.core.PatientOperation}).
 */
package org.patientportal.core.proxy;
