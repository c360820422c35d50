-- Portal SDK schema, version 3 (H2 2.x, any compatibility mode): scheduling (SC-1..SC-7).
-- Departments with their time zone, providers, visit types, slots, appointments, after-visit
-- summaries, requests for request-only visit types, and the wait list.
--
-- Applied once by org.patientportal.jdbc.JdbcStorage after V2 and recorded in portal_schema_history
-- with a checksum: never edit this file once released; add V4__... instead.
-- Same tables, columns and constraints as the PostgreSQL script, but for two things H2 lacks:
-- partial indexes (the indexes lead with the filtered column, or include it, instead) and
-- exclusion constraints (JdbcAppointments locks the patient's row, then checks for an overlapping
-- BOOKED appointment, then inserts; every writer of one patient queues on that lock). The visit
-- types of a slot are a UUID ARRAY tested with ARRAY_CONTAINS (there is no GIN index), and
-- Slots.overlapping reads slots_provider_start_idx up to its end bound (no range index).
-- Each statement ends with a semicolon at the end of a line.

CREATE TABLE departments (
    id      UUID              NOT NULL,
    name    CHARACTER VARYING NOT NULL,
    zone    CHARACTER VARYING NOT NULL CHECK (zone <> ''),
    version BIGINT            NOT NULL CHECK (version >= 0),
    CONSTRAINT departments_pkey PRIMARY KEY (id)
);

CREATE TABLE providers (
    id           UUID              NOT NULL,
    display_name CHARACTER VARYING NOT NULL,
    active       BOOLEAN           NOT NULL,
    version      BIGINT            NOT NULL CHECK (version >= 0),
    CONSTRAINT providers_pkey PRIMARY KEY (id)
);

CREATE TABLE visit_types (
    id               UUID                  NOT NULL,
    name             CHARACTER VARYING     NOT NULL,
    duration_seconds BIGINT                NOT NULL CHECK (duration_seconds > 0),
    self_schedulable BOOLEAN               NOT NULL,
    eligibility      CHARACTER VARYING(16) NOT NULL CHECK (eligibility IN ('NEW', 'ESTABLISHED', 'ANY')),
    active           BOOLEAN               NOT NULL,
    version          BIGINT                NOT NULL CHECK (version >= 0),
    CONSTRAINT visit_types_pkey PRIMARY KEY (id)
);

CREATE TABLE slots (
    id             UUID                        NOT NULL,
    provider_id    UUID                        NOT NULL,
    department_id  UUID                        NOT NULL,
    start_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    end_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    visit_type_ids UUID ARRAY                  NOT NULL CHECK (CARDINALITY(visit_type_ids) > 0),
    status         CHARACTER VARYING(16)       NOT NULL CHECK (status IN ('OPEN', 'BOOKED', 'CLOSED')),
    appointment_id UUID,
    version        BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT slots_pkey PRIMARY KEY (id),
    CONSTRAINT slots_period_check CHECK (end_at > start_at),
    CONSTRAINT slots_booked_check CHECK ((status = 'BOOKED') = (appointment_id IS NOT NULL)),
    CONSTRAINT slots_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id),
    CONSTRAINT slots_department_fk FOREIGN KEY (department_id) REFERENCES departments (id)
);
CREATE INDEX slots_open_start_idx ON slots (status, start_at, id);
CREATE INDEX slots_provider_start_idx ON slots (provider_id, start_at, id);

