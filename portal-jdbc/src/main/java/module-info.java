/**
 * The Portal SDK's storage on any {@link javax.sql.DataSource}, with its schema migrations.
 */
module org.patientportal.jdbc {
    requires transitive org.patientportal.spi;
    requires transitive java.sql;
    // JSON columns (notification preferences, diagnoses) are read and written with Jackson
    requires com.fasterxml.jackson.databind;

    exports org.patientportal.jdbc;
}
