/**
 * Logging in, sessions and passwords (AU-1 to AU-7): {@link org.patientportal.core.auth.Auth}, its
 * commands and results, {@link org.patientportal.core.auth.PasswordHashing} (the Argon2id settings)
 * and {@link org.patientportal.core.auth.AuthPolicy}.
 */
package org.patientportal.core.auth;
