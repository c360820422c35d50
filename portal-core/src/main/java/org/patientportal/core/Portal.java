package org.patientportal.core;

import java.util.Objects;
import org.patientportal.core.audit.AuditLog;
import org.patientportal.core.auth.Auth;
import org.patientportal.core.enrollment.Enrollment;
import org.patientportal.core.maintenance.Maintenance;
import org.patientportal.core.medications.Medications;
import org.patientportal.core.notifications.Notifications;
import org.patientportal.core.profile.Profile;
import org.patientportal.core.proxy.Proxies;
import org.patientportal.core.records.HealthRecords;
import org.patientportal.core.messaging.Messaging;
import org.patientportal.core.results.Results;
import org.patientportal.core.scheduling.Scheduling;

/**
 * The SDK's facade: one instance per host application (and per storage), built once with
 * {@link #builder()} and shared by every thread.
 *
 * <pre>{@code
 * Portal portal = Portal.builder()
 *     .storage(JdbcStorage.create(dataSource))
 *     .secretKey(secretKeyFromYourVault)
 *     .notificationSender(mySmsAndEmailSender)
 *     .build();
 * }</pre>
 */
public final class Portal {
    private final Enrollment enrollment;
    private final Auth auth;
    private final AuditLog audit;
    private final Notifications notifications;
    private final Proxies proxies;
    private final Scheduling scheduling;
    private final Medications medications;
    private final HealthRecords records;
    private final Messaging messaging;
    private final Results results;
    private final Profile profile;
    private final Maintenance maintenance;

    Portal(Enrollment enrollment, Auth auth, AuditLog audit, Notifications notifications, Proxies proxies,
           Scheduling scheduling, Medications medications, HealthRecords records,
           Messaging messaging, Results results, Profile profile,
           Maintenance maintenance) {
        this.enrollment = Objects.requireNonNull(enrollment, "enrollment");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.proxies = Objects.requireNonNull(proxies, "proxies");
        this.scheduling = Objects.requireNonNull(scheduling, "scheduling");
        this.medications = Objects.requireNonNull(medications, "medications");
        this.records = Objects.requireNonNull(records, "records");
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.results = Objects.requireNonNull(results, "results");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
    }

    /** @return a builder to configure the portal with; see {@link PortalBuilder} for its parts */
    public static PortalBuilder builder() {
        return new PortalBuilder();
    }

    /** Patient registration, activation codes and sign-up (EN). */
    public Enrollment enrollment() {
        return enrollment;
    }

    /** Login, sessions and passwords (AU). */
    public Auth auth() {
        return auth;
    }

    /** The audit trail and its verification (AD). */
    public AuditLog audit() {
        return audit;
    }

    /** Notification preferences, SMS consent, outbox dispatch and dead letters (NT). */
    public Notifications notifications() {
        return notifications;
    }

    /** Proxy grants: who may act for which patient (PX). */
    public Proxies proxies() {
        return proxies;
    }

    /** Departments, providers, slots, appointments, visit history and the wait list (SC). */
    public Scheduling scheduling() {
        return scheduling;
    }

    /** Prescriptions, pharmacies, the medication list and refill requests (RF). */
    public Medications medications() {
        return medications;
    }

    /** Health history: problems, allergies, immunizations, vitals, visit summaries, patient reports (HH). */
    public HealthRecords records() {
        return records;
    }

    /** Messaging the care team: topics, threads, pool inboxes, reply-by times, urgent-matter screening (MS). */
    public Messaging messaging() {
        return messaging;
    }

    /** Test results: imports, release and holds, the patient's list, versions and trends (RS). */
    public Results results() {
        return results;
    }

    /** The patient's own profile: name, birth date, masked contacts, and confirmed contact changes (PR). */
    public Profile profile() {
        return profile;
    }

    /** Maintenance the host schedules: retention of delivered outbox entries and idempotency records. */
    public Maintenance maintenance() {
        return maintenance;
    }

    @Override
    public String toString() {
        return "Portal";
    }
}
