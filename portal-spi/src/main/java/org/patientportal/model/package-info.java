/**
 * The shared model: immutable records with typed, time-ordered ids.
 *
 * <p>The ids and {@link org.patientportal.model.AuditChain} write out {@code equals} and
 * {@code hashCode} (same results as a record's generated ones): the generated ones link an
 * invokedynamic bootstrap on their first call, which would be a first request's, and run slower
 * until the JIT compiles them; ids are compared and hashed on every request.
 */
package org.patientportal.model;
