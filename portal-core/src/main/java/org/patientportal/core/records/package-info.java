/**
 * Health history (HH-1..HH-3): the clinic's record system imports problems, allergies,
 * immunizations and vitals; patients (and proxies with the {@code RECORDS} scope) read them by
 * category, newest first, with the visit summaries scheduling records, and report an allergy, a
 * medication taken elsewhere or a problem, which a clinician accepts or declines.
 */
@NullMarked
package org.patientportal.core.records;

import org.jspecify.annotations.NullMarked;
