package org.patientportal.core.internal;

/** What a keyed hash is for; each purpose has its own subkey derived from the host's key. */
public enum KeyPurpose {
    /** Activation and reset codes (EN-7). */
    ACTIVATION_CODE,
    /** Last four digits of the SSN (EN-7). */
    SSN4,
    /** Session bearer tokens (AU-6). */
    SESSION_TOKEN,
    /** The audit hash chains (AD-2). */
    AUDIT_CHAIN,
    /** Fingerprints of idempotent commands (IN-1). */
    IDEMPOTENCY,
    /**
     * AES-GCM encryption of secrets that travel in an outbox payload (an activation code on its way
     * to the email or SMS on file, EN-1): never stored in clear.
     */
    OUTBOX_SECRET,
    /** Signatures of audit checkpoints (AD-2), which hosts keep outside the database. */
    AUDIT_CHECKPOINT,
    /** Codes that confirm a new email or mobile number (PR-2), bound to their request's id. */
    CONTACT_CHANGE_CODE
}
