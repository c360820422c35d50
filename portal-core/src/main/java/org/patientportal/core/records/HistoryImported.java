package org.patientportal.core.records;

/**
 * What a history import did (HH-3): re-sent and older versions change nothing and are not counted.
 *
 * @param received how many entries the batch held
 * @param changed  how many were new or a higher version
 */
public record HistoryImported(int received, int changed) {
}
