-- Portal SDK schema, version 2 (PostgreSQL): proxy grants (PX-1..PX-3), notification preferences
-- with SMS consent (NT-1), and the index behind Patients.findByMobile (an inbound SMS STOP).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage after V1 and recorded in portal_schema_history
-- with a checksum: never edit this file once released; add V3__... instead.
-- Same rules as V1: instants are timestamptz (microseconds), ids uuid, foreign keys to the rows a
-- row depends on.

-- A patient's mobile number may be shared by a family: findByMobile returns them all in id order.
CREATE INDEX patients_mobile_idx ON patients (mobile, id) WHERE mobile IS NOT NULL;

-- scopes, teen_consent: ProxyScope names, comma separated, in the enum's declaration order, each
-- at most once ('APPOINTMENTS,RESULTS'; '' for no teen consent). One set has one text, so the
-- CHECKs accept exactly the canonical form, and a grant stays one row written in one statement.
-- A new scope needs a migration that widens the CHECKs. Ages are not stored (PX-2): the access
-- policy computes them from the patient's birth date and the clock.
CREATE TABLE proxy_grants (
    id               uuid        NOT NULL,
    proxy_account_id uuid        NOT NULL,
    patient_id       uuid        NOT NULL,
    relationship     text        NOT NULL CHECK (relationship IN ('PARENT', 'GUARDIAN', 'CAREGIVER')),
    scopes           text        NOT NULL
                     CHECK ((scopes || ',') ~ '^(APPOINTMENTS,)?(MEDICATIONS,)?(RESULTS,)?(MESSAGING,)?(RECORDS,)?$'
                            AND scopes <> ''),
    teen_consent     text        NOT NULL
                     CHECK (teen_consent = ''
                            OR (teen_consent || ',') ~ '^(APPOINTMENTS,)?(MEDICATIONS,)?(RESULTS,)?(MESSAGING,)?(RECORDS,)?$'),
    granted_at       timestamptz NOT NULL,
    granted_by       text        NOT NULL,
    expires_at       timestamptz NOT NULL,
    revoked_at       timestamptz,
    revoked_by       text,
    version          bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT proxy_grants_pkey PRIMARY KEY (id),
    CONSTRAINT proxy_grants_revoked_check CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)),
    CONSTRAINT proxy_grants_account_fk FOREIGN KEY (proxy_account_id) REFERENCES accounts (id),
    CONSTRAINT proxy_grants_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
-- Revoked grants are history: every read but find(id) skips them, so the indexes leave them out.
-- findUnrevoked(proxy, patient), on every request a proxy makes: both keys, then id for the order
CREATE INDEX proxy_grants_unrevoked_pair_idx ON proxy_grants (proxy_account_id, patient_id, id)
    WHERE revoked_at IS NULL;
-- listForProxy(proxy, after, limit) keyset pages
CREATE INDEX proxy_grants_unrevoked_proxy_idx ON proxy_grants (proxy_account_id, id) WHERE revoked_at IS NULL;
-- listForPatient(patient, after, limit) keyset pages
CREATE INDEX proxy_grants_unrevoked_patient_idx ON proxy_grants (patient_id, id) WHERE revoked_at IS NULL;

-- channels_by_kind: a flat JSON object of strings written and read by the adapter, event kind to
-- Channel names in the canonical form above ({"result-released":"EMAIL,SMS"}); text, like the
-- outbox payload. The first save stores version 1 (version 0 means "never saved").
CREATE TABLE notification_preferences (
    patient_id       uuid        NOT NULL,
    channels_by_kind text        NOT NULL,
    push_address     text,
    sms_consent_at   timestamptz,
    sms_stopped_at   timestamptz,
    version          bigint      NOT NULL CHECK (version >= 1),
    CONSTRAINT notification_preferences_pkey PRIMARY KEY (patient_id),
    CONSTRAINT notification_preferences_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
