/**
 * The Portal SDK's storage on any {@link javax.sql.DataSource}, with its schema migrations.
 */
module org.patientportal.jdbc {
    requires transitive org.patientportal.spi;
    requires transitive java.sql;

    exports org.patientportal.jdbc;
}
