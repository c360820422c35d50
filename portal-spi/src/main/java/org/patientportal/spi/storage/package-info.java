/**
 * The storage port. Implement {@link org.patientportal.spi.storage.PortalStorage} and extend
 * {@code org.patientportal.tck.StorageCompatibilityKit} to prove the adapter right.
 */
package org.patientportal.spi.storage;
