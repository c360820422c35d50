-- Portal SDK schema, version 10 (PostgreSQL): outbox cancellation of claimed entries (SC-6) and
-- retention (NT-2): delivered and cancelled outbox rows and old idempotency records are purged,
-- oldest first, a bounded number of rows per statement.
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.

-- cancelPending: pending and claimed entries of a correlation key
CREATE INDEX outbox_open_correlation_idx ON outbox (correlation_key) WHERE status IN ('PENDING', 'CLAIMED');
DROP INDEX outbox_pending_correlation_idx;

-- purgeCompleted: delivered and cancelled entries, oldest completed first
CREATE INDEX outbox_completed_idx ON outbox (completed_at) WHERE status IN ('DELIVERED', 'CANCELLED');

-- purgeCreatedBefore: oldest records first
CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at);
