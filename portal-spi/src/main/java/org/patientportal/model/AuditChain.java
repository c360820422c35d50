package org.patientportal.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Names one hash chain of the audit trail (AD-2): one per patient; events without a patient go to
 * a chain per staff member ({@link #staff}) or, without a staff actor, to one of a few shards
 * ({@link #shard}). No chain is written by every writer, so writers on different chains never
 * wait on each other.
 *
 * @param value {@code "patient:<uuid>"}, {@code "staff:<hash>"}, {@code "system:<nn>"}, or
 *              {@code "system"} (the one chain of patient-less events before they were split)
 */
public record AuditChain(String value) {
    /**
     * The single chain that every event without a patient went to before such events were split
     * over {@link #staff} chains and {@link #shard}s. Nothing appends to it any more; events
     * already on it are still verified.
     */
    public static final AuditChain SYSTEM = new AuditChain("system");

    /** The most shards {@link #shard} names. */
    public static final int MAX_SHARDS = 100;

    private static final String PATIENT_PREFIX = "patient:";

    public AuditChain {
        Checks.notBlank(value, "value");
        if (value.length() > 64) {
            throw new IllegalArgumentException("value is longer than 64 characters");
        }
    }

    /** The chain of one patient's events. */
    public static AuditChain of(PatientId patient) {
        return new AuditChain(PATIENT_PREFIX + Objects.requireNonNull(patient, "patient"));
    }

    /** The chain of one patient's events; null gives {@link #SYSTEM}. */
    public static AuditChain forPatient(PatientId patient) {
        return patient == null ? SYSTEM : of(patient);
    }

    /**
     * The chain of a staff member's events that concern no patient (set-up: slots, templates,
     * pharmacies, pools, holidays). Named by the first 128 bits of the SHA-256 of the staff id, so
     * any id fits and the chain name carries no more than the events do.
     *
     * @param staffId the host's id of the staff member
     */
    public static AuditChain staff(String staffId) {
        Checks.notBlank(staffId, "staffId");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(staffId.getBytes(StandardCharsets.UTF_8));
            return new AuditChain("staff:" + HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * One of the chains of events that concern no patient and have no staff actor (logins of
     * unknown users, the SDK's own jobs): {@code "system:00"} to {@code "system:99"}.
     *
     * @param index the shard, 0 to {@link #MAX_SHARDS} - 1
     */
    public static AuditChain shard(int index) {
        if (index < 0 || index >= MAX_SHARDS) {
            throw new IllegalArgumentException("shard must be 0 to " + (MAX_SHARDS - 1));
        }
        return new AuditChain(String.format(Locale.ROOT, "system:%02d", index));
    }

    /** Whether this is the chain of one patient's events ({@link #of}). */
    public boolean isPatientChain() {
        return value.startsWith(PATIENT_PREFIX);
    }

    @Override
    public String toString() {
        return value;
    }
}
