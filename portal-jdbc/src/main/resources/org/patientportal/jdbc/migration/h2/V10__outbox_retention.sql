-- Portal SDK schema, version 10 (H2): retention (NT-2): delivered and cancelled outbox rows and old
-- idempotency records are purged, oldest first, a bounded number of rows per statement.
-- (outbox_correlation_idx on (correlation_key, status) already serves cancelPending of claimed entries.)
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.

-- purgeCompleted: oldest completed first, the status filtered in the index
CREATE INDEX outbox_completed_idx ON outbox (completed_at, status);

-- purgeCreatedBefore: oldest records first
CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at);