CREATE TABLE appointments (
    id            UUID                        NOT NULL,
    patient_id    UUID                        NOT NULL,
    slot_id       UUID                        NOT NULL,
    provider_id   UUID                        NOT NULL,
    department_id UUID                        NOT NULL,
    visit_type_id UUID                        NOT NULL,
    start_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    end_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status        CHARACTER VARYING(16)       NOT NULL
                  CHECK (status IN ('BOOKED', 'CANCELLED', 'RESCHEDULED', 'COMPLETED', 'NO_SHOW')),
    booked_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    booked_by     CHARACTER VARYING           NOT NULL,
    closed_at     TIMESTAMP(6) WITH TIME ZONE,
    closed_by     CHARACTER VARYING,
    close_reason  CHARACTER VARYING,
    version       BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT appointments_pkey PRIMARY KEY (id),
    CONSTRAINT appointments_period_check CHECK (end_at > start_at),
    CONSTRAINT appointments_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT appointments_slot_fk FOREIGN KEY (slot_id) REFERENCES slots (id),
    CONSTRAINT appointments_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id),
    CONSTRAINT appointments_department_fk FOREIGN KEY (department_id) REFERENCES departments (id),
    CONSTRAINT appointments_visit_type_fk FOREIGN KEY (visit_type_id) REFERENCES visit_types (id)
);
CREATE INDEX appointments_patient_start_idx ON appointments (patient_id, start_at, id);

CREATE TABLE visit_summaries (
    appointment_id UUID                        NOT NULL,
    patient_id     UUID                        NOT NULL,
    summary        CHARACTER LARGE OBJECT      NOT NULL,
    diagnoses      CHARACTER LARGE OBJECT      NOT NULL,
    recorded_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    recorded_by    CHARACTER VARYING           NOT NULL,
    version        BIGINT                      NOT NULL CHECK (version >= 1),
    CONSTRAINT visit_summaries_pkey PRIMARY KEY (appointment_id),
    CONSTRAINT visit_summaries_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointments (id),
    CONSTRAINT visit_summaries_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
);

CREATE TABLE appointment_requests (
    id             UUID                        NOT NULL,
    patient_id     UUID                        NOT NULL,
    visit_type_id  UUID                        NOT NULL,
    provider_id    UUID,
    department_id  UUID,
    earliest       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    latest         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status         CHARACTER VARYING(16)       NOT NULL CHECK (status IN ('OPEN', 'SCHEDULED', 'DECLINED', 'WITHDRAWN')),
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    decided_at     TIMESTAMP(6) WITH TIME ZONE,
    decided_by     CHARACTER VARYING,
    appointment_id UUID,
    decline_reason CHARACTER VARYING,
    version        BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT appointment_requests_pkey PRIMARY KEY (id),
    CONSTRAINT appointment_requests_window_check CHECK (latest >= earliest),
    CONSTRAINT appointment_requests_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT appointment_requests_visit_type_fk FOREIGN KEY (visit_type_id) REFERENCES visit_types (id),
    CONSTRAINT appointment_requests_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id),
    CONSTRAINT appointment_requests_department_fk FOREIGN KEY (department_id) REFERENCES departments (id),
    CONSTRAINT appointment_requests_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointments (id)
);
CREATE INDEX appointment_requests_open_idx ON appointment_requests (status, id);
CREATE INDEX appointment_requests_patient_idx ON appointment_requests (patient_id, id);

CREATE TABLE waitlist_entries (
    id             UUID                        NOT NULL,
    patient_id     UUID                        NOT NULL,
    appointment_id UUID                        NOT NULL,
    visit_type_id  UUID                        NOT NULL,
    provider_id    UUID                        NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status         CHARACTER VARYING(16)       NOT NULL CHECK (status IN ('WAITING', 'FULFILLED', 'CANCELLED')),
    closed_at      TIMESTAMP(6) WITH TIME ZONE,
    version        BIGINT                      NOT NULL CHECK (version >= 0),
    CONSTRAINT waitlist_entries_pkey PRIMARY KEY (id),
    CONSTRAINT waitlist_entries_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
    CONSTRAINT waitlist_entries_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointments (id),
    CONSTRAINT waitlist_entries_visit_type_fk FOREIGN KEY (visit_type_id) REFERENCES visit_types (id),
    CONSTRAINT waitlist_entries_provider_fk FOREIGN KEY (provider_id) REFERENCES providers (id)
);
CREATE INDEX waitlist_entries_waiting_idx ON waitlist_entries (visit_type_id, provider_id, status, id);
CREATE INDEX waitlist_entries_patient_idx ON waitlist_entries (patient_id, id);
