-- Portal SDK schema, version 17 (H2): appointments without foreign keys to their patient and slot
-- (issue 8), as on PostgreSQL.
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
-- Patients are never deleted, a booking reads its patient and books its slot in the same
-- transaction, and slots are deleted only by the transaction that inserted them, before any
-- appointment can name them: the two keys' checks added nothing to that (PostgreSQL's V17 says
-- what they cost there). H2 has no partial indexes: its slots_provider_start_idx stays as it is.
ALTER TABLE appointments DROP CONSTRAINT appointments_patient_fk;
ALTER TABLE appointments DROP CONSTRAINT appointments_slot_fk;
