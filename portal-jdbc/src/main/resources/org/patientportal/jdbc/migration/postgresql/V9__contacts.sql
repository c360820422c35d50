-- Portal SDK schema, version 9 (PostgreSQL): security notices and contact changes (AU-7, PR-2).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.

-- Whether the patient themselves set the push address: only then does it receive security notices
-- (AU-7). Rows saved before this version count as not set by the patient.
ALTER TABLE notification_preferences ADD COLUMN push_address_self_set boolean NOT NULL DEFAULT false;

-- The latest request to change a patient's email or mobile number, one per patient and kind: a new
-- request overwrites the row (PR-2), so the table is keyed, and sharded, by patient. The code is
-- stored only as its keyed hash.
CREATE TABLE contact_changes (
    patient_id      uuid        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('EMAIL', 'MOBILE')),
    id              uuid        NOT NULL,
    new_address     text        NOT NULL,
    code_hash       text        NOT NULL,
    requested_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    failed_attempts integer     NOT NULL CHECK (failed_attempts >= 0),
    confirmed_at    timestamptz,
    CONSTRAINT contact_changes_pkey PRIMARY KEY (patient_id, kind),
    CONSTRAINT contact_changes_id_key UNIQUE (id),
    CONSTRAINT contact_changes_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
