-- Portal SDK schema, version 19 (PostgreSQL): a function that refuses a booking with its own
-- SQLSTATE, so that a booking can travel with the commit (issue 8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
--
-- A booking (StorageTransaction.bookSlotBehind) is written behind: the patient's advisory lock and
-- one statement that books the slot and inserts the appointment are sent with the outbox, idempotency
-- and audit writes that follow them and the COMMIT, in one round trip. A booking that cannot be made
-- must then stop the transaction on the server before the COMMIT runs: the statement calls this
-- function where the slot is not open (SQLSTATE PB001) or the patient holds an overlapping booked
-- appointment (PB002), the error aborts the transaction, and the COMMIT that follows rolls it back.
-- portal-jdbc reads the two states as SlotBookingRefusedException (SLOT_TAKEN, OVERLAPPING). The
-- class "PB" is none of PostgreSQL's. The message carries no value.
--
-- Upgrading: adds a function, changes no table. Nodes of earlier versions do not call it.
CREATE FUNCTION portal_refuse_booking(code text) RETURNS boolean LANGUAGE plpgsql VOLATILE
    AS 'BEGIN RAISE EXCEPTION USING ERRCODE = code, MESSAGE = ''booking refused''; END';
