/**
 * The notification port. Implement {@link org.patientportal.spi.notification.NotificationSender}
 * and extend {@code org.patientportal.tck.NotificationSenderCompatibilityKit} to prove it right.
 */
package org.patientportal.spi.notification;
