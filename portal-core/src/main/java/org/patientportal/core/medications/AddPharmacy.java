package org.patientportal.core.medications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A pharmacy for the clinic's directory (RF-4).
 *
 * @param name    its name
 * @param address its street address
 * @param phone   its phone number (digits, spaces, +, -, parentheses)
 * @param ncpdpId its NCPDP id: 7 digits, unique in the directory
 */
public record AddPharmacy(@NotBlank @Size(max = 200) String name,
                          @NotBlank @Size(max = 300) String address,
                          @NotBlank @Pattern(regexp = "[0-9+() -]{7,20}") String phone,
                          @NotBlank @Pattern(regexp = "[0-9]{7}") String ncpdpId) {
}
