-- Portal SDK schema, version 13 (H2 2.x, any compatibility mode): the patient's access log (AD-4).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
-- AuditTrail.accessesByOthers reads one chain's events by staff and proxies, newest first. H2 has no
-- partial indexes: this one leads with the chain and the actor's kind instead.

CREATE INDEX audit_events_access_idx ON audit_events (chain, actor_kind, seq);
