package org.patientportal.core.results;

import java.time.Instant;
import org.patientportal.model.ResultStatus;

/**
 * An earlier version of a corrected result (RS-3), to open with {@link Results#version}.
 *
 * @param sourceVersion the record system's version
 * @param status        its status
 * @param resultedAt    when it was resulted
 * @param receivedAt    when it was imported
 */
public record VersionInfo(long sourceVersion, ResultStatus status, Instant resultedAt, Instant receivedAt) {
}
