-- Portal SDK schema, version 3 (PostgreSQL): scheduling (SC-1..SC-7). Departments with their time
-- zone, providers, visit types, slots, appointments, after-visit summaries, requests for
-- request-only visit types, and the wait list.
--
-- Applied once by org.patientportal.jdbc.JdbcStorage after V2 and recorded in portal_schema_history
-- with a checksum: never edit this file once released; add V4__... instead.
-- Same rules as V1 and V2: instants are timestamptz (microseconds), ids uuid, foreign keys to the
-- rows a row depends on, CHECKs for the enums' names.
--
-- btree_gist (a contrib extension, "trusted" since PostgreSQL 13: the database owner, or any role
-- with CREATE on the database, may install it) gives the exclusion constraint on appointments and
-- the overlap index on slots their uuid equality. A host whose migration role may not create extensions installs it once beforehand:
-- IF NOT EXISTS then does nothing.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- zone: a java.time.ZoneId id ('America/New_York'); the adapter checks it with ZoneId.of on every
-- read, so a zone the running JVM does not know fails loudly instead of showing wrong times.
CREATE TABLE departments (
    id      uuid   NOT NULL,
    name    text   NOT NULL,
    zone    text   NOT NULL CHECK (zone <> ''),
    version bigint NOT NULL CHECK (version >= 0),
    CONSTRAINT departments_pkey PRIMARY KEY (id)
);

CREATE TABLE providers (
    id           uuid    NOT NULL,
    display_name text    NOT NULL,
    active       boolean NOT NULL,
    version      bigint  NOT NULL CHECK (version >= 0),
    CONSTRAINT providers_pkey PRIMARY KEY (id)
);

-- duration_seconds: whole seconds (the VisitType model refuses a fractional Duration).
CREATE TABLE visit_types (
    id               uuid    NOT NULL,
    name             text    NOT NULL,
    duration_seconds bigint  NOT NULL CHECK (duration_seconds > 0),
    self_schedulable boolean NOT NULL,
    eligibility      text    NOT NULL CHECK (eligibility IN ('NEW', 'ESTABLISHED', 'ANY')),
    active           boolean NOT NULL,
    version          bigint  NOT NULL CHECK (version >= 0),
    CONSTRAINT visit_types_pkey PRIMARY KEY (id)
);

-- visit_type_ids: the visit types a slot allows, as a uuid array in unsigned id order (one set, one
-- value), so that a slot is one row: insertAll is one statement for any number of slots, find needs
-- no join, and findOpen(visitType) tests the array on the row it already reads while it walks
-- slots_open_start_idx in (start, id) order (no probe of a child table per candidate). The GIN
-- index lets the planner start from the visit type instead when statistics say it is rare. Array
-- elements cannot carry foreign keys: staff code checks visit types before it opens slots.
-- appointment_id has no foreign key either: book() runs before the appointment row exists, and H2
-- has no deferrable constraints.
CREATE TABLE slots (
    id             uuid        NOT NULL,
    provider_id    uuid        NOT NULL,
    department_id  uuid        NOT NULL,
    start_at       timestamptz NOT NULL,
    end_at         timestamptz NOT NULL,
    visit_type_ids uuid[]      NOT NULL CHECK (cardinality(visit_type_ids) > 0 AND array_ndims(visit_type_ids) = 1),
    status         text        NOT NULL CHECK (status IN ('OPEN', 'BOOKED', 'CLOSED')),
    appointment_id uuid,
    version        bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT slots_pkey PRIMARY KEY (id),
    CONSTRAINT slots_period_check CHECK (end_at > start_at),
    CONSTRAINT slots_booked_check CHECK ((status = 'BOOKED') = (appointment_id IS NOT NULL)),
    CONSTRAINT slots_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id),
    CONSTRAINT slots_department_fk FOREIGN KEY (department_id) REFERENCES departments (id)
);
-- findOpen keyset pages: open slots only, in (start, id) order; provider, department and visit type
-- are filtered on the rows the walk reads
CREATE INDEX slots_open_start_idx ON slots (start_at, id) WHERE status = 'OPEN';
-- findOpen(visitType) when the visit type is rare
CREATE INDEX slots_open_visit_types_idx ON slots USING gin (visit_type_ids) WHERE status = 'OPEN';
-- findOpen(provider), and the slots_provider_fk checks
CREATE INDEX slots_provider_start_idx ON slots (provider_id, start_at, id);
-- overlapping(provider, from, to), any status: a btree on (provider_id, start_at) bounds only the
-- upper side (start_at < to) and would read the provider's whole history before it; this index
-- finds exactly the periods that overlap, and the few it finds are then sorted by (start, id)
CREATE INDEX slots_provider_period_idx ON slots USING gist (provider_id, tstzrange(start_at, end_at, '[)'));

