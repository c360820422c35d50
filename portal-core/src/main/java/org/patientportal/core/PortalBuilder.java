package org.patientportal.core;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.patientportal.core.internal.audit.AuditService;
import org.patientportal.core.auth.AuthPolicy;
import org.patientportal.core.internal.auth.AuthService;
import org.patientportal.core.auth.PasswordHashing;
import org.patientportal.core.internal.auth.PasswordHasher;
import org.patientportal.core.internal.auth.PasswordRules;
import org.patientportal.core.enrollment.EnrollmentPolicy;
import org.patientportal.core.internal.enrollment.EnrollmentService;
import org.patientportal.core.internal.ActorMinter;
import org.patientportal.core.internal.Keys;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.Preparation;
import org.patientportal.core.notifications.NotificationPolicy;
import org.patientportal.core.internal.maintenance.MaintenanceService;
import org.patientportal.core.internal.notifications.NotificationService;
import org.patientportal.core.internal.profile.ProfileService;
import org.patientportal.core.internal.proxy.ProxyService;
import org.patientportal.core.internal.medications.MedicationsService;
import org.patientportal.core.internal.records.HealthRecordsService;
import org.patientportal.core.medications.RefillPolicy;
import org.patientportal.core.internal.messaging.MessagingService;
import org.patientportal.core.messaging.MessagingPolicy;
import org.patientportal.core.audit.StaffDirectory;
import org.patientportal.core.messaging.UrgencyScreeners;
import org.patientportal.core.internal.results.ResultsService;
import org.patientportal.core.results.ResultsPolicy;
import org.patientportal.core.scheduling.SchedulingPolicy;
import org.patientportal.core.internal.scheduling.SchedulingService;
import org.patientportal.spi.notification.NotificationSender;
import org.patientportal.spi.screening.UrgencyScreener;
import org.patientportal.spi.storage.PortalStorage;

/**
 * Configures a {@link Portal}. Every part is set at most once (a second call throws
 * {@link IllegalStateException} naming the part); {@link #build()} refuses a missing required part.
 *
 * <ul>
 *   <li>{@link #storage} (required): the storage adapter.</li>
 *   <li>{@link #secretKey} (required): at least 32 bytes from the host's secret store, never from the
 *       database; every keyed hash (codes, SSN4, tokens, audit chains) derives from it.</li>
 *   <li>{@link #notificationSender} (required): delivers the outbox's email, SMS and push (NT-2).</li>
 *   <li>{@link #clock}: default {@link Clock#systemUTC()}.</li>
 *   <li>{@link #passwordHashing}: default {@link PasswordHashing#argon2id()} (AU-3).</li>
 *   <li>{@link #enrollmentPolicy}: default {@link EnrollmentPolicy#defaults()} (EN-3, EN-6).</li>
 *   <li>{@link #authPolicy}: default {@link AuthPolicy#defaults()} (AU-2, AU-5, AU-6).</li>
 *   <li>{@link #notificationPolicy}: default {@link NotificationPolicy#defaults()} (NT-2).</li>
 *   <li>{@link #schedulingPolicy}: default {@link SchedulingPolicy#defaults()} (SC-2..SC-6).</li>
 *   <li>{@link #refillPolicy}: default {@link RefillPolicy#defaults()} (RF-2).</li>
 *   <li>{@link #messagingPolicy}: default {@link MessagingPolicy#defaults()} (MS-3, MS-5, MS-6).</li>
 *   <li>{@link #urgencyScreener}: default the SDK's English and Spanish screener (MS-2).</li>
 *   <li>{@link #staffDirectory}: optional; names staff in the patient's access log (AD-4).</li>
 *   <li>{@link #resultsPolicy}: default {@link ResultsPolicy#defaults()} (RS-2: no category delay).</li>
 *   <li>{@link #allowInsecureForTests()}: without it, {@code build()} refuses
 *       {@link PasswordHashing#insecureForTests()} and parameters below the AU-3 floor.</li>
 * </ul>
 *
 * Not thread-safe; the portal it builds is.
 */
public final class PortalBuilder {
    private PortalStorage storage;
    private byte[] secretKey;
    private Clock clock;
    private PasswordHashing passwordHashing;
    private EnrollmentPolicy enrollmentPolicy;
    private AuthPolicy authPolicy;
    private NotificationSender notificationSender;
    private NotificationPolicy notificationPolicy;
    private SchedulingPolicy schedulingPolicy;
    private RefillPolicy refillPolicy;
    private MessagingPolicy messagingPolicy;
    private UrgencyScreener urgencyScreener;
    private ResultsPolicy resultsPolicy;
    private StaffDirectory staffDirectory;
    private boolean allowInsecureForTests;

