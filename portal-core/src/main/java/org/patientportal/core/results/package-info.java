/**
 * Test results (RS-1..RS-8): the clinic's record system (or a clinician) imports lab panels and
 * imaging reports with their components; patients and proxies with the {@code RESULTS} scope read
 * the released ones, newest first, with unread markers, earlier versions of corrected results and a
 * component's trend; clinicians see every result, hold one for a stated reason, release it with a
 * comment. Release is computed at read time; notifications go through the outbox without PHI.
 */
@NullMarked
package org.patientportal.core.results;

import org.jspecify.annotations.NullMarked;
