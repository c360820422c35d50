package org.patientportal.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.patientportal.model.AuditAction;
import org.patientportal.model.ProxyScope;

/**
 * Who may call an operation that takes a {@link org.patientportal.model.PatientId}: the one access
 * policy of the SDK reads it on every call, and the cross-patient access matrix test reads it to
 * know what each caller should get. Every public method of a capability interface that takes a
 * {@code PatientId} carries it.
 *
 * <p>The rules, for an actor calling with a patient id:
 * <ul>
 *   <li>a staff actor is allowed when it holds one of {@link #staff()} (ST-1, ST-2), else it gets
 *       {@link AccessDeniedException};</li>
 *   <li>a patient on their own record is allowed when {@link #self()} (and, with
 *       {@link #adultSelfOnly()}, only from their 18th birthday);</li>
 *   <li>an account acting for another patient (a proxy, PX-1) is allowed when {@link #scope()} is not
 *       empty and every scope listed is among the grant's effective scopes today (PX-2: ages from the
 *       clock and the birth date);</li>
 *   <li>anyone else is denied, and a denied patient or proxy gets exactly the
 *       {@link NotFoundException} an unknown patient id gets, so access control reveals nothing.</li>
 * </ul>
 * Every denial is audited (AD-3).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PatientOperation {

    /** The scopes a proxy needs, all of them; empty (the default) means no proxy may call it. */
    ProxyScope[] scope() default {};

    /** Whether the patient may call it on their own record (default true). */
    boolean self() default true;

    /** With {@link #self()}: only a patient aged 18 or more may call it on their own record (PX-3). */
    boolean adultSelfOnly() default false;

    /** The staff roles allowed (ST-1); empty (the default) means no staff. */
    Role[] staff() default {};

    /** What the operation does to the patient's data, as audited (AD-1). */
    AuditAction action();

    /** The data category audited ({@code "proxy-grant"}, {@code "activation-code"}, ...). */
    String category();
}
