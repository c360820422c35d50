-- Portal SDK schema, version 5 (PostgreSQL): test results (RS-1..RS-8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage after the earlier scripts and recorded in
-- portal_schema_history with a checksum: never edit this file once released; add a new script.
-- Same rules as V1 to V3: instants are timestamptz (microseconds), ids uuid, foreign keys to the
-- rows a row depends on, CHECKs for the enums' names. Every table carries patient_id and every
-- patient-facing statement filters on it (sharding by patient, design.md "Past one database").
--
-- test_results is one row per (patient, source id): the current version's number, resulted
-- instant and status are copied onto it, so the patient's page and the visibility test read one
-- index and one row. Visibility is computed by the statements at read time (RS-6): release_at
-- passed, no hold (hold_reason IS NULL), status not ENTERED_IN_ERROR.
CREATE TABLE test_results (
    id               uuid        NOT NULL,
    patient_id       uuid        NOT NULL,
    source_id        text        NOT NULL CHECK (source_id <> ''),
    source_version   bigint      NOT NULL CHECK (source_version >= 1),
    resulted_at      timestamptz NOT NULL,
    status           text        NOT NULL CHECK (status IN ('PRELIMINARY', 'FINAL', 'CORRECTED', 'CANCELLED', 'ENTERED_IN_ERROR')),
    version_count    integer     NOT NULL CHECK (version_count >= 1),
    imported_at      timestamptz NOT NULL,
    release_at       timestamptz NOT NULL,
    hold_reason      text        CHECK (hold_reason <> ''),
    held_by          text,
    held_at          timestamptz,
    comment          text,
    comment_by       text,
    commented_at     timestamptz,
    read_at          timestamptz,
    release_notified boolean     NOT NULL,
    version          bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT test_results_pkey PRIMARY KEY (id),
    CONSTRAINT test_results_source_key UNIQUE (patient_id, source_id),
    CONSTRAINT test_results_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
-- a patient's visible results, newest first (keyset pages); release_at is tested on the rows read
CREATE INDEX test_results_visible_idx ON test_results (patient_id, resulted_at DESC, id DESC)
    WHERE hold_reason IS NULL AND status <> 'ENTERED_IN_ERROR';
-- the clinician's view of every result of a patient, newest first
CREATE INDEX test_results_patient_idx ON test_results (patient_id, resulted_at, id);

-- Every version as sent (RS-3): a correction adds a row, never changes one.
CREATE TABLE test_result_versions (
    result_id         uuid        NOT NULL,
    source_version    bigint      NOT NULL CHECK (source_version >= 1),
    patient_id        uuid        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('LAB_PANEL', 'IMAGING')),
    order_code        text        NOT NULL,
    order_name        text        NOT NULL,
    ordering_provider text        NOT NULL,
    collected_at      timestamptz NOT NULL,
    resulted_at       timestamptz NOT NULL,
    status            text        NOT NULL CHECK (status IN ('PRELIMINARY', 'FINAL', 'CORRECTED', 'CANCELLED', 'ENTERED_IN_ERROR')),
    report_text       text,
    received_at       timestamptz NOT NULL,
    CONSTRAINT test_result_versions_pkey PRIMARY KEY (result_id, source_version),
    CONSTRAINT test_result_versions_period_check CHECK (resulted_at >= collected_at),
    CONSTRAINT test_result_versions_result_fk FOREIGN KEY (result_id) REFERENCES test_results (id)
);

-- The components of each version, in the order sent. numeric_value is the decimal as sent, as
-- text (java.math.BigDecimal.toString): unit and decimals are kept exactly ("5.40" stays 5.40),
-- which a numeric column without a fixed scale does in PostgreSQL but not in H2. collected_at is
-- the version's, copied so that a component's series (RS-7) is one index range.
CREATE TABLE test_result_components (
    result_id      uuid        NOT NULL,
    source_version bigint      NOT NULL,
    position       integer     NOT NULL CHECK (position >= 0),
    patient_id     uuid        NOT NULL,
    collected_at   timestamptz NOT NULL,
    code           text        NOT NULL,
    name           text        NOT NULL,
    numeric_value  text,
    unit           text,
    text_value     text,
    coded_value    text,
    range_low      text,
    range_high     text,
    range_text     text,
    flag           text        CHECK (flag IN ('NORMAL', 'LOW', 'HIGH', 'CRITICALLY_LOW', 'CRITICALLY_HIGH', 'ABNORMAL')),
    CONSTRAINT test_result_components_pkey PRIMARY KEY (result_id, source_version, position),
    CONSTRAINT test_result_components_one_value_check CHECK (
        (numeric_value IS NOT NULL)::integer + (text_value IS NOT NULL)::integer + (coded_value IS NOT NULL)::integer = 1),
    CONSTRAINT test_result_components_version_fk FOREIGN KEY (result_id, source_version)
        REFERENCES test_result_versions (result_id, source_version)
);
-- one component code's numeric series of a patient, oldest first (RS-7 trend, keyset pages)
CREATE INDEX test_result_components_trend_idx ON test_result_components (patient_id, code, collected_at, result_id, position)
    WHERE numeric_value IS NOT NULL;

-- A patient's own delay of their sensitive results (RS-2, patient-requested): one row per patient,
-- written by one insert-or-update on the key; read once per import of a sensitive result.
CREATE TABLE result_release_delays (
    patient_id uuid NOT NULL,
    days       integer NOT NULL CHECK (days BETWEEN 0 AND 365),
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL CHECK (updated_by <> ''),
    CONSTRAINT result_release_delays_pkey PRIMARY KEY (patient_id),
    CONSTRAINT result_release_delays_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
