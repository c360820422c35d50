/**
 * Logging in, sessions and passwords (AU-1 to AU-7): {@link org.patientportal.core.auth.Auth}, its
 * commands and results, {@link org.patientportal.core.auth.PasswordHashing} (the Argon2id settings)
 * and {@link org.patientportal.core.auth.AuthPolicy}.
 *
 * <p>The rules cited by id ({@code AU-1} ...) are listed in {@code docs/rules.md} of the repository:
 * <a href="https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#au-1">https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#au-1</a>.
 */
@NullMarked
package org.patientportal.core.auth;

import org.jspecify.annotations.NullMarked;
