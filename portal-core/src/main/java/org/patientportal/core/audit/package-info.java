/** The audit trail (AD-1..AD-3): reading a patient's trail and verifying every hash chain. */
package org.patientportal.core.audit;
