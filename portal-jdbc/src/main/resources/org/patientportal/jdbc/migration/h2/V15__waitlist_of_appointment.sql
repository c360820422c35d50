-- Portal SDK schema, version 15: an appointment's WAITING wait-list entries on an index of their own (issue 8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
-- The PostgreSQL script's partial index; H2 has no partial indexes, so status is a key column
-- (as in waitlist_entries_waiting_idx).
CREATE INDEX waitlist_entries_appointment_waiting_idx ON waitlist_entries (appointment_id, patient_id, status, id);
