/**
 * Medications and refills (RF-1..RF-7): the clinic's record system imports prescriptions; staff keep
 * a pharmacy directory; patients (and proxies with the {@code MEDICATIONS} scope) see their
 * medication list with whether each can be refilled now, keep preferred pharmacies, request and
 * withdraw refills; clinicians work a refill queue and approve or deny. Decisions are notified
 * through the outbox without PHI.
 */
@NullMarked
package org.patientportal.core.medications;

import org.jspecify.annotations.NullMarked;