    PortalBuilder() {
    }

    /**
     * The storage adapter (required).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder storage(PortalStorage storage) {
        requireUnset(this.storage, "storage");
        this.storage = Objects.requireNonNull(storage, "storage");
        return this;
    }

    /**
     * The host's secret key (required), at least 32 bytes; the array is copied.
     *
     * @throws IllegalStateException    if already set
     * @throws IllegalArgumentException if shorter than 32 bytes
     */
    public PortalBuilder secretKey(byte[] secretKey) {
        requireUnset(this.secretKey, "secretKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (secretKey.length < Keys.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secretKey must have at least " + Keys.MIN_SECRET_BYTES + " bytes");
        }
        this.secretKey = secretKey.clone();
        return this;
    }

    /**
     * The clock of every business time (default {@link Clock#systemUTC()}).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder clock(Clock clock) {
        requireUnset(this.clock, "clock");
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * How passwords are hashed (default {@link PasswordHashing#argon2id()}).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder passwordHashing(PasswordHashing passwordHashing) {
        requireUnset(this.passwordHashing, "passwordHashing");
        this.passwordHashing = Objects.requireNonNull(passwordHashing, "passwordHashing");
        return this;
    }

    /**
     * Enrollment settings (default {@link EnrollmentPolicy#defaults()}).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder enrollmentPolicy(EnrollmentPolicy enrollmentPolicy) {
        requireUnset(this.enrollmentPolicy, "enrollmentPolicy");
        this.enrollmentPolicy = Objects.requireNonNull(enrollmentPolicy, "enrollmentPolicy");
        return this;
    }

    /**
     * Login and session settings (default {@link AuthPolicy#defaults()}).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder authPolicy(AuthPolicy authPolicy) {
        requireUnset(this.authPolicy, "authPolicy");
        this.authPolicy = Objects.requireNonNull(authPolicy, "authPolicy");
        return this;
    }

    /**
     * The host's notification sender (required): the outbox dispatcher hands it every email, SMS and
     * push notification (NT-2).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder notificationSender(NotificationSender notificationSender) {
        requireUnset(this.notificationSender, "notificationSender");
        this.notificationSender = Objects.requireNonNull(notificationSender, "notificationSender");
        return this;
    }

    /**
     * Outbox dispatch settings (default {@link NotificationPolicy#defaults()}).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder notificationPolicy(NotificationPolicy notificationPolicy) {
        requireUnset(this.notificationPolicy, "notificationPolicy");
        this.notificationPolicy = Objects.requireNonNull(notificationPolicy, "notificationPolicy");
        return this;
    }

    /**
     * Scheduling settings (default {@link SchedulingPolicy#defaults()}).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder schedulingPolicy(SchedulingPolicy schedulingPolicy) {
        requireUnset(this.schedulingPolicy, "schedulingPolicy");
        this.schedulingPolicy = Objects.requireNonNull(schedulingPolicy, "schedulingPolicy");
        return this;
    }

    /**
     * Refill settings (default {@link RefillPolicy#defaults()}: a refill is accepted once 75 % of a
     * fill's days of supply have passed, RF-2).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder refillPolicy(RefillPolicy refillPolicy) {
        requireUnset(this.refillPolicy, "refillPolicy");
        this.refillPolicy = Objects.requireNonNull(refillPolicy, "refillPolicy");
        return this;
    }

    /**
     * Messaging settings (default {@link MessagingPolicy#defaults()}).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder messagingPolicy(MessagingPolicy messagingPolicy) {
        requireUnset(this.messagingPolicy, "messagingPolicy");
        this.messagingPolicy = Objects.requireNonNull(messagingPolicy, "messagingPolicy");
        return this;
    }

    /**
     * The urgency screener of patients' messages (MS-2; default: the SDK's own, English and Spanish).
     * It must be thread-safe and must never log or keep the text.
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder urgencyScreener(UrgencyScreener urgencyScreener) {
        requireUnset(this.urgencyScreener, "urgencyScreener");
        this.urgencyScreener = Objects.requireNonNull(urgencyScreener, "urgencyScreener");
        return this;
    }

    /**
     * Test result settings: category delays and unitless codes (default {@link ResultsPolicy#defaults()}).
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder resultsPolicy(ResultsPolicy resultsPolicy) {
        requireUnset(this.resultsPolicy, "resultsPolicy");
        this.resultsPolicy = Objects.requireNonNull(resultsPolicy, "resultsPolicy");
        return this;
    }

    /**
     * The host's names for its staff ids, shown to patients in their access log (AD-4; optional:
     * without it the log shows the role alone). It must be thread-safe.
     *
     * @throws IllegalStateException if already set
     */
    public PortalBuilder staffDirectory(StaffDirectory staffDirectory) {
        requireUnset(this.staffDirectory, "staffDirectory");
        this.staffDirectory = Objects.requireNonNull(staffDirectory, "staffDirectory");
        return this;
    }

    /**
     * Declares a test portal: lets {@link #build()} accept {@link PasswordHashing#insecureForTests()}
     * and Argon2 parameters below the AU-3 floor. Never call it in production.
     *
     * @throws IllegalStateException if already called
     */
    public PortalBuilder allowInsecureForTests() {
        if (allowInsecureForTests) {
            throw new IllegalStateException("allowInsecureForTests was already called");
        }
        allowInsecureForTests = true;
        return this;
    }

    /**
     * Builds the portal. It prepares the validation of every command the portal takes (constraint
     * metadata, once per JVM), the classes of the storage model (once per JVM) and the plumbing every
     * use case runs (an audit event hashed, an idempotency fingerprint, an outbox payload; computed
     * and discarded), so that the first requests do not pay for them: the first build in a JVM takes
     * that much longer, later ones find it ready. None of it touches the storage or has any other
     * visible effect.
     *
     * @throws IllegalStateException if the storage, the secret key or the notification sender is
     *                               missing, or the password
     *                               hashing is below the production floor without
     *                               {@link #allowInsecureForTests()}
     */
    public Portal build() {
        if (storage == null) {
            throw new IllegalStateException("storage is required: call storage(...)");
        }
        if (secretKey == null) {
            throw new IllegalStateException("secretKey is required: call secretKey(...) with at least 32 bytes");
        }
        if (notificationSender == null) {
            throw new IllegalStateException("notificationSender is required: call notificationSender(...)");
        }
        PasswordHashing hashing = passwordHashing == null ? PasswordHashing.argon2id() : passwordHashing;
        if (!allowInsecureForTests && !hashing.meetsProductionFloor()) {
            throw new IllegalStateException(hashing.isInsecureForTests()
                    ? "production configuration refuses the fast test hasher"
                    : "production configuration refuses Argon2id parameters below m=19456 KiB, t=2, p=1 (AU-3)");
        }
        Clock actualClock = clock == null ? Clock.systemUTC() : clock;
        EnrollmentPolicy enrollment = enrollmentPolicy == null ? EnrollmentPolicy.defaults() : enrollmentPolicy;
        AuthPolicy auth = authPolicy == null ? AuthPolicy.defaults() : authPolicy;
        ActorMinter minter = Actor::patient;
        byte[] key = secretKey.clone();
        PortalContext context;
        try {
            context = PortalContext.create(storage, actualClock, key, minter);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        PasswordRules rules = PasswordRules.of(auth);
        PasswordHasher hasher = PasswordHasher.of(hashing);
        context.validation().prepare(capabilities());
        Preparation.prepare(context);
        return new Portal(
                new EnrollmentService(context, enrollment, hasher, rules),
                new AuthService(context, hasher, auth, enrollment.maxFailedAttempts()),
                new AuditService(context).withStaffDirectory(staffDirectory),
                new NotificationService(context, notificationSender,
                        notificationPolicy == null ? NotificationPolicy.defaults() : notificationPolicy),
                new ProxyService(context),
                new SchedulingService(context,
                        schedulingPolicy == null ? SchedulingPolicy.defaults() : schedulingPolicy),
                new MedicationsService(context, refillPolicy == null ? RefillPolicy.defaults() : refillPolicy),
                new HealthRecordsService(context),
                new MessagingService(context, messagingPolicy == null ? MessagingPolicy.defaults() : messagingPolicy,
                        urgencyScreener == null ? UrgencyScreeners.standard() : urgencyScreener),
                new ResultsService(context, resultsPolicy == null ? ResultsPolicy.defaults() : resultsPolicy),
                new ProfileService(context),
                new MaintenanceService(context));
    }

    /** The capability interfaces a {@link Portal} hands out: their methods take the commands. */
    private static List<Class<?>> capabilities() {
        List<Class<?>> out = new ArrayList<>();
        for (Method method : Portal.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && method.getParameterCount() == 0
                    && method.getReturnType().isInterface()) {
                out.add(method.getReturnType());
            }
        }
        return out;
    }

    private static void requireUnset(Object value, String part) {
        if (value != null) {
            throw new IllegalStateException(part + " was already set");
        }
    }
}
