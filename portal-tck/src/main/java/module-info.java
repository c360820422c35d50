/**
 * The compatibility kits every Portal SDK storage and notification adapter extends.
 */
module org.patientportal.tck {
    requires transitive org.patientportal.spi;
    // the kits are JUnit test classes with AssertJ assertions in their API
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;

    exports org.patientportal.tck;
    // JUnit runs the kits' test methods reflectively
    opens org.patientportal.tck to org.junit.platform.commons;
}
