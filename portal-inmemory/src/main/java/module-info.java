/**
 * The Portal SDK's transactional in-memory storage, for tests and demos.
 */
module org.patientportal.inmemory {
    requires transitive org.patientportal.spi;

    exports org.patientportal.inmemory;
}
