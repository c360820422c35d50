/**
 * The Portal SDK's facade: {@link org.patientportal.core.Portal}, built once with
 * {@link org.patientportal.core.PortalBuilder}; the {@link org.patientportal.core.Actor} every call
 * is made as; the exceptions; and {@link org.patientportal.core.Page} and
 * {@link org.patientportal.core.PageRequest}, the one shape of every list.
 *
 * <p>The javadoc cites the SDK's rules by id ("(SC-4)"). The rules are listed, in words, in
 * {@code docs/rules.md} of the repository, each id an anchor:
 * <a href="https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#sc-4">https://github.com/patientportal/portal-sdk/blob/main/docs/rules.md#sc-4</a>
 * for SC-4, and so on.
 *
 * <p>Every package of the API is {@link org.jspecify.annotations.NullMarked}: a parameter, return
 * value or record component may be null only where it is annotated
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package org.patientportal.core;

import org.jspecify.annotations.NullMarked;
