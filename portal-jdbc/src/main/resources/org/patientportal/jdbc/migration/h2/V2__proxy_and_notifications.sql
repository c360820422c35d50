-- Portal SDK schema, version 2 (H2 2.x, any compatibility mode): proxy grants (PX-1..PX-3),
-- notification preferences with SMS consent (NT-1), and the index behind Patients.findByMobile.
--
-- Applied once by org.patientportal.jdbc.JdbcStorage after V1 and recorded in portal_schema_history
-- with a checksum: never edit this file once released; add V3__... instead.
-- Same tables, columns and constraints as the PostgreSQL script. H2 has no partial indexes, so the
-- PostgreSQL ones are plain composite indexes here (revoked rows included). REGEXP_LIKE stands for
-- PostgreSQL's ~ (it exists in every H2 mode). H2 adds an index of its own under each foreign key
-- (it reuses only an index on exactly the key's columns), as it does in V1.
-- Each statement ends with a semicolon at the end of a line.

CREATE INDEX patients_mobile_idx ON patients (mobile, id);

CREATE TABLE proxy_grants (
    id               UUID                        NOT NULL,
    proxy_account_id UUID                        NOT NULL,
    patient_id       UUID                        NOT NULL,
    relationship     CHARACTER VARYING(16)       NOT NULL CHECK (relationship IN ('PARENT', 'GUARDIAN', 'CAREGIVER')),
    scopes           CHARACTER VARYING(64)       NOT NULL
                     CHECK (REGEXP_LIKE(scopes || ',', '^(APPOINTMENTS,)?(MEDICATIONS,)?(RESULTS,)?(MESSAGING,)?(RECORDS,)?$')
                            AND scopes <> ''),
    teen_consent     CHARACTER VARYING(64)       NOT NULL
                     CHECK (teen_consent = ''
                            OR REGEXP_LIKE(teen_consent || ',', '^(APPOINTMENTS,)?(MEDICATIONS,)?(RESULTS,)?(MESSAGING,)?(RECORDS,)?$')),
    granted_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    granted_by       CHARACTER VARYING           NOT NULL,
    expires_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revoked_at       TIMESTAMP(6) WITH TIME ZONE,
    revoked_by       CHARACTER VARYING,
    version          BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT proxy_grants_pkey PRIMARY KEY (id),
    CONSTRAINT proxy_grants_revoked_check CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)),
    CONSTRAINT proxy_grants_account_fk FOREIGN KEY (proxy_account_id) REFERENCES accounts (id),
    CONSTRAINT proxy_grants_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
CREATE INDEX proxy_grants_unrevoked_pair_idx ON proxy_grants (proxy_account_id, patient_id, id);
CREATE INDEX proxy_grants_unrevoked_proxy_idx ON proxy_grants (proxy_account_id, id);
CREATE INDEX proxy_grants_unrevoked_patient_idx ON proxy_grants (patient_id, id);

CREATE TABLE notification_preferences (
    patient_id       UUID                        NOT NULL,
    channels_by_kind CHARACTER LARGE OBJECT      NOT NULL,
    push_address     CHARACTER VARYING,
    sms_consent_at   TIMESTAMP(6) WITH TIME ZONE,
    sms_stopped_at   TIMESTAMP(6) WITH TIME ZONE,
    version          BIGINT                      NOT NULL CHECK (version >= 1),
    CONSTRAINT notification_preferences_pkey PRIMARY KEY (patient_id),
    CONSTRAINT notification_preferences_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
