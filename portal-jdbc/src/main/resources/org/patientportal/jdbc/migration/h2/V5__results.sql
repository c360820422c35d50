-- Portal SDK schema, version 5 (H2 2.x, any compatibility mode): test results (RS-1..RS-8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage after the earlier scripts and recorded in
-- portal_schema_history with a checksum: never edit this file once released; add a new script.
-- Same tables, columns and constraints as the PostgreSQL script, but for partial indexes, which H2
-- lacks: the indexes are full ones on the same leading columns. numeric_value is the decimal as
-- sent, as text, so that unit and decimals are kept exactly.
-- Each statement ends with a semicolon at the end of a line.
CREATE TABLE test_results (
    id               UUID                        NOT NULL,
    patient_id       UUID                        NOT NULL,
    source_id        CHARACTER VARYING           NOT NULL CHECK (source_id <> ''),
    source_version   BIGINT                      NOT NULL CHECK (source_version >= 1),
    resulted_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status           CHARACTER VARYING           NOT NULL CHECK (status IN ('PRELIMINARY', 'FINAL', 'CORRECTED', 'CANCELLED', 'ENTERED_IN_ERROR')),
    version_count    INTEGER                     NOT NULL CHECK (version_count >= 1),
    imported_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    release_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    hold_reason      CHARACTER VARYING           CHECK (hold_reason <> ''),
    held_by          CHARACTER VARYING,
    held_at          TIMESTAMP(6) WITH TIME ZONE,
    comment          CHARACTER VARYING,
    comment_by       CHARACTER VARYING,
    commented_at     TIMESTAMP(6) WITH TIME ZONE,
    read_at          TIMESTAMP(6) WITH TIME ZONE,
    release_notified BOOLEAN                     NOT NULL,
    version          BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT test_results_pkey PRIMARY KEY (id),
    CONSTRAINT test_results_source_key UNIQUE (patient_id, source_id),
    CONSTRAINT test_results_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
CREATE INDEX test_results_patient_idx ON test_results (patient_id, resulted_at, id);

CREATE TABLE test_result_versions (
    result_id         UUID                        NOT NULL,
    source_version    BIGINT                      NOT NULL CHECK (source_version >= 1),
    patient_id        UUID                        NOT NULL,
    kind              CHARACTER VARYING           NOT NULL CHECK (kind IN ('LAB_PANEL', 'IMAGING')),
    order_code        CHARACTER VARYING           NOT NULL,
    order_name        CHARACTER VARYING           NOT NULL,
    ordering_provider CHARACTER VARYING           NOT NULL,
    collected_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    resulted_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status            CHARACTER VARYING           NOT NULL CHECK (status IN ('PRELIMINARY', 'FINAL', 'CORRECTED', 'CANCELLED', 'ENTERED_IN_ERROR')),
    report_text       CHARACTER VARYING,
    received_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT test_result_versions_pkey PRIMARY KEY (result_id, source_version),
    CONSTRAINT test_result_versions_period_check CHECK (resulted_at >= collected_at),
    CONSTRAINT test_result_versions_result_fk FOREIGN KEY (result_id) REFERENCES test_results (id)
);

CREATE TABLE test_result_components (
    result_id      UUID                        NOT NULL,
    source_version BIGINT                      NOT NULL,
    position       INTEGER                     NOT NULL CHECK (position >= 0),
    patient_id     UUID                        NOT NULL,
    collected_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    code           CHARACTER VARYING           NOT NULL,
    name           CHARACTER VARYING           NOT NULL,
    numeric_value  CHARACTER VARYING,
    unit           CHARACTER VARYING,
    text_value     CHARACTER VARYING,
    coded_value    CHARACTER VARYING,
    range_low      CHARACTER VARYING,
    range_high     CHARACTER VARYING,
    range_text     CHARACTER VARYING,
    flag           CHARACTER VARYING           CHECK (flag IN ('NORMAL', 'LOW', 'HIGH', 'CRITICALLY_LOW', 'CRITICALLY_HIGH', 'ABNORMAL')),
    CONSTRAINT test_result_components_pkey PRIMARY KEY (result_id, source_version, position),
    CONSTRAINT test_result_components_one_value_check CHECK (
        CASE WHEN numeric_value IS NULL THEN 0 ELSE 1 END + CASE WHEN text_value IS NULL THEN 0 ELSE 1 END
        + CASE WHEN coded_value IS NULL THEN 0 ELSE 1 END = 1),
    CONSTRAINT test_result_components_version_fk FOREIGN KEY (result_id, source_version)
        REFERENCES test_result_versions (result_id, source_version)
);
CREATE INDEX test_result_components_trend_idx ON test_result_components (patient_id, code, collected_at, result_id, position);

-- A patient's own delay of their sensitive results (RS-2, patient-requested): one row per patient,
-- written by one insert-or-update on the key; read once per import of a sensitive result.
CREATE TABLE result_release_delays (
    patient_id UUID NOT NULL,
    days       INTEGER NOT NULL CHECK (days BETWEEN 0 AND 365),
    updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_by CHARACTER VARYING NOT NULL CHECK (updated_by <> ''),
    CONSTRAINT result_release_delays_pkey PRIMARY KEY (patient_id),
    CONSTRAINT result_release_delays_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
