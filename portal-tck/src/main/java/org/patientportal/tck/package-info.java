/** Compatibility kits that storage and notification adapters extend. */
package org.patientportal.tck;
