-- Portal SDK schema, version 13 (PostgreSQL): the patient's access log (AD-4).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
-- AuditTrail.accessesByOthers reads one chain's events by staff and proxies, newest first: a partial
-- index of those events only, so a patient's page costs the same however many of the chain's events
-- are the patient's own.

CREATE INDEX audit_events_access_idx ON audit_events (chain, seq) WHERE actor_kind IN ('STAFF', 'PROXY');
