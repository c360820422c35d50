package org.patientportal.model;

import java.util.Objects;

/**
 * A pharmacy of the clinic's directory (RF-4).
 *
 * @param id      the pharmacy's id
 * @param name    its name
 * @param address its street address
 * @param phone   its phone number
 * @param ncpdpId its NCPDP id (7 digits), unique in the directory
 */
public record Pharmacy(PharmacyId id, String name, String address, String phone, String ncpdpId) {
    public Pharmacy {
        Objects.requireNonNull(id, "id");
        Checks.notBlank(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(phone, "phone");
        Checks.notBlank(ncpdpId, "ncpdpId");
    }
}
