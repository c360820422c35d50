package org.patientportal.core.medications;

import org.patientportal.model.PharmacyId;

/**
 * A pharmacy of the directory.
 *
 * @param id      its id
 * @param name    its name
 * @param address its street address
 * @param phone   its phone number
 * @param ncpdpId its NCPDP id
 */
public record PharmacyView(PharmacyId id, String name, String address, String phone, String ncpdpId) {
}