-- provider, department, visit type and times are copied from the slot (lists need no join).
-- appointments_no_overlap_excl: a patient never holds two BOOKED appointments whose [start, end)
-- periods overlap, whatever writes them and from whichever node (SC-3). insertIfNoOverlap is one
-- INSERT ... ON CONFLICT DO NOTHING that this constraint (or the primary key) arbitrates:
-- concurrent inserts for one patient wait for each other like on a unique index, no row is locked
-- beforehand, and a refused insert does not abort the transaction.
CREATE TABLE appointments (
    id            uuid        NOT NULL,
    patient_id    uuid        NOT NULL,
    slot_id       uuid        NOT NULL,
    provider_id   uuid        NOT NULL,
    department_id uuid        NOT NULL,
    visit_type_id uuid        NOT NULL,
    start_at      timestamptz NOT NULL,
    end_at        timestamptz NOT NULL,
    status        text        NOT NULL CHECK (status IN ('BOOKED', 'CANCELLED', 'RESCHEDULED', 'COMPLETED', 'NO_SHOW')),
    booked_at     timestamptz NOT NULL,
    booked_by     text        NOT NULL,
    closed_at     timestamptz,
    closed_by     text,
    close_reason  text,
    version       bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT appointments_pkey PRIMARY KEY (id),
    CONSTRAINT appointments_period_check CHECK (end_at > start_at),
    CONSTRAINT appointments_no_overlap_excl EXCLUDE USING gist
        (patient_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (status = 'BOOKED'),
    CONSTRAINT appointments_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT appointments_slot_fk FOREIGN KEY (slot_id) REFERENCES slots (id),
    CONSTRAINT appointments_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id),
    CONSTRAINT appointments_department_fk FOREIGN KEY (department_id) REFERENCES departments (id),
    CONSTRAINT appointments_visit_type_fk FOREIGN KEY (visit_type_id) REFERENCES visit_types (id)
);
-- upcoming (ascending) and past (descending) keyset pages of one patient
CREATE INDEX appointments_patient_start_idx ON appointments (patient_id, start_at, id);
-- the appointments_slot_fk checks: Slots.insertAll's undo deletes the slots it has just inserted
CREATE INDEX appointments_slot_idx ON appointments (slot_id);

-- diagnoses: a JSON array of [code, description] pairs in the recorded order, written and read by
-- the adapter (text, like the outbox payload): a summary is one row, saved in one statement.
-- The first save stores version 1 (version 0 means "never saved").
CREATE TABLE visit_summaries (
    appointment_id uuid        NOT NULL,
    patient_id     uuid        NOT NULL,
    summary        text        NOT NULL,
    diagnoses      text        NOT NULL,
    recorded_at    timestamptz NOT NULL,
    recorded_by    text        NOT NULL,
    version        bigint      NOT NULL CHECK (version >= 1),
    CONSTRAINT visit_summaries_pkey PRIMARY KEY (appointment_id),
    CONSTRAINT visit_summaries_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointments (id),
    CONSTRAINT visit_summaries_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);

CREATE TABLE appointment_requests (
    id             uuid        NOT NULL,
    patient_id     uuid        NOT NULL,
    visit_type_id  uuid        NOT NULL,
    provider_id    uuid,
    department_id  uuid,
    earliest       timestamptz NOT NULL,
    latest         timestamptz NOT NULL,
    status         text        NOT NULL CHECK (status IN ('OPEN', 'SCHEDULED', 'DECLINED', 'WITHDRAWN')),
    created_at     timestamptz NOT NULL,
    decided_at     timestamptz,
    decided_by     text,
    appointment_id uuid,
    decline_reason text,
    version        bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT appointment_requests_pkey PRIMARY KEY (id),
    CONSTRAINT appointment_requests_window_check CHECK (latest >= earliest),
    CONSTRAINT appointment_requests_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT appointment_requests_visit_type_fk FOREIGN KEY (visit_type_id) REFERENCES visit_types (id),
    CONSTRAINT appointment_requests_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id),
    CONSTRAINT appointment_requests_department_fk FOREIGN KEY (department_id) REFERENCES departments (id),
    CONSTRAINT appointment_requests_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointments (id)
);
-- open(after, limit): the staff queue, in arrival (id) order; decided requests leave the index
CREATE INDEX appointment_requests_open_idx ON appointment_requests (id) WHERE status = 'OPEN';
-- forPatient(patient, after, limit)
CREATE INDEX appointment_requests_patient_idx ON appointment_requests (patient_id, id);

CREATE TABLE waitlist_entries (
    id             uuid        NOT NULL,
    patient_id     uuid        NOT NULL,
    appointment_id uuid        NOT NULL,
    visit_type_id  uuid        NOT NULL,
    provider_id    uuid        NOT NULL,
    created_at     timestamptz NOT NULL,
    status         text        NOT NULL CHECK (status IN ('WAITING', 'FULFILLED', 'CANCELLED')),
    closed_at      timestamptz,
    version        bigint      NOT NULL CHECK (version >= 0),
    CONSTRAINT waitlist_entries_pkey PRIMARY KEY (id),
    CONSTRAINT waitlist_entries_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT waitlist_entries_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointments (id),
    CONSTRAINT waitlist_entries_visit_type_fk FOREIGN KEY (visit_type_id) REFERENCES visit_types (id),
    CONSTRAINT waitlist_entries_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id)
);
-- waiting(visitType, provider, after, limit): served in id order; closed entries leave the index
CREATE INDEX waitlist_entries_waiting_idx ON waitlist_entries (visit_type_id, provider_id, id)
    WHERE status = 'WAITING';
-- forPatient(patient, after, limit)
CREATE INDEX waitlist_entries_patient_idx ON waitlist_entries (patient_id, id);
