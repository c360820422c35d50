-- Portal SDK schema, version 18 (PostgreSQL): the one-column CHECKs of the tables every booking and
-- every audited write touch become domains (issue 8).
--
-- Applied once by org.patientportal.jdbc.JdbcStorage and recorded in portal_schema_history with a
-- checksum: never edit this file once released; add a later version instead.
--
-- PostgreSQL 17 prepares a table's CHECK expressions (reads each stored expression and plans it)
-- again at every execution of an INSERT or UPDATE of the table, prepared statement or not, and
-- evaluates all of them for every row an UPDATE writes, whichever columns it sets. Measured in
-- portal-benchmarks (BookingThroughput, -Dbench.statements=true; a server-side loop of slot
-- bookings): the slots table's five CHECKs cost a booking's UPDATE 13.5 us of its 31; without the
-- CHECKs of slots, appointments, outbox, audit_events and audit_chain_heads a booking took 0.19 ms
-- of database time instead of 0.27. A domain's CHECK is prepared once per session (the type cache)
-- and evaluated only where a value is assigned to a column of the domain: the slot booking's
-- UPDATE checks the status and version it sets, not the visit types it leaves alone.
-- So every value these columns held stays refused, now by the column's type (the same SQLSTATE,
-- 23514, check_violation). The CHECKs over two columns stay on their tables: a slot is BOOKED
-- exactly when it names its appointment, and periods end after they start.
--
-- Upgrading: ALTER COLUMN ... TYPE to a domain without constraints rewrites no table; PostgreSQL
-- may rebuild the indexes that name a changed column (the open-slot, outbox and audit indexes), and
-- each ALTER DOMAIN ... ADD CONSTRAINT reads every row of the columns of its domain once. Nodes of
-- earlier versions run on this schema unchanged: results report a domain column as its base type.
ALTER TABLE slots DROP CONSTRAINT slots_status_check, DROP CONSTRAINT slots_version_check,
    DROP CONSTRAINT slots_visit_type_ids_check;
ALTER TABLE appointments DROP CONSTRAINT appointments_status_check, DROP CONSTRAINT appointments_version_check;
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check, DROP CONSTRAINT outbox_attempts_check,
    DROP CONSTRAINT outbox_version_check;
ALTER TABLE audit_events DROP CONSTRAINT audit_events_seq_check, DROP CONSTRAINT audit_events_actor_kind_check,
    DROP CONSTRAINT audit_events_action_check, DROP CONSTRAINT audit_events_outcome_check;
ALTER TABLE audit_chain_heads DROP CONSTRAINT audit_chain_heads_seq_check;

CREATE DOMAIN slot_status AS text;
CREATE DOMAIN appointment_status AS text;
CREATE DOMAIN outbox_status AS text;
CREATE DOMAIN audit_actor_kind AS text;
CREATE DOMAIN audit_action AS text;
CREATE DOMAIN audit_outcome AS text;
-- a slot's visit types: a non-empty one-dimensional uuid array
CREATE DOMAIN visit_type_set AS uuid[];
-- versions, attempts and a chain head's sequence (0 for a chain without events)
CREATE DOMAIN nonnegative_bigint AS bigint;
CREATE DOMAIN nonnegative_integer AS integer;
-- an audit event's sequence in its chain, from 1
CREATE DOMAIN positive_bigint AS bigint;

ALTER TABLE slots ALTER COLUMN status TYPE slot_status, ALTER COLUMN version TYPE nonnegative_bigint,
    ALTER COLUMN visit_type_ids TYPE visit_type_set;
ALTER TABLE appointments ALTER COLUMN status TYPE appointment_status,
    ALTER COLUMN version TYPE nonnegative_bigint;
ALTER TABLE outbox ALTER COLUMN status TYPE outbox_status, ALTER COLUMN attempts TYPE nonnegative_integer,
    ALTER COLUMN version TYPE nonnegative_bigint;
ALTER TABLE audit_events ALTER COLUMN seq TYPE positive_bigint, ALTER COLUMN actor_kind TYPE audit_actor_kind,
    ALTER COLUMN action TYPE audit_action, ALTER COLUMN outcome TYPE audit_outcome;
ALTER TABLE audit_chain_heads ALTER COLUMN seq TYPE nonnegative_bigint;

ALTER DOMAIN slot_status ADD CONSTRAINT slot_status_check CHECK (VALUE IN ('OPEN', 'BOOKED', 'CLOSED'));
ALTER DOMAIN appointment_status ADD CONSTRAINT appointment_status_check
    CHECK (VALUE IN ('BOOKED', 'CANCELLED', 'RESCHEDULED', 'COMPLETED', 'NO_SHOW'));
ALTER DOMAIN outbox_status ADD CONSTRAINT outbox_status_check
    CHECK (VALUE IN ('PENDING', 'CLAIMED', 'DELIVERED', 'DEAD', 'CANCELLED'));
ALTER DOMAIN audit_actor_kind ADD CONSTRAINT audit_actor_kind_check
    CHECK (VALUE IN ('PATIENT', 'PROXY', 'STAFF', 'ANONYMOUS', 'SYSTEM'));
ALTER DOMAIN audit_action ADD CONSTRAINT audit_action_check
    CHECK (VALUE IN ('CREATE', 'READ', 'UPDATE', 'DELETE', 'EXECUTE'));
ALTER DOMAIN audit_outcome ADD CONSTRAINT audit_outcome_check CHECK (VALUE IN ('SUCCESS', 'DENIED', 'FAILED'));
ALTER DOMAIN visit_type_set ADD CONSTRAINT visit_type_set_check
    CHECK (cardinality(VALUE) > 0 AND array_ndims(VALUE) = 1);
ALTER DOMAIN nonnegative_bigint ADD CONSTRAINT nonnegative_bigint_check CHECK (VALUE >= 0);
ALTER DOMAIN nonnegative_integer ADD CONSTRAINT nonnegative_integer_check CHECK (VALUE >= 0);
ALTER DOMAIN positive_bigint ADD CONSTRAINT positive_bigint_check CHECK (VALUE >= 1);
