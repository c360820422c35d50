-- Portal SDK schema, version 14: a booking locks no row that other patients' bookings lock too (issue 8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
-- An appointment copies its provider and department from its slot, whose own foreign keys
-- (slots_provider_fk, slots_department_fk) and appointments_slot_fk keep them real; its visit type
-- is one the slot offers, checked by the booking. The three foreign keys below added nothing to that,
-- but each check took a KEY SHARE lock on the provider's, the department's and the visit type's row:
-- rows that every concurrent booking of the clinic locks, so PostgreSQL wrote a lock (a multixact
-- when they overlap) into the same few rows at every booking. Providers, departments and visit types
-- are never deleted (their stores have no way to delete one).
ALTER TABLE appointments DROP CONSTRAINT appointments_provider_fk;
ALTER TABLE appointments DROP CONSTRAINT appointments_department_fk;
ALTER TABLE appointments DROP CONSTRAINT appointments_visit_type_fk;
