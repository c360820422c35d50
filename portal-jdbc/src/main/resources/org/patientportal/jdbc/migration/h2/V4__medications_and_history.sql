-- Portal SDK schema, version 4 (H2 2.x, any compatibility mode): medications, refill requests and
-- health history (RF-1..RF-7, HH-1..HH-3).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage after V3 and recorded in portal_schema_history
-- with a checksum: never edit this file once released; add V7__... instead (V5 and V6 are taken).
-- Same tables, columns and constraints as the PostgreSQL script, but for what H2 lacks: partial
-- indexes (the indexes lead with the filtered column instead) and ON CONFLICT (upserts are
-- MERGE ... USING with a version condition). "One open request per prescription" is a unique
-- index over a generated column that holds the prescription while the request is open and NULL
-- once it is closed (a unique index allows many NULLs).
-- Each statement ends with a semicolon at the end of a line.

CREATE TABLE pharmacies (
    id       UUID              NOT NULL,
    name     CHARACTER VARYING NOT NULL,
    address  CHARACTER VARYING NOT NULL,
    phone    CHARACTER VARYING NOT NULL,
    ncpdp_id CHARACTER VARYING NOT NULL,
    CONSTRAINT pharmacies_pkey PRIMARY KEY (id),
    CONSTRAINT pharmacies_ncpdp_key UNIQUE (ncpdp_id)
);

CREATE TABLE preferred_pharmacies (
    patient_id  UUID                        NOT NULL,
    pharmacy_id UUID                        NOT NULL,
    added_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT preferred_pharmacies_pkey PRIMARY KEY (patient_id, pharmacy_id),
    CONSTRAINT preferred_pharmacies_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT preferred_pharmacies_pharmacy_fk FOREIGN KEY (pharmacy_id) REFERENCES pharmacies (id)
);
CREATE INDEX preferred_pharmacies_pharmacy_idx ON preferred_pharmacies (pharmacy_id);

CREATE TABLE prescriptions (
    id                UUID                        NOT NULL,
    patient_id        UUID                        NOT NULL,
    source_id         CHARACTER VARYING           NOT NULL CHECK (source_id <> ''),
    source_version    BIGINT                      NOT NULL CHECK (source_version >= 0),
    medication        CHARACTER VARYING           NOT NULL,
    medication_code   CHARACTER VARYING,
    dose              CHARACTER VARYING           NOT NULL,
    instructions      CHARACTER VARYING           NOT NULL,
    quantity          INTEGER                     NOT NULL CHECK (quantity >= 0),
    days_supply       INTEGER                     NOT NULL CHECK (days_supply >= 1),
    refills_remaining INTEGER                     NOT NULL CHECK (refills_remaining >= 0),
    written_on        DATE                        NOT NULL,
    expires_on        DATE                        NOT NULL,
    prescriber        CHARACTER VARYING           NOT NULL,
    schedule          CHARACTER VARYING(8)        NOT NULL CHECK (schedule IN ('NONE', 'II', 'III', 'IV', 'V')),
    pharmacy_id       UUID,
    last_filled_on    DATE,
    status            CHARACTER VARYING(16)       NOT NULL CHECK (status IN ('ACTIVE', 'DISCONTINUED', 'ENTERED_IN_ERROR')),
    updated_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT prescriptions_pkey PRIMARY KEY (id),
    CONSTRAINT prescriptions_source_key UNIQUE (patient_id, source_id),
    CONSTRAINT prescriptions_dates_check CHECK (expires_on >= written_on),
    CONSTRAINT prescriptions_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT prescriptions_pharmacy_fk FOREIGN KEY (pharmacy_id) REFERENCES pharmacies (id)
);
CREATE INDEX prescriptions_patient_status_idx ON prescriptions (patient_id, status, id);
CREATE INDEX prescriptions_pharmacy_idx ON prescriptions (pharmacy_id);

CREATE TABLE refill_requests (
    id                   UUID                        NOT NULL,
    patient_id           UUID                        NOT NULL,
    prescription_id      UUID                        NOT NULL,
    pharmacy_id          UUID,
    status               CHARACTER VARYING(16)       NOT NULL
                         CHECK (status IN ('REQUESTED', 'APPROVED', 'DENIED', 'WITHDRAWN', 'CLOSED')),
    requested_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    requested_by         CHARACTER VARYING           NOT NULL,
    decided_at           TIMESTAMP(6) WITH TIME ZONE,
    decided_by           CHARACTER VARYING,
    reason               CHARACTER VARYING,
    open_prescription_id UUID GENERATED ALWAYS AS (CASE WHEN status = 'REQUESTED' THEN prescription_id END),
    CONSTRAINT refill_requests_pkey PRIMARY KEY (id),
    CONSTRAINT refill_requests_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT refill_requests_prescription_fk FOREIGN KEY (prescription_id) REFERENCES prescriptions (id),
    CONSTRAINT refill_requests_pharmacy_fk FOREIGN KEY (pharmacy_id) REFERENCES pharmacies (id)
);
CREATE UNIQUE INDEX refill_requests_one_open_idx ON refill_requests (open_prescription_id);
CREATE INDEX refill_requests_open_idx ON refill_requests (status, id);
CREATE INDEX refill_requests_patient_idx ON refill_requests (patient_id, id);
CREATE INDEX refill_requests_prescription_idx ON refill_requests (prescription_id);

CREATE TABLE history_entries (
    id             UUID                        NOT NULL,
    patient_id     UUID                        NOT NULL,
    category       CHARACTER VARYING(16)       NOT NULL
                   CHECK (category IN ('PROBLEM', 'ALLERGY', 'IMMUNIZATION', 'VITAL', 'MEDICATION')),
    source         CHARACTER VARYING(16)       NOT NULL CHECK (source IN ('CLINIC', 'PATIENT')),
    source_id      CHARACTER VARYING           NOT NULL CHECK (source_id <> ''),
    source_version BIGINT                      NOT NULL CHECK (source_version >= 0),
    code           CHARACTER VARYING,
    name           CHARACTER VARYING           NOT NULL,
    detail         CHARACTER VARYING,
    entry_value    CHARACTER VARYING,
    unit           CHARACTER VARYING,
    effective_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status         CHARACTER VARYING(16)       NOT NULL
                   CHECK (status IN ('RECORDED', 'PENDING_REVIEW', 'ACCEPTED', 'DECLINED', 'ENTERED_IN_ERROR')),
    recorded_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reviewed_at    TIMESTAMP(6) WITH TIME ZONE,
    reviewed_by    CHARACTER VARYING,
    review_reason  CHARACTER VARYING,
    CONSTRAINT history_entries_pkey PRIMARY KEY (id),
    CONSTRAINT history_entries_source_key UNIQUE (patient_id, category, source_id),
    CONSTRAINT history_entries_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
CREATE INDEX history_entries_page_idx ON history_entries (patient_id, category, effective_at, id);
