-- Portal SDK schema, version 1 (H2 2.x, any compatibility mode): patients, accounts, activation
-- codes, sessions, the hash-chained audit trail, the notification outbox and idempotency records.
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add V2__..., V3__... instead.
-- Same tables, columns and constraints as the PostgreSQL script. H2 has no partial indexes, so the
-- indexes lead with the filtered column instead. H2 compares UUID values as unsigned bytes, like
-- PostgreSQL, and strings by code unit, so keyset pages come in the same order on both.
-- Each statement ends with a semicolon at the end of a line.

CREATE TABLE patients (
    id            UUID                        NOT NULL,
    mrn           CHARACTER VARYING           NOT NULL,
    given_name    CHARACTER VARYING           NOT NULL,
    family_name   CHARACTER VARYING           NOT NULL,
    birth_date    DATE                        NOT NULL,
    ssn4_hash     CHARACTER VARYING           NOT NULL,
    email         CHARACTER VARYING,
    mobile        CHARACTER VARYING,
    registered_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version       BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT patients_pkey PRIMARY KEY (id),
    CONSTRAINT patients_mrn_key UNIQUE (mrn)
);

CREATE TABLE accounts (
    id                   UUID                        NOT NULL,
    patient_id           UUID                        NOT NULL,
    username             CHARACTER VARYING           NOT NULL,
    username_key         CHARACTER VARYING           NOT NULL,
    password_hash        CHARACTER VARYING           NOT NULL,
    status               CHARACTER VARYING(16)       NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
    failed_login_count   INTEGER                     NOT NULL CHECK (failed_login_count >= 0),
    last_failed_login_at TIMESTAMP(6) WITH TIME ZONE,
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    password_changed_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version              BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_username_key_key UNIQUE (username_key),
    CONSTRAINT accounts_patient_id_key UNIQUE (patient_id),
    CONSTRAINT accounts_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);

CREATE TABLE activation_codes (
    id              UUID                        NOT NULL,
    patient_id      UUID                        NOT NULL,
    purpose         CHARACTER VARYING(16)       NOT NULL CHECK (purpose IN ('SIGN_UP', 'PASSWORD_RESET')),
    code_hash       CHARACTER VARYING           NOT NULL,
    delivery        CHARACTER VARYING(32)       NOT NULL
                    CHECK (delivery IN ('LETTER', 'AFTER_VISIT_SUMMARY', 'IN_PERSON', 'EMAIL', 'SMS')),
    issued_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    issued_by       CHARACTER VARYING           NOT NULL,
    status          CHARACTER VARYING(16)       NOT NULL CHECK (status IN ('ACTIVE', 'USED', 'REVOKED')),
    failed_attempts INTEGER                     NOT NULL CHECK (failed_attempts >= 0),
    closed_at       TIMESTAMP(6) WITH TIME ZONE,
    version         BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT activation_codes_pkey PRIMARY KEY (id),
    CONSTRAINT activation_codes_code_hash_key UNIQUE (code_hash),
    CONSTRAINT activation_codes_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
CREATE INDEX activation_codes_patient_idx ON activation_codes (patient_id, issued_at, id);

CREATE TABLE sessions (
    id                  UUID                        NOT NULL,
    account_id          UUID                        NOT NULL,
    token_hash          CHARACTER VARYING           NOT NULL,
    created_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    absolute_expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revoked_at          TIMESTAMP(6) WITH TIME ZONE,
    version             BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT sessions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id)
);
CREATE INDEX sessions_account_idx ON sessions (account_id, id);

CREATE TABLE audit_chain_heads (
    chain CHARACTER VARYING(64) NOT NULL,
    seq   BIGINT                NOT NULL CHECK (seq >= 0),
    hash  CHARACTER VARYING     NOT NULL,
    CONSTRAINT audit_chain_heads_pkey PRIMARY KEY (chain)
);

CREATE TABLE audit_events (
    id            UUID                        NOT NULL,
    chain         CHARACTER VARYING(64)       NOT NULL,
    seq           BIGINT                      NOT NULL CHECK (seq >= 1),
    occurred_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    patient_id    UUID,
    actor_kind    CHARACTER VARYING(16)       NOT NULL
                  CHECK (actor_kind IN ('PATIENT', 'PROXY', 'STAFF', 'ANONYMOUS', 'SYSTEM')),
    actor_id      CHARACTER VARYING           NOT NULL,
    actor_role    CHARACTER VARYING,
    action        CHARACTER VARYING(16)       NOT NULL CHECK (action IN ('CREATE', 'READ', 'UPDATE', 'DELETE', 'EXECUTE')),
    category      CHARACTER VARYING           NOT NULL,
    record_id     CHARACTER VARYING,
    outcome       CHARACTER VARYING(16)       NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILED')),
    reason        CHARACTER VARYING,
    previous_hash CHARACTER VARYING           NOT NULL,
    hash          CHARACTER VARYING           NOT NULL,
    CONSTRAINT audit_events_pkey PRIMARY KEY (id),
    CONSTRAINT audit_events_chain_seq_key UNIQUE (chain, seq)
);

CREATE TABLE outbox (
    id               UUID                        NOT NULL,
    kind             CHARACTER VARYING           NOT NULL,
    patient_id       UUID,
    account_id       UUID,
    payload          CHARACTER LARGE OBJECT      NOT NULL,
    correlation_key  CHARACTER VARYING,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    deliver_after    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status           CHARACTER VARYING(16)       NOT NULL
                     CHECK (status IN ('PENDING', 'CLAIMED', 'DELIVERED', 'DEAD', 'CANCELLED')),
    attempts         INTEGER                     NOT NULL CHECK (attempts >= 0),
    next_attempt_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    claimed_by       CHARACTER VARYING,
    claim_expires_at TIMESTAMP(6) WITH TIME ZONE,
    last_error       CHARACTER VARYING,
    completed_at     TIMESTAMP(6) WITH TIME ZONE,
    version          BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT outbox_pkey PRIMARY KEY (id)
);
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at, id);
CREATE INDEX outbox_claimed_idx ON outbox (status, claim_expires_at);
CREATE INDEX outbox_dead_idx ON outbox (status, id);
CREATE INDEX outbox_correlation_idx ON outbox (correlation_key, status);

CREATE TABLE idempotency_records (
    scope        CHARACTER VARYING(128)      NOT NULL,
    idem_key     CHARACTER VARYING(255)      NOT NULL,
    request_hash CHARACTER VARYING           NOT NULL,
    response     CHARACTER LARGE OBJECT      NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT idempotency_records_pkey PRIMARY KEY (scope, idem_key)
);
