/**
 * The Portal SDK's shared model and the ports adapters implement: storage and notification.
 */
module org.patientportal.spi {
    exports org.patientportal.model;
    exports org.patientportal.spi.notification;
    exports org.patientportal.spi.screening;
    exports org.patientportal.spi.storage;
}
