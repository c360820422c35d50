-- Portal SDK schema, version 6 (PostgreSQL): messaging the care team (MS-1..MS-6). Pools of staff
-- and their members, topics routed to pools, each patient's primary care provider, the clinic's
-- calendar (zone and holidays), threads with their unread counters, and messages.
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
-- Same rules as V1..V3: instants are timestamptz (microseconds), ids uuid, foreign keys to the
-- rows a row depends on, CHECKs for the enums' names. Subjects and bodies are stored exactly as sent.

CREATE TABLE message_pools (
    id      uuid   NOT NULL,
    name    text   NOT NULL,
    version bigint NOT NULL CHECK (version >= 0),
    CONSTRAINT message_pools_pkey PRIMARY KEY (id)
);

-- staff_id: the host's staff id (Actor.staff), asserted by the host; membership decides who works a pool's inbox.
CREATE TABLE message_pool_members (
    pool_id  uuid NOT NULL,
    staff_id text NOT NULL CHECK (staff_id <> ''),
    CONSTRAINT message_pool_members_pkey PRIMARY KEY (pool_id, staff_id),
    CONSTRAINT message_pool_members_pool_fk FOREIGN KEY (pool_id) REFERENCES message_pools (id)
);

CREATE TABLE message_topics (
    id                     uuid    NOT NULL,
    name                   text    NOT NULL,
    pool_id                uuid    NOT NULL,
    response_business_days integer NOT NULL CHECK (response_business_days BETWEEN 1 AND 30),
    active                 boolean NOT NULL,
    version                bigint  NOT NULL CHECK (version >= 0),
    CONSTRAINT message_topics_pkey PRIMARY KEY (id),
    CONSTRAINT message_topics_pool_fk FOREIGN KEY (pool_id) REFERENCES message_pools (id)
);

CREATE TABLE primary_care_providers (
    patient_id  uuid NOT NULL,
    provider_id uuid NOT NULL,
    CONSTRAINT primary_care_providers_pkey PRIMARY KEY (patient_id),
    CONSTRAINT primary_care_providers_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT primary_care_providers_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id)
);

-- One row (id 1): the clinic's zone, a java.time.ZoneId id.
CREATE TABLE clinic_calendar (
    id   integer NOT NULL CHECK (id = 1),
    zone text    NOT NULL CHECK (zone <> ''),
    CONSTRAINT clinic_calendar_pkey PRIMARY KEY (id)
);

CREATE TABLE clinic_holidays (
    holiday_date date NOT NULL,
    CONSTRAINT clinic_holidays_pkey PRIMARY KEY (holiday_date)
);

-- Unread counts are derived: a side's unread = the other side's messages - what it read through.
-- Every change is one conditional UPDATE of the row, so counters never drift under concurrency.
CREATE TABLE message_threads (
    id                   uuid        NOT NULL,
    patient_id           uuid        NOT NULL,
    topic_id             uuid        NOT NULL,
    pool_id              uuid        NOT NULL,
    provider_id          uuid,
    subject              text        NOT NULL,
    status               text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    created_at           timestamptz NOT NULL,
    last_message_at      timestamptz NOT NULL,
    awaiting_since       timestamptz,
    reply_by             timestamptz,
    patient_messages     integer     NOT NULL CHECK (patient_messages >= 0),
    clinic_messages      integer     NOT NULL CHECK (clinic_messages >= 0),
    patient_read_through integer     NOT NULL CHECK (patient_read_through BETWEEN 0 AND clinic_messages),
    clinic_read_through  integer     NOT NULL CHECK (clinic_read_through BETWEEN 0 AND patient_messages),
    version              bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT message_threads_pkey PRIMARY KEY (id),
    CONSTRAINT message_threads_awaiting_check CHECK ((awaiting_since IS NULL) = (reply_by IS NULL)),
    CONSTRAINT message_threads_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT message_threads_topic_fk FOREIGN KEY (topic_id) REFERENCES message_topics (id),
    CONSTRAINT message_threads_pool_fk FOREIGN KEY (pool_id) REFERENCES message_pools (id),
    CONSTRAINT message_threads_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id)
);
-- awaitingReply(pool, after, limit): the inbox, oldest first (MS-6)
CREATE INDEX message_threads_inbox_idx ON message_threads (pool_id, awaiting_since, id)
    WHERE status = 'OPEN' AND awaiting_since IS NOT NULL;
-- forPatient(patient, after, limit) and unreadByPatient(patient)
CREATE INDEX message_threads_patient_idx ON message_threads (patient_id, id);
-- unreadByPool(pool)
CREATE INDEX message_threads_open_pool_idx ON message_threads (pool_id) WHERE status = 'OPEN';

CREATE TABLE messages (
    id                   uuid        NOT NULL,
    thread_id            uuid        NOT NULL,
    patient_id           uuid        NOT NULL,
    sequence             integer     NOT NULL CHECK (sequence >= 1),
    side                 text        NOT NULL CHECK (side IN ('PATIENT', 'CLINIC')),
    author_id            text        NOT NULL CHECK (author_id <> ''),
    body                 text        NOT NULL CHECK (body <> ''),
    sent_at              timestamptz NOT NULL,
    confirmed_not_urgent boolean     NOT NULL,
    CONSTRAINT messages_pkey PRIMARY KEY (id),
    -- inThread(thread, afterSequence, limit)
    CONSTRAINT messages_thread_sequence_key UNIQUE (thread_id, sequence),
    CONSTRAINT messages_thread_fk FOREIGN KEY (thread_id) REFERENCES message_threads (id),
    CONSTRAINT messages_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);
