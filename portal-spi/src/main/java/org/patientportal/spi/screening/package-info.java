/**
 * The urgency screening port (MS-2): a host may replace the SDK's default screener with its own
 * classifier.
 */
package org.patientportal.spi.screening;
