-- Portal SDK schema, version 15: an appointment's WAITING wait-list entries on an index of their own (issue 8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
-- Every cancel and reschedule reads the patient's WAITING entries for the appointment it frees.
-- waitlist_entries_patient_idx found them among all of the patient's entries, closed ones too,
-- which grow with every join and leave of a wait list; this index holds the WAITING ones only.
CREATE INDEX waitlist_entries_appointment_waiting_idx ON waitlist_entries (appointment_id, patient_id, id)
    WHERE status = 'WAITING';
