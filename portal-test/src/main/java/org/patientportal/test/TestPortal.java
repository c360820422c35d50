package org.patientportal.test;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalBuilder;
import org.patientportal.core.Role;
import org.patientportal.core.auth.PasswordHashing;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.notifications.DispatchReport;
import org.patientportal.core.proxy.GrantProxy;
import org.patientportal.inmemory.InMemoryStorage;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * A {@link Portal} set up for a test, and the fixtures a test starts from: signed-in patients,
 * staff actors, proxies. Everything goes through the SDK's public API, as the host's own code would.
 *
 * <pre>{@code
 * TestPortal clinic = TestPortal.inMemory();
 * SignedInPatient dana = clinic.signedInPatient();
 * clinic.portal().auth().changePassword(dana.actor(), new ChangePassword(dana.password(), "a-new-long-passphrase"));
 * clinic.dispatch();
 * NotificationAssert.assertThat(clinic.sender()).hasExactlyOne("password-changed", dana);
 * }</pre>
 *
 * <p>The portal has the given storage (a new {@link InMemoryStorage} by default), a
 * {@link TestClock} (by default {@link TestClock#start()}), a new {@link RecordingNotificationSender},
 * {@link PasswordHashing#insecureForTests()} (fast, and only for tests) and a random secret key of
 * its own, so portals made one after the other on one database do not share keyed hashes. Fixture
 * patients get fresh medical record numbers and usernames, so several can share a storage.
 *
 * <p>Thread-safe, as the portal is.
 */
public final class TestPortal {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Portal portal;
    private final TestClock clock;
    private final RecordingNotificationSender sender;
    private final String run;
    private final AtomicInteger patients = new AtomicInteger();

    private TestPortal(Portal portal, TestClock clock, RecordingNotificationSender sender) {
        this.portal = portal;
        this.clock = clock;
        this.sender = sender;
        byte[] runId = new byte[3];
        RANDOM.nextBytes(runId);
        this.run = HexFormat.of().formatHex(runId);
    }

    /**
     * A test portal on a new, empty in-memory storage, at {@link TestClock#start()}.
     *
     * @return the test portal
     */
    public static TestPortal inMemory() {
        return on(InMemoryStorage.create());
    }

    /**
     * A test portal on a given storage, at {@link TestClock#start()}.
     *
     * @param storage any storage adapter, for example a {@code JdbcStorage} on a test database
     * @return the test portal
     */
    public static TestPortal on(PortalStorage storage) {
        return on(storage, TestClock.start());
    }

    /**
     * A test portal on a given storage and clock.
     *
     * @param storage any storage adapter
     * @param clock   the clock, in the clinic's zone
     * @return the test portal
     */
    public static TestPortal on(PortalStorage storage, TestClock clock) {
        return on(storage, clock, builder -> { });
    }

    /**
     * A test portal on a given storage and clock, with more settings: {@code settings} gets the
     * portal's builder after the storage, clock, secret key, password hashing and sender are set,
     * and may set the policies ({@code authPolicy}, {@code notificationPolicy}, ...). Setting one of
     * the parts already set fails, as the builder refuses a part set twice.
     *
     * <pre>{@code
     * TestPortal clinic = TestPortal.on(InMemoryStorage.create(), TestClock.start(),
     *         portal -> portal.notificationPolicy(NotificationPolicy.defaults().withMaxAttempts(2)));
     * }</pre>
     *
     * @param storage  any storage adapter
     * @param clock    the clock, in the clinic's zone
     * @param settings sets further parts of the portal
     * @return the test portal
     * @throws IllegalStateException if {@code settings} sets a part already set
     */
    public static TestPortal on(PortalStorage storage, TestClock clock, Consumer<PortalBuilder> settings) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        RecordingNotificationSender sender = new RecordingNotificationSender();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        PortalBuilder builder = Portal.builder()
                .storage(storage)
                .clock(clock)
                .secretKey(key)
                .passwordHashing(PasswordHashing.insecureForTests())
                .notificationSender(sender)
                .allowInsecureForTests();
        settings.accept(builder);
        return new TestPortal(builder.build(), clock, sender);
    }

    /**
     * The portal under test.
     *
     * @return the portal
     */
    public Portal portal() {
        return portal;
    }

    /**
     * The portal's clock.
     *
     * @return the clock
     */
    public TestClock clock() {
        return clock;
    }

    /**
     * The portal's notification sender: what the outbox delivered, and failures on demand
     * ({@code failNext(n)} to test retries). Check it with {@link NotificationAssert#assertThat}.
     *
     * @return the sender
     */
    public RecordingNotificationSender sender() {
        return sender;
    }

    /**
     * Delivers what the outbox holds that is due at the clock's time, as the host's dispatcher
     * would: {@code portal().notifications().dispatchDue()}.
     *
     * @return what was done
     */
    public DispatchReport dispatch() {
        return portal.notifications().dispatchDue();
    }

    /**
     * A front-desk staff member ({@code test-front-desk}).
     *
     * @return the staff actor
     */
    public Actor frontDesk() {
        return Actor.staff("test-front-desk", Role.FRONT_DESK);
    }

    /**
     * A clinician ({@code test-clinician}).
     *
     * @return the staff actor
     */
    public Actor clinician() {
        return Actor.staff("test-clinician", Role.CLINICIAN);
    }

    /**
     * An administrator ({@code test-admin}).
     *
     * @return the staff actor
     */
    public Actor admin() {
        return Actor.staff("test-admin", Role.ADMIN);
    }

    /**
     * The clinic's record system feeding imports ({@code test-integration}).
     *
     * @return the staff actor
     */
    public Actor integration() {
        return Actor.staff("test-integration", Role.INTEGRATION);
    }

    /**
     * Fresh details for a new patient: an adult (36 years old at the clock's date) with an email
     * address and no mobile number, and a unique medical record number and username.
     *
     * @return the details
     */
    public TestPatient newPatient() {
        String id = run + "-" + patients.incrementAndGet();
        return new TestPatient("T-" + id, "Dana", "Testpatient", clock.today().minusYears(36), "4321",
                "patient-" + id + "@example.org", null, "patient-" + id, "quiet-harbor-lantern-" + id);
    }

    /**
     * A patient registered by the front desk, without an account.
     *
     * @return the patient
     */
    public RegisteredPatient registeredPatient() {
        return registeredPatient(UnaryOperator.identity());
    }

    /**
     * A patient registered by the front desk, without an account, with some details changed.
     *
     * @param details changes {@link #newPatient()}'s details, for example
     *                {@code p -> p.withBirthDate(LocalDate.of(2019, 6, 1))}
     * @return the patient
     * @throws org.patientportal.core.InvalidRequestException if the SDK refuses the details
     */
    public RegisteredPatient registeredPatient(UnaryOperator<TestPatient> details) {
        TestPatient patient = Objects.requireNonNull(details.apply(newPatient()), "details");
        PatientId id = portal.enrollment().registerPatient(frontDesk(), new RegisterPatient(patient.mrn(),
                patient.givenName(), patient.familyName(), patient.birthDate(), patient.ssnLast4(), patient.email(),
                patient.mobile()));
        return new RegisteredPatient(patient, id);
    }

    /**
     * A patient registered by the front desk, signed up and logged in: one new session.
     *
     * @return the patient
     */
    public SignedInPatient signedInPatient() {
        return signedInPatient(UnaryOperator.identity());
    }

    /**
     * A patient registered, signed up and logged in, with some details changed.
     *
     * @param details changes {@link #newPatient()}'s details, for example
     *                {@code p -> p.withMobile("+15555550123")}
     * @return the patient
     * @throws org.patientportal.core.InvalidRequestException if the SDK refuses the details
     */
    public SignedInPatient signedInPatient(UnaryOperator<TestPatient> details) {
        return signUpAndLogIn(registeredPatient(details));
    }

    /**
     * Signs up a registered patient and logs them in, the way the patient would: the front desk
     * prints a letter with the activation code (a {@link Delivery#LETTER} code is the one handed to
     * staff; an emailed code goes only to the patient's address, EN-1), and the patient types it
     * with the last four digits of the SSN and the birth date.
     *
     * @param patient a registered patient without an account
     * @return the patient, signed in
     * @throws org.patientportal.core.RuleViolationException {@code already_enrolled} if the patient
     *                                                       has an account
     */
    public SignedInPatient signUpAndLogIn(RegisteredPatient patient) {
        Objects.requireNonNull(patient, "patient");
        TestPatient details = patient.details();
        ActivationCode letter = portal.enrollment().issueActivationCode(frontDesk(), patient.patientId(),
                Delivery.LETTER);
        SignedUp account = portal.enrollment().signUp(new SignUp(Objects.requireNonNull(letter.value(), "letter code"),
                details.ssnLast4(), details.birthDate(), details.username(), details.password(), null));
        Session session = portal.auth().logIn(details.username(), details.password());
        Actor actor = portal.auth().authenticate(session.token());
        return new SignedInPatient(details, account.patientId(), account.accountId(), session.token(), actor);
    }

    /**
     * A new signed-in adult patient who may act for another patient (PX-1), granted by
     * {@link #admin()}: a parent or guardian of a patient under 18, a caregiver of an adult.
     *
     * <pre>{@code
     * RegisteredPatient child = clinic.registeredPatient(p -> p.withBirthDate(clock.today().minusYears(8)));
     * SignedInPatient mother = clinic.proxyFor(child.patientId(), ProxyRelationship.PARENT, Set.of(ProxyScope.MESSAGING));
     * clinic.portal().notifications().preferences(mother.actor(), child.patientId());
     * }</pre>
     *
     * @param patient      the patient acted for
     * @param relationship the proxy's relationship to the patient
     * @param scopes       what the proxy may do, at least one scope
     * @return the proxy, signed in with their own account
     * @throws org.patientportal.core.RuleViolationException as {@code proxies().grant} does, for
     *                                                       example {@code patient_not_minor}
     */
    public SignedInPatient proxyFor(PatientId patient, ProxyRelationship relationship, Set<ProxyScope> scopes) {
        Objects.requireNonNull(patient, "patient");
        SignedInPatient proxy = signedInPatient();
        grant(patient, new GrantProxy(proxy.accountId(), relationship, scopes));
        return proxy;
    }

    // The one call whose result is a storage row today (proxies().grant returns the SPI's ProxyGrant);
    // nothing here reads it, so only this line follows when grant returns a view record.
    private void grant(PatientId patient, GrantProxy command) {
        portal.proxies().grant(admin(), patient, command);
    }

    @Override
    public String toString() {
        return "TestPortal[" + clock + "]";
    }
}
