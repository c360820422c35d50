/**
 * The reference storage adapter: thread-safe, transactional, in memory. Use
 * {@link org.patientportal.inmemory.InMemoryStorage#create()}; every other type of this package is
 * an implementation detail.
 *
 * <p>It behaves like PostgreSQL at READ COMMITTED with row locks. Committed rows live in
 * concurrent maps of immutable records; a transaction buffers its writes (visible to itself only)
 * and takes a lock on every row and unique key it writes, held until it ends. A lock that cannot be
 * taken within the lock timeout fails the transaction with a
 * {@link org.patientportal.spi.storage.TransientStorageException}. Readers never wait.
 *
 * <p>Ids are ordered as unsigned 128-bit numbers (the byte order PostgreSQL and H2 use for a
 * {@code uuid} column, and the lexicographic order of the canonical lower-case text), not by
 * {@link java.util.UUID#compareTo}, which compares signed halves.
 */
package org.patientportal.inmemory;
