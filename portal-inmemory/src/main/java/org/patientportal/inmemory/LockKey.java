package org.patientportal.inmemory;

/**
 * What a transaction locks: a row of a table or a value of a unique index.
 *
 * @param space the table or index name
 * @param value the row id or key value
 */
record LockKey(String space, Object value) {
}
