-- Portal SDK schema, version 16 (PostgreSQL): the overlap checks of bookings and of new slots on
-- b-tree indexes, not GiST (issue 8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
--
-- Appointments. appointments_no_overlap_excl kept a patient's BOOKED appointments from overlapping
-- (SC-3) with a GiST index on (patient, period) that every booking added to and searched: about a
-- tenth of a booking's database CPU in the benchmark (portal-benchmarks, BookingThroughput). From
-- this version the adapter takes a transaction-level advisory lock of the patient
-- (pg_advisory_xact_lock(1347436849, hash of the patient id)) before it checks and inserts, in the
-- same round trip, so writers for one patient queue on any node; appointments_booked_end_idx
-- answers the check with the patient's BOOKED appointments that end after the new one starts.
-- Upgrading: nodes of an earlier version rely on the constraint and do not take the lock, so stop
-- them before the first node of this version starts (it applies this migration); across a rolling
-- upgrade two of them could book one patient into overlapping appointments.
CREATE INDEX appointments_booked_end_idx ON appointments (patient_id, end_at) WHERE status = 'BOOKED';
ALTER TABLE appointments DROP CONSTRAINT appointments_no_overlap_excl;

-- Slots. A booking or a cancellation changes a slot's status, which is never a HOT update (the
-- partial indexes test the status), so each one wrote a new entry into slots_provider_period_idx,
-- a GiST index of the provider's slot periods; only the overlap checks of new slots and
-- overlapping(provider, from, to) read it. They now read the provider's slots that end after the
-- period starts (its future, not its history) on this b-tree.
CREATE INDEX slots_provider_end_idx ON slots (provider_id, end_at);
DROP INDEX slots_provider_period_idx;
