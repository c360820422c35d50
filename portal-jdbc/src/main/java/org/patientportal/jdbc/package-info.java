/**
 * Storage adapter on any {@link javax.sql.DataSource}: PostgreSQL for production, H2 as the
 * embedded default. {@link org.patientportal.jdbc.JdbcStorage} is the only public type; it applies
 * the schema migrations it ships with when it is created.
 */
package org.patientportal.jdbc;
