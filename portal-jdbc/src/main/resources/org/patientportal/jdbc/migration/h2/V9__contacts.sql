-- Portal SDK schema, version 9 (H2 2.x, any compatibility mode): security notices and contact changes
-- (AU-7, PR-2).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.

-- Whether the patient themselves set the push address: only then does it receive security notices
-- (AU-7). Rows saved before this version count as not set by the patient.
ALTER TABLE notification_preferences ADD COLUMN push_address_self_set BOOLEAN DEFAULT FALSE NOT NULL;

-- The latest request to change a patient's email or mobile number, one per patient and kind: a new
-- request overwrites the row (PR-2). The code is stored only as its keyed hash.
CREATE TABLE contact_changes (
    patient_id      UUID                        NOT NULL,
    kind            CHARACTER VARYING(16)       NOT NULL CHECK (kind IN ('EMAIL', 'MOBILE')),
    id              UUID                        NOT NULL,
    new_address     CHARACTER VARYING           NOT NULL,
    code_hash       CHARACTER VARYING           NOT NULL,
    requested_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    failed_attempts INTEGER                     NOT NULL CHECK (failed_attempts >= 0),
    confirmed_at    TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT contact_changes_pkey PRIMARY KEY (patient_id, kind),
    CONSTRAINT contact_changes_id_key UNIQUE (id),
    CONSTRAINT contact_changes_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
