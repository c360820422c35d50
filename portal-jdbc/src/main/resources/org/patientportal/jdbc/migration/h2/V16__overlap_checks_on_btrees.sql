-- Portal SDK schema, version 16 (H2): the indexes that answer the overlap checks of bookings and of
-- new slots (issue 8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
-- A booking locks the patient's row and then looks for the patient's BOOKED appointments that
-- overlap the new one; appointments_patient_start_idx bounds that search on one side only (those
-- starting before the new one ends: the patient's whole history). This index finds those that end
-- after the new one starts. (H2 has no partial indexes; PostgreSQL's V16 keeps BOOKED rows only.)
CREATE INDEX appointments_booked_end_idx ON appointments (patient_id, end_at);
-- The same for a provider's slots, read by the overlap checks of new slots and overlapping().
CREATE INDEX slots_provider_end_idx ON slots (provider_id, end_at);
