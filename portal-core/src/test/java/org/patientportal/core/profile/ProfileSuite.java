package org.patientportal.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.auth.ResetPassword;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.proxy.GrantProxy;
import org.patientportal.core.testing.DeliveredCodes;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.PortalSuiteFixture;
import org.patientportal.core.testing.RandomTokens;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Channel;
import org.patientportal.model.ContactKind;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.notification.Notification;

/** The patient's profile and confirmed contact changes (PR-1, PR-2, AU-7), on every storage. */
@OnEveryStorage
@DisplayName("Profile and contact changes (PR-1, PR-2, AU-7)")
class ProfileSuite extends PortalSuiteFixture {
    private static final Actor ADMIN = Actor.staff("admin-1", Role.ADMIN);
    private static final Actor DESK = Actor.staff("desk-1", Role.FRONT_DESK);
    private static final LocalDate BIRTH_DATE = LocalDate.of(1984, 2, 29);
    private static final String PASSWORD = "a long passphrase for the portal";
    private static final String EMAIL = "jordan@example.org";
    private static final String MOBILE = "+15555551234";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private PatientId patient;
    private Actor me;

    private void enroll() {
        patient = register(EMAIL, MOBILE);
        me = signIn(patient);
    }

    @Test
    @DisplayName("PR-1 a patient reads their own profile: name, birth date, contacts on file masked; audited")
    void viewMasked() {
        enroll();
        ProfileView view = portal.profile().view(me, patient);

        assertThat(view.patientId()).isEqualTo(patient);
        assertThat(view.givenName()).isEqualTo("Jordan");
        assertThat(view.familyName()).isEqualTo("Reyes");
        assertThat(view.birthDate()).isEqualTo(BIRTH_DATE);
        assertThat(view.maskedEmail()).isEqualTo("j***@example.org");
        assertThat(view.mobileEnding()).isEqualTo("1234");
        assertThat(view.pending()).isEmpty();
        assertThat(RandomTokens.masked(view)).doesNotContain("Jordan", "example.org", "1234");
        assertThat(events()).filteredOn(e -> e.category().equals("profile")).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(AuditAction.READ));
    }

    @Test
    @DisplayName("PR-2 changing the email sends a code to the new address only; confirmed, the profile shows it and the old address is told")
    void changeEmail() {
        enroll();
        ContactChangeRequested requested = portal.profile().changeEmail(me, patient, new ChangeEmail("new.me@example.net"));
        assertThat(requested.maskedAddress()).isEqualTo("n***@example.net");
        assertThat(requested.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(portal.profile().view(me, patient).maskedEmail()).as("nothing changes before the code")
                .isEqualTo("j***@example.org");

        portal.notifications().dispatchDue();
        Notification codeMessage = single(NotificationKinds.CONTACT_CODE);
        assertThat(codeMessage.channel()).isEqualTo(Channel.EMAIL);
        assertThat(codeMessage.address()).isEqualTo("new.me@example.net");
        assertThat(sender.delivered()).extracting(Notification::address).doesNotContain(EMAIL);
        String code = DeliveredCodes.codeIn(codeMessage);
        assertThat(portal.profile().view(me, patient).pending()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ContactKind.EMAIL);
            assertThat(p.maskedAddress()).isEqualTo("n***@example.net");
        });
        sender.clear();

        ProfileView after = portal.profile().confirmContactChange(me, patient,
                new ConfirmContactChange(ContactKind.EMAIL, code.toLowerCase()));
        assertThat(after.maskedEmail()).isEqualTo("n***@example.net");
        assertThat(after.pending()).isEmpty();
        assertThat(storage.inTransaction(tx -> tx.patients().find(patient)).orElseThrow().email())
                .isEqualTo("new.me@example.net");

        portal.notifications().dispatchDue();
        assertThat(sender.delivered()).allSatisfy(n -> {
            assertThat(n.kind()).isEqualTo(NotificationKinds.CONTACT_CHANGED);
            assertThat(n.subject() + n.body()).doesNotContain("Jordan", "Reyes", "example", "@", code);
        });
        assertThat(sender.delivered()).extracting(Notification::address)
                .as("the old address is told, and the new one (the email on file)")
                .containsExactlyInAnyOrder(EMAIL, "new.me@example.net");
        assertThat(events()).filteredOn(e -> e.category().equals("contact") && e.outcome() == AuditOutcome.SUCCESS)
                .hasSize(1);
        assertThat(events()).filteredOn(e -> e.category().equals("contact-change")).hasSize(1);
        assertThat(portal.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("PR-2 AU-7 a confirmed contact change revokes the password-reset code sent to the address it replaced")
    void changeRevokesDeliveredResetCode() {
        enroll();
        portal.enrollment().issuePasswordResetCode(DESK, patient, Delivery.EMAIL);
        portal.notifications().dispatchDue();
        Notification resetMessage = single(NotificationKinds.RESET_CODE);
        assertThat(resetMessage.address()).isEqualTo(EMAIL);
        String resetCode = DeliveredCodes.codeIn(resetMessage);
        sender.clear();

        confirmNewEmail("new.me@example.net");

        assertThatThrownBy(() -> portal.auth().resetPassword(
                new ResetPassword(resetCode, "1234", BIRTH_DATE, "whoever reads the old mailbox")))
                .as("a code in the replaced mailbox is dead")
                .isExactlyInstanceOf(AuthenticationFailedException.class);
        String fresh = portal.enrollment().issuePasswordResetCode(DESK, patient, Delivery.IN_PERSON).value();
        portal.auth().resetPassword(new ResetPassword(fresh, "1234", BIRTH_DATE, "a new code from the desk works"));
        assertThat(portal.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("PR-2 AU-7 a confirmed contact change cancels a password-reset code's undelivered message")
    void changeCancelsUndeliveredResetCode() {
        enroll();
        String code = requestNewEmail("new.me@example.net");
        portal.enrollment().issuePasswordResetCode(DESK, patient, Delivery.SMS);

        portal.profile().confirmContactChange(me, patient, new ConfirmContactChange(ContactKind.EMAIL, code));
        sender.clear();
        portal.notifications().dispatchDue();

        assertThat(sender.delivered()).extracting(Notification::kind).contains(NotificationKinds.CONTACT_CHANGED)
                .doesNotContain(NotificationKinds.RESET_CODE);
    }

    /** Requests the email change and confirms it with the code the new address got. */
    private void confirmNewEmail(String address) {
        String code = requestNewEmail(address);
        portal.profile().confirmContactChange(me, patient, new ConfirmContactChange(ContactKind.EMAIL, code));
    }

    /** Requests the email change; the code the new address got. */
    private String requestNewEmail(String address) {
        portal.profile().changeEmail(me, patient, new ChangeEmail(address));
        portal.notifications().dispatchDue();
        return DeliveredCodes.codeIn(single(NotificationKinds.CONTACT_CODE));
    }

    @Test
    @DisplayName("PR-2 changing the mobile number sends the code by SMS to the new number; the old one is told if it had SMS consent")
    void changeMobile() {
        enroll();
        portal.notifications().recordSmsConsent(me, patient);
        portal.profile().changeMobile(me, patient, new ChangeMobile("+15555559876"));
        portal.notifications().dispatchDue();
        Notification codeMessage = single(NotificationKinds.CONTACT_CODE);
        assertThat(codeMessage.channel()).isEqualTo(Channel.SMS);
        assertThat(codeMessage.address()).isEqualTo("+15555559876");
        sender.clear();

        ProfileView after = portal.profile().confirmContactChange(me, patient,
                new ConfirmContactChange(ContactKind.MOBILE, DeliveredCodes.codeIn(codeMessage)));
        assertThat(after.mobileEnding()).isEqualTo("9876");
        assertThat(portal.notifications().preferences(me, patient).smsConsented())
                .as("the new number needs its own SMS consent").isFalse();
        portal.notifications().dispatchDue();
        assertThat(sender.delivered()).extracting(Notification::channel, Notification::address)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Channel.SMS, MOBILE),
                        org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, EMAIL));
    }

    @Test
    @DisplayName("PR-2 five wrong codes lock the change: the right code is then refused, and a new request starts over")
    void wrongCodesLock() {
        enroll();
        portal.profile().changeEmail(me, patient, new ChangeEmail("new.me@example.net"));
        portal.notifications().dispatchDue();
        String code = DeliveredCodes.codeIn(single(NotificationKinds.CONTACT_CODE));
        String wrong = code.startsWith("0") ? "11111-11111-11111" : "00000-00000-00000";

        for (int i = 0; i < 5; i++) {
            assertThat(refusal(ContactKind.EMAIL, wrong)).isEqualTo("wrong_code");
        }
        assertThat(refusal(ContactKind.EMAIL, code)).isEqualTo("code_locked");
        assertThat(storage.inTransaction(tx -> tx.patients().find(patient)).orElseThrow().email()).isEqualTo(EMAIL);
        assertThat(events()).filteredOn(e -> e.category().equals("contact") && e.outcome() == AuditOutcome.FAILED)
                .extracting(AuditEvent::reason).containsExactly("wrong_code", "wrong_code", "wrong_code",
                        "wrong_code", "wrong_code", "code_locked");

        sender.clear();
        portal.profile().changeEmail(me, patient, new ChangeEmail("new.me@example.net"));
        portal.notifications().dispatchDue();
        String again = DeliveredCodes.codeIn(single(NotificationKinds.CONTACT_CODE));
        assertThat(portal.profile().confirmContactChange(me, patient, new ConfirmContactChange(ContactKind.EMAIL, again))
                .maskedEmail()).isEqualTo("n***@example.net");
    }

    @Test
    @DisplayName("PR-2 a code is refused at exactly 15 minutes; a newer request replaces the older and its code")
    void expiredAndReplaced() {
        enroll();
        portal.profile().changeEmail(me, patient, new ChangeEmail("first@example.net"));
        portal.notifications().dispatchDue();
        String first = DeliveredCodes.codeIn(single(NotificationKinds.CONTACT_CODE));
        clock.advance(Duration.ofMinutes(15));
        assertThat(refusal(ContactKind.EMAIL, first)).isEqualTo("code_expired");

        sender.clear();
        portal.profile().changeEmail(me, patient, new ChangeEmail("second@example.net"));
        portal.profile().changeEmail(me, patient, new ChangeEmail("third@example.net"));
        portal.notifications().dispatchDue();
        Notification latest = single(NotificationKinds.CONTACT_CODE);
        assertThat(latest.address()).as("the replaced request's code is never sent").isEqualTo("third@example.net");
        assertThat(refusal(ContactKind.EMAIL, first)).isEqualTo("wrong_code");
        assertThat(portal.profile().confirmContactChange(me, patient,
                new ConfirmContactChange(ContactKind.EMAIL, DeliveredCodes.codeIn(latest))).maskedEmail())
                .isEqualTo("t***@example.net");
        assertThat(refusal(ContactKind.EMAIL, DeliveredCodes.codeIn(latest))).isEqualTo("no_pending_change");
    }

    @Test
    @DisplayName("PR-2 PX-1 a proxy cannot change the patient's contacts (answered as not found, audited DENIED); a full-access proxy may read the masked profile")
    void proxyRefused() {
        enroll();
        Actor proxy = signIn(register("proxy@example.org", "+15555550999"));
        portal.proxies().grant(ADMIN, patient, new GrantProxy(proxy.accountId().orElseThrow(),
                ProxyRelationship.CAREGIVER, EnumSet.allOf(ProxyScope.class)));

        assertThat(portal.profile().view(proxy, patient).maskedEmail()).isEqualTo("j***@example.org");
        NotFoundException email = catchThrowableOfType(NotFoundException.class,
                () -> portal.profile().changeEmail(proxy, patient, new ChangeEmail("proxy@example.org")));
        NotFoundException mobile = catchThrowableOfType(NotFoundException.class,
                () -> portal.profile().changeMobile(proxy, patient, new ChangeMobile("+15555550999")));
        NotFoundException confirm = catchThrowableOfType(NotFoundException.class,
                () -> portal.profile().confirmContactChange(proxy, patient,
                        new ConfirmContactChange(ContactKind.EMAIL, "00000-00000-00000")));

        assertThat(List.of(email, mobile, confirm)).allSatisfy(e -> assertThat(e).hasMessage("patient not found"));
        assertThat(events()).filteredOn(e -> e.outcome() == AuditOutcome.DENIED)
                .extracting(AuditEvent::reason).containsOnly("not_for_proxies").hasSize(3);
        portal.notifications().dispatchDue();
        assertThat(sender.delivered()).extracting(Notification::kind).doesNotContain(NotificationKinds.CONTACT_CODE);
        assertThat(storage.inTransaction(tx -> tx.patients().find(patient)).orElseThrow().email()).isEqualTo(EMAIL);
    }

    @Test
    @DisplayName("IN-2 bad input is refused before anything is read or written, every violation at once")
    void badInput() {
        enroll();
        InvalidRequestException bad = catchThrowableOfType(InvalidRequestException.class,
                () -> portal.profile().changeEmail(me, patient, new ChangeEmail("not an email")));
        assertThat(bad.violations()).extracting(v -> v.path()).contains("newEmail");
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> portal.profile().changeMobile(me, patient, new ChangeMobile("5555551234"))).violations())
                .extracting(v -> v.path()).containsExactly("newMobile");
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> portal.profile().confirmContactChange(me, patient, new ConfirmContactChange(null, "I-AM-NOT-A-CODE")))
                .violations()).extracting(v -> v.path()).containsExactlyInAnyOrder("kind", "code");
        assertThat(catchThrowableOfType(RuleViolationException.class,
                () -> portal.profile().changeEmail(me, patient, new ChangeEmail("Jordan@Example.org"))).reason())
                .isEqualTo("same_as_on_file");
        assertThat(refusal(ContactKind.MOBILE, "00000-00000-00000")).isEqualTo("no_pending_change");
        portal.notifications().dispatchDue();
        assertThat(sender.delivered()).extracting(Notification::kind).doesNotContain(NotificationKinds.CONTACT_CODE);
    }

    @Test
    @DisplayName("LG-1 requests, wrong codes, locks and confirmations log ids and reasons only: no address, code or name")
    void logsCarryNoContact() {
        enroll();
        java.util.List<String> secrets = new java.util.ArrayList<>(List.of(EMAIL, "new.me@example.net", "+15555559876",
                "Jordan", "Reyes", "1984-02-29"));
        java.util.List<RuntimeException> thrown = new java.util.ArrayList<>();
        try (org.patientportal.core.testing.LogCapture capture =
                     org.patientportal.core.testing.LogCapture.everythingAtTrace("profile-lg1")) {
            portal.profile().changeMobile(me, patient, new ChangeMobile("+15555559876"));
            portal.profile().changeEmail(me, patient, new ChangeEmail("new.me@example.net"));
            portal.notifications().dispatchDue();
            String code = DeliveredCodes.codeIn(sender.delivered().stream()
                    .filter(n -> n.address().equals("new.me@example.net")).findFirst().orElseThrow());
            secrets.add(code);
            secrets.add(code.replace("-", ""));
            for (int i = 0; i < 6; i++) {
                thrown.add(catchThrowableOfType(RuleViolationException.class, () -> portal.profile()
                        .confirmContactChange(me, patient, new ConfirmContactChange(ContactKind.MOBILE,
                                "00000-00000-00000"))));
            }
            thrown.add(catchThrowableOfType(InvalidRequestException.class,
                    () -> portal.profile().changeEmail(me, patient, new ChangeEmail("Jordan Reyes <x"))));
            portal.profile().confirmContactChange(me, patient, new ConfirmContactChange(ContactKind.EMAIL, code));
            portal.notifications().dispatchDue();

            assertThat(capture.events()).as("something is logged (else the check proves nothing)").isNotEmpty();
            for (ch.qos.logback.classic.spi.ILoggingEvent event : capture.events()) {
                assertThat(capture.render(event)).as("log line").doesNotContain(secrets);
            }
        }
        assertThat(thrown).doesNotContainNull().allSatisfy(e ->
                assertThat(e.getMessage() + e).doesNotContain(secrets));
    }

    // ---------------------------------------------------------------- helpers

    private String refusal(ContactKind kind, String code) {
        return catchThrowableOfType(RuleViolationException.class,
                () -> portal.profile().confirmContactChange(me, patient, new ConfirmContactChange(kind, code))).reason();
    }

    private Notification single(String kind) {
        List<Notification> found = sender.delivered().stream().filter(n -> n.kind().equals(kind)).toList();
        assertThat(found).as("delivered notifications of kind " + kind).hasSize(1);
        return found.get(0);
    }

    private List<AuditEvent> events() {
        return storage.inTransaction(tx -> tx.auditTrail().events(AuditChain.forPatient(patient), 0, 1000));
    }

    private PatientId register(String email, String mobile) {
        return portal.enrollment().registerPatient(DESK, new RegisterPatient("PR-" + SEQUENCE.incrementAndGet() + "-"
                + System.nanoTime(), "Jordan", "Reyes", BIRTH_DATE, "1234", email, mobile));
    }

    private Actor signIn(PatientId who) {
        String code = portal.enrollment().issueActivationCode(DESK, who, Delivery.IN_PERSON).value();
        String username = "profile" + SEQUENCE.incrementAndGet() + "x" + System.nanoTime();
        SignedUp signedUp = portal.enrollment().signUp(new SignUp(code, "1234", BIRTH_DATE, username, PASSWORD, null));
        assertThat(signedUp.patientId()).isEqualTo(who);
        return portal.auth().authenticate(portal.auth().logIn(username, PASSWORD).token());
    }
}
