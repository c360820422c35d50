package org.patientportal.core.medications;

/**
 * What an import did (RF-5, HH-3): re-sent and older versions change nothing and are not counted.
 *
 * @param received how many items the batch held
 * @param changed  how many were new or a higher version
 */
public record Imported(int received, int changed) {
}
