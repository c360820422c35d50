/**
 * The Portal SDK: the {@link org.patientportal.core.Portal} facade, its builder and one package per
 * capability. Only these API packages are exported; the implementations under
 * {@code org.patientportal.core.internal} are not.
 */
module org.patientportal.core {
    requires transitive org.patientportal.spi;
    // command records carry its constraint annotations; InvalidRequestException reports on them
    requires transitive jakarta.validation;
    requires static transitive org.jspecify;
    requires org.hibernate.validator;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires com.github.benmanes.caffeine;
    requires org.bouncycastle.provider;

    exports org.patientportal.core;
    exports org.patientportal.core.audit;
    exports org.patientportal.core.auth;
    exports org.patientportal.core.enrollment;
    exports org.patientportal.core.notifications;
    exports org.patientportal.core.proxy;
    exports org.patientportal.core.scheduling;
    exports org.patientportal.core.medications;
    exports org.patientportal.core.records;
    exports org.patientportal.core.messaging;
    exports org.patientportal.core.results;
    exports org.patientportal.core.profile;
    exports org.patientportal.core.maintenance;

    // reflection only: Hibernate Validator reads the commands' constraints, Jackson (de)serialises
    // idempotent results and stored rows
    opens org.patientportal.core to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.audit to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.auth to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.enrollment to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.notifications to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.proxy to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.scheduling to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.medications to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.messaging to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.results to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.records to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.profile to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.maintenance to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.audit to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.auth to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.enrollment to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.notifications to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.proxy to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.scheduling to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.medications to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.messaging to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.results to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.records to org.hibernate.validator, com.fasterxml.jackson.databind;
    opens org.patientportal.core.internal.profile to org.hibernate.validator, com.fasterxml.jackson.databind;
}
