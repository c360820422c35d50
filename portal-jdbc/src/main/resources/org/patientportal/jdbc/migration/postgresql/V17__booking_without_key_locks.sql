-- Portal SDK schema, version 17 (PostgreSQL): a booking writes no lock into the patient's row and
-- one index entry fewer for its slot (issue 8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
--
-- Appointments. The check of appointments_patient_fk took a KEY SHARE lock on the patient's row at
-- every booking: PostgreSQL writes such a lock into the row (a WAL record and a dirty page of
-- patients, every time), and the check of appointments_slot_fk ran a query of its own on the slot
-- the same statement had just booked. Neither adds to what holds without them: patients are never
-- deleted (the Patients store has no way to delete one), the booking reads the patient in the same
-- transaction, and the appointment's INSERT adds the row only where the slot is booked for it
-- (JdbcAppointments.bookSlot); slots are deleted only by the transaction that inserted them
-- (Slots.insertAll's undo), before any appointment can name them. appointments_slot_idx served
-- only those checks. With them gone the appointment's INSERT took 0.037 ms of database time per
-- booking instead of 0.064 and wrote 623 bytes of WAL instead of 816 (portal-benchmarks,
-- BookingThroughput, -Dbench.statements=true).
ALTER TABLE appointments DROP CONSTRAINT appointments_patient_fk;
ALTER TABLE appointments DROP CONSTRAINT appointments_slot_fk;
DROP INDEX appointments_slot_idx;

-- Slots. A booking's UPDATE is never HOT (status is in the open-slot indexes' predicates), so the
-- new row version went into every index that holds all slots: the primary key,
-- slots_provider_start_idx and slots_provider_end_idx. Of those, slots_provider_start_idx is read
-- only by findOpen(provider), which asks for OPEN slots, and by slots_provider_fk's checks, which
-- only a provider's deletion runs (providers are never deleted): it now holds OPEN slots only, so
-- a booking adds nothing to it (367 bytes of WAL per booked slot became 271). overlapping() and the
-- overlap checks of new slots, which read slots of every status, keep slots_provider_end_idx.
-- Upgrading: the CREATE INDEX below holds off writes to slots while it builds (a migration runs in
-- a transaction, so not CONCURRENTLY); it reads the OPEN slots only. Nodes of earlier versions run
-- on this schema unchanged: they never relied on the dropped keys or index.
CREATE INDEX slots_open_provider_start_idx ON slots (provider_id, start_at, id) WHERE status = 'OPEN';
DROP INDEX slots_provider_start_idx;
