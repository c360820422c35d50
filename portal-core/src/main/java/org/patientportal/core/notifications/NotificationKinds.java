package org.patientportal.core.notifications;

import java.util.Set;

/**
 * The event kinds the SDK notifies about, as written in outbox entries and named in
 * {@link UpdatePreferences}. Every kind has a template per channel that carries no PHI (NT-3).
 */
public final class NotificationKinds {
    /** The account's password was changed or reset (AU-7). A security notice: it cannot be turned off. */
    public static final String PASSWORD_CHANGED = "password-changed";
    /** A sign-up activation code on its way to the email or mobile on file (EN-1); channel set by staff. */
    public static final String ACTIVATION_CODE = "activation-code";
    /** A password-reset code on its way to the email or mobile on file (AU-7); channel set by staff. */
    public static final String RESET_CODE = "reset-code";
    /**
     * The email or mobile number on file was changed (PR-2). A security notice: it cannot be turned
     * off, and it also goes to the address that was replaced.
     */
    public static final String CONTACT_CHANGED = "contact-changed";
    /**
     * The code that confirms a new email or mobile number (PR-2), on its way to that new address
     * only; not a kind a patient chooses channels for.
     */
    public static final String CONTACT_CODE = "contact-code";
    /** A test result was released (RS-4): no test name or value. */
    public static final String RESULT_RELEASED = "result-released";
    /** A test result the patient had already opened was corrected (RS-3, RS-4): no test name or value. */
    public static final String RESULT_UPDATED = "result-updated";
    /** A new message from the care team (MS-4): no body. */
    public static final String MESSAGE_RECEIVED = "message-received";
    /** An appointment is coming up (SC-6). */
    public static final String APPOINTMENT_REMINDER = "appointment-reminder";
    /** An appointment was booked or moved (SC-3, SC-4): no time, provider or visit type. */
    public static final String APPOINTMENT_BOOKED = "appointment-booked";
    /** An appointment was cancelled (SC-4). */
    public static final String APPOINTMENT_CANCELLED = "appointment-cancelled";
    /** An earlier slot freed up for a patient on the wait list (SC-7). */
    public static final String WAITLIST_OFFER = "waitlist-offer";
    /** Staff declined a request for a request-only visit type (SC-1). */
    public static final String APPOINTMENT_REQUEST_DECLINED = "appointment-request-declined";
    /** A refill request was decided (RF-3). */
    public static final String REFILL_DECIDED = "refill-decided";

    /**
     * A patient wrote to a pool (MS-4), for the clinic's staff: no subject, no body, no patient. The
     * outbox entry has no patient; its payload holds {@link #STAFF_ROUTE} ({@code "pool:<pool id>"})
     * and {@code threadId}. The dispatcher hands it to the sender with the route as the address, so
     * a host routes it to the pool's staff (work queue, team mailbox, ...).
     */
    public static final String MESSAGE_FOR_CLINIC = "message-for-clinic";

    /** Payload key and notification address of a staff-side kind: where the host routes it. */
    public static final String STAFF_ROUTE = "route";

    /** Prefix of the route of a pool: {@code "pool:<pool id>"}. */
    public static final String STAFF_ROUTE_POOL = "pool:";

    /** The kinds for the clinic's staff, routed by {@link #STAFF_ROUTE} instead of a patient's preferences. */
    public static final Set<String> STAFF = Set.of(MESSAGE_FOR_CLINIC);

    /** The kinds whose channels a patient chooses ({@link UpdatePreferences}). */
    public static final Set<String> CHOOSABLE = Set.of(PASSWORD_CHANGED, CONTACT_CHANGED, RESULT_RELEASED, RESULT_UPDATED, MESSAGE_RECEIVED,
            APPOINTMENT_REMINDER, REFILL_DECIDED, APPOINTMENT_BOOKED, APPOINTMENT_CANCELLED, WAITLIST_OFFER,
            APPOINTMENT_REQUEST_DECLINED);

    /**
     * The security notices (AU-7): they go to the email on file and, with SMS consent, the mobile on
     * file, in addition to the channels the patient chose; only the patient chooses their channels,
     * and only a push address the patient set receives them. One with no address to go to is
     * dead-lettered ({@code no_address}), never recorded as delivered.
     */
    public static final Set<String> MANDATORY = Set.of(PASSWORD_CHANGED, CONTACT_CHANGED);

    private NotificationKinds() {
    }
}
