package org.patientportal.model;

/** Whether a message thread takes new messages (MS-6). */
public enum ThreadStatus {
    /** Takes messages from both sides. */
    OPEN,
    /** Closed by staff: takes no new message until reopened; the patient starts a new thread. */
    CLOSED
}
