-- Portal SDK schema, version 4 (PostgreSQL): medications, refill requests and health history
-- (RF-1..RF-7, HH-1..HH-3). The pharmacy directory, patients' preferred pharmacies, prescriptions
-- imported from the clinic's record, refill requests, and history entries (problems, allergies,
-- immunizations, vitals, medications reported by the patient).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage after V3 and recorded in portal_schema_history
-- with a checksum: never edit this file once released; add V7__... instead (V5 and V6 are taken).
-- Same rules as V1..V3: instants are timestamptz (microseconds), ids uuid, foreign keys to the rows
-- a row depends on, CHECKs for the enums' names.

CREATE TABLE pharmacies (
    id       uuid NOT NULL,
    name     text NOT NULL,
    address  text NOT NULL,
    phone    text NOT NULL,
    ncpdp_id text NOT NULL,
    CONSTRAINT pharmacies_pkey PRIMARY KEY (id),
    CONSTRAINT pharmacies_ncpdp_key UNIQUE (ncpdp_id)
);

-- preferred(patient, after, limit) reads the primary key in (patient_id, pharmacy_id) order
CREATE TABLE preferred_pharmacies (
    patient_id  uuid        NOT NULL,
    pharmacy_id uuid        NOT NULL,
    added_at    timestamptz NOT NULL,
    CONSTRAINT preferred_pharmacies_pkey PRIMARY KEY (patient_id, pharmacy_id),
    CONSTRAINT preferred_pharmacies_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT preferred_pharmacies_pharmacy_fk FOREIGN KEY (pharmacy_id) REFERENCES pharmacies (id)
);
-- the preferred_pharmacies_pharmacy_fk checks
CREATE INDEX preferred_pharmacies_pharmacy_idx ON preferred_pharmacies (pharmacy_id);

-- prescriptions_source_key: one row per (patient, source id). upsertAll is
-- INSERT ... ON CONFLICT (patient_id, source_id) DO UPDATE ... WHERE stored version < new version,
-- a conditional write the row lock arbitrates: an older version never overwrites a newer one, even
-- when two imports race (RF-5). refills_remaining >= 0 backs the conditional decrement (RF-7).
CREATE TABLE prescriptions (
    id                uuid        NOT NULL,
    patient_id        uuid        NOT NULL,
    source_id         text        NOT NULL CHECK (source_id <> ''),
    source_version    bigint      NOT NULL CHECK (source_version >= 0),
    medication        text        NOT NULL,
    medication_code   text,
    dose              text        NOT NULL,
    instructions      text        NOT NULL,
    quantity          integer     NOT NULL CHECK (quantity >= 0),
    days_supply       integer     NOT NULL CHECK (days_supply >= 1),
    refills_remaining integer     NOT NULL CHECK (refills_remaining >= 0),
    written_on        date        NOT NULL,
    expires_on        date        NOT NULL,
    prescriber        text        NOT NULL,
    schedule          text        NOT NULL CHECK (schedule IN ('NONE', 'II', 'III', 'IV', 'V')),
    pharmacy_id       uuid,
    last_filled_on    date,
    status            text        NOT NULL CHECK (status IN ('ACTIVE', 'DISCONTINUED', 'ENTERED_IN_ERROR')),
    updated_at        timestamptz NOT NULL,
    CONSTRAINT prescriptions_pkey PRIMARY KEY (id),
    CONSTRAINT prescriptions_source_key UNIQUE (patient_id, source_id),
    CONSTRAINT prescriptions_dates_check CHECK (expires_on >= written_on),
    CONSTRAINT prescriptions_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT prescriptions_pharmacy_fk FOREIGN KEY (pharmacy_id) REFERENCES pharmacies (id)
);
-- forPatient(patient, active, after, limit): keyset pages per status in id order
CREATE INDEX prescriptions_patient_status_idx ON prescriptions (patient_id, status, id);
-- the prescriptions_pharmacy_fk checks
CREATE INDEX prescriptions_pharmacy_idx ON prescriptions (pharmacy_id);

CREATE TABLE refill_requests (
    id              uuid        NOT NULL,
    patient_id      uuid        NOT NULL,
    prescription_id uuid        NOT NULL,
    pharmacy_id     uuid,
    status          text        NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'DENIED', 'WITHDRAWN', 'CLOSED')),
    requested_at    timestamptz NOT NULL,
    requested_by    text        NOT NULL,
    decided_at      timestamptz,
    decided_by      text,
    reason          text,
    CONSTRAINT refill_requests_pkey PRIMARY KEY (id),
    CONSTRAINT refill_requests_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT refill_requests_prescription_fk FOREIGN KEY (prescription_id) REFERENCES prescriptions (id),
    CONSTRAINT refill_requests_pharmacy_fk FOREIGN KEY (pharmacy_id) REFERENCES pharmacies (id)
);
-- At most one open request per prescription (RF-2), whatever writes it and from whichever node:
-- insertIfNoneOpen is one INSERT ... ON CONFLICT DO NOTHING that this index arbitrates. It also
-- serves findOpen(prescription).
CREATE UNIQUE INDEX refill_requests_one_open_idx ON refill_requests (prescription_id) WHERE status = 'REQUESTED';
-- open(after, limit): the clinicians' queue, oldest (id) first; decided requests leave the index
CREATE INDEX refill_requests_open_idx ON refill_requests (id) WHERE status = 'REQUESTED';
-- forPatient(patient, after, limit)
CREATE INDEX refill_requests_patient_idx ON refill_requests (patient_id, id);
-- the refill_requests_prescription_fk checks
CREATE INDEX refill_requests_prescription_idx ON refill_requests (prescription_id);

-- history_entries_source_key: one row per (patient, category, source id), written as prescriptions
-- are (HH-3).
CREATE TABLE history_entries (
    id             uuid        NOT NULL,
    patient_id     uuid        NOT NULL,
    category       text        NOT NULL CHECK (category IN ('PROBLEM', 'ALLERGY', 'IMMUNIZATION', 'VITAL', 'MEDICATION')),
    source         text        NOT NULL CHECK (source IN ('CLINIC', 'PATIENT')),
    source_id      text        NOT NULL CHECK (source_id <> ''),
    source_version bigint      NOT NULL CHECK (source_version >= 0),
    code           text,
    name           text        NOT NULL,
    detail         text,
    entry_value    text,
    unit           text,
    effective_at   timestamptz NOT NULL,
    status         text        NOT NULL
                   CHECK (status IN ('RECORDED', 'PENDING_REVIEW', 'ACCEPTED', 'DECLINED', 'ENTERED_IN_ERROR')),
    recorded_at    timestamptz NOT NULL,
    reviewed_at    timestamptz,
    reviewed_by    text,
    review_reason  text,
    CONSTRAINT history_entries_pkey PRIMARY KEY (id),
    CONSTRAINT history_entries_source_key UNIQUE (patient_id, category, source_id),
    CONSTRAINT history_entries_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
-- page(patient, category, after, limit): newest first; entries entered in error leave the index
CREATE INDEX history_entries_page_idx ON history_entries (patient_id, category, effective_at DESC, id DESC)
    WHERE status <> 'ENTERED_IN_ERROR';
