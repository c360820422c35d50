-- Portal SDK schema, version 1 (PostgreSQL): patients, accounts, activation codes, sessions,
-- the hash-chained audit trail, the notification outbox and idempotency records.
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add V2__..., V3__... instead.
-- Rules: instants are timestamptz (microseconds); ids are uuid (compared bytewise, unsigned);
-- texts compared by code point where they are keys of a keyset page (COLLATE "C"). Foreign keys
-- tie accounts and codes to their patient and sessions to their account; the outbox and the audit
-- trail have none on purpose: an audit event may name a patient id that does not exist (a denied
-- probe), and both are history that must outlive what they mention.

CREATE TABLE patients (
    id            uuid        NOT NULL,
    mrn           text        NOT NULL,
    given_name    text        NOT NULL,
    family_name   text        NOT NULL,
    birth_date    date        NOT NULL,
    ssn4_hash     text        NOT NULL,
    email         text,
    mobile        text,
    registered_at timestamptz NOT NULL,
    version       bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT patients_pkey PRIMARY KEY (id),
    CONSTRAINT patients_mrn_key UNIQUE (mrn)
);

CREATE TABLE accounts (
    id                   uuid        NOT NULL,
    patient_id           uuid        NOT NULL,
    username             text        NOT NULL,
    username_key         text        NOT NULL,
    password_hash        text        NOT NULL,
    status               text        NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
    failed_login_count   integer     NOT NULL CHECK (failed_login_count >= 0),
    last_failed_login_at timestamptz,
    created_at           timestamptz NOT NULL,
    password_changed_at  timestamptz NOT NULL,
    version              bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_username_key_key UNIQUE (username_key),
    -- EN-8: a patient has at most one patient account
    CONSTRAINT accounts_patient_id_key UNIQUE (patient_id),
    CONSTRAINT accounts_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);

CREATE TABLE activation_codes (
    id              uuid        NOT NULL,
    patient_id      uuid        NOT NULL,
    purpose         text        NOT NULL CHECK (purpose IN ('SIGN_UP', 'PASSWORD_RESET')),
    code_hash       text        NOT NULL,
    delivery        text        NOT NULL
                    CHECK (delivery IN ('LETTER', 'AFTER_VISIT_SUMMARY', 'IN_PERSON', 'EMAIL', 'SMS')),
    issued_at       timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    issued_by       text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('ACTIVE', 'USED', 'REVOKED')),
    failed_attempts integer     NOT NULL CHECK (failed_attempts >= 0),
    closed_at       timestamptz,
    version         bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT activation_codes_pkey PRIMARY KEY (id),
    CONSTRAINT activation_codes_code_hash_key UNIQUE (code_hash),
    CONSTRAINT activation_codes_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
-- findByPatient (newest first) and revokeActive
CREATE INDEX activation_codes_patient_idx ON activation_codes (patient_id, issued_at, id);

CREATE TABLE sessions (
    id                  uuid        NOT NULL,
    account_id          uuid        NOT NULL,
    token_hash          text        NOT NULL,
    created_at          timestamptz NOT NULL,
    last_seen_at        timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    revoked_at          timestamptz,
    version             bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT sessions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id)
);
-- listUnrevoked keyset pages and revokeAll
CREATE INDEX sessions_account_unrevoked_idx ON sessions (account_id, id) WHERE revoked_at IS NULL;

-- One row per audit chain (AD-2): the head appenders lock. seq 0 and hash '' for a chain without events.
CREATE TABLE audit_chain_heads (
    chain text   COLLATE "C" NOT NULL,
    seq   bigint NOT NULL CHECK (seq >= 0),
    hash  text   NOT NULL,
    CONSTRAINT audit_chain_heads_pkey PRIMARY KEY (chain)
);

CREATE TABLE audit_events (
    id            uuid        NOT NULL,
    chain         text        COLLATE "C" NOT NULL,
    seq           bigint      NOT NULL CHECK (seq >= 1),
    occurred_at   timestamptz NOT NULL,
    patient_id    uuid,
    actor_kind    text        NOT NULL CHECK (actor_kind IN ('PATIENT', 'PROXY', 'STAFF', 'ANONYMOUS', 'SYSTEM')),
    actor_id      text        NOT NULL,
    actor_role    text,
    action        text        NOT NULL CHECK (action IN ('CREATE', 'READ', 'UPDATE', 'DELETE', 'EXECUTE')),
    category      text        NOT NULL,
    record_id     text,
    outcome       text        NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILED')),
    reason        text,
    previous_hash text        NOT NULL,
    hash          text        NOT NULL,
    CONSTRAINT audit_events_pkey PRIMARY KEY (id),
    -- also the index of the events(chain, afterSequence, limit) keyset page
    CONSTRAINT audit_events_chain_seq_key UNIQUE (chain, seq)
);

-- payload: the template parameters as a flat JSON object of strings, written and read by the
-- adapter (text, not jsonb: kept byte for byte, and any string round-trips).
CREATE TABLE outbox (
    id               uuid        NOT NULL,
    kind             text        NOT NULL,
    patient_id       uuid,
    account_id       uuid,
    payload          text        NOT NULL,
    correlation_key  text,
    created_at       timestamptz NOT NULL,
    deliver_after    timestamptz NOT NULL,
    status           text        NOT NULL
                     CHECK (status IN ('PENDING', 'CLAIMED', 'DELIVERED', 'DEAD', 'CANCELLED')),
    attempts         integer     NOT NULL CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL,
    claimed_by       text,
    claim_expires_at timestamptz,
    last_error       text,
    completed_at     timestamptz,
    version          bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT outbox_pkey PRIMARY KEY (id)
);
-- claimDue: pending entries that are due, oldest first
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at, id);
-- claimDue: claims that lapsed
CREATE INDEX outbox_claimed_idx ON outbox (claim_expires_at) WHERE status = 'CLAIMED';
-- dead(after, limit) keyset pages
CREATE INDEX outbox_dead_idx ON outbox (id) WHERE status = 'DEAD';
-- cancelPending
CREATE INDEX outbox_pending_correlation_idx ON outbox (correlation_key) WHERE status = 'PENDING';

CREATE TABLE idempotency_records (
    scope        varchar(128) NOT NULL,
    idem_key     varchar(255) NOT NULL,
    request_hash text         NOT NULL,
    response     text         NOT NULL,
    created_at   timestamptz  NOT NULL,
    CONSTRAINT idempotency_records_pkey PRIMARY KEY (scope, idem_key)
);
